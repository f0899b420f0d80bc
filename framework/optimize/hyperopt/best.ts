import { dominates } from '../samplers/pareto.ts';
import type { EpochLine } from './results-file.ts';

/**
 * Which epoch is best. One objective: the lowest loss (ties: the earlier epoch). Several
 * objectives (nsga2): among the Pareto front, the lowest first objective. Failed epochs are
 * never best. "New best" flags (hyperopt-list --best, Freqtrade's is_best) are decided in epoch
 * order, not in the order epochs finished, so they do not depend on the number of workers.
 */

function valuesOf(e: EpochLine): number[] | null {
  if (e.failed) return null;
  const v = e.values.map((x) => (x === null ? NaN : x));
  return v.every((x) => Number.isFinite(x)) ? v : null;
}

export function bestEpoch(epochs: readonly EpochLine[]): EpochLine | null {
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  const scored = sorted.map((e) => ({ e, v: valuesOf(e) })).filter((x): x is { e: EpochLine; v: number[] } => x.v !== null);
  if (scored.length === 0) return null;
  const front = scored[0]!.v.length > 1 ? scored.filter((a) => !scored.some((b) => dominates(b.v, a.v))) : scored;
  let best = front[0]!;
  for (const x of front) if (x.v[0]! < best.v[0]!) best = x;
  return best.e;
}

/** Epoch numbers that were a new best when reached in epoch order. */
export function newBestEpochs(epochs: readonly EpochLine[]): Set<number> {
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  const out = new Set<number>();
  const seen: number[][] = [];
  let bestLoss = Infinity;
  for (const e of sorted) {
    const v = valuesOf(e);
    if (v === null) continue;
    if (v.length === 1) {
      if (v[0]! < bestLoss) {
        bestLoss = v[0]!;
        out.add(e.epoch);
      }
    } else if (!seen.some((s) => dominates(s, v) || s.every((x, k) => x === v[k]))) out.add(e.epoch);
    seen.push(v);
  }
  return out;
}

/**
 * --early-stop N: the epochs are taken in epoch order as far as they are complete (1..k with
 * none missing); the run stops once the best of those is N or more epochs behind k. Taking them
 * in epoch order keeps the stopping point the same with any number of workers.
 */
export class EarlyStop {
  private readonly done = new Map<number, number | null>();
  private prefix = 0;
  private best = Infinity;
  private bestAt = 0;

  constructor(private readonly patience: number) {}

  /** Record an epoch; true when the run should stop asking for more. */
  add(e: EpochLine): boolean {
    const v = valuesOf(e);
    this.done.set(e.epoch, v === null ? null : v[0]!);
    while (this.done.has(this.prefix + 1)) {
      this.prefix++;
      const loss = this.done.get(this.prefix)!;
      this.done.delete(this.prefix);
      if (loss !== null && loss < this.best) {
        this.best = loss;
        this.bestAt = this.prefix;
      }
    }
    return this.patience > 0 && this.prefix - this.bestAt >= this.patience;
  }
}
