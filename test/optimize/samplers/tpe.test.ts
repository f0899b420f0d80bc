import { describe, expect, it } from 'vitest';
import { createSampler, defaultGamma, TpeSampler } from '../../../framework/optimize/samplers/index.ts';
import { defaultWeights, parzenEstimator, truncNormSample } from '../../../framework/optimize/samplers/tpe/parzen.ts';
import { splitObservations } from '../../../framework/optimize/samplers/tpe/sampler.ts';
import { Rng } from '../../../framework/optimize/samplers/rng.ts';
import { ndtr } from '../../../framework/optimize/samplers/tpe/normal.ts';
import { categoricalDim, decimalDim, intDim, realDim, type Point } from '../../../framework/optimize/spaces/dimensions.ts';
import { bestValue, median, runPool } from './pool.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Median over seeds of the best value after 100 trials. */
function medianBest(sampler: 'tpe' | 'random', dims: Parameters<typeof createSampler>[1], f: (p: Point) => number): number {
  return median(SEEDS.map((seed) => bestValue(runPool(createSampler(sampler, dims, { seed }), f, { workers: 2, trials: 100 }))));
}

describe('TPE finds better points than random search', () => {
  it('on a 2-D quadratic', () => {
    const dims = [decimalDim('x', -5, 5, 3), realDim('y', -5, 5)];
    const f = (p: Point): number => ((p['x'] as number) - 1.3) ** 2 + ((p['y'] as number) + 2.1) ** 2;
    const tpe = medianBest('tpe', dims, f);
    const random = medianBest('random', dims, f);
    expect(tpe).toBeLessThan(random / 3);
    expect(tpe).toBeLessThan(0.05);
  });

  it('on a multimodal function (2-D Rastrigin)', () => {
    const dims = [realDim('x', -5.12, 5.12), realDim('y', -5.12, 5.12)];
    const f = (p: Point): number => {
      const x = p['x'] as number;
      const y = p['y'] as number;
      return 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y);
    };
    const tpe = medianBest('tpe', dims, f);
    const random = medianBest('random', dims, f);
    expect(tpe).toBeLessThan(random * 0.7);
  });

  it('on integer and categorical dimensions', () => {
    const dims = [intDim('n', 1, 60), categoricalDim('mode', ['a', 'b', 'c', 'd', 'e', 'f'])];
    const f = (p: Point): number => Math.abs((p['n'] as number) - 37) + (p['mode'] === 'e' ? 0 : 5);
    const tpe = medianBest('tpe', dims, f);
    const random = medianBest('random', dims, f);
    expect(tpe).toBeLessThan(random);
    expect(tpe).toBeLessThanOrEqual(1);
  });
});

describe('TPE behaviour', () => {
  const dims = [realDim('x', 0, 10), categoricalDim('c', ['p', 'q'])];
  const f = (p: Point): number => ((p['x'] as number) - 3) ** 2 + (p['c'] === 'q' ? 0 : 1);

  it('starts with the random sampler’s trials', () => {
    const tpe = runPool(createSampler('tpe', dims, { seed: 9, nStartupTrials: 16, batchSize: 8 }), f, { workers: 1, trials: 16 });
    const random = runPool(createSampler('random', dims, { seed: 9 }), f, { workers: 1, trials: 16 });
    expect(tpe.params).toEqual(random.params);
  });

  it('constant liar spreads the proposals of one batch', () => {
    const spread = (constantLiar: boolean): number => {
      const run = runPool(createSampler('tpe', [realDim('x', 0, 10)], { seed: 3, batchSize: 16, nStartupTrials: 16, constantLiar }), (p) => ((p['x'] as number) - 3) ** 2, {
        workers: 16,
        trials: 32,
      });
      const xs = [...run.params].filter(([n]) => n >= 16).map(([, p]) => p['x'] as number).sort((a, b) => a - b);
      let minGap = Infinity;
      for (let i = 1; i < xs.length; i++) minGap = Math.min(minGap, xs[i]! - xs[i - 1]!);
      return minGap;
    };
    expect(spread(true)).toBeGreaterThan(spread(false));
  });

  it('skips failed trials but keeps going', () => {
    const g = (p: Point): number => ((p['x'] as number) > 6 ? NaN : f(p));
    const s = createSampler('tpe', dims, { seed: 4, batchSize: 4 });
    const run = runPool(s, g, { workers: 3, trials: 60 });
    expect(run.history).toHaveLength(60);
    expect(s.told).toBe(60);
    expect(bestValue({ ...run, history: run.history.filter((h) => Number.isFinite(h.values as number)) })).toBeLessThan(0.2);
  });

  it('is a TpeSampler with Optuna’s defaults', () => {
    const s = createSampler('tpe', dims, { seed: 1 });
    expect(s).toBeInstanceOf(TpeSampler);
    expect(s.batchSize).toBe(8);
    // gamma(n) = min(ceil(0.1 n), 25)
    expect([1, 10, 11, 100, 249, 251, 1000].map(defaultGamma)).toEqual([1, 1, 2, 10, 25, 25, 25]);
  });

  it('splits by loss, ties to the earlier trial, and keeps trial order inside each set', () => {
    const obs = [5, 1, 3, 1, 9].map((v, n) => ({ number: n, params: {}, values: [v] }));
    const { good, bad } = splitObservations(obs, 2);
    expect(good.map((o) => o.number)).toEqual([1, 3]);
    expect(bad.map((o) => o.number)).toEqual([0, 2, 4]);
  });
});

describe('Parzen estimator (Optuna’s rules)', () => {
  const opts = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false };

  it('default_weights: ones below 25, then a ramp for the oldest', () => {
    expect([...defaultWeights(3)]).toEqual([1, 1, 1]);
    // n = 30: linspace(1/30, 1, 5) then 25 ones
    const w = defaultWeights(30);
    expect(w[0]).toBeCloseTo(1 / 30, 15);
    expect(w[2]).toBeCloseTo(1 / 30 + (2 * (1 - 1 / 30)) / 4, 15);
    expect(w[4]).toBe(1);
    expect(w[29]).toBe(1);
  });

  it('continuous: kernels and bandwidths', () => {
    // Range [0, 10], observations 2 and 5, prior centre 5.
    // Sorted with ends: 0 | 2, 5, 5(prior) | 10. Widths: x=2 -> gap to the next (endpoints ignored) = 3;
    // x=5 -> max(5-2, 5-5) = 3. Magic clip: min sigma = 10 / min(100, 1 + 3 kernels) = 2.5 -> [3, 3].
    // Prior kernel: centre 5, width 10. Weights 1/3 each. Each kernel truncated to [0, 10].
    const est = parzenEstimator(realDim('x', 0, 10), new Float64Array([2, 5]), opts);
    const kernel = (x: number, mu: number, s: number): number =>
      Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)) / (ndtr((10 - mu) / s) - ndtr((0 - mu) / s));
    for (const x of [0, 1.5, 4, 9.9]) {
      const expected = (kernel(x, 2, 3) + kernel(x, 5, 3) + kernel(x, 5, 10)) / 3;
      expect(est.logPdf(new Float64Array([x]))[0]).toBeCloseTo(Math.log(expected), 12);
    }
  });

  it('discrete: probabilities of the grid values sum to one', () => {
    const dim = intDim('n', 1, 7);
    const est = parzenEstimator(dim, new Float64Array([2, 2, 6]), opts);
    const lp = est.logPdf(new Float64Array([1, 2, 3, 4, 5, 6, 7]));
    expect([...lp].reduce((a, b) => a + Math.exp(b), 0)).toBeCloseTo(1, 12);
    expect(lp[1]!).toBeGreaterThan(lp[3]!); // mass near the observations
    const dec = parzenEstimator(decimalDim('d', 0.01, 0.05, 2), new Float64Array([0.03]), opts);
    const lpd = dec.logPdf(new Float64Array([0.01, 0.02, 0.03, 0.04, 0.05]));
    expect([...lpd].reduce((a, b) => a + Math.exp(b), 0)).toBeCloseTo(1, 12);
    const samples = est.sample(new Rng(1), 500);
    for (const s of samples) expect(Number.isInteger(s) && s >= 1 && s <= 7).toBe(true);
  });

  it('categorical: observed choices weigh 1 + prior/n_kernels, the prior kernel is uniform', () => {
    // choices [a, b, c], observations a, a, c: 3 observation kernels + prior, weights 1/4 each.
    // Observation row: base 1/4 on every choice, +1 on the observed one, normalised by 1.75.
    // p(a) = 1/4·2·(1.25/1.75) + 1/4·(0.25/1.75) + 1/4·(1/3)
    const est = parzenEstimator(categoricalDim('c', ['a', 'b', 'c']), new Float64Array([0, 0, 2]), opts);
    const p = [...est.logPdf(new Float64Array([0, 1, 2]))].map(Math.exp);
    expect(p[0]).toBeCloseTo(0.25 * 2 * (1.25 / 1.75) + 0.25 * (0.25 / 1.75) + 0.25 / 3, 14);
    expect(p[1]).toBeCloseTo(0.25 * 3 * (0.25 / 1.75) + 0.25 / 3, 14);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 14);
  });

  it('truncated normal draws stay in range and follow the kernel', () => {
    const rng = new Rng(11);
    let inside = 0;
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = truncNormSample(rng, 2, 1, 0, 10);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(10);
      if (Math.abs(x - 2) < 1) inside++;
      sum += x;
    }
    // P(|x - 2| < 1 | x in [0, 10]) = (Φ(1) - Φ(-1)) / (Φ(8) - Φ(-2)) = 0.682689 / 0.977250 = 0.698582
    expect(inside / 20000).toBeCloseTo(0.6986, 1);
    // Far tail: mass on [8, 10] for N(0, 1) is tiny, but draws must still land there.
    for (let i = 0; i < 100; i++) {
      const x = truncNormSample(rng, 0, 1, 8, 10);
      expect(x).toBeGreaterThanOrEqual(8);
      expect(x).toBeLessThan(9.5);
    }
    expect(sum / 20000).toBeGreaterThan(2);
  });
});
