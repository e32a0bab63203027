import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PrometheusClient } from '../prom/client.js';
import type { QueryResult } from '../prom/api-types.js';
import { requestStop } from './stop-request.js';
import { StopWatch } from './stop-watch.js';

/** A Prometheus that answers each query from a table, and fails the ones it does not know. */
function prometheus(answers: Record<string, QueryResult>): PrometheusClient {
  return {
    query: async (expr: string) => {
      const answer = answers[expr];
      if (!answer) throw new Error(`no answer for ${expr}`);
      return answer;
    },
  } as unknown as PrometheusClient;
}

const firing = 'ALERTS{alertname="X",alertstate="firing"}';
const at = new Date('2026-12-08T01:00:00.000Z');

function watch(answers: Record<string, QueryResult>, queries = [firing, 'errors > 1']) {
  const ledgerDir = mkdtempSync(join(tmpdir(), 'stop-watch-'));
  const conditions = queries.map((query) => ({ name: query, query, from: '--stop-when' }));
  return {
    ledgerDir,
    watch: new StopWatch({
      prometheus: prometheus(answers),
      conditions,
      ledgerDir,
      drillId: 'r-x',
    }),
  };
}

describe('StopWatch', () => {
  it('holds when a condition returns any sample, with its values and when', async () => {
    const { watch: w } = watch({
      [firing]: {
        resultType: 'vector',
        samples: [{ labels: { alertname: 'X', alertstate: 'firing' }, value: 1, time: 0 }],
      },
      'errors > 1': { resultType: 'vector', samples: [] },
    });
    expect(await w.check(at)).toEqual({
      by: 'stop condition',
      reason: `stop condition \`${firing}\` held at 2026-12-08T01:00:00.000Z: {alertname="X", alertstate="firing"} 1`,
      at: '2026-12-08T01:00:00.000Z',
      condition: { name: firing, query: firing },
      values: [{ labels: { alertname: 'X', alertstate: 'firing' }, value: 1 }],
    });
  });

  it('does not hold on empty results, and a failed query costs only its tick', async () => {
    const { watch: w } = watch({ 'errors > 1': { resultType: 'vector', samples: [] } });
    expect(await w.check(at)).toBeNull();
  });

  it('says a condition that cannot be evaluated, and stops the drill once it has failed past the budget', async () => {
    const lines: string[] = [];
    const ledgerDir = mkdtempSync(join(tmpdir(), 'stop-watch-'));
    const w = new StopWatch({
      prometheus: prometheus({}),
      conditions: [{ name: 'bad', query: 'up >= on() group_left up', from: '--stop-when' }],
      ledgerDir,
      drillId: 'r-x',
      failureBudgetMs: 10_000,
      log: (line) => lines.push(line),
    });
    const later = (ms: number) => new Date(at.getTime() + ms);
    expect(await w.check(at)).toBeNull();
    expect(await w.check(later(5_000))).toBeNull();
    expect(lines).toEqual([
      'stop condition `bad` could not be evaluated: no answer for up >= on() group_left up; tried again at every sample, the drill stops if it cannot be for 10 s',
    ]);
    expect(await w.check(later(10_000))).toMatchObject({
      by: 'stop condition',
      reason:
        'stop condition `bad` could not be evaluated for 10 s (no answer for up >= on() group_left up): a safety net that cannot be checked stops the drill',
      condition: { name: 'bad' },
    });
  });

  it('stops on a `chaos stop` request without asking Prometheus', async () => {
    const { watch: w, ledgerDir } = watch({});
    requestStop(ledgerDir, 'r-x', 4242);
    expect(await w.check(at)).toEqual({
      by: 'chaos stop',
      reason: 'stopped by `chaos stop` (pid 4242)',
      at: '2026-12-08T01:00:00.000Z',
    });
  });
});
