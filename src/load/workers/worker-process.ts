// Entry point of a load worker process: runs one shard and answers startLoad over IPC.
// A child gets its own nofile limit (worker threads would share the parent's), which is
// how one machine holds more sessions than one process may have descriptors.

import { surviveClosedOutput } from '../../proc/closed-output.js';
import { raiseNofileLimit } from '../nofile.js';
import { LoadRunner } from '../runner.js';
import type { FromWorker, ToWorker } from './worker-messages.js';
import { WORKER_REPORT_MS } from './worker-messages.js';

let runner: LoadRunner | undefined;

// The parent may be gone (killed with SIGKILL) between the check and the send: the
// channel's EPIPE then arrives later, as an error on the process, or in the callback.
process.on('error', () => undefined);
surviveClosedOutput();

function send(message: FromWorker): void {
  if (process.connected) process.send!(message, undefined, {}, () => undefined);
}

async function finish(stopping: Promise<unknown>): Promise<void> {
  await stopping;
  // Give the last IPC messages a moment to leave, then go.
  process.disconnect?.();
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'prepare': {
      const nofile = raiseNofileLimit();
      try {
        runner = new LoadRunner(message.options);
      } catch (error) {
        send({ type: 'failed', message: (error as Error).message });
        return;
      }
      send({ type: 'prepared', nofile });
      return;
    }
    case 'begin': {
      const running = runner!.begin(message.startAt);
      const report = setInterval(
        () => send({ type: 'tallies', tallies: running.progress() }),
        WORKER_REPORT_MS,
      );
      void running.done.then((summary) => {
        clearInterval(report);
        send({ type: 'tallies', tallies: running.progress() });
        send({ type: 'done', summary });
      });
      return;
    }
    case 'metrics':
      void runner?.metrics.registry
        .getMetricsAsJSON()
        .then((metrics) => send({ type: 'metrics', id: message.id, metrics }));
      return;
    case 'stop':
      if (runner) void finish(runner.stop(message.graceMs));
      else process.disconnect?.();
      return;
  }
});

// The parent went away without a stop: end every session as it would, then exit.
process.on('disconnect', () => {
  const stopping = runner ? runner.stop() : Promise.resolve();
  void stopping.then(() => process.exit(0));
});
