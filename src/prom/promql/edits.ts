// Source edits at syntax-tree positions: how rewrites keep everything else byte for byte.

export interface SourceEdit {
  from: number;
  to: number;
  insert: string;
}

/** Applies non-overlapping edits given in any order. */
export function applyEdits(source: string, edits: readonly SourceEdit[]): string {
  const ordered = [...edits].sort((a, b) => b.from - a.from);
  let result = source;
  for (const edit of ordered) {
    result = result.slice(0, edit.from) + edit.insert + result.slice(edit.to);
  }
  return result;
}
