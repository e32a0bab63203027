// Why a drill stopped early. Each maps to an outcome: the stack breaking is an `error`
// (never fail, never pass); the target dying is a `fail` (it is the system under test);
// an interrupt is reported as such after rollback.

export class InfrastructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfrastructureError';
  }
}

export class TargetDiedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetDiedError';
  }
}

export class InterruptedError extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}
