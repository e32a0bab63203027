// Every wait has a bound: the one way to wait a while, and the one way to give up on a
// promise that takes too long, with the error the caller names.

export { setTimeout as sleep } from 'node:timers/promises';

/** `work`, or `late()` thrown once `ms` have passed first; the timer never outlives the race. */
export async function withDeadline<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
