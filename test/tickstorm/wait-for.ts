// Bounded polling for the tests: wait for a condition, never for a fixed time.

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { boundMs = 15_000, everyMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + boundMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(
    `${what} did not happen within ${boundMs} ms${last ? `; last error: ${String(last)}` : ''}`,
  );
}
