// Typed frame errors: callers branch on `code`, and the server maps each to the
// ERROR code the published TickStorm sends in the same situation.

export type FrameErrorCode =
  'BAD_MAGIC' | 'UNSUPPORTED_VERSION' | 'CRC_MISMATCH' | 'PAYLOAD_TOO_LARGE' | 'TRUNCATED_FRAME';

export class FrameError extends Error {
  constructor(
    readonly code: FrameErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

export class BadMagicError extends FrameError {
  constructor(readonly found: number) {
    super('BAD_MAGIC', `bad magic 0x${found.toString(16).padStart(4, '0')}, expected 0xf57d`);
  }
}

export class UnsupportedVersionError extends FrameError {
  constructor(readonly found: number) {
    super('UNSUPPORTED_VERSION', `unsupported protocol version ${found}, expected 1`);
  }
}

export class CrcMismatchError extends FrameError {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      'CRC_MISMATCH',
      `frame CRC32C 0x${actual.toString(16)} does not match computed 0x${expected.toString(16)}`,
    );
  }
}

export class PayloadTooLargeError extends FrameError {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super('PAYLOAD_TOO_LARGE', `payload of ${length} bytes exceeds the ${limit}-byte limit`);
  }
}

export class TruncatedFrameError extends FrameError {
  constructor(readonly buffered: number) {
    super('TRUNCATED_FRAME', `stream ended inside a frame (${buffered} bytes buffered)`);
  }
}
