// AUTH credentials from the environment, under the names the published server reads
// (STREAM_USER/STREAM_PASS) and the ones its README gives (AUTH_USERNAME/AUTH_PASSWORD),
// so a password need not appear on a command line or in a process list.

export interface Credentials {
  username: string;
  password: string;
}

/** Null when none of the variables is set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials | null {
  const read = (name: string) => (env[name] === '' ? undefined : env[name]);
  const username = read('STREAM_USER') ?? read('AUTH_USERNAME');
  const password = read('STREAM_PASS') ?? read('AUTH_PASSWORD');
  if (username === undefined && password === undefined) return null;
  return { username: username ?? '', password: password ?? '' };
}
