// A reader that goes away (`chaos run … | head -2`, a CI log collector that died, a
// parent killed with SIGKILL) must never end a process mid-drill: its stdout or stderr
// then fails with EPIPE, and an unhandled stream error would end the process before
// rollback. Output is a courtesy; the verdict lives in the reports and the exit code.

let guarded = false;

/** From now on, a closed stdout or stderr only silences that stream. */
export function surviveClosedOutput(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // Nothing can be said about it on a stream that is closed: it is dropped, as the
      // rest of what would have been written there.
      void error;
    });
  }
}
