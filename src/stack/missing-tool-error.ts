// A program the stack needs is not installed; the message says how to install it.

export class MissingToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingToolError';
  }
}
