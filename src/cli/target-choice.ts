// What the run's flags say about the target's behaviour: the reference target made to
// behave as the published server (--as-published), or the profile of a target the drill
// did not start (--target-profile). Checked before anything starts.

import { parsePublishedBehaviours } from '../tickstorm/published-behaviours.js';
import type { TargetProfileName } from '../tickstorm/target-profile.js';
import { UsageError } from './usage-error.js';

interface TargetFlags {
  asPublished?: string;
  target?: string;
  provider?: string;
  targetProfile?: TargetProfileName;
}

/** `--as-published` alone means all; a list is checked here, before anything starts. */
export function asPublishedFlag(args: TargetFlags): string | undefined {
  const value = args.asPublished;
  if (value === undefined) return undefined;
  if (args.target !== undefined || args.provider === 'external')
    throw new UsageError(
      '--as-published: only the local reference target can be made to behave as the published server; your own TickStorm behaves as it does',
    );
  const text = value === '' ? 'all' : value;
  const parsed = parsePublishedBehaviours(text);
  if ('problem' in parsed) throw new UsageError(`--as-published: ${parsed.problem}`);
  return text;
}

/** A target the drill did not start is the published server unless told otherwise. */
export function targetProfileOf(args: TargetFlags): { targetProfile?: TargetProfileName } {
  const external = args.target !== undefined || args.provider === 'external';
  if (args.targetProfile !== undefined && !external)
    throw new UsageError(
      '--target-profile: describes a target the drill did not start (--target); the drill knows its own reference target',
    );
  return external ? { targetProfile: args.targetProfile ?? 'tickstorm-published' } : {};
}
