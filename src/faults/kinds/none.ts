// The negative control: a remediation (or fault) that does nothing. A drill whose
// remediation is this must fail; a test proves it.

import { z } from 'zod';
import type { Action } from '../action.js';
import { defineFault, type Spec } from '../fault-kind.js';

const options = z.object({ note: z.string().optional() });

/** Does nothing: the negative control that must make a drill fail. */
export type NoAction = Spec<'none', typeof options>;

export const noneFault = defineFault({
  type: 'none',
  summary: 'nothing at all: the negative control',
  options,
  create: noAction,
});

function noAction(spec: NoAction): Action {
  return {
    kind: 'none',
    intent: `do nothing${spec.note ? ` (${spec.note})` : ''}`,
    async apply() {
      return {
        kind: 'none',
        summary: `did nothing${spec.note ? ` (${spec.note})` : ''}`,
        how: 'no change was made',
        details: {},
      };
    },
  };
}
