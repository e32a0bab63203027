// Why the server ended a connection. Each one counts as a drop (DESIGN.md, drop
// accounting); a client that closes its own connection cleanly has no reason here.

export const DROP_REASONS = [
  'heartbeat_timeout',
  // The published server's first heartbeat timer, which no heartbeat resets (session-age-close).
  'session_age',
  'slow_client',
  'write_timeout',
  'guard_fd',
  'guard_memory',
  'guard_connections',
  'accept_failed',
  'address_admission',
  'reset',
  'write_error',
  'auth_timeout',
  'auth_failed',
  'rate_limited',
  'protocol_error',
  'internal_error',
  'shutdown',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
