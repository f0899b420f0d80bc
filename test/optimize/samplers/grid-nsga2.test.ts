import { describe, expect, it } from 'vitest';
import { createSampler, GridSampler, hypervolume2d, paretoFront, selectElite } from '../../../framework/optimize/samplers/index.ts';
import { categoricalDim, decimalDim, intDim, isValidValue, realDim, type Point } from '../../../framework/optimize/spaces/dimensions.ts';
import { runPool } from './pool.ts';

describe('grid sampler', () => {
  const dims = [intDim('a', 1, 4), decimalDim('b', 0.1, 0.3, 1), categoricalDim('c', [true, false])];
  const key = (p: Point): string => JSON.stringify([p['a'], p['b'], p['c']]);

  for (const order of ['ordered', 'shuffled'] as const) {
    it(`visits every combination exactly once (${order}), then stops`, () => {
      const s = createSampler('grid', dims, { seed: 3, order });
      const run = runPool(s, () => 0, { workers: 3, trials: 1000 });
      // 4 · 3 · 2 = 24 combinations
      expect(run.history).toHaveLength(24);
      const seen = new Set([...run.params.values()].map(key));
      expect(seen.size).toBe(24);
      for (const a of [1, 2, 3, 4]) for (const b of [0.1, 0.2, 0.3]) for (const c of [true, false]) expect(seen.has(JSON.stringify([a, b, c]))).toBe(true);
      expect(s.exhausted).toBe(true);
      expect(s.ask()).toBeNull();
    });
  }

  it('ordered walks like an odometer; shuffled depends on the seed only', () => {
    const ordered = runPool(createSampler('grid', dims, { seed: 1, order: 'ordered' }), () => 0, { workers: 1, trials: 4 });
    expect([...ordered.params.values()].map(key)).toEqual(['[1,0.1,true]', '[1,0.1,false]', '[1,0.2,true]', '[1,0.2,false]']);
    const s1 = runPool(createSampler('grid', dims, { seed: 1 }), () => 0, { workers: 1, trials: 24 });
    const s2 = runPool(createSampler('grid', dims, { seed: 2 }), () => 0, { workers: 1, trials: 24 });
    expect([...s1.params.values()].map(key)).not.toEqual([...s2.params.values()].map(key));
  });

  it('cuts continuous dimensions into evenly spaced points and refuses huge grids', () => {
    const g = new GridSampler([realDim('r', 0, 1)], { seed: 1, order: 'ordered', continuousPoints: 5 });
    expect(g.size).toBe(5);
    const vals = runPool(g, () => 0, { workers: 1, trials: 10 }).history.map((h) => h.params['r']);
    expect(vals).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const huge = Array.from({ length: 9 }, (_, i) => decimalDim(`d${i}`, 0, 1, 3));
    expect(() => createSampler('grid', huge, { seed: 1 })).toThrow(/grid: the search space has 1\.01e\+27 combinations .* too many to enumerate: use --sampler tpe or random/);
  });
});

describe('NSGA-II', () => {
  // ZDT1 (Zitzler, Deb & Thiele 2000) with 10 variables in [0, 1]:
  //   f1 = x1, g = 1 + 9·Σ(x2..x10)/9, f2 = g·(1 - sqrt(f1/g)).
  // Its Pareto front is f2 = 1 - sqrt(f1) (at g = 1); the area it dominates up to the reference (1, 1) is
  // ∫0..1 (1 - (1 - sqrt(x))) dx = ∫ sqrt(x) dx = 2/3.
  const n = 10;
  const dims = Array.from({ length: n }, (_, i) => realDim(`x${i}`, 0, 1));
  const zdt1 = (p: Point): number[] => {
    const x = dims.map((d) => p[d.name] as number);
    const f1 = x[0]!;
    let s = 0;
    for (let i = 1; i < n; i++) s += x[i]!;
    const g = 1 + (9 * s) / (n - 1);
    return [f1, g * (1 - Math.sqrt(f1 / g))];
  };
  const hv = (name: 'nsga2' | 'random', seed: number): number => {
    const run = runPool(createSampler(name, dims, { seed, objectives: 2, populationSize: 40 }), zdt1, { workers: 4, trials: 4000 });
    const values = run.history.map((h) => h.values as number[]);
    return hypervolume2d(paretoFront(values).map((i) => values[i]!), [1, 1]);
  };

  it('finds a good Pareto front on ZDT1', () => {
    for (const seed of [1, 2, 3]) {
      const v = hv('nsga2', seed);
      expect(v).toBeGreaterThan(0.64); // the true front: 2/3
      expect(v).toBeLessThanOrEqual(2 / 3 + 1e-9);
    }
    expect(hv('random', 1)).toBeLessThan(0.3);
  });

  it('handles integer, decimal and categorical genes', () => {
    const mixed = [intDim('n', 1, 9), decimalDim('d', 0, 1, 2), categoricalDim('c', ['x', 'y', 'z'])];
    const f = (p: Point): number[] => [Math.abs((p['n'] as number) - 3) + (p['c'] === 'y' ? 0 : 1), Math.abs((p['d'] as number) - 0.4)];
    const run = runPool(createSampler('nsga2', mixed, { seed: 5, objectives: 2, populationSize: 10 }), f, { workers: 2, trials: 200 });
    for (const p of run.params.values()) for (const d of mixed) expect(isValidValue(d, p[d.name])).toBe(true);
    const values = run.history.map((h) => h.values as number[]);
    const best = paretoFront(values).map((i) => values[i]!);
    expect(best).toContainEqual([0, 0]);
  });

  it('elite selection keeps whole fronts, then the most isolated of the next', () => {
    const obs = [
      [1, 5],
      [2, 3],
      [3, 4],
      [4, 1],
      [5, 5],
      [3.5, 3.5],
    ].map((v, number) => ({ number, params: {}, values: v }));
    // Front 0: 0, 1, 3 (and (3.5, 3.5)? it is dominated by (2, 3)); front 1: 2, 5; front 2: 4.
    // Size 4: front 0 fits (3), then one of front 1 — both are its ends (infinite distance): the lower number, 2.
    expect(selectElite(obs, 4).map((o) => o.number)).toEqual([0, 1, 3, 2]);
    expect(selectElite(obs, 3).map((o) => o.number)).toEqual([0, 1, 3]);
  });
});
