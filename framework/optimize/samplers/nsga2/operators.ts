import type { Rng } from '../rng.ts';

/**
 * NSGA-II's variation operators on one gene normalised to [0, 1] (the dimension's range
 * mapped linearly): simulated binary crossover (Deb & Agrawal 1995) in the bounded,
 * one-child form Optuna uses, and Deb's bounded polynomial mutation.
 */

/**
 * SBX for one gene of two parents, bounded to [0, 1]: the spread factor is drawn so the two
 * would-be children c1 < c2 stay in bounds; with probability 1/2 the child takes c1 or c2,
 * otherwise it inherits x1 or x2 (Optuna's one-child version of the two-child operator).
 */
export function sbxGene(rng: Rng, x1: number, x2: number, eta: number): number {
  const lo = Math.min(x1, x2);
  const hi = Math.max(x1, x2);
  const diff = Math.max(hi - lo, 1e-10);
  const beta1 = 1 + (2 * lo) / diff;
  const beta2 = 1 + (2 * (1 - hi)) / diff;
  const alpha1 = 2 - beta1 ** -(eta + 1);
  const alpha2 = 2 - beta2 ** -(eta + 1);
  const u = rng.float();
  const betaq = (alpha: number): number => (u > 1 / alpha ? (1 / (2 - u * alpha)) ** (1 / (eta + 1)) : (u * alpha) ** (1 / (eta + 1)));
  const c1 = 0.5 * (lo + hi - betaq(alpha1) * diff);
  const c2 = 0.5 * (lo + hi + betaq(alpha2) * diff);
  let child: number;
  if (rng.float() < 0.5) child = rng.float() < 0.5 ? c1 : c2;
  else child = rng.float() < 0.5 ? x1 : x2;
  return Math.min(1, Math.max(0, child));
}

/** Deb's polynomial mutation of a gene in [0, 1] with distribution index eta. */
export function polynomialMutation(rng: Rng, y: number, eta: number): number {
  const r = rng.float();
  const pow = 1 / (eta + 1);
  let deltaq: number;
  if (r < 0.5) {
    const xy = 1 - y;
    const val = 2 * r + (1 - 2 * r) * xy ** (eta + 1);
    deltaq = val ** pow - 1;
  } else {
    const xy = y;
    const val = 2 * (1 - r) + 2 * (r - 0.5) * xy ** (eta + 1);
    deltaq = 1 - val ** pow;
  }
  return Math.min(1, Math.max(0, y + deltaq));
}
