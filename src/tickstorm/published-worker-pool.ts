// The published server's goroutine pool (`silent-pool-queue`), as its source has it:
// NumCPU workers to start, up to 4×NumCPU, each holding one connection for the whole
// session; a FIFO queue of 8×NumCPU where a connection waits unread; past a full queue,
// a connection is served on its own at once. Workers are added when the queue is long
// or full, and every 10 s if it stays long; an idle worker beyond the minimum leaves.

/** Starts serving `item`; `done` frees the worker that holds it (a no-op when served on its own). */
export type PoolRun<T> = (item: T, done: () => void) => void;
/** Where a submitted item went. */
export type PoolPlacement = 'worker' | 'queued' | 'own';

export const POOL_IDLE_EXIT_MS = 30_000;
export const POOL_CHECK_MS = 10_000;

interface IdleWorker {
  timer: NodeJS.Timeout;
}

export class PublishedWorkerPool<T> {
  readonly minWorkers: number;
  readonly maxWorkers: number;
  /** `maxWorkers*2` in the published code: the channel's buffer. */
  readonly capacity: number;
  private workers = 0;
  private readonly idle: IdleWorker[] = [];
  private readonly queue: T[] = [];
  private readonly check: NodeJS.Timeout;
  private stopped = false;

  constructor(
    cpus: number,
    private readonly run: PoolRun<T>,
  ) {
    this.minWorkers = cpus;
    this.maxWorkers = 4 * cpus;
    this.capacity = 2 * this.maxWorkers;
    for (let i = 0; i < this.minWorkers; i++) this.startWorker();
    // optimize(): a queue that stays over 3× the workers gets one more.
    this.check = setInterval(() => {
      if (this.queue.length > 3 * this.workers) this.startWorker();
    }, POOL_CHECK_MS).unref();
  }

  stats(): { workers: number; busy: number; queued: number } {
    return {
      workers: this.workers,
      busy: this.workers - this.idle.length,
      queued: this.queue.length,
    };
  }

  submit(item: T): PoolPlacement {
    const free = this.idle.shift();
    if (free) {
      clearTimeout(free.timer);
      this.work(item);
      return 'worker';
    }
    if (this.queue.length < this.capacity) {
      this.queue.push(item);
      // shouldScaleUp(): the new worker takes the queue's head, an older connection than this one.
      if (this.queue.length > 2 * this.workers) this.startWorker();
      return 'queued';
    }
    // Submit's retry after scaleUp races the new worker and loses: the published server then
    // serves this connection on a goroutine of its own, and the new worker takes the queue's head.
    this.startWorker();
    this.run(item, () => {});
    return 'own';
  }

  /** Stops adding and retiring workers; returns what was still queued, never to be served. */
  stop(): T[] {
    this.stopped = true;
    clearInterval(this.check);
    for (const worker of this.idle.splice(0)) clearTimeout(worker.timer);
    return this.queue.splice(0);
  }

  private startWorker(): void {
    if (this.stopped || this.workers >= this.maxWorkers) return;
    this.workers++;
    this.next();
  }

  /** A worker with nothing in hand: the queue's head, or idle until its timer. */
  private next(): void {
    if (this.stopped) return;
    const item = this.queue.shift();
    if (item !== undefined) return this.work(item);
    const worker: IdleWorker = {
      timer: setTimeout(() => this.idleExpired(worker), POOL_IDLE_EXIT_MS),
    };
    worker.timer.unref();
    this.idle.push(worker);
  }

  private work(item: T): void {
    let freed = false;
    this.run(item, () => {
      if (freed) return;
      freed = true;
      this.next();
    });
  }

  private idleExpired(worker: IdleWorker): void {
    // shouldScaleDown(): above the minimum and a short queue (integer division, as in Go).
    if (this.workers > this.minWorkers && this.queue.length < Math.floor(this.workers / 4)) {
      this.idle.splice(this.idle.indexOf(worker), 1);
      this.workers--;
      return;
    }
    worker.timer = setTimeout(() => this.idleExpired(worker), POOL_IDLE_EXIT_MS);
    worker.timer.unref();
  }
}
