import { UsageError } from '../../core/errors.ts';
import type { Dimension, Point } from '../spaces/dimensions.ts';
import type { Sampler, SamplerName, Trial, TrialRecord } from './types.ts';

/**
 * The bookkeeping every sampler shares: trial numbering, the batch barrier of the
 * determinism rule (see types.ts), tell checks, and replay for resume. A concrete sampler
 * only says how to propose trial k (`propose`), optionally prepares each batch
 * (`onBatchStart`), and may end (`isExhausted`).
 */

export interface SamplerBaseOptions {
  /** The run's seed (--random-state). */
  seed: number;
  /** Values per trial (the loss function's objectives); default 1. */
  objectives?: number;
}

/** A trial with its result, as samplers see the history. */
export interface Observation {
  number: number;
  params: Point;
  values: readonly number[];
}

interface Slot {
  params: Point;
  /** Null until told. */
  values: number[] | null;
  failed: boolean;
}

export abstract class BatchedSampler implements Sampler {
  abstract readonly name: SamplerName;
  readonly batchSize: number;
  readonly objectives: number;
  protected readonly seed: number;
  protected readonly dims: readonly Dimension[];
  private readonly slots: Slot[] = [];
  private firstUntold = 0;
  private toldCount = 0;
  private reissue: number[] = [];
  private startedBatch = -1;

  protected constructor(dims: readonly Dimension[], opts: SamplerBaseOptions, batchSize: number) {
    if (!Number.isSafeInteger(opts.seed)) throw new UsageError(`random state (seed) must be a whole number, got ${opts.seed}`);
    const objectives = opts.objectives ?? 1;
    if (!Number.isInteger(objectives) || objectives < 1) throw new UsageError(`objectives must be a whole number >= 1, got ${objectives}`);
    if (!(batchSize === Infinity || (Number.isInteger(batchSize) && batchSize >= 1))) {
      throw new UsageError(`sampler batch size must be a whole number >= 1, got ${batchSize}`);
    }
    if (dims.length === 0) throw new UsageError('the search space has no dimension');
    this.dims = dims;
    this.seed = opts.seed;
    this.objectives = objectives;
    this.batchSize = batchSize;
  }

  /** Parameters of trial k; `batchStart` is the first number of k's batch. */
  protected abstract propose(k: number, batchStart: number): Point;

  /** Called once when the first trial of batch `batch` is about to be proposed. */
  protected onBatchStart(_batch: number, _batchStart: number): void {}

  /** True when trial number k cannot exist (the space is used up). */
  protected isExhausted(_k: number): boolean {
    return false;
  }

  get exhausted(): boolean {
    return this.reissue.length === 0 && this.isExhausted(this.slots.length);
  }

  get running(): number {
    return this.slots.length - this.toldCount - this.reissue.length;
  }

  get told(): number {
    return this.toldCount;
  }

  ask(): Trial | null {
    const again = this.reissue.shift();
    if (again !== undefined) return { number: again, params: { ...this.slots[again]!.params } };
    return this.askNew();
  }

  private askNew(): Trial | null {
    const k = this.slots.length;
    if (this.isExhausted(k)) return null;
    const finite = Number.isFinite(this.batchSize);
    const batch = finite ? Math.floor(k / this.batchSize) : 0;
    const batchStart = finite ? batch * this.batchSize : 0;
    if (this.firstUntold < batchStart) return null;
    if (batch !== this.startedBatch) {
      this.startedBatch = batch;
      this.onBatchStart(batch, batchStart);
    }
    const params = this.propose(k, batchStart);
    this.slots.push({ params, values: null, failed: false });
    return { number: k, params: { ...params } };
  }

  tell(trial: Trial | number, values: number | readonly number[]): void {
    const n = typeof trial === 'number' ? trial : trial.number;
    const slot = this.slots[n];
    if (!slot || this.reissue.includes(n)) throw new Error(`${this.name} sampler: trial ${n} was not asked`);
    if (slot.values !== null) throw new Error(`${this.name} sampler: trial ${n} was already told`);
    const vs = typeof values === 'number' ? [values] : [...values];
    if (vs.length !== this.objectives) {
      throw new Error(`${this.name} sampler: trial ${n} told ${vs.length} value(s), expected ${this.objectives} (one per objective)`);
    }
    slot.values = vs;
    slot.failed = vs.some((v) => typeof v !== 'number' || !Number.isFinite(v));
    this.toldCount++;
    while (this.firstUntold < this.slots.length && this.slots[this.firstUntold]!.values !== null) this.firstUntold++;
  }

  replay(history: readonly TrialRecord[]): void {
    if (this.slots.length > 0) throw new Error(`${this.name} sampler: replay needs a fresh sampler`);
    const sorted = [...history].sort((a, b) => a.number - b.number);
    for (let i = 0; i < sorted.length; i++) {
      const rec = sorted[i]!;
      if (!Number.isSafeInteger(rec.number) || rec.number < 0) throw new UsageError(`results: trial number ${rec.number} is not a whole number >= 0`);
      if (i > 0 && sorted[i - 1]!.number === rec.number) throw new UsageError(`results: trial ${rec.number} appears twice`);
      while (this.slots.length <= rec.number) {
        if (this.askNew() === null) {
          const missing = this.slots.findIndex((s) => s.values === null);
          throw new UsageError(
            `results: trial ${rec.number} cannot be replayed: ` +
              (this.isExhausted(this.slots.length)
                ? `the ${this.name} sampler has only ${this.slots.length} trials`
                : `trial ${missing} of an earlier batch has no result (batch size ${this.batchSize})`),
          );
        }
      }
      const proposed = this.slots[rec.number]!.params;
      const diff = firstDifference(proposed, rec.params);
      if (diff !== null) {
        throw new UsageError(
          `results: trial ${rec.number} has ${diff.key} = ${JSON.stringify(diff.recorded)} but the ${this.name} sampler with seed ` +
            `${this.seed} proposes ${JSON.stringify(diff.proposed)}: the file was made with another seed, sampler or search space`,
        );
      }
      const v = rec.values;
      this.tell(rec.number, v === null ? new Array<number>(this.objectives).fill(NaN) : v);
    }
    for (let n = 0; n < this.slots.length; n++) if (this.slots[n]!.values === null) this.reissue.push(n);
  }

  /** Told, non-failed trials with number < `before`, in number order. */
  protected observations(before: number): Observation[] {
    const out: Observation[] = [];
    const end = Math.min(before, this.slots.length);
    for (let n = 0; n < end; n++) {
      const s = this.slots[n]!;
      if (s.values !== null && !s.failed) out.push({ number: n, params: s.params, values: s.values });
    }
    return out;
  }

  /** Parameters of trials [from, to) that are already proposed (the current batch so far). */
  protected proposedBetween(from: number, to: number): Point[] {
    const out: Point[] = [];
    for (let n = from; n < Math.min(to, this.slots.length); n++) out.push(this.slots[n]!.params);
    return out;
  }
}

function firstDifference(a: Point, b: Point): { key: string; proposed: unknown; recorded: unknown } | null {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number' && typeof y === 'number') {
      if (Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x))) continue;
    } else if (x === y) continue;
    return { key, proposed: x, recorded: y };
  }
  return null;
}
