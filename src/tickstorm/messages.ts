// The Protobuf payloads of PROTOCOL.md, decoded and encoded with protobufjs from
// tickstorm.proto at load time (no generated code to drift from the schema).

import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

// int64 fields here are millisecond timestamps and sequence numbers, all far below
// 2^53: decoding them as plain numbers instead of Long objects keeps callers simple.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

const schema = readFileSync(new URL('./tickstorm.proto', import.meta.url), 'utf8');
const root = protobuf.parse(schema).root;

export const SubscriptionMode = { UNSPECIFIED: 0, SECOND: 1, MINUTE: 2 } as const;
export type SubscriptionMode = (typeof SubscriptionMode)[keyof typeof SubscriptionMode];

export const ErrorCode = {
  UNSPECIFIED: 0,
  INVALID_AUTH: 1,
  AUTH_REQUIRED: 2,
  ALREADY_AUTHENTICATED: 3,
  INVALID_SUBSCRIPTION: 4,
  ALREADY_SUBSCRIBED: 5,
  NOT_SUBSCRIBED: 6,
  HEARTBEAT_TIMEOUT: 7,
  INVALID_MESSAGE: 8,
  CHECKSUM_FAILED: 9,
  PROTOCOL_VERSION: 10,
  MESSAGE_TOO_LARGE: 11,
  RATE_LIMITED: 12,
  INTERNAL_ERROR: 13,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export type ErrorCodeName = keyof typeof ErrorCode;

const errorCodeNames = Object.fromEntries(
  Object.entries(ErrorCode).map(([name, code]) => [code, name]),
) as Record<number, ErrorCodeName>;

/** `RATE_LIMITED` for 12; `UNKNOWN_<n>` for a code this schema does not know. */
export function errorCodeName(code: number): string {
  return errorCodeNames[code] ?? `UNKNOWN_${code}`;
}

export interface AuthRequest {
  username: string;
  password: string;
  clientId: string;
  version: string;
}
export interface SubscribeRequest {
  mode: number;
  symbols: string[];
  startTimeMs: number;
  metadata: Record<string, string>;
}
export interface HeartbeatRequest {
  timestampMs: number;
  sequence: number;
}
export interface HeartbeatResponse {
  clientTimestampMs: number;
  serverTimestampMs: number;
  sequence: number;
}
export interface Tick {
  symbol: string;
  timestampMs: number;
  price: number;
  volume: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  mode: number;
  metadata: Record<string, string>;
}
export interface DataBatch {
  ticks: Tick[];
  batchTimestampMs: number;
  batchSequence: number;
  isSnapshot: boolean;
}
export interface ErrorResponse {
  code: number;
  message: string;
  details: string;
  timestampMs: number;
}
export interface AckResponse {
  ackType: number;
  success: boolean;
  message: string;
  timestampMs: number;
  metadata: Record<string, string>;
}

/** Proto3 fields are all optional on the wire; nested messages too. */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (infer U)[]
    ? U extends object
      ? DeepPartial<U>[]
      : U[]
    : T[K] extends Record<string, string>
      ? T[K]
      : T[K];
};

export interface Codec<T> {
  encode(message: DeepPartial<T>): Uint8Array;
  /** Decodes with proto3 defaults filled in, so every field is present. */
  decode(bytes: Uint8Array): T;
}

function codec<T>(name: string): Codec<T> {
  const type = root.lookupType(`tickstorm.protocol.${name}`);
  return {
    encode: (message) => type.encode(message as Record<string, unknown>).finish(),
    decode: (bytes) =>
      type.toObject(type.decode(bytes), {
        defaults: true,
        arrays: true,
        objects: true,
        enums: Number,
        longs: Number,
      }) as T,
  };
}

export const AuthRequest = codec<AuthRequest>('AuthRequest');
export const SubscribeRequest = codec<SubscribeRequest>('SubscribeRequest');
export const HeartbeatRequest = codec<HeartbeatRequest>('HeartbeatRequest');
export const HeartbeatResponse = codec<HeartbeatResponse>('HeartbeatResponse');
export const DataBatch = codec<DataBatch>('DataBatch');
export const ErrorResponse = codec<ErrorResponse>('ErrorResponse');
export const AckResponse = codec<AckResponse>('AckResponse');
