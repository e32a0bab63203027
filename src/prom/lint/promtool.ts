// `promtool check rules`, Prometheus's own verdict on a rules file, read per rule so lint
// can confirm its syntax findings and add what only Prometheus's type checker sees.

import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';

export interface PromtoolProblem {
  /** As promtool reports it; undefined when the problem is about the whole file. */
  group?: string;
  /** 1-based within the group. */
  rule?: number;
  line?: number;
  column?: number;
  message: string;
}

export interface PromtoolVerdict {
  ok: boolean;
  problems: PromtoolProblem[];
}

/** The first promtool found: the given path, else /usr/bin/promtool; undefined when none. */
export async function findPromtool(path = '/usr/bin/promtool'): Promise<string | undefined> {
  try {
    await access(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

export function checkRulesWithPromtool(
  promtool: string,
  file: string,
  timeoutMs = 30_000,
): Promise<PromtoolVerdict> {
  return new Promise((resolve, reject) => {
    execFile(
      promtool,
      ['check', 'rules', file],
      { timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(
            new Error(
              `promtool check rules ${file} did not finish within ${timeoutMs / 1000} s or could not start: ${error.message}`,
            ),
          );
          return;
        }
        resolve({
          ok: !error,
          problems: error ? parsePromtoolOutput(`${stdout}\n${stderr}`, file) : [],
        });
      },
    );
  });
}

// `rules.yml: 5:15: group "g", rule 1, "A": could not parse expression: 1:13: parse error: …`
export function parsePromtoolOutput(output: string, file: string): PromtoolProblem[] {
  const problems: PromtoolProblem[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith(`${file}: `)) continue;
    const rest = line.slice(file.length + 2);
    const groupAt = rest.indexOf('group "');
    if (groupAt < 0) {
      problems.push({ message: rest });
      continue;
    }
    const [lineText, columnText] = rest.slice(0, groupAt).trim().split(':');
    const groupEnd = rest.indexOf('"', groupAt + 7);
    const group = rest.slice(groupAt + 7, groupEnd);
    const ruleAt = rest.indexOf('rule ', groupEnd);
    const rule = Number.parseInt(rest.slice(ruleAt + 5), 10);
    const nameEnd = rest.indexOf('": ', ruleAt);
    problems.push({
      group,
      ...(Number.isFinite(rule) ? { rule } : {}),
      ...(Number(lineText) > 0 ? { line: Number(lineText), column: Number(columnText) } : {}),
      message: nameEnd >= 0 ? rest.slice(nameEnd + 3) : rest.slice(groupEnd + 1),
    });
  }
  return problems;
}
