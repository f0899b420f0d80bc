import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../build/runtime.ts';
import { KeelError } from '../../core/errors.ts';
import type { Point } from '../spaces/dimensions.ts';
import type { MainToWorker, TrialResult, WorkerInit, WorkerToMain, WorkerUsage } from './protocol.ts';

/**
 * A fixed set of worker threads (worker.ts). The main thread asks the sampler, submits trials
 * to workers with room and takes results in the order they finish.
 *
 * Each worker may hold `depth` trials (default 2): one running, the next queued in the worker.
 * So when an epoch ends the worker starts the next at once instead of waiting for the main
 * thread to receive the result, write and fsync it, tell the sampler and ask again (on a
 * loaded machine the main thread may not even get a core for a while). Which worker runs a
 * trial never changes its result.
 *
 * A trial submitted as not `queueable` (the last ones before the sampler's batch barrier) is
 * never queued behind a running epoch: it waits here and goes to the first worker that has
 * nothing to do, so that the barrier does not find one worker idle while another still has
 * two epochs to run.
 */

export class HyperoptWorkerError extends KeelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HYPEROPT_WORKER', message, options);
  }
}

// The compiled worker bundle when running from dist/ (framework/build), else worker.ts under tsx.
const WORKER = workerEntry('optimize/hyperopt/worker.ts', 'worker.cjs');

/**
 * Start a worker on worker.ts. Under tsx (how Keel runs), a worker's entry file does not go
 * through the loader hooks of the main thread, so a small bootstrap registers tsx in the worker
 * first and then imports the TypeScript entry.
 */
function spawnWorker(init: WorkerInit): Worker {
  const opts = { workerData: init, stdout: false, stderr: false, argv: WORKER.argv };
  if (!WORKER.url.pathname.endsWith('.ts')) return new Worker(WORKER.url, opts);
  const api = tsxApiUrl();
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER.url.href)}); })`;
  return new Worker(code, { ...opts, eval: true });
}

function tsxApiUrl(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return new URL('../../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url).href;
  }
}

interface Slot {
  worker: Worker;
  /** Trials submitted and not answered yet. */
  outstanding: number;
  usage: WorkerUsage;
  exited: boolean;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly results: TrialResult[] = [];
  private waiting: { resolve: (r: TrialResult) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private stopping = false;
  /** Trials waiting for a worker with nothing to run. */
  private readonly held: MainToWorker[] = [];

  private constructor(private readonly depth: number) {}

  /**
   * Start `n` workers and wait until each has loaded the strategy and the shared data.
   * `depth`: trials a worker may hold at once (1: only the running one).
   */
  static async start(n: number, init: Omit<WorkerInit, 'index'>, depth = 2): Promise<WorkerPool> {
    const pool = new WorkerPool(Math.max(1, Math.floor(depth)));
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < n; i++) {
      const worker = spawnWorker({ ...init, index: i });
      const slot: Slot = {
        worker,
        outstanding: 0,
        exited: false,
        usage: { index: i, epochs: 0, peakHeapMb: 0, peakProcessRssMb: 0, indicatorsComputed: 0, hooksComputed: 0, hooksReused: 0, busyMs: 0, idleMs: 0 },
      };
      pool.slots.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          let started = false;
          worker.on('message', (m: WorkerToMain) => {
            if (m.kind === 'ready') {
              started = true;
              resolve();
            } else if (m.kind === 'fatal') {
              const err = new HyperoptWorkerError(`hyperopt worker ${i}: ${m.error}`);
              if (!started) reject(err);
              else pool.fail(err);
            } else pool.onMessage(slot, m);
          });
          worker.on('error', (e) => {
            const err = new HyperoptWorkerError(`hyperopt worker ${i} crashed: ${e.message}`, { cause: e });
            if (!started) reject(err);
            else pool.fail(err);
          });
          worker.on('exit', (code) => {
            slot.exited = true;
            if (!pool.stopping && code !== 0) {
              const err = new HyperoptWorkerError(`hyperopt worker ${i} exited with code ${code}`);
              if (!started) reject(err);
              else pool.fail(err);
            }
          });
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (err) {
      await pool.terminate();
      throw err;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Trials the workers can hold at once (running and queued). */
  get capacity(): number {
    return this.slots.length * this.depth;
  }

  /** Trials the workers can still take now. */
  get free(): number {
    return this.slots.length * this.depth - this.running;
  }

  /** Trials submitted and not answered yet (running or queued in a worker). */
  get running(): number {
    let n = this.held.length;
    for (const s of this.slots) n += s.outstanding;
    return n;
  }

  /**
   * Give a trial to the worker holding the fewest (the caller checks `free` first); when every
   * worker is running one and the trial is not `queueable`, keep it for the first that is done.
   */
  submit(number: number, params: Point, queueable = true): void {
    if (this.free <= 0) throw new Error('hyperopt pool: no worker has room');
    let slot: Slot | undefined;
    for (const s of this.slots) if (s.outstanding < this.depth && (slot === undefined || s.outstanding < slot.outstanding)) slot = s;
    const msg: MainToWorker = { kind: 'trial', number, params };
    if (slot === undefined || (slot.outstanding > 0 && !queueable)) this.held.push(msg);
    else this.post(slot, msg);
  }

  private post(slot: Slot, msg: MainToWorker): void {
    slot.outstanding++;
    slot.worker.postMessage(msg);
  }

  /** The next finished trial (in completion order). */
  next(): Promise<TrialResult> {
    if (this.failure) return Promise.reject(this.failure);
    const r = this.results.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** Per-worker memory figures, as last reported. */
  usage(): WorkerUsage[] {
    return this.slots.map((s) => ({ ...s.usage }));
  }

  /** Let every worker finish its trial, then end them; returns their final figures. */
  async stop(): Promise<WorkerUsage[]> {
    this.stopping = true;
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.exited) return resolve();
            const done = (): void => resolve();
            s.worker.once('exit', done);
            s.worker.on('message', (m: WorkerToMain) => {
              if (m.kind === 'stopped') {
                s.usage = m.usage;
                void s.worker.terminate();
              }
            });
            s.worker.postMessage({ kind: 'stop' } satisfies MainToWorker);
          }),
      ),
    );
    return this.usage();
  }

  /** End every worker now; trials in flight are lost. */
  async terminate(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots.map((s) => (s.exited ? undefined : s.worker.terminate())));
  }

  private onMessage(slot: Slot, m: WorkerToMain): void {
    if (m.kind !== 'result') return;
    slot.outstanding--;
    const next = slot.outstanding === 0 ? this.held.shift() : undefined;
    if (next !== undefined) this.post(slot, next);
    slot.usage = m.usage;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.resolve(m.result);
    } else this.results.push(m.result);
  }

  private fail(err: Error): void {
    if (this.stopping) return;
    this.failure ??= err;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.reject(err);
    }
  }
}
