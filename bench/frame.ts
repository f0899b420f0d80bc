/**
 * DataFrame speed on real candles: a two-condition entry rule
 *   enter_long = (close > sma20) & (rsi14 < 30), via two comparisons, one `and`, one setWhere
 * on 1M rows (BTC/USDT 5m 2023 tiled to 1M), median over repetitions; the same comparison
 * and `and` in danfojs on 500k rows for scale (few repetitions: danfojs is slow).
 * Prints one JSON line.
 */
import { allocateCandles, type Candles } from '../framework/data/candles.ts';
import { DataFrame, Series } from '../framework/frame/index.ts';
import { loadDanfo, toDanfo } from '../framework/frame/danfo.ts';
import { ewmMean, rollingMax, rollingMean, rollingStd } from '../framework/frame/kernels/index.ts';
import { median, readBinance5m } from './lib/real-candles.ts';

/** BTC/USDT 5m 2023 repeated to `rows` rows, with 5m dates running on across the copies. */
function loadTiled(rows: number): Candles {
  const src = readBinance5m('BTC');
  const m = src.timestamp.length;
  const c = allocateCandles(rows);
  const step = 300_000;
  for (let i = 0; i < rows; i++) {
    const k = i % m;
    c.timestamp[i] = 1672531200000 + i * step; // keep dates increasing across tiles
    c.open[i] = src.open[k]!;
    c.high[i] = src.high[k]!;
    c.low[i] = src.low[k]!;
    c.close[i] = src.close[k]!;
    c.volume[i] = src.volume[k]!;
  }
  return c;
}

function time(reps: number, warmup: number, fn: () => void): number {
  for (let i = 0; i < warmup; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const N = 1_000_000;
const candles = loadTiled(N);
const base = DataFrame.fromCandles(candles, { timeframe: '5m' });
const close = base.get('close');

const tInd0 = performance.now();
const sma = close.rolling(20).mean();
const rsiS = rsiOf(close);
const indicatorsMs = performance.now() - tInd0;

/** Wilder RSI from the frame's own kernels (pandas style: ewm alpha = 1/14, adjust = false). */
function rsiOf(c: Series): Series {
  const d = c.diff();
  const up = d.clip(0).ewm({ alpha: 1 / 14, adjust: false }).mean();
  const down = d.neg().clip(0).ewm({ alpha: 1 / 14, adjust: false }).mean();
  // 100 - 100 / (1 + up / down)
  return up.div(down).add(1).pow(-1).mul(-100).add(100);
}

let last: DataFrame | undefined;
const ruleMs = time(31, 5, () => {
  const df = DataFrame.fromCandles(candles, { timeframe: '5m' });
  df.set('sma', sma).set('rsi', rsiS);
  const c = df.get('close');
  df.setWhere('enter_long', c.gt(df.get('sma')).and(df.get('rsi').lt(30)), 1);
  last = df;
});
const signals = last!.get('enter_long').sum();

const compareMs = time(15, 3, () => close.gt(sma));
const a = close.gt(sma);
const b = rsiS.lt(30);
const andMs = time(15, 3, () => a.and(b));

// kernels on 1M values, into a reused output (what indicators do)
const kOut = new Float64Array(N);
const rollingMeanMs = time(9, 2, () => rollingMean(candles.close, 20, 20, kOut));
const rollingStdMs = time(9, 2, () => rollingStd(candles.close, 20, 0, 20, kOut));
const rollingMaxMs = time(9, 2, () => rollingMax(candles.close, 20, 20, kOut));
const ewmMs = time(9, 2, () => ewmMean(candles.close, { span: 20 }, kOut));

// danfojs on 500k rows, for scale
const half = base.slice(0, 500_000).set('sma', sma.values.subarray(0, 500_000)).set('rsi', rsiS.values.subarray(0, 500_000));
const tImport = performance.now();
await loadDanfo();
const danfoImportMs = performance.now() - tImport;
type DanfoSeries = { gt(o: DanfoSeries | number): DanfoSeries; lt(o: number): DanfoSeries; and(o: DanfoSeries): DanfoSeries };
const ddf = (await toDanfo(half)) as unknown as { column(n: string): DanfoSeries };
const dClose = ddf.column('close');
const dSma = ddf.column('sma');
const dRsiLow = ddf.column('rsi').lt(30);
const danfoCompareMs = time(3, 1, () => dClose.gt(dSma));
const dGt = dClose.gt(dSma);
const danfoAndMs = time(3, 1, () => dGt.and(dRsiLow));
const halfClose = half.get('close');
const halfSma = half.get('sma');
const oursCompare500kMs = time(15, 3, () => halfClose.gt(halfSma));

const round = (x: number) => Math.round(x * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'frame',
    rows: N,
    entry_rule_ms: round(ruleMs),
    entry_rule_signals: signals,
    compare_ms: round(compareMs),
    and_ms: round(andMs),
    indicators_sma20_rsi14_first_run_ms: round(indicatorsMs),
    kernel_rolling_mean20_ms: round(rollingMeanMs),
    kernel_rolling_std20_ms: round(rollingStdMs),
    kernel_rolling_max20_ms: round(rollingMaxMs),
    kernel_ewm_span20_ms: round(ewmMs),
    danfo_rows: 500_000,
    danfo_import_ms: round(danfoImportMs),
    danfo_compare_ms: round(danfoCompareMs),
    danfo_and_ms: round(danfoAndMs),
    ours_compare_500k_ms: round(oursCompare500kMs),
    danfo_vs_ours_compare: round(danfoCompareMs / oursCompare500kMs),
    goal_entry_rule_ms: 10,
  }),
);
