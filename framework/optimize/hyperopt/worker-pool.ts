import { Worker } from 'node:worker_threads';
import { frameworkModuleUrl } from '../../build/runtime.ts';
import { KeelError } from '../../core/errors.ts';
import type { Point } from '../spaces/dimensions.ts';
import type { MainToWorker, TrialResult, WorkerInit, WorkerToMain, WorkerUsage } from './protocol.ts';

/**
 * A fixed set of worker threads (worker.ts), one trial at a time each. The main thread asks
 * the sampler, submits trials to idle workers and takes results in the order they finish.
 */

export class HyperoptWorkerError extends KeelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HYPEROPT_WORKER', message, options);
  }
}

// The compiled worker.js when running from dist/ (framework/build), else worker.ts under tsx.
const WORKER_URL = frameworkModuleUrl('optimize/hyperopt/worker.ts');

/**
 * Start a worker on worker.ts. Under tsx (how Keel runs), a worker's entry file does not go
 * through the loader hooks of the main thread, so a small bootstrap registers tsx in the worker
 * first and then imports the TypeScript entry.
 */
function spawnWorker(init: WorkerInit): Worker {
  const opts = { workerData: init, stdout: false, stderr: false };
  if (!WORKER_URL.pathname.endsWith('.ts')) return new Worker(WORKER_URL, opts);
  const api = tsxApiUrl();
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
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
  busy: boolean;
  usage: WorkerUsage;
  exited: boolean;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly results: TrialResult[] = [];
  private waiting: { resolve: (r: TrialResult) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private stopping = false;

  private constructor() {}

  /** Start `n` workers and wait until each has loaded the strategy and the shared data. */
  static async start(n: number, init: Omit<WorkerInit, 'index'>): Promise<WorkerPool> {
    const pool = new WorkerPool();
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < n; i++) {
      const worker = spawnWorker({ ...init, index: i });
      const slot: Slot = { worker, busy: false, exited: false, usage: { index: i, epochs: 0, peakHeapMb: 0, peakProcessRssMb: 0, indicatorsComputed: 0 } };
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

  get idle(): number {
    let n = 0;
    for (const s of this.slots) if (!s.busy) n++;
    return n;
  }

  get running(): number {
    return this.slots.length - this.idle;
  }

  /** Give a trial to an idle worker (the caller checks `idle` first). */
  submit(number: number, params: Point): void {
    const slot = this.slots.find((s) => !s.busy);
    if (!slot) throw new Error('hyperopt pool: no idle worker');
    slot.busy = true;
    const msg: MainToWorker = { kind: 'trial', number, params };
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
    slot.busy = false;
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
