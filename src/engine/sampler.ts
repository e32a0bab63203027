// One poller for the whole drill: every tick it reads the server-observed and
// client-observed drop rates and the alert's state, appends a timeline point, and
// wakes whatever phase is waiting on a condition. It is also the watchdog: a dead
// Prometheus or Toxiproxy, a dead target, or an interrupt ends every wait at once; so does
// the user's own signal (a stop condition that holds, a `chaos stop` request).

import { alertState, type AlertState } from '../prom/alert-state.js';
import type { PrometheusClient } from '../prom/client.js';
import type { ClientRate } from './client-rate.js';
import { serverDropRate, type DropRateQueries } from './server-drop-rate.js';
import { TargetWatch } from './target-watch.js';
import type { TargetRestart } from '../result/run-result.js';
import { instantSamples } from '../prom/verification.js';
import type { DrillStack } from '../stack/drill-stack.js';
import { describeExit } from '../stack/process/supervised.js';
import { InfrastructureError, TargetDiedError } from './drill-errors.js';
import type { AbortRecord, StepName, TimelinePoint } from '../result/run-result.js';
import { abortErrorOf, DrillAbortedError } from './stop-reason.js';
import type { StopWatch } from './stop-watch.js';

export interface Sample {
  at: Date;
  serverDropRate: number | null;
  clientDropRate: number | null;
  alert: AlertState | null;
  error?: string;
}

export interface SamplerOptions {
  prometheus: PrometheusClient;
  stack: DrillStack;
  alert: string;
  queries: DropRateQueries & { instances: string };
  clientRate: ClientRate;
  intervalMs: number;
  signal: AbortSignal;
  startedAt: Date;
  onPoint: (point: TimelinePoint, sample: Sample) => void;
  /** How long Prometheus may keep failing queries before the drill is an error. */
  queryFailureBudgetMs?: number;
  /** How often Prometheus scrapes the target: a new instance shows up within a few of them. */
  scrapeIntervalMs: number;
  /** Told of every new target process as soon as one is seen. */
  onRestart?: (restart: TargetRestart) => void;
  /** Asked every tick whether the user wants the drill stopped. */
  stops?: StopWatch;
  /** Told once when this drill aborts on the user's signal (the run stops its other drills). */
  onStop?: (stop: AbortRecord) => void;
}

interface Waiter {
  check: (sample: Sample) => boolean;
  resolve: (sample: Sample | null) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class Sampler {
  latest: Sample | null = null;
  phase: TimelinePoint['phase'] = 'setup';
  private failure: Error | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly waiters = new Set<Waiter>();
  private failingSince: number | null = null;
  private running = false;
  /** The target's restarts: the stack's own record and new instance ids in its metrics. */
  readonly target: TargetWatch;

  constructor(private readonly options: SamplerOptions) {
    // A new instance that shows up within a few scrapes of a known restart is that restart.
    this.target = new TargetWatch(
      () => options.stack.target.restarts(),
      3 * options.scrapeIntervalMs + 5000,
    );
  }

  private readonly onAbort = () => this.fail(abortErrorOf(this.options.signal));

  /** Why the drill was stopped on the user's signal, once it was. */
  get aborted(): AbortRecord | null {
    return this.failure instanceof DrillAbortedError ? this.failure.stop : null;
  }

  start(): void {
    this.running = true;
    if (this.options.signal.aborted) this.onAbort();
    else this.options.signal.addEventListener('abort', this.onAbort, { once: true });
    void this.loop();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    // One signal serves every drill of a run; each sampler leaves it as it found it.
    this.options.signal.removeEventListener('abort', this.onAbort);
  }

  setPhase(phase: StepName | 'setup' | 'report'): void {
    this.phase = phase;
  }

  /** Throws the watchdog's reason, if any, so a phase stops at once. */
  assertHealthy(): void {
    if (this.failure) throw this.failure;
  }

  /**
   * Looks at the stack now, and once more at the next tick, and throws what it finds: a
   * death at the same moment as another failure (one OOM kill takes the hog and the
   * target) can take a moment to be reaped.
   */
  async confirmHealthy(): Promise<void> {
    if (!this.failure) this.watch();
    this.assertHealthy();
    const asked = Date.now();
    // A sample taken after now was preceded by a look at the stack after now.
    await this.waitFor((sample) => sample.at.getTime() > asked, 2 * this.options.intervalMs + 1000);
  }

  /**
   * Resolves with the first sample (taken after this call) for which `check` holds, or
   * null when `withinMs` passes first; rejects when the watchdog trips.
   */
  waitFor(check: (sample: Sample) => boolean, withinMs: number): Promise<Sample | null> {
    this.assertHealthy();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve,
        reject,
        // Its own timer, so a bound ends on time rather than at the next tick.
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(null);
        }, withinMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits `ms` while the watchdog keeps watching. */
  async sleep(ms: number): Promise<void> {
    await this.waitFor(() => false, ms);
  }

  private async loop(): Promise<void> {
    while (this.running && !this.failure) {
      const began = Date.now();
      this.watch();
      if (this.failure) break;
      // Rollback is already the stop: a signal then changes nothing the drill does.
      const [sample, stop] = await Promise.all([
        this.take(),
        this.phase === 'rollback' ? null : (this.options.stops?.check(new Date()) ?? null),
      ]);
      if (!this.running) break;
      this.latest = sample;
      const point: TimelinePoint = {
        t: sample.at.toISOString(),
        elapsedMs: sample.at.getTime() - this.options.startedAt.getTime(),
        phase: this.phase,
        serverDropRate: sample.serverDropRate,
        clientDropRate: sample.clientDropRate,
        alertState: sample.alert
          ? sample.alert.loaded
            ? sample.alert.state
            : 'not-loaded'
          : 'unknown',
      };
      this.options.onPoint(point, sample);
      // The sample that saw the stop stays on the timeline: it shows what held, and when.
      if (stop) {
        this.fail(new DrillAbortedError(stop));
        this.options.onStop?.(stop);
        break;
      }
      this.settle(sample);
      const wait = Math.max(0, this.options.intervalMs - (Date.now() - began));
      await new Promise<void>((resolve) => {
        this.timer = setTimeout(resolve, wait);
      });
    }
  }

  private watch(): void {
    // Following a target the drill did not start means looking for it every tick.
    this.options.stack.target.process();
    for (const restart of this.target.takeNew()) this.options.onRestart?.(restart);
    const broken = this.options.stack.brokenPart();
    if (broken) {
      this.fail(new InfrastructureError(`the stack broke: ${broken}`));
      return;
    }
    const exit = this.options.stack.target.exit();
    if (exit) {
      const tail = this.options.stack.target.stderrTail();
      this.fail(
        new TargetDiedError(
          `the target ${describeExit(exit)}${tail ? `; its last stderr:\n${tail}` : ''}`,
        ),
      );
    }
  }

  private async take(): Promise<Sample> {
    const { prometheus, queries, alert } = this.options;
    const at = new Date();
    try {
      const [server, client, state, instances] = await Promise.all([
        serverDropRate(prometheus, queries, at),
        this.options.clientRate.value(at),
        alertState(prometheus, alert),
        // Its own failure costs only this look at the instances, not the tick's rates.
        prometheus.query(queries.instances, at).catch(() => null),
      ]);
      if (instances)
        this.target.observeInstances(
          instantSamples(instances, queries.instances).map((s) => s.labels.instance_id ?? ''),
          at,
        );
      this.failingSince = null;
      return { at, serverDropRate: server.value, clientDropRate: client, alert: state };
    } catch (error) {
      const message = (error as Error).message;
      this.failingSince ??= Date.now();
      if (Date.now() - this.failingSince > (this.options.queryFailureBudgetMs ?? 15_000)) {
        this.fail(new InfrastructureError(`prometheus stopped answering queries: ${message}`));
      }
      return { at, serverDropRate: null, clientDropRate: null, alert: null, error: message };
    }
  }

  private settle(sample: Sample): void {
    for (const waiter of this.waiters) {
      if (waiter.check(sample)) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(sample);
      }
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters.clear();
  }
}
