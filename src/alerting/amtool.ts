// Alertmanager's own verdicts, from its own tool: `amtool check-config` (does the file
// load?) and `amtool config routes test` (where does an alert with these labels go?).
// Its message is quoted as it is; the line is found here, since amtool names none for
// most problems.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findBinary } from '../stack/find-binary.js';
import { MissingToolError } from '../stack/missing-tool-error.js';
import { amtoolRefusal } from './am-config.js';

export type ConfigVerdict =
  { loads: true } | { loads: false; message: string; line?: number; lineText?: string };

export function findAmtool(env: NodeJS.ProcessEnv = process.env): string {
  const path = findBinary('amtool', env);
  if (!path) {
    throw new MissingToolError(
      'amtool was not found on PATH; install it with `sudo apt-get install prometheus-alertmanager` or run `npm run setup`',
    );
  }
  return path;
}

function amtool(args: string[], timeoutMs = 20_000): Promise<{ code: number; output: string }> {
  const binary = findAmtool();
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(
          new Error(
            `amtool ${args[0]} did not finish within ${timeoutMs / 1000} s or could not start: ${error.message}`,
          ),
        );
        return;
      }
      resolve({
        code: typeof error?.code === 'number' ? error.code : 0,
        output: `${stdout}\n${stderr}`,
      });
    });
  });
}

export async function checkConfig(file: string): Promise<ConfigVerdict> {
  // amtool reads the file and every template whole: `/dev/zero` would keep it reading.
  const refused = amtoolRefusal(file);
  if (refused) return { loads: false, message: refused.reason, line: refused.line };
  const { code, output } = await amtool(['check-config', file]);
  if (code === 0) return { loads: true };
  const message =
    /FAILED:\s*(.+)/.exec(output)?.[1]?.trim() ??
    (output
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ||
      `amtool exited ${code}`);
  const where = lineOf(file, message);
  return { loads: false, message, ...where };
}

/** `Alertmanager refuses file:12: message (line 12: the line)`, for the plan and the preflight alike. */
export function refusalText(shownAs: string, verdict: ConfigVerdict): string | null {
  if (verdict.loads) return null;
  const { message, line, lineText } = verdict;
  return `Alertmanager refuses ${shownAs}${line ? `:${line}` : ''}: ${message}${lineText ? ` (line ${line}: ${lineText})` : ''}`;
}

/** The receivers amtool routes an alert with these labels to, in tree order. */
export async function routesTest(file: string, labels: Record<string, string>): Promise<string[]> {
  const args = ['config', 'routes', 'test', `--config.file=${file}`];
  for (const [name, value] of Object.entries(labels)) args.push(`${name}=${value}`);
  const { code, output } = await amtool(args);
  if (code !== 0)
    throw new Error(`amtool config routes test failed (exit ${code}): ${output.trim()}`);
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Warning:'))[0]!
    .split(',')
    .map((name) => name.trim());
}

/**
 * The line a problem is on: the one amtool names (`line 12`), else the first line holding
 * the value it quotes, else (for a URL without a scheme) the first URL field whose value
 * has none, such as an unexpanded `${SLACK_WEBHOOK_URL}`.
 */
function lineOf(file: string, message: string): { line?: number; lineText?: string } {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return {};
  }
  const at = (index: number) =>
    index < 0 ? {} : { line: index + 1, lineText: lines[index]!.trim() };
  const named = /\bline (\d+)/.exec(message);
  if (named) return at(Number(named[1]) - 1);
  const quoted = /"([^"]+)"/.exec(message)?.[1];
  if (quoted) {
    const index = lines.findIndex((line) => line.includes(quoted));
    if (index >= 0) return at(index);
  }
  if (/scheme|URL/i.test(message)) {
    return at(
      lines.findIndex((line) => {
        const field = /^\s*-?\s*([a-z_]*url):\s*['"]?([^'"\s#]*)/.exec(line);
        return field !== null && !/^[a-z][a-z0-9+.-]*:\/\//i.test(field[2]!);
      }),
    );
  }
  return {};
}
