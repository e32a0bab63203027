// What a running Alertmanager says about an alert (API v2): active, or suppressed and
// by which inhibiting alerts or silences. Ground truth for "why no page came".

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  fingerprint: string;
  receivers: string[];
  state: 'active' | 'suppressed' | 'unprocessed';
  inhibitedBy: string[];
  silencedBy: string[];
}

export async function alertmanagerAlerts(
  baseUrl: string,
  timeoutMs = 5000,
): Promise<AlertmanagerAlert[]> {
  const response = await fetch(`${baseUrl}/api/v2/alerts`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok)
    throw new Error(`alertmanager ${baseUrl}/api/v2/alerts answered ${response.status}`);
  const body = (await response.json()) as Record<string, unknown>[];
  return body.map((alert) => {
    const status = (alert.status ?? {}) as Record<string, unknown>;
    return {
      labels: (alert.labels ?? {}) as Record<string, string>,
      fingerprint: String(alert.fingerprint ?? ''),
      receivers: ((alert.receivers ?? []) as { name: string }[]).map((r) => r.name),
      state: (status.state ?? 'unprocessed') as AlertmanagerAlert['state'],
      inhibitedBy: (status.inhibitedBy ?? []) as string[],
      silencedBy: (status.silencedBy ?? []) as string[],
    };
  });
}
