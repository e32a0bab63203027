// An error in what the user gave us. The CLI prints one line per problem and exits 2,
// before any process starts.

export class UsageError extends Error {
  /** One line per problem, each naming the flag or file and the field. */
  readonly lines: string[];

  constructor(problems: string | readonly string[]) {
    const lines = typeof problems === 'string' ? [problems] : [...problems];
    super(lines.join('\n'));
    this.name = 'UsageError';
    this.lines = lines;
  }
}
