// AUTH credentials: both must match what is configured. With none configured, this
// target accepts anyone, while the published server (`exact`) accepts only an empty
// username and password. Compared by digest in constant time.

import { createHash, timingSafeEqual } from 'node:crypto';

export function credentialsAccepted(
  configured: { username: string; password: string },
  given: { username: string; password: string },
  exact = false,
): boolean {
  if (!exact && configured.username === '' && configured.password === '') return true;
  // Both comparisons always run, so timing does not say which one failed.
  const user = sameSecret(given.username, configured.username);
  const password = sameSecret(given.password, configured.password);
  return user && password;
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
