import { describe, expect, it } from 'vitest';
import type { AbandonedLedger } from '../faults/ledger.js';
import { escalatingInterrupt } from './interrupt-escalation.js';

const ledger = (file: string, descriptions: string[]): AbandonedLedger => ({
  file,
  runId: 'r',
  owner: { pid: 1, startTime: 1 },
  pending: descriptions.map((description, i) => ({
    id: i + 1,
    kind: 'nofile',
    params: {},
    description,
    recordedAt: '',
    reverted: false,
  })),
});

function harness(ledgers: () => AbandonedLedger[]) {
  const written: string[] = [];
  const exits: number[] = [];
  const controller = new AbortController();
  const onSignal = escalatingInterrupt(controller, {
    write: (text) => written.push(text),
    pending: ledgers,
    exit: (code) => exits.push(code),
  });
  return { written, exits, controller, onSignal };
}

describe('escalatingInterrupt', () => {
  it('starts the rollback on the first signal and exits on none', () => {
    const h = harness(() => []);
    h.onSignal('SIGINT');
    expect(h.controller.signal.aborted).toBe(true);
    expect(h.controller.signal.reason).toBe('SIGINT');
    expect(h.written.join('')).toMatch(/rolling back every fault/);
    expect(h.exits).toEqual([]);
  });

  it('says on the second what is still being undone, and exits on the third leaving the ledger', () => {
    const h = harness(() => [ledger('/s/ledgers/a.jsonl', ['restore nofile of pid 7'])]);
    h.onSignal('SIGINT');
    h.onSignal('SIGTERM');
    expect(h.written[1]).toMatch(
      /1 change\(s\) not yet undone:\nchaos: {3}restore nofile of pid 7/,
    );
    expect(h.exits).toEqual([]);
    h.onSignal('SIGINT');
    expect(h.written[2]).toMatch(
      /1 change\(s\) are left[^]*\/s\/ledgers\/a\.jsonl[^]*chaos rollback/,
    );
    expect(h.exits).toEqual([130]);
  });

  it('still answers when the ledgers cannot be read', () => {
    const h = harness(() => {
      throw new Error('EACCES');
    });
    h.onSignal('SIGINT');
    h.onSignal('SIGINT');
    expect(h.written[1]).toMatch(/could not be read/);
    h.onSignal('SIGINT');
    expect(h.exits).toEqual([130]);
  });
});
