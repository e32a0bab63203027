// Names and kinds the server puts on metrics and ERROR frames, in one place.

import type { FrameErrorCode } from './frame-errors.js';
import { MessageType } from './frame.js';
import { ErrorCode } from './messages.js';

const messageTypeNames = Object.fromEntries(
  Object.entries(MessageType).map(([name, value]) => [value, name]),
) as Record<number, string>;

/** `DATA_BATCH` for 4; `UNKNOWN` for a type the protocol does not have. */
export function messageTypeName(type: number): string {
  return messageTypeNames[type] ?? 'UNKNOWN';
}

/** `SECOND`/`MINUTE`; `NONE` before a session subscribed. */
export function modeName(mode: number): string {
  return mode === 1 ? 'SECOND' : mode === 2 ? 'MINUTE' : 'NONE';
}

/** The ERROR the published server sends for each way a frame can be broken. */
export const errorCodeForFrameError: Record<FrameErrorCode, ErrorCode> = {
  BAD_MAGIC: ErrorCode.INVALID_MESSAGE,
  TRUNCATED_FRAME: ErrorCode.INVALID_MESSAGE,
  UNSUPPORTED_VERSION: ErrorCode.PROTOCOL_VERSION,
  CRC_MISMATCH: ErrorCode.CHECKSUM_FAILED,
  PAYLOAD_TOO_LARGE: ErrorCode.MESSAGE_TOO_LARGE,
};

/** The kind of an ERROR, for tick_storm_errors_total{error_type}. */
export function errorTypeOf(code: ErrorCode): string {
  if (code <= ErrorCode.ALREADY_AUTHENTICATED || code === ErrorCode.RATE_LIMITED) return 'auth';
  if (code <= ErrorCode.NOT_SUBSCRIBED) return 'subscription';
  if (code === ErrorCode.HEARTBEAT_TIMEOUT) return 'heartbeat';
  if (code === ErrorCode.INTERNAL_ERROR) return 'internal';
  return 'protocol';
}
