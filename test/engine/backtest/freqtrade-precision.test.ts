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
