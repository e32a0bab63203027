// Numbers typed on the command line are plain decimals: `1e1`, `0x10`, `Infinity` and
// ` 7` all read as numbers to JavaScript (and to yargs), but nobody means 10 by `1e1`.

const PLAIN_INTEGER = /^-?\d+$/;
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** The number `text` spells as a plain decimal (a whole one when `integer`), else null. */
export function plainNumber(text: string, integer: boolean): number | null {
  return (integer ? PLAIN_INTEGER : PLAIN_DECIMAL).test(text) ? Number(text) : null;
}
