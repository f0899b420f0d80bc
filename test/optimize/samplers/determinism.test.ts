import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import { createSampler, SAMPLER_NAMES, type SamplerOptions } from '../../../framework/optimize/samplers/index.ts';
import { Rng, hashInts, trialRng } from '../../../framework/optimize/samplers/rng.ts';
import { categoricalDim, decimalDim, intDim, isValidValue, realDim, type Dimension, type Point } from '../../../framework/optimize/spaces/dimensions.ts';
import { runPool, type Objective } from './pool.ts';

const DIMS: Dimension[] = [
  intDim('period', 5, 50),
  decimalDim('threshold', -0.35, -0.02, 3),
  realDim('ratio', 0, 2),
  categoricalDim('mode', ['cross', 'rsi', 'macd']),
  categoricalDim('strict', [true, false]),
];

const objective = (p: Point): number =>
  ((p['period'] as number) - 21) ** 2 / 100 + ((p['threshold'] as number) + 0.1) ** 2 * 50 + ((p['ratio'] as number) - 1.3) ** 2 + (p['mode'] === 'rsi' ? 0 : 0.5) + (p['strict'] ? 0 : 0.2);
const twoObjectives: Objective = (p) => [objective(p), Math.abs((p['ratio'] as number) - 0.2) + (p['period'] as number) / 50];

describe('same seed -> same trials, whatever the number of workers', () => {
  for (const name of SAMPLER_NAMES) {
    it(name, () => {
      const opts: SamplerOptions = { seed: 1234, objectives: name === 'nsga2' ? 2 : 1, populationSize: 12, batchSize: 6, order: 'shuffled' };
      const f = name === 'nsga2' ? twoObjectives : objective;
      const reference = runPool(createSampler(name, DIMS, opts), f, { workers: 1, trials: 60 });
      expect(reference.history).toHaveLength(60);
      for (const [workers, shuffleSeed] of [
        [2, 1],
        [3, 2],
        [5, 3],
        [8, 4],
      ] as const) {
        const other = runPool(createSampler(name, DIMS, opts), f, { workers, trials: 60, shuffleSeed });
        expect(other.params).toEqual(reference.params);
      }
      // A different seed gives different trials.
      const otherSeed = runPool(createSampler(name, DIMS, { ...opts, seed: 1235 }), f, { workers: 1, trials: 60 });
      expect(otherSeed.params).not.toEqual(reference.params);
      // Every value lies in its dimension.
      for (const p of reference.params.values()) for (const d of DIMS) expect(isValidValue(d, p[d.name])).toBe(true);
    });
  }

  it('ask waits at the batch barrier and tell checks its input', () => {
    const s = createSampler('tpe', DIMS, { seed: 1, batchSize: 4 });
    const batch = [s.ask(), s.ask(), s.ask(), s.ask()];
    expect(batch.map((t) => t?.number)).toEqual([0, 1, 2, 3]);
    expect(s.ask()).toBeNull(); // trial 4 opens batch 1: waits for 0..3
    s.tell(batch[0]!, 1);
    s.tell(batch[2]!, 1);
    s.tell(batch[3]!, 1);
    expect(s.ask()).toBeNull();
    expect(s.running).toBe(1);
    s.tell(1, NaN); // a failed trial still counts for the barrier
    expect(s.ask()?.number).toBe(4);
    expect(() => s.tell(1, 2)).toThrow('tpe sampler: trial 1 was already told');
    expect(() => s.tell(9, 2)).toThrow('tpe sampler: trial 9 was not asked');
    expect(() => s.tell(4, [1, 2])).toThrow('tpe sampler: trial 4 told 2 value(s), expected 1 (one per objective)');
  });
});

describe('resume by replay', () => {
  for (const name of ['tpe', 'nsga2', 'random', 'grid'] as const) {
    it(`${name}: an interrupted run continues exactly as an uninterrupted one`, () => {
      const opts: SamplerOptions = { seed: 77, objectives: name === 'nsga2' ? 2 : 1, populationSize: 10, batchSize: 5 };
      const f = name === 'nsga2' ? twoObjectives : objective;
      const whole = runPool(createSampler(name, DIMS, opts), f, { workers: 3, trials: 50 });
      // First run stops after 23 results; the trials still running are lost.
      const first = runPool(createSampler(name, DIMS, opts), f, { workers: 3, trials: 23, shuffleSeed: 5 });
      const resumed = createSampler(name, DIMS, opts);
      resumed.replay(first.history);
      expect(resumed.told).toBe(23);
      const rest = runPool(resumed, f, { workers: 2, trials: 27, shuffleSeed: 6 });
      const all = new Map([...first.history.map((h) => [h.number, h.params] as const), ...rest.params]);
      for (const [n, p] of all) expect(p).toEqual(whole.params.get(n));
      expect(new Set([...all.keys()]).size).toBe(all.size);
    });
  }

  it('a results file from another seed or space is refused', () => {
    const opts = { seed: 5, batchSize: 4 };
    const run = runPool(createSampler('tpe', DIMS, opts), objective, { workers: 2, trials: 12 });
    const wrong = run.history.map((h) => (h.number === 6 ? { ...h, params: { ...h.params, period: (h.params['period'] as number) === 5 ? 6 : 5 } } : h));
    expect(() => createSampler('tpe', DIMS, opts).replay(wrong)).toThrow(UsageError);
    expect(() => createSampler('tpe', DIMS, opts).replay(wrong)).toThrow(/results: trial 6 has period = \d+ but the tpe sampler with seed 5 proposes \d+/);
    expect(() => createSampler('tpe', DIMS, { ...opts, seed: 6 }).replay(run.history)).toThrow(/another seed, sampler or search space/);
    // A trial of an earlier batch missing while a later one is present
    const gap = run.history.filter((h) => h.number !== 2);
    expect(() => createSampler('tpe', DIMS, opts).replay(gap)).toThrow(/trial 2 of an earlier batch has no result/);
  });
});

describe('samplers: construction errors', () => {
  it('unknown sampler and tpe with several objectives are UsageErrors', () => {
    expect(() => createSampler('cmaes', DIMS, { seed: 1 })).toThrow('unknown sampler "cmaes": choose one of tpe, random, grid, nsga2');
    expect(() => createSampler('tpe', DIMS, { seed: 1, objectives: 2 })).toThrow('the tpe sampler optimizes one objective; the loss has 2: use --sampler nsga2');
    expect(() => createSampler('random', DIMS, { seed: 1.5 })).toThrow('random state (seed) must be a whole number');
    expect(() => createSampler('tpe', [], { seed: 1 })).toThrow('the search space has no dimension');
  });
});

describe('rng', () => {
  it('is xoshiro128** (reference vector) and fixed by its seed: these numbers must never change', () => {
    // Reference output of xoshiro128** from state {1, 2, 3, 4} (Blackman & Vigna's C code).
    const ref = Rng.fromState(1, 2, 3, 4);
    expect(Array.from({ length: 10 }, () => ref.nextU32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
    // Seeded through splitmix32: a regression guard for reproducible runs.
    const r = new Rng(42);
    expect([r.nextU32(), r.nextU32(), r.float()]).toEqual([660444221, 3652823732, 0.018084542542176507]);
    expect(hashInts([1, 2, 3])).toBe(hashInts([1, 2, 3]));
    expect(hashInts([1, 2, 3])).not.toBe(hashInts([1, 2, 4]));
    expect(hashInts([2 ** 40, -7])).not.toBe(hashInts([0, -7]));
    expect(trialRng(7, 1, 3).float()).toBe(trialRng(7, 1, 3).float());
    expect(trialRng(7, 1, 3).float()).not.toBe(trialRng(7, 1, 4).float());
  });

  it('draws uniformly', () => {
    const r = new Rng(3);
    const counts = [0, 0, 0, 0];
    let min = 1;
    let max = 0;
    for (let i = 0; i < 40000; i++) {
      const u = r.float();
      min = Math.min(min, u);
      max = Math.max(max, u);
      counts[r.int(4)]!++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    const w = [0, 0, 0];
    for (let i = 0; i < 30000; i++) w[r.weighted([1, 0, 2])]!++;
    expect(w[1]).toBe(0);
    expect(Math.abs(w[2]! / w[0]! - 2)).toBeLessThan(0.1);
  });
});

