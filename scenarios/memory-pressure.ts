// Memory pressure, the runbook's second cause. The target runs under a memory ceiling
// (a cgroup limit, as a container would) with a co-located memory hog holding it past
// its resource guard's 90 % line, and slow consumers (a bandwidth toxic) adding buffer
// growth, so the guard turns new connections away. The runbook's remediation raises
// the ceiling to 4 GiB and sets GOGC=80, restarting the target as a rollout would; the
// hog stays until rollback.

import { defineScenario } from '../src/scenario/define-scenario.js';
import { connectionDropAlert, connectionDropPage, runbookVerification } from './shared/runbook.js';
import { churnLoad } from './shared/churn-load.js';

export default defineScenario({
  name: 'memory-pressure',
  description:
    'the target is held near its memory ceiling; raising the ceiling and GOGC must bring drops back under 0.5 %',
  cause: 'Memory pressure',
  alert: connectionDropAlert,
  load: churnLoad(11),
  runbook: {
    section: 'Memory pressure',
    remediation:
      "Raise the target's memory limit to 4 GiB, set GOGC=80, and restart it (pid {targetPid}); the drill's cgroup and the restart are listed under the fault's 'how' in the report.",
  },
  inject: [
    { type: 'memory-pressure', ceiling: '512MiB', fill: 0.93 },
    {
      type: 'toxic',
      toxic: 'bandwidth',
      stream: 'downstream',
      toxicity: 0.3,
      attributes: { rate: 1 },
    },
  ],
  remediate: [
    { type: 'memory-ceiling', ceiling: '4GiB' },
    { type: 'restart-target', env: { GOMEMLIMIT: '4GiB', GOGC: '80' } },
  ],
  verify: runbookVerification,
  page: connectionDropPage,
});
