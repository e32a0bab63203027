// An error in what the user gave us. The CLI prints its one-line message and exits 2,
// before any process starts.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
