import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocateCandles, sliceCandles, type Candles } from '../../framework/data/candles.ts';
import { importCandles } from '../../framework/data/importers/index.ts';
import { checkCandles, type QualityFinding, type QualityOptions } from '../../framework/data/quality.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';

const M5 = 300_000;
const brief = (fs: QualityFinding[]): string[] => fs.map((f) => `${f.check}@${f.row}`);

let btc: Candles;
let eth: Candles;
beforeAll(async () => {
  btc = await importCandles(sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather'));
  eth = await importCandles(sharedDataPath('binance_5m_2023', 'ETH_USDT-5m.feather'));
});

function copy(c: Candles): Candles {
  return {
    timestamp: Float64Array.from(c.timestamp),
    open: Float64Array.from(c.open),
    high: Float64Array.from(c.high),
    low: Float64Array.from(c.low),
    close: Float64Array.from(c.close),
    volume: Float64Array.from(c.volume),
  };
}

/** Rows [0, 2000) of BTC/USDT 5m: 2023-01-01 .. 2023-01-07, clean. */
const sample = (): Candles => copy(sliceCandles(btc, 0, 2000));

function removeRows(c: Candles, from: number, to: number): Candles {
  const n = c.timestamp.length - (to - from);
  const out = allocateCandles(n);
  for (const col of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) {
    out[col].set(c[col].subarray(0, from), 0);
    out[col].set(c[col].subarray(to), from);
  }
  return out;
}

function insertCopy(c: Candles, at: number, ofRow: number): Candles {
  const n = c.timestamp.length + 1;
  const out = allocateCandles(n);
  for (const col of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) {
    out[col].set(c[col].subarray(0, at), 0);
    out[col][at] = c[col][ofRow]!;
    out[col].set(c[col].subarray(at), at + 1);
  }
  return out;
}

describe('real data: Binance 5m 2023', () => {
  for (const [name, get] of [['BTC/USDT', () => btc], ['ETH/USDT', () => eth]] as const) {
    it(`${name}: exactly one finding, the 16-candle gap at 2023-03-24 12:40`, () => {
      const r = checkCandles(get(), M5);
      expect(r.findings).toEqual([
        {
          check: 'gap',
          severity: 'warning',
          row: 23768,
          timestamp: '2023-03-24T14:00:00.000Z',
          message: '16 missing candles from 2023-03-24T12:40:00.000Z to 2023-03-24T13:55:00.000Z',
          start: '2023-03-24T12:40:00.000Z',
          end: '2023-03-24T13:55:00.000Z',
          missing: 16,
        },
      ]);
      expect([r.errors, r.warnings, r.gaps, r.missingCandles, r.rows]).toEqual([0, 1, 1, 16, 104_816]);
      expect([r.first, r.last]).toEqual(['2023-01-01T00:00:00.000Z', '2023-12-30T23:55:00.000Z']);
    });
  }

  it('a lower stale-run threshold surfaces the outage: 14 flat zero-volume candles before the gap', () => {
    const r = checkCandles(btc, M5, { staleRunLength: 10 });
    const stale = r.findings.filter((f) => f.check === 'stale_run');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ row: 23754, endRow: 23767, length: 14, value: 28080, timestamp: '2023-03-24T11:30:00.000Z' });
  });

  it('the 2023-08-17 crash candle (-8.7% in 5 min) is real: below the default, found at a 0.08 threshold', () => {
    const r = checkCandles(btc, M5, { maxLogReturn: 0.08 });
    const out = r.findings.filter((f) => f.check === 'outlier_return');
    expect(out.map((f) => f.timestamp)).toEqual(['2023-08-17T21:40:00.000Z']);
  });
});

describe('real data: other series', () => {
  it('Binance BTC/USDT 1h 2017-2024: the README\'s 28 irregular steps are 28 gaps, nothing else', async () => {
    const r = checkCandles(await importCandles(sharedDataPath('binance_1h', 'BTC_USDT-1h.feather')), 3_600_000);
    expect(r.errors).toBe(0);
    expect(r.counts.gap).toBe(28);
    expect(r.warnings).toBe(28);
  });

  it('ADA/BTC 5m: the gaps the README lists (steps of 10, 25 and 170 min)', async () => {
    const r = checkCandles(await importCandles(sharedDataPath('freqtrade_testdata', 'ADA_BTC-5m.json')), M5);
    expect(r.errors).toBe(0);
    expect(new Set(r.findings.map((f) => f.missing))).toEqual(new Set([1, 4, 33]));
  });

  it('pyalgotrade ORCL 2000 (not split-adjusted): the two 2:1 splits show as outlier returns', async () => {
    const r = checkCandles(await importCandles(sharedDataPath('pyalgotrade', 'orcl-2000-yahoofinance.csv')), 86_400_000);
    const out = r.findings.filter((f) => f.check === 'outlier_return');
    expect(out.map((f) => f.timestamp)).toEqual(['2000-01-19T00:00:00.000Z', '2000-10-13T00:00:00.000Z']);
    expect(r.errors).toBe(0);
  });

  it('the json.gz sample named 8m holds 1m candles: rows off the 8m grid are errors', async () => {
    const r = checkCandles(await importCandles(sharedDataPath('freqtrade_testdata', 'UNITTEST_BTC-8m.json.gz')), 8 * 60_000);
    expect(r.counts.misaligned).toBeGreaterThan(10_000);
    expect(r.findings[0]).toMatchObject({ check: 'misaligned', row: 0, severity: 'error' });
  });

  it('no errors and no stale runs or outliers with default thresholds on the other real files', async () => {
    const files: [string, number][] = [
      ['freqtrade_testdata/ETH_BTC-5m.json', M5],
      ['freqtrade_testdata/LTC_BTC-5m.json', M5],
      ['freqtrade_testdata/XRP_ETH-1m.json', 60_000],
      ['freqtrade_testdata/XRP_ETH-5m.json', M5],
      ['freqtrade_testdata/UNITTEST_BTC-1m.json', 60_000],
      ['freqtrade_testdata/UNITTEST_BTC-30m.json', 1_800_000],
      ['backtrader/orcl-1995-2014.txt', 86_400_000],
      ['backtrader/nvda-1999-2014.txt', 86_400_000],
      ['backtrader/yhoo-1996-2015.txt', 86_400_000],
      ['backtrader/2006-day-001.txt', 86_400_000],
      ['pyalgotrade/nt-spy-minute-2011.csv', 60_000],
    ];
    for (const [file, tf] of files) {
      const r = checkCandles(await importCandles(sharedDataPath(file)), tf);
      expect({ file, errors: r.errors, warnings: r.warnings - r.counts.gap }).toEqual({ file, errors: 0, warnings: 0 });
    }
  });
});

describe('planted faults are found at the right row, and nothing else', () => {
  it('the clean sample has no findings', () => {
    expect(checkCandles(sample(), M5).findings).toEqual([]);
  });

  it('unsorted: two rows swapped', () => {
    const c = sample();
    for (const col of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) {
      [c[col][100], c[col][101]] = [c[col][101]!, c[col][100]!];
    }
    const r = checkCandles(c, M5);
    expect(brief(r.findings)).toEqual(['unsorted@101']);
    expect(r.findings[0]!.severity).toBe('error');
  });

  it('duplicate: a row repeated', () => {
    const r = checkCandles(insertCopy(sample(), 201, 200), M5);
    expect(brief(r.findings)).toEqual(['duplicate@201']);
    expect(r.findings[0]!.message).toBe('timestamp 2023-01-01T16:40:00.000Z also on row 200');
  });

  it('duplicate and unsorted together: found in time order', () => {
    const c = sample();
    const moved = insertCopy(c, 50, 300); // row 50 repeats row 300 (time 2023-01-02 01:00), out of order
    const r = checkCandles(moved, M5);
    expect(brief(r.findings)).toEqual(['unsorted@51', 'duplicate@301']);
  });

  it('gap: three rows removed', () => {
    const r = checkCandles(removeRows(sample(), 300, 303), M5);
    expect(r.findings).toMatchObject([{ check: 'gap', row: 300, missing: 3, start: '2023-01-02T01:00:00.000Z', end: '2023-01-02T01:10:00.000Z' }]);
    expect([r.gaps, r.missingCandles, r.errors]).toEqual([1, 3, 0]);
  });

  it('misaligned: a timestamp one minute off the 5m grid (and no fake gap around it)', () => {
    const c = sample();
    c.timestamp[400] = c.timestamp[400]! + 60_000;
    expect(brief(checkCandles(c, M5).findings)).toEqual(['misaligned@400']);
  });

  it('invalid prices: NaN close, zero open, negative low, infinite high', () => {
    const c = sample();
    c.close[500] = NaN;
    c.open[510] = 0;
    c.low[520] = -1;
    c.high[530] = Infinity;
    const r = checkCandles(c, M5);
    expect(r.findings.map((f) => `${f.check}@${f.row}:${f.column}`)).toEqual([
      'invalid_price@500:close',
      'invalid_price@510:open',
      'invalid_price@520:low',
      'invalid_price@530:high',
    ]);
  });

  it('high below max(open, close)', () => {
    const c = sample();
    const i = 600;
    const top = Math.max(c.open[i]!, c.close[i]!);
    expect(c.low[i]!).toBeLessThan(top);
    c.high[i] = (top + c.low[i]!) / 2;
    expect(brief(checkCandles(c, M5).findings)).toEqual(['high_below_open_close@600']);
  });

  it('low above min(open, close)', () => {
    const c = sample();
    const i = 700;
    const bottom = Math.min(c.open[i]!, c.close[i]!);
    expect(c.high[i]!).toBeGreaterThan(bottom);
    c.low[i] = (bottom + c.high[i]!) / 2;
    expect(brief(checkCandles(c, M5).findings)).toEqual(['low_above_open_close@700']);
  });

  it('high below low (high and low swapped)', () => {
    const c = sample();
    [c.high[800], c.low[800]] = [c.low[800]!, c.high[800]!];
    const r = checkCandles(c, M5);
    expect(brief(r.findings)).toEqual(['high_below_open_close@800', 'low_above_open_close@800', 'high_below_low@800']);
  });

  it('negative and NaN volume', () => {
    const c = sample();
    c.volume[900] = -1;
    c.volume[901] = NaN;
    expect(brief(checkCandles(c, M5).findings)).toEqual(['invalid_volume@900', 'invalid_volume@901']);
  });

  it('stale run: 30 identical candles (reported once, with its length)', () => {
    const c = sample();
    for (let i = 1000; i < 1030; i++) {
      c.open[i] = c.open[1000]!;
      c.high[i] = c.high[1000]!;
      c.low[i] = c.low[1000]!;
      c.close[i] = c.close[1000]!;
    }
    const r = checkCandles(c, M5);
    expect(r.findings).toMatchObject([{ check: 'stale_run', row: 1000, endRow: 1029, length: 30, severity: 'warning' }]);
    expect(checkCandles(c, M5, { staleRunLength: 31 }).findings).toEqual([]);
    expect(checkCandles(c, M5, { staleRunLength: 0 }).findings).toEqual([]);
  });

  it('outlier return: prices ten times too high from row 1100 on (a decimal shift)', () => {
    const c = sample();
    for (let i = 1100; i < c.timestamp.length; i++) {
      c.open[i] = c.open[i]! * 10;
      c.high[i] = c.high[i]! * 10;
      c.low[i] = c.low[i]! * 10;
      c.close[i] = c.close[i]! * 10;
    }
    const r = checkCandles(c, M5);
    expect(r.findings).toMatchObject([{ check: 'outlier_return', row: 1100, column: 'close' }]);
  });

  it('outlier wick: one bad tick in the high', () => {
    const c = sample();
    c.high[1200] = c.close[1199]! * 2;
    const r = checkCandles(c, M5);
    expect(r.findings).toMatchObject([{ check: 'outlier_return', row: 1200, column: 'high' }]);
  });

  it('robust z-score (opt-in) finds a +3% candle that the absolute threshold lets through', () => {
    const c = sample();
    const opts: QualityOptions = { maxReturnZScore: 25 };
    expect(checkCandles(c, M5, opts).findings).toEqual([]);
    for (let i = 1300; i < c.timestamp.length; i++) {
      for (const col of ['open', 'high', 'low', 'close'] as const) c[col][i] = c[col][i]! * 1.03;
    }
    expect(brief(checkCandles(c, M5).findings)).toEqual([]);
    expect(brief(checkCandles(c, M5, opts).findings)).toEqual(['outlier_return@1300']);
  });

  it('counts stay exact beyond the detail cap', () => {
    const c = sample();
    for (let i = 0; i < 50; i++) c.volume[i * 10] = -1;
    const r = checkCandles(c, M5, { maxFindingsPerCheck: 5 });
    expect(r.counts.invalid_volume).toBe(50);
    expect(r.errors).toBe(50);
    expect(r.findings).toHaveLength(5);
    expect(r.truncated).toBe(true);
  });
});
