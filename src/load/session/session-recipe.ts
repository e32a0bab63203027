// What every session of one scenario sends and expects, built once per scenario: the
// encoded AUTH and SUBSCRIBE frames and the data-stall bound.

import { MessageType, encodeFrame } from '../../tickstorm/frame.js';
import { AuthRequest, SubscribeRequest, SubscriptionMode } from '../../tickstorm/messages.js';
import type { SessionPlan } from '../profile/profile-types.js';

export interface TargetAddress {
  host: string;
  port: number;
}

export interface SessionRecipe {
  readonly plan: SessionPlan;
  readonly address: TargetAddress;
  readonly authFrame: Buffer;
  readonly subscribeFrame: Buffer;
  /** No DATA_BATCH for this long is a data_stall. */
  readonly stallMs: number;
  /** How long a session whose lifetime is up waits for a batch to close right after it; 0: never. */
  readonly quietCloseWaitMs: number;
}

/** The mode's batch cadence (PROTOCOL.md: SECOND is a batch a second, MINUTE a minute). */
export const CADENCE_MS = { SECOND: 1_000, MINUTE: 60_000 } as const;

export const CLIENT_VERSION = 'tickstorm-chaos-load/0.1';
/** Past one cadence, the batch is late: close anyway. */
const QUIET_CLOSE_MARGIN_MS = 250;

export function sessionRecipe(
  plan: SessionPlan,
  address: TargetAddress,
  clientId: string,
): SessionRecipe {
  const auth = AuthRequest.encode({
    username: plan.credentials.username,
    password: plan.credentials.password,
    clientId,
    version: CLIENT_VERSION,
  });
  const subscribe = SubscribeRequest.encode({
    mode: SubscriptionMode[plan.mode],
    symbols: plan.symbols,
  });
  return {
    plan,
    address,
    authFrame: encodeFrame(MessageType.AUTH, auth),
    subscribeFrame: encodeFrame(MessageType.SUBSCRIBE, subscribe),
    stallMs: plan.dataStallAfter * CADENCE_MS[plan.mode],
    // A batch a second is worth waiting for; a batch a minute is not.
    quietCloseWaitMs: plan.mode === 'SECOND' ? CADENCE_MS.SECOND + QUIET_CLOSE_MARGIN_MS : 0,
  };
}
