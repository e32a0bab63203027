// Where a part of the stack runs and listens: on loopback (the default), or on an
// address of a veth pair the drill created, inside its namespace or on this host's side
// of it. Only this machine can reach those addresses, so listening there is safe.

export interface Placement {
  /** The address the part listens on. */
  host: string;
  /** The network namespace it runs in, if not this host's. */
  netns?: string;
}

export const LOOPBACK: Placement = { host: '127.0.0.1' };

/** The command prefix that runs a program in the placement's namespace. */
export function inPlacement(
  placement: Placement,
  command: string,
  args: string[],
): { command: string; args: string[]; becomes: string[] } {
  const becomes = [command, ...args];
  return placement.netns
    ? { command: 'ip', args: ['netns', 'exec', placement.netns, ...becomes], becomes }
    : { command, args, becomes };
}

export function isLoopbackPlacement(placement: Placement): boolean {
  return placement.host.startsWith('127.') && !placement.netns;
}
