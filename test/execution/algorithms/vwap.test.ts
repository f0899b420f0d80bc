import { describe, expect, it } from 'vitest';
import { weightedSlices } from '../../../framework/execution/algorithms/slicing.ts';
import { intradayVolumeProfile, profileMass } from '../../../framework/execution/algorithms/volume-profile.ts';
import type { Instrument } from '../../../framework/execution/types.ts';
import { BTC, MIN, PAIR, binanceBtc5m, setup } from './helpers.ts';

const HOUR = 60 * MIN;
const DEC1 = Date.UTC(2023, 11, 1);
const FINE: Instrument = { ...BTC, lotSize: 0.00001, minQuantity: 0.00001 };

describe('intraday volume profile (Binance BTC/USDT 5m 2023)', () => {
  const candles = binanceBtc5m();

  it('is the share of volume per UTC hour, checked against a direct sum', () => {
    const p = intradayVolumeProfile(candles, HOUR, { to: DEC1 });
    const byHour = new Array<number>(24).fill(0);
    let total = 0;
    let n = 0;
    for (let i = 0; i < candles.timestamp.length; i++) {
      const t = candles.timestamp[i]!;
      if (t >= DEC1) break;
      byHour[new Date(t).getUTCHours()]! += candles.volume[i]!;
      total += candles.volume[i]!;
      n++;
    }
    expect(p.candles).toBe(n);
    for (let h = 0; h < 24; h++) expect(p.shares[h]).toBeCloseTo(byHour[h]! / total, 12);
    expect(p.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Not flat: the busiest hour (15:00 UTC) trades 2.5 times the quietest (04:00 UTC).
    expect(p.shares.indexOf(Math.max(...p.shares))).toBe(15);
    expect(p.shares.indexOf(Math.min(...p.shares))).toBe(4);
    expect(Math.max(...p.shares) / Math.min(...p.shares)).toBeGreaterThan(2.4);
    // Mass over an interval: a whole day is 1, half an hour is half its bucket, midnight wraps.
    expect(profileMass(p, DEC1, DEC1 + 24 * HOUR)).toBeCloseTo(1, 12);
    expect(profileMass(p, DEC1 + 14 * HOUR, DEC1 + 14.5 * HOUR)).toBeCloseTo(p.shares[14]! / 2, 12);
    expect(profileMass(p, DEC1 - HOUR, DEC1 + HOUR)).toBeCloseTo(p.shares[23]! + p.shares[0]!, 12);
  });

  it('refuses a bucket shorter than the candles or one that does not divide a day', () => {
    expect(() => intradayVolumeProfile(candles, MIN)).toThrow(/longer than the bucket/);
    expect(() => intradayVolumeProfile(candles, 7 * MIN)).toThrow(/divide a day/);
  });
});

describe('VWAP on real data', () => {
  const candles = binanceBtc5m();
  const profile = intradayVolumeProfile(candles, HOUR, { to: DEC1 });
  const first = candles.timestamp.indexOf(DEC1);

  it('sizes hourly slices by the historical hourly volume share, within one lot, summing exactly', () => {
    const h = setup({ instrument: FINE, start: DEC1 });
    const vwap = h.algos.vwap({ instrumentId: PAIR, side: 'buy', quantity: 2.4, durationMs: 24 * HOUR, profile });
    const { times, lots, end } = vwap.schedule();
    expect(times).toEqual(Array.from({ length: 24 }, (_, k) => DEC1 + k * HOUR));
    expect(end).toBe(DEC1 + 24 * HOUR);
    // The window is one whole day starting at midnight: slice k's weight is hour k's share.
    for (let k = 0; k < 24; k++) {
      expect(vwap.weights[k]).toBeCloseTo(profile.shares[k]!, 12);
      expect(Math.abs(lots[k]! - 240_000 * profile.shares[k]!)).toBeLessThanOrEqual(1);
    }
    expect(lots.reduce((a, b) => a + b, 0)).toBe(240_000);
    expect(lots).toEqual(weightedSlices(240_000, profile.shares));
    // The biggest slice is in the busiest hour.
    expect(lots.indexOf(Math.max(...lots))).toBe(profile.shares.indexOf(Math.max(...profile.shares)));
  });

  it('a window starting mid-hour weights its partial hours pro rata', () => {
    const h = setup({ instrument: FINE, start: DEC1 + 30 * MIN });
    const vwap = h.algos.vwap({ instrumentId: PAIR, side: 'sell', quantity: 1, durationMs: 2 * HOUR, profile, sliceMs: HOUR });
    // Slices [00:30, 01:30) and [01:30, 02:30): half of hour 0 + half of hour 1, half of hour 1 + half of hour 2.
    const a = (profile.shares[0]! + profile.shares[1]!) / 2;
    const b = (profile.shares[1]! + profile.shares[2]!) / 2;
    expect(vwap.weights[0]).toBeCloseTo(a / (a + b), 12);
    expect(vwap.weights[1]).toBeCloseTo(b / (a + b), 12);
  });

  it('trades the day of 2023-12-01 on the real candles: fills at each hour open, report against the last close before', () => {
    const h = setup({ instrument: FINE, start: DEC1 - 5 * MIN });
    h.replay(candles, first - 1, first); // the last candle of 30 Nov: its close is the arrival price
    const arrival = candles.close[first - 1]!;
    h.clock.advanceTo(DEC1);
    const vwap = h.algos.vwap({ instrumentId: PAIR, side: 'buy', quantity: 2.4, durationMs: 24 * HOUR, profile });
    h.replay(candles, first, first + 288);
    const { lots } = vwap.schedule();
    let notional = 0;
    for (let k = 0; k < 24; k++) {
      const i = first + 12 * k; // the 5m candle opening at hour k
      expect(candles.timestamp[i]).toBe(DEC1 + k * HOUR);
      notional += lots[k]! * 0.00001 * candles.open[i]!;
    }
    const avg = notional / 2.4;
    const r = vwap.report();
    expect(r).toMatchObject({ status: 'COMPLETED', filledQuantity: 2.4, slicesSent: 24, slicesFilled: 24, arrivalPrice: arrival });
    expect(r.averageFillPrice).toBeCloseTo(avg, 8);
    expect(r.shortfallBps).toBeCloseTo(((avg - arrival) / arrival) * 10_000, 6);
    expect(h.submits.every((s) => s.execAlgorithmId === 'VWAP' && s.execAlgorithmParentId === vwap.parentId)).toBe(true);
  });
});
