// The drill's phases in order, as the plan asks for them: preflight (unless skipped),
// baseline, inject, expect, the page when one is checked, remediate (applied, or the
// operator's own), verify, and the resolved page when one is expected.

import type { DrillPlan } from '../scenario/plan.js';
import type { StepName, StepResult } from '../result/run-result.js';
import type { DrillContext } from './drill-context.js';
import { applyActions } from './phases/apply-actions.js';
import { awaitOperator } from './phases/await-operator.js';
import { baseline } from './phases/baseline.js';
import { expectAlert } from './phases/expect-alert.js';
import { expectPage } from './phases/expect-page.js';
import { preflight } from './phases/preflight.js';
import { expectResolvedPage, resolvedPageExpected } from './phases/resolved-page.js';
import { verifyRemediation } from './phases/verify.js';

export interface Phase {
  name: StepName;
  title: string;
  run: (context: DrillContext) => Promise<StepResult>;
}

export function phasesOf(
  plan: DrillPlan,
  withPreflight: boolean,
  manual: boolean,
  page: Pick<DrillContext, 'page'>,
): Phase[] {
  const checkPage = page.page !== null;
  return [
    ...(withPreflight ? [{ name: 'preflight' as const, title: 'preflight', run: preflight }] : []),
    { name: 'baseline', title: 'baseline', run: baseline },
    {
      name: 'inject',
      title: 'inject the fault',
      run: (c) => applyActions(c, 'fault', plan.scenario.inject),
    },
    { name: 'expect', title: 'wait for the alert to fire', run: expectAlert },
    ...(checkPage
      ? [{ name: 'page' as const, title: 'wait for the page to arrive', run: expectPage }]
      : []),
    manual
      ? { name: 'remediate', title: 'wait for the operator to remediate', run: awaitOperator }
      : {
          name: 'remediate',
          title: 'apply the remediation',
          run: (c) => applyActions(c, 'remediation', plan.scenario.remediate),
        },
    { name: 'verify', title: 'verify recovery', run: verifyRemediation },
    ...(checkPage && resolvedPageExpected(page)
      ? [
          {
            name: 'resolved-page' as const,
            title: 'wait for the resolved notification',
            run: expectResolvedPage,
          },
        ]
      : []),
  ];
}
