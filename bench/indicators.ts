/**
 * Speed of the core indicators (goal: each < 20 ms on 1M values). Input: BTC/USDT 5m 2023
 * (../shared/data) repeated to 1M rows. Each indicator: one warm-up run, then the median of
 * REPS runs, fresh output arrays every run as users get them. For the record, also the
 * technicalindicators BollingerBands(20, 2) on 500k values (few runs: it takes ~1 s).
 * Prints one JSON line: {bench:"indicators", n, results:{sma_ms,...} (medians), min_ms:{...},
 * max_ms (largest median), slowest, technicalindicators_bollinger_500k_ms}.
 */
import { BollingerBands } from 'technicalindicators';
import * as ta from '../framework/indicators/index.ts';
import { median, readBinance5m } from './lib/real-candles.ts';

const N = 1_000_000;
const REPS = 9;

function tiled(src: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let at = 0; at < n; at += src.length) out.set(src.subarray(0, Math.min(src.length, n - at)), at);
  return out;
}

/** [median, min] wall time in ms of `reps` runs after one warm-up run. */
function timeMs(reps: number, fn: () => unknown): [number, number] {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return [median(ts), Math.min(...ts)];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

const btc = readBinance5m('BTC');
const high = tiled(btc.high, N);
const low = tiled(btc.low, N);
const close = tiled(btc.close, N);
const volume = tiled(btc.volume, N);

const cases: Record<string, () => unknown> = {
  sma: () => ta.sma(close, 30),
  ema: () => ta.ema(close, 30),
  wma: () => ta.wma(close, 30),
  dema: () => ta.dema(close, 30),
  tema: () => ta.tema(close, 30),
  rsi: () => ta.rsi(close, 14),
  macd: () => ta.macd(close, 12, 26, 9),
  bbands: () => ta.bbands(close, 20, 2, 2),
  atr: () => ta.atr(high, low, close, 14),
  natr: () => ta.natr(high, low, close, 14),
  adx: () => ta.adx(high, low, close, 14),
  plus_di: () => ta.plusDi(high, low, close, 14),
  minus_di: () => ta.minusDi(high, low, close, 14),
  stoch: () => ta.stoch(high, low, close, 14, 3, 3),
  stochf: () => ta.stochf(high, low, close, 5, 3),
  stochrsi: () => ta.stochRsi(close, 14, 5, 3),
  cci: () => ta.cci(high, low, close, 14),
  mfi: () => ta.mfi(high, low, close, volume, 14),
  obv: () => ta.obv(close, volume),
  roc: () => ta.roc(close, 10),
  willr: () => ta.willr(high, low, close, 14),
  sar: () => ta.sar(high, low, 0.02, 0.2),
};

// Medians are the figures; minima show the floor when the two shared cores are busy with
// other work (which can double a median on this machine).
const results: Record<string, number> = {};
const minima: Record<string, number> = {};
let maxMs = 0;
let slowest = '';
for (const [name, fn] of Object.entries(cases)) {
  const [med, min] = timeMs(REPS, fn);
  results[`${name}_ms`] = round2(med);
  minima[`${name}_ms`] = round2(min);
  if (med > maxMs) {
    maxMs = round2(med);
    slowest = name;
  }
}

const half = Array.from(close.subarray(0, 500_000));
const tiBollingerMs = Math.round(timeMs(2, () => BollingerBands.calculate({ period: 20, stdDev: 2, values: half }))[0]);

process.stdout.write(
  `${JSON.stringify({
    bench: 'indicators',
    n: N,
    reps: REPS,
    results,
    min_ms: minima,
    max_ms: maxMs,
    slowest,
    goal_ms: 20,
    technicalindicators_bollinger_500k_ms: tiBollingerMs,
  })}\n`,
);
