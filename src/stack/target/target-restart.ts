// A new target process where there was another: by the drill (a remediation's rollout),
// by a supervisor, or by someone else (an operator, an orchestrator). The drill notices
// each one, says who made it, and counts a recovery only over the new process's time.

export interface TargetRestart {
  at: string;
  by: 'drill' | 'supervisor' | 'not the drill';
  /** What was seen: "pid 812 exited; pid 901 listens on :8080 now". */
  how: string;
  /** The process before and after, when known. */
  fromPid?: number;
  toPid?: number;
}
