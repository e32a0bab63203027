// A YAML alias inside the node its anchor names (`a: &x [*x]`) makes a value that
// contains itself: the yaml library builds it as a circular object, which every walk,
// copy or stringify after it turns into a stack overflow or a hang. Found before toJS.
// (Alias bombs are the library's to refuse: toJS's maxAliasCount.)

import { visit, type Document, type Node } from 'yaml';

export interface SelfReference {
  /** The anchor's name, without `&`. */
  anchor: string;
  /** Offset of the alias in the source. */
  offset: number;
}

/** The first alias that refers to a node containing it, or null. */
export function findSelfReference(document: Document): SelfReference | null {
  let found: SelfReference | null = null;
  visit(document, {
    Alias(_key, alias, path) {
      const target = alias.resolve(document);
      if (target && path.includes(target as Node)) {
        found = { anchor: alias.source, offset: alias.range?.[0] ?? 0 };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** One sentence for a self-reference, ready to follow a file name and line. */
export function selfReferenceMessage(reference: SelfReference): string {
  return `the alias *${reference.anchor} is inside the value its anchor &${reference.anchor} names, so that value would contain itself; expected an alias to refer to a value written before it, outside it`;
}
