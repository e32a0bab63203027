// Time profiles: scenario and rule files are written at runbook scale (5-minute
// windows, `for: 5m`, 15-minute escalation); a profile compresses all of it uniformly.

export const TIME_PROFILES = {
  /** Real runbook time, for game days. */
  gameday: 1,
  /** Windows 30 s, `for` 30 s, evaluation 3 s, scrape 1 s: a drill in about two minutes. */
  ci: 0.1,
} as const;
export type TimeProfileName = keyof typeof TIME_PROFILES;

export interface TimeProfile {
  name: TimeProfileName | 'custom';
  timeScale: number;
}

export function timeProfile(options: { profile?: string; timeScale?: number }): TimeProfile {
  if (options.timeScale !== undefined) {
    if (!(options.timeScale > 0 && options.timeScale <= 10)) {
      throw new RangeError(`--time-scale: expected a number in (0, 10], got ${options.timeScale}`);
    }
    return { name: 'custom', timeScale: options.timeScale };
  }
  const name = options.profile ?? 'ci';
  if (!(name in TIME_PROFILES)) {
    throw new RangeError(
      `--profile: expected one of ${Object.keys(TIME_PROFILES).join(', ')}, got "${name}"`,
    );
  }
  return { name: name as TimeProfileName, timeScale: TIME_PROFILES[name as TimeProfileName] };
}
