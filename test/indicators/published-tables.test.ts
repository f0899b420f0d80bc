/**
 * Published indicator tables (../shared/data/pyalgotrade): StockCharts' SMA(10), EMA(10) and
 * RSI(14) examples and NinjaTrader's SMA(15) export. Each is checked row by row at the
 * precision it was printed with; empty Expected cells must be our NaN warm-up rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ema, rsi, sma } from '../../framework/indicators/index.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';

interface Table {
  input: Float64Array;
  expected: Float64Array; // NaN where the cell is empty
  decimals: number[]; // printed decimals of each expected cell
}

function readTable(name: string): Table {
  const lines = readFileSync(sharedDataPath('pyalgotrade', name), 'utf8').split('\n').filter((l) => l.trim() !== '');
  expect(lines[0]!.trim()).toBe('Input,Expected');
  const rows = lines.slice(1).map((l) => l.trim().split(','));
  return {
    input: Float64Array.from(rows, (r) => Number(r[0])),
    expected: Float64Array.from(rows, (r) => (r[1] === undefined || r[1] === '' ? NaN : Number(r[1]))),
    decimals: rows.map((r) => (r[1]?.includes('.') ? r[1].split('.')[1]!.length : 0)),
  };
}

/**
 * `relFloor`: NinjaTrader prints its own float sums to ~15 significant digits, whose last
 * digit differs from any other summation order, so that table also allows 1e-12 relative.
 */
function expectMatchesTable(ours: Float64Array, t: Table, relFloor = 0): number {
  expect(ours.length).toBe(t.input.length);
  let checked = 0;
  for (let i = 0; i < ours.length; i++) {
    const want = t.expected[i]!;
    if (Number.isNaN(want)) {
      expect(Number.isNaN(ours[i]!), `row ${i} should be warm-up`).toBe(true);
      continue;
    }
    // Half a unit in the last printed place, plus a hair for the decimal representation.
    const tol = Math.max(0.5 * 10 ** -t.decimals[i]! * (1 + 1e-9), relFloor * Math.abs(want));
    expect(Math.abs(ours[i]! - want), `row ${i}: ours ${ours[i]} vs ${want}`).toBeLessThanOrEqual(tol);
    checked++;
  }
  return checked;
}

describe('published tables', () => {
  it('StockCharts SMA(10), printed to 2 decimals', () => {
    const t = readTable('sc-sma-10.csv');
    expect(expectMatchesTable(sma(t.input, 10), t)).toBe(t.input.length - 9);
  });

  it('StockCharts EMA(10) seeded with the SMA of the first 10, printed to 5 decimals', () => {
    const t = readTable('sc-ema-10.csv');
    expect(expectMatchesTable(ema(t.input, 10), t)).toBe(t.input.length - 9);
  });

  it('NinjaTrader SMA(15) export (250 values)', () => {
    const t = readTable('nt-sma-15.csv');
    expect(t.input.length).toBe(250);
    expect(expectMatchesTable(sma(t.input, 15), t, 1e-12)).toBe(250 - 14);
  });

  it('StockCharts RSI(14), Wilder smoothing, printed to 8 decimals', () => {
    const t = readTable('rsi-test.csv');
    expect(expectMatchesTable(rsi(t.input, 14), t)).toBe(t.input.length - 14);
  });
});
