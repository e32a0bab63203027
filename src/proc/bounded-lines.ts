// Lines from a child's output stream, each at most `maxChars` long: a child that writes
// without ever ending a line must not grow a string in the chaos process without bound.
// The rest of an over-long line is dropped, and the line is said as cut.

import type { Readable } from 'node:stream';

export function boundedLines(
  stream: Readable,
  maxChars: number,
  onLine: (line: string) => void,
): void {
  let partial = '';
  // Set once a line was cut: what follows, up to its end, is dropped.
  let dropping = false;
  stream.setEncoding('utf8');
  const take = (text: string) => {
    let rest = text;
    while (rest.length > 0) {
      const end = rest.indexOf('\n');
      const piece = end === -1 ? rest : rest.slice(0, end);
      rest = end === -1 ? '' : rest.slice(end + 1);
      if (!dropping) partial += piece;
      if (!dropping && partial.length > maxChars) {
        onLine(`${partial.slice(0, maxChars)} [cut: longer than ${maxChars} characters]`);
        partial = '';
        dropping = true;
      }
      if (end !== -1) {
        if (!dropping) onLine(partial);
        partial = '';
        dropping = false;
      }
    }
  };
  stream.on('data', take);
  stream.on('end', () => {
    if (partial !== '') onLine(partial);
    partial = '';
  });
}
