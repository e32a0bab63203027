// yargs' own refusals in our one-line form: `Invalid values:` spreads one problem over
// several lines and names the option without its dashes.

const SEE_HELP = '(see `chaos --help`)';

/** One line per problem in a yargs failure message. */
export function yargsFailureLines(message: string): string[] {
  const invalid = [...message.matchAll(/Argument: (\S+), Given: (.+), Choices: (.+)/g)];
  if (invalid.length > 0) {
    return invalid.map(
      ([, name, given, choices]) =>
        `--${name}: expected one of ${choices!.trim()}, got ${given!.trim()} ${SEE_HELP}`,
    );
  }
  const missingValue = /^Not enough arguments following: (\S+)$/.exec(message.trim());
  if (missingValue)
    return [`--${missingValue[1]}: expected a value after it, got none ${SEE_HELP}`];
  return [`${message.trim().replace(/\s*\n\s*/g, '; ')} ${SEE_HELP}`];
}
