// Profile validation errors name the source and the path of the field, and say what
// was expected and what was found: `profiles/x.json: stages[1].duration: expected a
// duration like "30s", got "abc"`.

import type { ZodIssue } from 'zod';

export class ProfileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(problems.map((problem) => `${source}: ${problem}`).join('\n'));
    this.name = 'ProfileError';
  }
}

/** `scenarios.hold.stages[1].duration` */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text === '' ? '(profile)' : text;
}

/** A value as it would appear in the file, short enough for one line. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** Zod's messages rewritten in our "expected …, got …" form. */
export function issueMessage(issue: ZodIssue, input: unknown): string {
  const found = show(valueAt(input, issue.path));
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined'
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${found}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_enum_value':
    case 'invalid_union_discriminator':
      return `expected one of ${issue.options.map((o) => show(o)).join(', ')}, got ${found}`;
    case 'too_small':
      return `expected at least ${String(issue.minimum)}, got ${found}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}, got ${found}`;
    case 'invalid_literal':
      return `expected ${show(issue.expected)}, got ${found}`;
    case 'custom':
      return issue.message.startsWith('expected') && !issue.message.includes(', got ')
        ? `${issue.message}, got ${found}`
        : issue.message;
    default:
      return issue.message;
  }
}

/**
 * Zod reports a failed union as one issue holding every branch's issues. The branch
 * that got furthest into the value (longest path, then a custom message) is the one
 * the author meant, so report that branch's issues.
 */
export function flattenIssues(issues: readonly ZodIssue[]): ZodIssue[] {
  return issues.flatMap((issue): ZodIssue[] => {
    if (issue.code !== 'invalid_union') return [issue];
    const depth = issue.path.length;
    const score = (branch: ZodIssue[]): number =>
      Math.max(
        ...branch.map(
          (i) => i.path.length * 10 + (i.code === 'custom' ? 2 : i.code === 'invalid_type' ? 0 : 1),
        ),
      );
    const branches = issue.unionErrors.map((error) => flattenIssues(error.issues));
    const best = branches.reduce((a, b) => (score(b) > score(a) ? b : a));
    if (score(best) >= (depth + 1) * 10 || best.some((i) => i.code === 'custom')) return best;
    // No branch got inside the value: say every shape that would have been accepted.
    const shapes = branches.flatMap((branch) =>
      branch.flatMap((i) =>
        i.code === 'invalid_literal'
          ? [show(i.expected)]
          : i.code === 'invalid_type'
            ? [i.expected]
            : [],
      ),
    );
    return [{ code: 'custom', path: issue.path, message: `expected ${shapes.join(' or ')}` }];
  });
}
