// Counter-based randomness: the n-th draw of a stream is a pure function of
// (seed, stream, n), so lifetimes, jitter and arrivals are the same on every run
// whatever order sessions happen to start in and however they are split over workers.

/** Named draw streams, so two uses of the same counters never share numbers. */
export const RandomStream = { lifetime: 1, backoffJitter: 2, arrivals: 3 } as const;
export type RandomStream = (typeof RandomStream)[keyof typeof RandomStream];

// A well-mixing 32-bit finaliser (Chris Wellons' "lowbias32").
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export class SeededRandom {
  private readonly base: number;

  constructor(readonly seed: number) {
    this.base = mix32(Math.floor(seed) ^ 0x9e3779b9);
  }

  /**
   * A uniform draw in (0, 1) for stream `stream`, scenario `scenario`, counters `a`, `b`.
   * Never exactly 0 or 1, so callers may take its logarithm.
   */
  uniform(stream: RandomStream, scenario: number, a: number, b = 0): number {
    let h = mix32(this.base ^ stream);
    h = mix32(h ^ scenario);
    h = mix32(h ^ (a >>> 0));
    h = mix32(h ^ Math.floor(a / 2 ** 32));
    h = mix32(h ^ (b >>> 0));
    return (h + 0.5) / 2 ** 32;
  }
}
