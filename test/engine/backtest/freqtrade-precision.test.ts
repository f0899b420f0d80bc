import { describe, expect, it } from 'vitest';
import {
  amountToPrecision,
  decimalMul,
  decimalValueWithFee,
  priceToPrecision,
  round8,
  ROUND_DOWN,
  ROUND_HALF_UP,
  ROUND_UP,
} from '../../../framework/engine/trade-manager/freqtrade-precision.ts';

describe("Freqtrade's decimal rounding", () => {
  it('rounds prices on their decimal digits, as Freqtrade / ccxt do with str(price)', () => {
    // 0.1 * 3 prints as 0.30000000000000004: Freqtrade rounds that string UP to 0.31.
    expect(priceToPrecision(0.1 * 3, 0.01, ROUND_UP)).toBe(0.31);
    expect(priceToPrecision(0.1 * 3, 0.01, ROUND_DOWN)).toBe(0.3);
    expect(priceToPrecision(90, 0.01, ROUND_UP)).toBe(90);
    expect(priceToPrecision(107.8049, 0.01, ROUND_HALF_UP)).toBe(107.8);
    expect(priceToPrecision(107.805, 0.01, ROUND_HALF_UP)).toBe(107.81);
    expect(priceToPrecision(17100.0001, 0.5, ROUND_UP)).toBe(17100.5);
    expect(priceToPrecision(1.23456789e-5, 1e-8, ROUND_DOWN)).toBe(0.00001234);
    expect(priceToPrecision(123.45, undefined, ROUND_UP)).toBe(123.45);
  });

  it('truncates amounts to the lot on the decimal value (the double nearest 0.03 stays 0.03)', () => {
    expect(amountToPrecision(0.03, 0.00001)).toBe(0.03);
    expect(amountToPrecision(1000 / 101, 1e-8)).toBe(9.90099009);
    expect(amountToPrecision(0.029999999999999, 0.00001)).toBe(0.02999);
    expect(amountToPrecision(5, 10)).toBe(0);
  });

  it('round8 is float(f"{x:.8f}"): correctly rounded, ties to even', () => {
    expect(round8(0.123456785)).toBe(Number((0.123456785).toFixed(8)));
    expect(round8(-0.0015048395510640488)).toBe(-0.00150484);
    // 1/512 = 0.001953125 is an exact tie at 8 decimals: Python gives ...12, JavaScript's toFixed ...13.
    expect(round8(1 / 512)).toBe(0.00195312);
    expect(round8(3 / 512)).toBe(0.00585938);
  });

  it('multiplies exactly in decimals, like ccxt Precise', () => {
    expect(0.07 * 100).toBe(7.000000000000001);
    expect(decimalMul(0.07, 100)).toBe(7);
    expect(decimalValueWithFee(10, 110, 0.001, -1)).toBe(1098.9);
    expect(decimalValueWithFee(10, 100, 0.001, 1)).toBe(1001);
  });
});

/** Freqtrade's rule done the slow way: String(x) digits, BigInt arithmetic, no fast path. */
function referencePriceToPrecision(price: number, tick: number, mode: number): number {
  const dec = (x: number): { d: bigint; s: number } => {
    const str = String(x);
    const e = str.indexOf('e');
    const mant = e < 0 ? str : str.slice(0, e);
    const exp = e < 0 ? 0 : Number(str.slice(e + 1));
    const dot = mant.indexOf('.');
    const frac = dot < 0 ? '' : mant.slice(dot + 1);
    let d = BigInt((dot < 0 ? mant : mant.slice(0, dot)) + frac);
    let s = frac.length - exp;
    if (s < 0) {
      d *= 10n ** BigInt(-s);
      s = 0;
    }
    return { d, s };
  };
  const p = dec(price);
  const t = dec(tick);
  const scale = Math.max(p.s, t.s);
  const pd = p.d * 10n ** BigInt(scale - p.s);
  const td = t.d * 10n ** BigInt(scale - t.s);
  const rem = pd % td;
  if (rem === 0n) return price;
  const down = pd - rem;
  const out = mode === ROUND_DOWN ? down : mode === ROUND_UP ? down + td : rem * 2n >= td ? down + td : down;
  const digits = out.toString().padStart(scale + 1, '0');
  return Number(scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

describe('priceToPrecision next to grid points and half steps (stops such as 0.9 x a cent price)', () => {
  it('agrees with the digit-by-digit rule on prices a hair off, on, and halfway between grid points', () => {
    let seed = 99;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const ticks = [0.01, 0.5, 0.25, 1e-8, 0.001, 5, 0.05, 0.1, 1, 0.0001];
    let checked = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      const tick = ticks[i % ticks.length]!;
      const k = Math.floor(rnd() * 10 ** (2 + Math.floor(rnd() * 7))) + 1;
      const onGrid = priceToPrecision(k * tick, tick, ROUND_HALF_UP);
      const kind = i % 6;
      const x =
        kind === 0 ? onGrid * (1 - [0.1, 0.01, 0.05, 0.02][i % 4]!)
        : kind === 1 ? onGrid * (1 + [0.1, 0.01, 0.05][i % 3]!)
        : kind === 2 ? onGrid + tick / 2
        : kind === 3 ? onGrid * (1 + (rnd() - 0.5) * 1e-12)
        : kind === 4 ? (onGrid + tick / 2) * (1 + (rnd() - 0.5) * 1e-13)
        : onGrid;
      for (const mode of [ROUND_DOWN, ROUND_UP, ROUND_HALF_UP] as const) {
        checked++;
        const got = priceToPrecision(x, tick, mode);
        const want = referencePriceToPrecision(x, tick, mode);
        if (!Object.is(got, want) && wrong.length < 5) wrong.push(`${x} tick ${tick} mode ${mode}: ${got}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(120_000);
    // The cases that made the fast path necessary: 0.9 x 19000.00 prints as 17100.000000000004.
    expect(priceToPrecision(19000 * 0.9, 0.01, ROUND_UP)).toBe(referencePriceToPrecision(19000 * 0.9, 0.01, ROUND_UP));
  });
});
