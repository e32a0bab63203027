// The negative control: a remediation (or fault) that does nothing. A drill whose
// remediation is this must fail; a test proves it.

import type { NoAction } from '../scenario/action-spec.js';
import type { Action } from './action.js';

export function noAction(spec: NoAction): Action {
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
