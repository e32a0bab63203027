// The drill's own servers with a hostile neighbour on the machine (test/helpers/
// hostile-neighbour.ts): first each alone, in this process, where any exception a request
// provoked would fail the test; then a real `chaos run --ui` with the receiver up, fuzzed
// for its whole length, which must still pass with its reports and leave nothing behind.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebhookReceiver } from '../../src/alerting/webhook-receiver.js';
import { startLiveView, type LiveView } from '../../src/report/live/live-view.js';
import { EventHub } from '../../src/result/events.js';
import { hostileSummary, runHostileNeighbour } from '../helpers/hostile-neighbour.js';
import {
  ledgerFiles,
  readJournal,
  runFolder,
  startChaos,
  stepsInBrief,
} from '../helpers/run-chaos.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A notification exactly as Alertmanager 0.25 posts it. */
const VALID = JSON.stringify({
  version: '4',
  groupKey: '{}:{alertname="TickStormConnectionDropRate"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'tickstorm-oncall',
  groupLabels: { alertname: 'TickStormConnectionDropRate' },
  commonLabels: { alertname: 'TickStormConnectionDropRate' },
  commonAnnotations: {},
  externalURL: 'http://127.0.0.1:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'TickStormConnectionDropRate' },
      annotations: {},
      startsAt: '2026-12-08T00:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph',
      fingerprint: 'c0ffee',
    },
  ],
});

/** Log lines a flood may cause: two a quiet period (5 s) at most, and a last one at close. */
const boundedLines = (lines: string[], tookMs: number) =>
  expect(lines.length).toBeLessThanOrEqual(2 * Math.ceil(tookMs / 5_000) + 2);

describe('the drill servers alone, with a hostile neighbour (in this process)', () => {
  it('the webhook receiver answers every hostile request with a 4xx and still keeps a real notification', async () => {
    const lines: string[] = [];
    const receiver = await WebhookReceiver.start({ log: (line) => lines.push(line) });
    cleanups.push(() => receiver.stop());
    // The neighbour is given the secret path and credentials too, so its bodies reach the
    // payload check.
    const secretBase = receiver.urlFor('x').replace(/\/receivers\/x$/, '');
    const asAlertmanager = { authorization: `Bearer ${receiver.credentials()}` };
    const report = await runHostileNeighbour({
      targets: [secretBase],
      headers: [`Authorization: Bearer ${receiver.credentials()}`],
      seed: 27,
      maxRequests: 600,
      maxMs: 40_000,
      perSecond: 60,
      concurrency: 8,
    });
    console.log(`receiver: ${hostileSummary(report)}`);
    expect(report.sent).toBe(600);
    expect(report.serverErrors).toBe(0);
    for (const status of ['400', '404', '405', '413', '431'])
      expect(report.answers).toHaveProperty(status);
    expect(report.answers['200'] ?? 0).toBe(0);
    expect(receiver.notifications).toEqual([]);
    expect(receiver.refused()).toBeGreaterThan(300);
    boundedLines(lines, report.tookMs);

    // The four requests that each ended a drill before (issue 27): a 400 each, nothing kept.
    for (const [path, body] of [
      ['/receivers/%E0%A4%A', VALID],
      ['/receivers/tickstorm-oncall', 'null'],
      ['/receivers/tickstorm-oncall', '{"alerts":[null]}'],
      [
        '/receivers/tickstorm-oncall',
        VALID.replace('"commonAnnotations":{}', '"commonAnnotations":{"a":{}}'),
      ],
    ])
      expect(
        (await fetch(`${secretBase}${path}`, { method: 'POST', body, headers: asAlertmanager }))
          .status,
        body,
      ).toBe(400);
    // A real notification posted where the printed address leads is no page of the drill's.
    const unknown = await fetch(`${receiver.url}/receivers/tickstorm-oncall`, {
      method: 'POST',
      body: VALID,
    });
    expect(unknown.status).toBe(404);
    // Nor at the secret path (Alertmanager's status API shows it) without the credentials,
    // which it shows as <secret>.
    const withoutCredentials = await fetch(receiver.urlFor('tickstorm-oncall'), {
      method: 'POST',
      body: VALID,
    });
    expect(withoutCredentials.status).toBe(401);
    expect(receiver.notifications).toEqual([]);

    const posted = await fetch(receiver.urlFor('tickstorm-oncall'), {
      method: 'POST',
      body: VALID,
      headers: asAlertmanager,
    });
    expect(posted.status).toBe(200);
    const listed = (await (await fetch(`${receiver.url}/notifications`)).json()) as {
      meantFor: string;
      alerts: { fingerprint: string }[];
    }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      meantFor: 'tickstorm-oncall',
      alerts: [{ fingerprint: 'c0ffee' }],
    });
  }, 90_000);

  it('the live view answers every hostile request and still serves the page and its stream', async () => {
    const lines: string[] = [];
    const events = new EventHub();
    const view: LiveView = await startLiveView({
      events,
      port: 0,
      host: '127.0.0.1',
      log: (l) => lines.push(l),
    });
    cleanups.push(() => view.close());
    events.emit({
      type: 'run-start',
      runId: 'r1',
      reportDir: '/tmp/r1',
      drills: ['fd-exhaustion'],
    });
    const report = await runHostileNeighbour({
      targets: [view.url],
      seed: 3,
      maxRequests: 600,
      maxMs: 40_000,
      perSecond: 60,
      concurrency: 8,
    });
    console.log(`live view: ${hostileSummary(report)}`);
    expect(report.serverErrors).toBe(0);
    for (const status of ['101', '400', '404', '405', '421'])
      expect(report.answers).toHaveProperty(status);
    boundedLines(lines, report.tookMs);

    expect((await fetch(view.url)).status).toBe(200);
    const socket = new WebSocket(`${view.url.replace('http', 'ws')}live`);
    cleanups.push(async () => socket.terminate());
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    expect(first).toMatch(/^\{"history":\[/);
  }, 90_000);
});

describe('a real drill with a hostile neighbour on its receiver and live page', () => {
  it('passes as it would alone, writes its reports and leaves nothing behind', async () => {
    const run = startChaos(['run', 'fd-exhaustion', '--profile', 'ci', '--ui', '--ui-port', '0'], {
      timeoutMs: 240_000,
    });
    const view = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(
      await run.waitForLine(/chaos: live view at http:\/\/127\.0\.0\.1:\d+\//, 60_000),
    )![1]!;
    const receiver = /delivers to (http:\/\/127\.0\.0\.1:\d+)/.exec(
      await run.waitForLine(/every receiver delivers to http:\/\/127\.0\.0\.1:\d+/, 60_000),
    )![1]!;
    const ended = new AbortController();
    void run.done.then(() => ended.abort());
    const report = await runHostileNeighbour({
      targets: [receiver, view],
      seed: 2712,
      maxRequests: 20_000,
      maxMs: 200_000,
      perSecond: 20,
      signal: ended.signal,
    });
    const exit = await run.done;
    console.log(`drill: ${hostileSummary(report)}`);
    const journal = readJournal(run.reportRoot);
    expect(exit.code, `${stepsInBrief(journal.drills[0]!)}\n${exit.stderr.slice(-3000)}`).toBe(0);
    expect(journal.drills[0]!.outcome).toBe('pass');
    expect(journal.drills[0]!.page?.checks.every((c) => c.outcome === 'pass')).toBe(true);
    expect(report.sent).toBeGreaterThan(500);
    expect(report.serverErrors).toBe(0);
    for (const file of ['journal.json', 'junit.xml', 'summary.md', 'report.html'])
      expect(existsSync(join(runFolder(run.reportRoot), file)), file).toBe(true);
    expect(ledgerFiles(run.stateDir)).toEqual([]);
    // Refusals said (the receiver's as the drill's log lines), but bounded: two lines per
    // 5 s per server at most.
    const refusalLines = exit.stderr
      .split('\n')
      .filter((l) => /(webhook receiver|live view) 127\.0\.0\.1:\d+: /.test(l));
    expect(refusalLines.length).toBeGreaterThan(0);
    expect(refusalLines.length).toBeLessThanOrEqual(2 * 2 * Math.ceil(report.tookMs / 5_000) + 4);
  }, 300_000);
});
