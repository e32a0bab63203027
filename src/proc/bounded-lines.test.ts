import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundedLines } from './bounded-lines.js';

function linesOf(chunks: string[], maxChars: number): string[] {
  const stream = new PassThrough();
  const lines: string[] = [];
  boundedLines(stream, maxChars, (line) => lines.push(line));
  for (const chunk of chunks) stream.emit('data', chunk);
  stream.emit('end');
  return lines;
}

describe('boundedLines', () => {
  it('joins lines across chunks and says the last one without its newline', () => {
    expect(linesOf(['a\nb', 'c\n', 'd'], 10)).toEqual(['a', 'bc', 'd']);
  });

  it('cuts an over-long line once and drops the rest of it, however many chunks it takes', () => {
    expect(linesOf(['x'.repeat(8), 'y'.repeat(8), 'z'.repeat(8), 'z\nnext\n'], 10)).toEqual([
      `${'x'.repeat(8)}yy [cut: longer than 10 characters]`,
      'next',
    ]);
  });
});
