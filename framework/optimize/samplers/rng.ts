/**
 * A small seeded PRNG (xoshiro128**, Blackman & Vigna) built from 32-bit integer operations
 * only (Math.imul, shifts), so the same seed gives the same numbers on every platform and
 * Node version. Seeds are expanded with splitmix32.
 *
 * Samplers never share one generator across trials: each trial draws from its own stream,
 * `trialRng(seed, salt, trialNumber)`, so what trial k gets does not depend on how many
 * trials were asked before it, by whom, or in which order.
 */

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let t = state.s ^ (state.s >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  return (t ^ (t >>> 15)) >>> 0;
}

/** murmur3's finaliser: a good 32-bit avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hash a list of integers (any safe integers, negative too) to 32 bits. */
export function hashInts(values: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`rng: ${v} is not a safe integer`);
    const lo = v >>> 0;
    const hi = Math.floor(v / 4294967296) >>> 0;
    h = fmix32(h ^ lo);
    h = fmix32((h + 0x9e3779b9) ^ hi);
  }
  return h;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed32: number) {
    const st = { s: seed32 | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A generator with the given raw state (for checking against the reference test vectors). */
  static fromState(a: number, b: number, c: number, d: number): Rng {
    const r = new Rng(0);
    r.a = a | 0;
    r.b = b | 0;
    r.c = c | 0;
    r.d = d | 0;
    return r;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in (0, 1): never exactly 0 (for inverse-CDF sampling). */
  floatOpen(): number {
    let u = this.float();
    while (u === 0) u = this.float();
    return u;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.float() * n));
  }

  /** Index drawn with probabilities proportional to `weights` (non-negative, not all zero). */
  weighted(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i]!;
    let u = this.float() * sum;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    // Rounding left a sliver at the end: the last index with a positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The stream of one trial: depends only on the run's seed, the sampler's salt and the trial number. */
export function trialRng(seed: number, salt: number, trialNumber: number): Rng {
  return new Rng(hashInts([seed, salt, trialNumber]));
}

/** Salts that keep the samplers' streams apart (so tpe's random start-up differs from random's). */
export const SALT = { random: 1, tpe: 2, nsga2: 3, grid: 4 } as const;
