import type { Point } from '../../../framework/optimize/spaces/dimensions.ts';
import { Rng } from '../../../framework/optimize/samplers/rng.ts';
import type { Sampler, TrialRecord } from '../../../framework/optimize/samplers/types.ts';

export type Objective = (p: Point) => number | number[];

export interface PoolRun {
  /** Parameters of every trial asked, by number. */
  params: Map<number, Point>;
  /** Told trials, in the order they finished. */
  history: TrialRecord[];
}

/**
 * A simulated worker pool: keeps up to `workers` trials running (asking whenever a worker is
 * free and the sampler gives a trial), and finishes a random running one at each step, so the
 * completion order differs with the number of workers and the shuffle seed. Stops after
 * `trials` results or when the sampler has nothing more to give.
 */
export function runPool(sampler: Sampler, objective: Objective, opts: { workers: number; trials: number; shuffleSeed?: number }): PoolRun {
  const rng = new Rng(opts.shuffleSeed ?? 99);
  const running: Array<{ number: number; params: Point }> = [];
  const out: PoolRun = { params: new Map(), history: [] };
  let asked = 0;
  while (out.history.length < opts.trials) {
    while (running.length < opts.workers && asked < opts.trials) {
      const t = sampler.ask();
      if (t === null) break;
      asked++;
      running.push(t);
      out.params.set(t.number, t.params);
    }
    if (running.length === 0) break;
    const [t] = running.splice(rng.int(running.length), 1);
    const values = objective(t!.params);
    sampler.tell(t!, values);
    out.history.push({ number: t!.number, params: t!.params, values });
  }
  return out;
}

/** Best (smallest) first objective value seen. */
export function bestValue(run: PoolRun): number {
  let best = Infinity;
  for (const h of run.history) {
    const v = typeof h.values === 'number' ? h.values : (h.values as number[])[0]!;
    if (v < best) best = v;
  }
  return best;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
