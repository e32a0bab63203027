// A generated corpus of PromQL over two synthetic counters, for differential tests of the
// static lint against Prometheus itself: selectors (raw or rate, with or without a
// matcher), aggregations (by, without, nested) and binary operators (arithmetic and set,
// with on/ignoring), drawn from a seeded generator so a CI run is reproducible.

/** mulberry32: small, seedable, good enough to spread a grammar's choices. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The labels the series carry besides job and instance (see SERIES). */
export const SERIES: { name: string; labels: Record<string, string> }[] = [
  { name: 'chaos_diff_a_total', labels: { x: '1', y: '1' } },
  { name: 'chaos_diff_a_total', labels: { x: '2', y: '1' } },
  { name: 'chaos_diff_b_total', labels: { x: '1', y: '1' } },
  { name: 'chaos_diff_b_total', labels: { x: '1', y: '2' } },
];

/** A series of an alternative set: metric `a` or `b`, its labels. */
export interface AlternativeSeries {
  name: 'a' | 'b';
  labels: Record<string, string>;
}

/**
 * Other series sets, each under its own metric names (`chaos_alt<k>_a_total`): an
 * expression dead on SERIES that returns series on one of these is dead because of the
 * data, not certainly, so a static error would be wrong for it. `moment` is when the set
 * is read: now; just after its series left the exposition (a raw selector finds nothing,
 * a rate over 1m still does); or at its first sample (a raw selector finds it, a rate
 * needs a second one).
 */
export const ALTERNATIVES: {
  series: AlternativeSeries[];
  moment: 'now' | 'after-removal' | 'first-sample';
}[] = [
  { moment: 'now', series: [series('a', {}), series('b', {})] },
  // Disjoint values.
  { moment: 'now', series: [series('a', { x: '2', y: '2' }), series('b', { x: '1', y: '1' })] },
  { moment: 'now', series: [series('a', { x: '1', y: '1' }), series('b', { x: '2', y: '2' })] },
  // One of the two labels only.
  { moment: 'now', series: [series('a', { x: '1' }), series('b', { x: '1' })] },
  { moment: 'now', series: [series('a', { y: '1' }), series('b', { y: '1' })] },
  // One metric absent.
  { moment: 'now', series: [series('a', { x: '1', y: '1' })] },
  { moment: 'now', series: [series('b', { x: '1', y: '1' })] },
  // Series of one metric that carry a label and series that do not.
  {
    moment: 'now',
    series: [series('a', { y: '1' }), series('a', {}), series('b', { y: '1' }), series('b', {})],
  },
  {
    moment: 'now',
    series: [
      series('a', { x: '1' }),
      series('a', {}),
      series('b', { x: '1', y: '1' }),
      series('b', { x: '1' }),
      series('b', {}),
    ],
  },
  // Raw selectors and rates disagree.
  {
    moment: 'after-removal',
    series: [series('a', { x: '1', y: '1' }), series('b', { x: '1', y: '1' })],
  },
  {
    moment: 'first-sample',
    series: [series('a', { x: '1', y: '1' }), series('b', { x: '1', y: '1' })],
  },
];

function series(name: 'a' | 'b', labels: Record<string, string>): AlternativeSeries {
  return { name, labels };
}

/** The metric name of `a` or `b` in alternative set k. */
export const alternativeMetric = (k: number, name: 'a' | 'b') => `chaos_alt${k}_${name}_total`;

/** `expr` reading alternative set k instead of SERIES. */
export function onAlternative(expr: string, k: number): string {
  return expr.replace(/chaos_diff_(a|b)_total/g, (_, name: 'a' | 'b') =>
    alternativeMetric(k, name),
  );
}

const LABELS = ['job', 'instance', 'x', 'y'];

export function promqlCorpus(seed: number, size: number): string[] {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const labels = () => {
    const count = pick([0, 1, 1, 2]);
    const chosen = new Set<string>();
    while (chosen.size < count) chosen.add(pick(LABELS));
    return [...chosen].join(', ');
  };
  const selector = () => {
    const metric = pick(['chaos_diff_a_total', 'chaos_diff_b_total']);
    const matcher = pick(['', '', '{x="1"}', '{y="1"}']);
    return pick([`rate(${metric}${matcher}[1m])`, `${metric}${matcher}`]);
  };
  const aggregate = (inner: string): string => {
    const op = pick(['sum', 'sum', 'count', 'max']);
    switch (pick(['none', 'plain', 'by', 'by', 'without', 'nested'])) {
      case 'none':
        return inner;
      case 'plain':
        return `${op}(${inner})`;
      case 'by':
        return `${op} by (${labels()}) (${inner})`;
      case 'without':
        return `${op} without (${labels()}) (${inner})`;
      default:
        return `sum by (${labels()}) (${op} by (${labels()}) (${inner}))`;
    }
  };
  const expressions = new Set<string>();
  for (let attempt = 0; expressions.size < size && attempt < size * 20; attempt++) {
    const op = pick(['/', '/', '+', '*', 'and', 'or', 'unless']);
    const matching = pick(['', '', '', `on(${labels()}) `, `ignoring(${labels()}) `]);
    expressions.add(`${aggregate(selector())} ${op} ${matching}${aggregate(selector())}`);
  }
  return [...expressions];
}
