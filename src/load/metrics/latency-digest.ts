// Latencies kept as counts in log-spaced buckets 2 % wide: percentiles within 2 % of
// the truth for any number of samples, in a few hundred numbers that add up across
// worker processes. Plain data, so it travels in a worker's tallies as it is.

export interface LatencyDigest {
  /** Bucket index (log base GROWTH of the value in microseconds) → samples in it. */
  counts: Record<string, number>;
  count: number;
  sum: number;
  min: number;
  max: number;
}

const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Values are kept in microseconds; anything below 1 µs shares bucket 0. */
const UNIT = 1e-6;

export function emptyDigest(): LatencyDigest {
  return { counts: {}, count: 0, sum: 0, min: 0, max: 0 };
}

export function recordLatency(digest: LatencyDigest, seconds: number): void {
  const micros = Math.max(1, seconds / UNIT);
  const bucket = Math.floor(Math.log(micros) / LOG_GROWTH);
  digest.counts[bucket] = (digest.counts[bucket] ?? 0) + 1;
  // min starts at 0, not Infinity, so the digest survives JSON between processes.
  digest.min = digest.count === 0 ? seconds : Math.min(digest.min, seconds);
  digest.max = Math.max(digest.max, seconds);
  digest.count++;
  digest.sum += seconds;
}

export function mergeDigest(into: LatencyDigest, from: LatencyDigest): void {
  if (from.count === 0) return;
  into.min = into.count === 0 ? from.min : Math.min(into.min, from.min);
  for (const [bucket, n] of Object.entries(from.counts)) {
    into.counts[bucket] = (into.counts[bucket] ?? 0) + n;
  }
  into.count += from.count;
  into.sum += from.sum;
  into.max = Math.max(into.max, from.max);
}

/** The q-quantile (0..1) in seconds, or null with no samples. Nearest rank, placed within its bucket. */
export function quantile(digest: LatencyDigest, q: number): number | null {
  if (digest.count === 0) return null;
  if (q <= 0) return digest.min;
  if (q >= 1) return digest.max;
  const rank = Math.ceil(q * digest.count);
  const buckets = Object.keys(digest.counts)
    .map(Number)
    .sort((a, b) => a - b);
  let seen = 0;
  for (const bucket of buckets) {
    const inBucket = digest.counts[bucket]!;
    if (seen + inBucket >= rank) {
      // The bucket's samples spread evenly over its span cut to min..max: a cluster
      // narrower than one bucket (0.4 s wide at 20 s) keeps its own middle.
      const low = Math.max(digest.min, GROWTH ** bucket * UNIT);
      const high = Math.min(digest.max, GROWTH ** (bucket + 1) * UNIT);
      const at = low + ((rank - seen - 0.5) / inBucket) * (high - low);
      return Math.min(digest.max, Math.max(digest.min, at));
    }
    seen += inBucket;
  }
  return digest.max;
}

export function mean(digest: LatencyDigest): number | null {
  return digest.count === 0 ? null : digest.sum / digest.count;
}
