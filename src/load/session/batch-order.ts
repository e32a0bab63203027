// What the client demands of successive DATA_BATCH numbers on one connection. The
// published server fills batch_sequence from one counter of every frame it writes
// (ACKs and PONGs too), so numbers rise with gaps: only "strictly increasing" holds.

export type BatchOrder =
  | { kind: 'first' }
  | { kind: 'next' }
  /** Strictly increasing, skipping `skipped` numbers: counted, never a drop. */
  | { kind: 'gap'; skipped: number }
  /** A repeat or a step back: the stream is not the one the server promised. */
  | { kind: 'out_of_order'; detail: string };

/** `previous` is -1 before the first batch. */
export function batchOrder(previous: number, sequence: number): BatchOrder {
  if (previous < 0) return { kind: 'first' };
  if (sequence === previous + 1) return { kind: 'next' };
  if (sequence > previous) return { kind: 'gap', skipped: sequence - previous - 1 };
  const what = sequence === previous ? 'repeated' : 'went back';
  return {
    kind: 'out_of_order',
    detail: `batch_sequence ${what}: ${sequence} after ${previous}`,
  };
}
