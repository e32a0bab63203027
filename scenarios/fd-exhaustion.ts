// File-descriptor exhaustion, the runbook's first cause. Sessions churn through
// Toxiproxy; the fault lowers the target's soft nofile limit to just above the fds it
// has open, so its resource guard (critical at 90 %) turns new connections away and
// the drop rate climbs past 0.5 %. The runbook's remediation raises the limit to 65,536
// (or the hard limit, when that is lower) while the fault's cause, the churn, goes on.

import { defineScenario } from '../src/scenario/define-scenario.js';
import { connectionDropAlert, connectionDropPage, runbookVerification } from './shared/runbook.js';
import { churnLoad } from './shared/churn-load.js';

export default defineScenario({
  name: 'fd-exhaustion',
  description:
    'the target runs out of file descriptors; raising its nofile limit must bring drops back under 0.5 %',
  cause: 'File descriptor exhaustion',
  alert: connectionDropAlert,
  load: churnLoad(7),
  runbook: {
    section: 'File descriptor exhaustion',
    remediation:
      "Raise the target's open-file limit to 65,536 (the hard limit, where that is lower): prlimit --pid {targetPid} --nofile=65536:65536, or on a machine whose hard limit is lower, prlimit --pid {targetPid} --nofile=$(ulimit -Hn):$(ulimit -Hn)",
  },
  inject: [{ type: 'nofile', soft: { openFdsPlus: 4 } }],
  remediate: [{ type: 'nofile', soft: 65536 }],
  verify: runbookVerification,
  page: connectionDropPage,
});
