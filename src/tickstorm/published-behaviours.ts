// The published server's observable habits (PROTOCOL.md, "How the published server
// behaves when built and run"), each one a switch so the reference target can stand in
// for it. `AS_PUBLISHED=all` turns every one on; `all,-frozen-connection-counters`
// keeps one off. The default (none) is TickStorm as it should behave.

export const PUBLISHED_BEHAVIOURS = {
  'gapped-batch-sequence':
    'batch_sequence comes from one counter of every frame written (each DATA_BATCH takes two numbers), so it rises with gaps',
  'exact-credentials':
    'only the configured credentials pass AUTH; with none configured, only an empty username and password',
  'per-address-admission':
    'per source address: 10 admissions a minute, 100 ms apart, and 5 within 1 s of each other block the address',
  'frozen-connection-counters':
    'tick_storm_total_connections_total and tick_storm_connection_errors_total are registered but never incremented',
  'fixed-fd-guard':
    'the resource guard compares open fds with a fixed 65,536, and EMFILE at accept is retried silently',
  'published-settings':
    'reads only the variables the published code reads (CONNECTION_TIMEOUT, KEEPALIVE_INTERVAL and MAX_CONNECTIONS change nothing) and has no SIGHUP handler (SIGHUP ends it)',
  'silent-pool-queue':
    'sessions run on a pool of NumCPU to 4×NumCPU workers (PUBLISHED_POOL_CPUS, default the CPUs available); past them, connections wait unread in a queue of 8×NumCPU with no timer and no metric, and past the queue are served at once',
  'session-age-close':
    'every session is closed HEARTBEAT_TIMEOUT after its AUTH ACK whatever it sends: no ERROR frame, heartbeat_timeouts_total unmoved, an ERROR log line, a drop (reason session_age)',
  'heartbeat-flood-warning':
    'logs WARN heartbeat flooding detected for each HEARTBEAT less than half HEARTBEAT_INTERVAL after the previous one or the AUTH ACK (the PONG is still sent)',
  'fixed-memory-guard':
    "the resource guard compares the process's own heap with a fixed 1 GiB, ignoring GOMEMLIMIT and the cgroup limit",
  'lazy-counter-series':
    'labelled series are not created at 0: each appears at its first increment (no connection_dropped series before the first drop)',
} as const;

export type PublishedBehaviour = keyof typeof PUBLISHED_BEHAVIOURS;
export type PublishedBehaviours = ReadonlySet<PublishedBehaviour>;

export const NONE_PUBLISHED: PublishedBehaviours = new Set();
const ALL = Object.keys(PUBLISHED_BEHAVIOURS) as PublishedBehaviour[];

function isBehaviour(name: string): name is PublishedBehaviour {
  return Object.hasOwn(PUBLISHED_BEHAVIOURS, name);
}

/**
 * `all`, `none`, or a comma list of names; a name after `-` is taken away from what
 * came before it (`all,-fixed-fd-guard`). Returns the problem in words otherwise: an
 * empty item (`,`) or a removal that removes nothing (`-all` alone) is a typo, not a
 * way of saying none. Empty text is none (an unset-looking `AS_PUBLISHED=`).
 */
export function parsePublishedBehaviours(text: string): PublishedBehaviours | { problem: string } {
  const chosen = new Set<PublishedBehaviour>();
  if (text.trim() === '') return chosen;
  const valid = `expected all, none or a comma list of ${ALL.join(', ')} (a leading - removes one chosen before it)`;
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') return { problem: `${JSON.stringify(text)} has an empty item; ${valid}` };
    const remove = item.startsWith('-');
    const name = remove ? item.slice(1) : item;
    const names = name === 'all' ? ALL : name === 'none' ? [] : isBehaviour(name) ? [name] : null;
    if (names === null) return { problem: `unknown behaviour ${JSON.stringify(name)}; ${valid}` };
    if (remove && !names.some((each) => chosen.has(each)))
      return {
        problem: `${JSON.stringify(item)} removes nothing: it was not chosen before it; ${valid}`,
      };
    if (name === 'none' && !remove) chosen.clear();
    for (const each of names) {
      if (remove) chosen.delete(each);
      else chosen.add(each);
    }
  }
  return chosen;
}

export function describePublishedBehaviours(chosen: PublishedBehaviours): string {
  return chosen.size === 0 ? 'none' : ALL.filter((name) => chosen.has(name)).join(',');
}
