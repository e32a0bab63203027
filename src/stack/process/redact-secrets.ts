// A command line as it may be recorded (ledgers, locks, messages): a password given on it
// (`--password X`, `--password=X`) is replaced, since ledgers are kept after a crash and
// anyone who can read them would otherwise read the password too.

/** Flags whose value is a secret. */
const SECRET_FLAGS = ['--password'];
export const REDACTED = '***';

/** `args` with every secret flag's value replaced by `***` (`--password=X` → `--password ***`). */
export function redactSecrets(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const flag = SECRET_FLAGS.find((name) => arg === name || arg.startsWith(`${name}=`));
    if (flag === undefined) out.push(arg);
    else {
      out.push(flag, REDACTED);
      // `--password X`: X is the next argument, and goes too.
      if (arg === flag && i + 1 < args.length) i++;
    }
  }
  return out;
}
