import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findSelfReference, selfReferenceMessage } from './yaml-aliases.js';

describe('findSelfReference', () => {
  it('finds an alias inside the value its anchor names, in a list or a mapping', () => {
    expect(findSelfReference(parseDocument('a: &x [*x]\n'))).toEqual({ anchor: 'x', offset: 7 });
    expect(findSelfReference(parseDocument('a: &loop {b: {c: *loop}}\n'))?.anchor).toBe('loop');
    expect(findSelfReference(parseDocument('&top [1, *top]\n'))?.anchor).toBe('top');
  });

  it('lets an alias refer to a value written before it', () => {
    expect(findSelfReference(parseDocument('a: &x [1]\nb: *x\nc: [*x, *x]\n'))).toBeNull();
    expect(findSelfReference(parseDocument('a: &x [&y [1], *y]\n'))).toBeNull();
  });

  it('says what the alias does and what is expected', () => {
    expect(selfReferenceMessage({ anchor: 'x', offset: 0 })).toMatch(
      /^the alias \*x is inside the value its anchor &x names.*; expected/,
    );
  });
});
