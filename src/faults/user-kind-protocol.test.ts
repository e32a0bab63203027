import { describe, expect, it } from 'vitest';
import { encodeLine, splitLines } from './user-kind-protocol.js';

describe('the ledger socket lines', () => {
  it('are one JSON value a line', () => {
    const line = encodeLine({ kind: 'process', params: { pid: 7 }, description: 'end x\nnow' });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      kind: 'process',
      params: { pid: 7 },
      description: 'end x\nnow',
    });
  });

  it('are read whole, however the bytes arrive', () => {
    const text = encodeLine({ error: 'a' }) + encodeLine({ error: 'b' });
    const cut = text.length - 5;
    const first = splitLines(text.slice(0, cut));
    expect(first.lines.map((l) => JSON.parse(l))).toEqual([{ error: 'a' }]);
    const second = splitLines(first.rest + text.slice(cut));
    expect(second.lines.map((l) => JSON.parse(l))).toEqual([{ error: 'b' }]);
    expect(second.rest).toBe('');
  });
});
