// What a SUBSCRIBE asks for, checked: a mode with a cadence, and tickers (or the
// default list when it names none). A bad request gets INVALID_SUBSCRIPTION.

import { SYMBOL_PATTERN } from './config.js';
import { type SubscribeRequest, SubscriptionMode } from './messages.js';

/** More symbols than this in one SUBSCRIBE is refused: each costs every beat. */
export const MAX_SUBSCRIBED_SYMBOLS = 1000;

export interface Subscription {
  mode: number;
  symbols: string[];
  /** Mode and symbols in one string: sessions with the same key share encoded batches. */
  key: string;
}

export function checkSubscription(
  request: SubscribeRequest,
  defaultSymbols: string[],
): Subscription | { problem: string } {
  if (request.mode !== SubscriptionMode.SECOND && request.mode !== SubscriptionMode.MINUTE) {
    return { problem: `mode ${request.mode} is not SECOND (1) or MINUTE (2)` };
  }
  const asked = [...new Set(request.symbols)];
  const bad = asked.find((symbol) => !SYMBOL_PATTERN.test(symbol));
  if (bad !== undefined) return { problem: `symbol ${JSON.stringify(bad)} is not a ticker` };
  if (asked.length > MAX_SUBSCRIBED_SYMBOLS) {
    return { problem: `${asked.length} symbols is more than ${MAX_SUBSCRIBED_SYMBOLS}` };
  }
  const symbols = asked.length > 0 ? asked : defaultSymbols;
  return { mode: request.mode, symbols, key: `${request.mode}|${symbols.join(',')}` };
}
