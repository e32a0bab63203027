// The environment a stack process gets: this one's, less the AUTH password variables.
// Only the target needs the password, and it gets it from the plan (start-drill-stack.ts);
// Toxiproxy, Prometheus, Alertmanager and the helpers must not carry it in their
// /proc/<pid>/environ, which outlives any log and is readable wherever the process is.

/** The variables that hold an AUTH password (the published server's and its README's). */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(['STREAM_PASS', 'AUTH_PASSWORD']);

export function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET_VARIABLES.has(name)));
}
