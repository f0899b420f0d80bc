import { describe, expect, it } from 'vitest';
import { crowdingDistance, dominates, hypervolume2d, nonDominatedSort, paretoFront } from '../../../framework/optimize/samplers/pareto.ts';
import { erfc, logGaussMass, logNdtr, ndtr, ndtri } from '../../../framework/optimize/samplers/tpe/normal.ts';

describe('normal distribution', () => {
  it('erfc and Φ match reference values', () => {
    // Reference values from scipy.special.erfc / scipy.stats.norm.cdf.
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 15);
    expect(erfc(2.4) / 6.885138966450786e-4).toBeCloseTo(1, 12);
    expect(erfc(2.6) / 2.360344165293492e-4).toBeCloseTo(1, 13);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 13);
    expect(erfc(10) / 2.088487583762545e-45).toBeCloseTo(1, 13);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 15);
    expect(ndtr(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(ndtr(0)).toBe(0.5);
  });

  it('log Φ stays finite far in the tail', () => {
    // log Φ(-40) = -804.6084420137538 (scipy.special.log_ndtr)
    expect(logNdtr(-40)).toBeCloseTo(-804.6084420137538, 9);
    expect(logNdtr(-10)).toBeCloseTo(Math.log(7.619853024160527e-24), 12);
    expect(logNdtr(3)).toBeCloseTo(Math.log(0.9986501019683699), 15);
  });

  it('ndtri inverts Φ', () => {
    for (const p of [1e-300, 1e-20, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.975, 0.99999]) {
      expect(ndtr(ndtri(p)) / p).toBeCloseTo(1, 12);
    }
    expect(ndtri(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(ndtri(0)).toBe(-Infinity);
  });

  it('log Gauss mass is symmetric and exact in both tails', () => {
    expect(logGaussMass(-1, 1)).toBeCloseTo(Math.log(0.6826894921370859), 14);
    expect(logGaussMass(30, 31)).toBeCloseTo(logGaussMass(-31, -30), 10);
    expect(Number.isFinite(logGaussMass(30, 31))).toBe(true);
    expect(logGaussMass(2, 2)).toBe(-Infinity);
  });
});

describe('Pareto tools', () => {
  // Points: 0 (1,5), 1 (2,3), 2 (3,4), 3 (4,1), 4 (5,5)
  const pts = [
    [1, 5],
    [2, 3],
    [3, 4],
    [4, 1],
    [5, 5],
  ];

  it('non-dominated sorting', () => {
    expect(dominates([2, 3], [3, 4])).toBe(true);
    expect(dominates([2, 3], [2, 3])).toBe(false);
    // Front 0: 0, 1, 3; (3,4) is dominated by (2,3); (5,5) by (3,4) too.
    expect(nonDominatedSort(pts)).toEqual([[0, 1, 3], [2], [4]]);
    expect(paretoFront(pts)).toEqual([0, 1, 3]);
  });

  it('crowding distance', () => {
    // Front 0 by objective 1: 0(1), 1(2), 3(4): ends infinite; point 1: (4 - 1) / (4 - 1) = 1.
    // By objective 2: 3(1), 1(3), 0(5): point 1: (5 - 1) / (5 - 1) = 1. Total 2.
    expect([...crowdingDistance(pts, [0, 1, 3])]).toEqual([Infinity, 2, Infinity]);
  });

  it('2-D hypervolume', () => {
    // Reference (6, 6): (6-1)(6-5) + (6-2)(5-3) + (6-4)(3-1) = 5 + 8 + 4 = 17; dominated points add nothing.
    expect(hypervolume2d(pts, [6, 6])).toBe(17);
    expect(hypervolume2d([[7, 0]], [6, 6])).toBe(0);
  });
});
