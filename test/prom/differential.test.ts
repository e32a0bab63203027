// The static lint's vector-matching verdicts against ground truth: a seeded corpus of a
// few hundred generated expressions is evaluated by a real Prometheus scraping the
// corpus's series, and each is "returns series", "returns none" or "rejected" (such as
// many-to-many matching). Every static error must be an expression that returns none
// (or that Prometheus rejects); no expression that returns series may get an error.
// The share of dead expressions that get at least a warning is printed as a figure;
// CHAOS_DIFF_DUMP=1 also prints each dead expression the lint gave no error.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusError } from '../../src/prom/prometheus-error.js';
import { vectorMatchingProblems } from '../../src/prom/promql/vector-matching.js';
import { instantSamples } from '../../src/prom/verification.js';
import { startMetricsServer, type MetricsServer } from './support/metrics-server.js';
import {
  ALTERNATIVES,
  alternativeMetric,
  onAlternative,
  promqlCorpus,
  SERIES,
} from './support/promql-corpus.js';
import { startPrometheus, until, type RunningPrometheus } from './support/prometheus-process.js';

const SEED = 20261203;
const SIZE = 300;

let metrics: MetricsServer;
let prometheus: RunningPrometheus;

/** When each alternative set is read (see ALTERNATIVES' moments); 'now' sets at the test's time. */
const alternativeAt: (Date | undefined)[] = [];

beforeAll(async () => {
  metrics = await startMetricsServer();
  SERIES.forEach((series, index) => metrics.grow(series.name, series.labels, index + 1));
  ALTERNATIVES.forEach((set, k) =>
    set.series.forEach((series, index) =>
      metrics.grow(alternativeMetric(k, series.name), series.labels, index + 1),
    ),
  );
  prometheus = await startPrometheus({ targets: [metrics.hostPort], scrapeInterval: '1s' });
  const names = new Set([
    ...SERIES.map((series) => series.name),
    ...ALTERNATIVES.flatMap((set, k) => set.series.map((s) => alternativeMetric(k, s.name))),
  ]);
  await until(
    60_000,
    async () => {
      const expected = SERIES.length + ALTERNATIVES.flatMap((set) => set.series).length;
      const query = [...names].map((name) => `count(rate(${name}[1m]))`).join(' + ');
      const samples = instantSamples(await prometheus.client.query(query), query);
      return samples[0]?.value === expected ? true : undefined;
    },
    () => 'the corpus series (and the other sets) never had two scrapes each',
  );
  for (const [k, set] of ALTERNATIVES.entries()) {
    const metricsOfSet = [...new Set(set.series.map((s) => alternativeMetric(k, s.name)))];
    if (set.moment === 'after-removal') {
      for (const name of metricsOfSet) metrics.remove(name);
      const raw = metricsOfSet.join(' or ');
      // The next scrape writes stale markers: raw selectors find nothing from then on.
      await until(
        30_000,
        async () =>
          instantSamples(await prometheus.client.query(raw), raw).length === 0 ? true : undefined,
        () => `${raw} never went stale`,
      );
      alternativeAt[k] = new Date();
    } else if (set.moment === 'first-sample') {
      const query = `min_over_time(timestamp(${metricsOfSet[0]})[5m:100ms])`;
      const first = instantSamples(await prometheus.client.query(query), query)[0]!.value;
      // Within a scrape interval of the first sample, a rate has only that one.
      alternativeAt[k] = new Date(first * 1000 + 300);
    }
  }
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await metrics?.close();
});

type Truth = 'series' | 'none' | 'rejected';

describe(
  'static vector-matching verdicts against Prometheus (differential)',
  { timeout: 180_000 },
  () => {
    it(`agrees on a corpus of ${SIZE} expressions (seed ${SEED})`, async () => {
      const corpus = promqlCorpus(SEED, SIZE);
      const at = new Date();
      const rows: { expr: string; truth: Truth; verdict: 'error' | 'warning' | 'none' }[] = [];
      for (const expr of corpus) {
        let truth: Truth;
        try {
          truth =
            instantSamples(await prometheus.client.query(expr, at), expr).length > 0
              ? 'series'
              : 'none';
        } catch (error) {
          if (!(error instanceof PrometheusError && error.kind === 'query_error')) throw error;
          truth = 'rejected';
        }
        const problems = vectorMatchingProblems(expr);
        const verdict = problems.some((p) => p.certainty === 'certain')
          ? 'error'
          : problems.length > 0
            ? 'warning'
            : 'none';
        rows.push({ expr, truth, verdict });
      }
      const wrongErrors = rows.filter((r) => r.verdict === 'error' && r.truth === 'series');
      expect(wrongErrors.map((r) => r.expr)).toEqual([]);
      const dead = rows.filter((r) => r.truth === 'none');
      const live = rows.filter((r) => r.truth === 'series');
      const flagged = dead.filter((r) => r.verdict !== 'none');
      const errors = dead.filter((r) => r.verdict === 'error');
      const warnedLive = live.filter((r) => r.verdict === 'warning');
      const rejected = rows.filter((r) => r.truth === 'rejected');
      const warnedRejected = rejected.filter((r) => r.verdict !== 'none');
      console.log(
        `differential corpus (seed ${SEED}): ${rows.length} expressions; ${live.length} return series, ${dead.length} return none, ${rows.length - live.length - dead.length} rejected by Prometheus; ` +
          `of the dead, ${errors.length} get an error and ${flagged.length} (${((100 * flagged.length) / Math.max(1, dead.length)).toFixed(1)} %) at least a warning; ` +
          `${warnedLive.length} live expressions get a warning (a warning says "very likely"), none an error; ` +
          `${warnedRejected.length} of the ${rejected.length} rejected get at least a warning`,
      );
      // Ground truth for "certainly": a dead expression with no error must return series
      // on some other series set, or the lint missed a certain death.
      const returnsSeries = async (query: string, when: Date) => {
        try {
          return instantSamples(await prometheus.client.query(query, when), query).length > 0;
        } catch {
          return false;
        }
      };
      const unproven: string[] = [];
      for (const r of dead.filter((d) => d.verdict !== 'error')) {
        let shown = false;
        for (let k = 0; k < ALTERNATIVES.length && !shown; k++)
          shown = await returnsSeries(onAlternative(r.expr, k), alternativeAt[k] ?? at);
        if (!shown) unproven.push(r.expr);
      }
      console.log(
        `of the ${dead.length - errors.length} dead expressions without an error, ${dead.length - errors.length - unproven.length} return series on one of ${ALTERNATIVES.length} other series sets (dead by their data, not certainly); ${unproven.length} do not: ${unproven.join(' ; ') || '-'}`,
      );
      // Every lint error is the certain death of the issue: the expression returns no
      // series on the other series sets either (a live one there would be a false proof).
      const liveElsewhere: string[] = [];
      for (const r of rows.filter((row) => row.verdict === 'error'))
        for (let k = 0; k < ALTERNATIVES.length; k++)
          if (await returnsSeries(onAlternative(r.expr, k), alternativeAt[k] ?? at))
            liveElsewhere.push(`${r.expr} (set ${k})`);
      expect(liveElsewhere).toEqual([]);
      expect(unproven).toEqual([]);
      if (process.env.CHAOS_DIFF_DUMP)
        for (const r of dead.filter((d) => d.verdict !== 'error'))
          console.log(`DEAD ${r.verdict}: ${r.expr}`);
      // The corpus must exercise both sides of the question, or it proves nothing.
      expect(live.length).toBeGreaterThan(30);
      expect(dead.length).toBeGreaterThan(30);
      expect(errors.length).toBeGreaterThan(10);
    });
  },
);
