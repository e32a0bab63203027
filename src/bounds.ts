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

/** How long importing one user module (a scenario, a fault kind) may take; real work at import is wrong. */
export const IMPORT_BOUND_MS = 20_000;

/** CHAOS_IMPORT_BOUND_MS lowers the bound (tests of a hanging module need not wait 20 s). */
export function importBound(): number {
  const given = Number(process.env.CHAOS_IMPORT_BOUND_MS);
  return Number.isInteger(given) && given > 0 && given < IMPORT_BOUND_MS ? given : IMPORT_BOUND_MS;
}
