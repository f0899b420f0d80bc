/**
 * Issue 4 goal "Signal -> order submitted to the simulated venue, in-process: p99 < 100 us".
 *
 * The time from a strategy signal to the venue receiving the submit, through the whole
 * strategy side: StrategyRuntime -> order request -> ExecutionEngine (validation, order,
 * state table) -> the real RiskManager as pre-trade gate (framework/risk; balance reservation
 * on the portfolio included) -> SimVenue.submit. Measured on real data: BTC/USDT 5m 2023
 * (104,816 candles of ../shared/data), long-only SMA(10)/SMA(30) crossings as the signals
 * (a market buy of 0.01 BTC on a golden cross, a reduce-only market sell on a death cross),
 * the candles driving venue, engine, risk and portfolio as the backtest runner does.
 *
 * Two paths, both one order per signal:
 *   onCandle: t0 = the runtime receives the candle (runtime.candleClosed), the strategy's
 *             onCandle reads its signal column and calls this.orders.market(...);
 *   signal:   t0 = the runner hands a Freqtrade-style signal to runtime.enter / runtime.exit.
 * t1 = first line of SimVenue.submit. Per repetition a fresh stack and one pass over the year;
 * p50 / p99 / max of the per-signal times; figures are medians over repetitions (one warm-up
 * repetition first). Prints one JSON line.
 */
import { SimClock } from '../framework/core/clock.ts';
import { OrderEventRouter } from '../framework/engine/strategy-runtime/event-router.ts';
import { StrategyRuntime } from '../framework/engine/strategy-runtime/strategy-runtime.ts';
import { ExecutionEngine } from '../framework/execution/execution-engine.ts';
import type { Instrument, OrderRequest } from '../framework/execution/types.ts';
import type { DataFrame } from '../framework/frame/index.ts';
import { Portfolio } from '../framework/portfolio/portfolio.ts';
import { RiskManager } from '../framework/risk/risk-manager.ts';
import { HistoricalDataProvider } from '../framework/strategy/historical-data-provider.ts';
import { IStrategy } from '../framework/strategy/strategy.ts';
import type { CandleArgs } from '../framework/strategy/types.ts';
import { SimVenue } from '../framework/venues/sim/sim-venue.ts';
import { median, readBinance5m, round } from './lib/real-candles.ts';

const REPS = Number(process.env.KEEL_BENCH_REPS ?? 5);
const PAIR = 'BTC/USDT';
const TF = 300_000;
const QTY = 0.01;

const BTC: Instrument = {
  id: PAIR,
  venue: 'sim',
  base: 'BTC',
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.00001,
  minQuantity: 0.00001,
  minNotional: 5,
  makerFee: 0.001,
  takerFee: 0.001,
};

const candles = readBinance5m('BTC');
const N = candles.timestamp.length;

/** +1 golden cross (SMA10 crosses above SMA30) at the close of row i, -1 death cross, 0 none. */
function smaCrossSignals(close: Float64Array): Int8Array {
  const out = new Int8Array(close.length);
  let s10 = 0;
  let s30 = 0;
  let prevDiff = Number.NaN;
  for (let i = 0; i < close.length; i++) {
    s10 += close[i]!;
    s30 += close[i]!;
    if (i >= 10) s10 -= close[i - 10]!;
    if (i >= 30) s30 -= close[i - 30]!;
    if (i < 29) continue;
    const diff = s10 / 10 - s30 / 30;
    if (prevDiff <= 0 && diff > 0) out[i] = 1;
    else if (prevDiff >= 0 && diff < 0) out[i] = -1;
    prevDiff = diff;
  }
  return out;
}
const signals = smaCrossSignals(candles.close);

/** The signal path's strategy: signals come from the runner, no event hooks. */
class NoHooks extends IStrategy {
  populateIndicators(df: DataFrame): DataFrame {
    return df;
  }
  populateEntryTrend(df: DataFrame): DataFrame {
    return df;
  }
  populateExitTrend(df: DataFrame): DataFrame {
    return df;
  }
}

/** The onCandle path's strategy: reads its signal column and places the order itself. */
class SmaCrossHooks extends NoHooks {
  inTrade = false;
  override onCandle(c: CandleArgs): void {
    const s = signals[c.index]!;
    if (s === 1 && !this.inTrade) {
      this.orders.market({ pair: c.pair, side: 'buy', quantity: QTY, tag: 'golden' });
      this.inTrade = true;
    } else if (s === -1 && this.inTrade) {
      this.orders.market({ pair: c.pair, side: 'sell', quantity: QTY, reduceOnly: true, tag: 'death' });
      this.inTrade = false;
    }
  }
}

type Path = 'onCandle' | 'signal';

function runOnce(path: Path): number[] {
  const clock = new SimClock(candles.timestamp[0]! - TF);
  const venue = new SimVenue({ instruments: [BTC], clock, balances: { USDT: 1_000_000 } });
  let submittedAt = -1;
  const submit = venue.submit.bind(venue);
  venue.submit = (r: OrderRequest) => {
    submittedAt = performance.now();
    return submit(r);
  };
  const portfolio = new Portfolio({ instruments: [BTC], startingBalances: { USDT: 1_000_000 } });
  const risk = new RiskManager({ timeframe: '5m', portfolio, signalFile: null });
  const engine = new ExecutionEngine({ venue, clock, gate: risk });
  risk.attach(engine);
  const router = new OrderEventRouter({ engine, portfolio });
  const dataProvider = new HistoricalDataProvider({ runmode: 'backtest', timeframe: '5m', whitelist: [PAIR] });
  const strategy = path === 'onCandle' ? new SmaCrossHooks() : new NoHooks();
  const runtime = new StrategyRuntime({ strategy, strategyId: 'SmaCross', router, dataProvider });
  risk.registerStrategy('SmaCross');

  const { timestamp, open, high, low, close, volume } = candles;
  const samples: number[] = [];
  let inTrade = false;
  for (let i = 0; i < N; i++) {
    const ts = timestamp[i]!;
    clock.advanceTo(ts);
    venue.onBarValues(PAIR, ts, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!);
    engine.onBar(PAIR, open[i]!, high[i]!, low[i]!, close[i]!, ts);
    risk.onPrice(PAIR, close[i]!, ts);
    const closeTime = ts + TF;
    clock.advanceTo(closeTime);
    portfolio.mark(PAIR, close[i]!, closeTime);
    submittedAt = -1;
    if (path === 'onCandle') {
      const t0 = performance.now();
      runtime.candleClosed(PAIR, i, closeTime, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!);
      if (submittedAt >= 0) samples.push((submittedAt - t0) * 1000);
    } else {
      // The runtime gets the candle (a strategy without onCandle: nothing to do), then the runner's signal.
      runtime.candleClosed(PAIR, i, closeTime, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!);
      const s = signals[i]!;
      if (s === 1 && !inTrade) {
        const t0 = performance.now();
        runtime.enter({ pair: PAIR, side: 'long', amount: QTY, price: close[i]!, orderType: 'market', tag: 'golden' });
        samples.push((submittedAt - t0) * 1000);
        inTrade = true;
      } else if (s === -1 && inTrade) {
        const t0 = performance.now();
        runtime.exit({ pair: PAIR, side: 'long', amount: QTY, price: close[i]!, orderType: 'market', tag: 'death' });
        samples.push((submittedAt - t0) * 1000);
        inTrade = false;
      }
    }
    risk.onCycle(closeTime);
  }
  const denied = engine.stats.denied;
  if (denied > 0) throw new Error(`bench: ${denied} orders were denied; the measured path must reach the venue`);
  return samples;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function measure(path: Path) {
  runOnce(path); // warm-up
  const p50: number[] = [];
  const p99: number[] = [];
  const max: number[] = [];
  let samples = 0;
  for (let r = 0; r < REPS; r++) {
    const xs = runOnce(path).sort((a, b) => a - b);
    samples = xs.length;
    p50.push(quantile(xs, 0.5));
    p99.push(quantile(xs, 0.99));
    max.push(xs[xs.length - 1]!);
  }
  return { samples, p50: round(median(p50), 2), p99: round(median(p99), 2), max: round(median(max), 1) };
}

const onCandle = measure('onCandle');
const signal = measure('signal');
process.stdout.write(
  `${JSON.stringify({
    bench: 'signal-to-order',
    data: 'binance BTC/USDT 5m 2023, SMA(10)/SMA(30) crossings',
    gate: 'RiskManager (defaults, check_balance on)',
    venue: 'SimVenue freqtrade fill model',
    reps: REPS,
    signals_per_run: onCandle.samples,
    onCandle_p50_us: onCandle.p50,
    onCandle_p99_us: onCandle.p99,
    onCandle_max_us: onCandle.max,
    signal_p50_us: signal.p50,
    signal_p99_us: signal.p99,
    signal_max_us: signal.max,
    p50_us: Math.max(onCandle.p50, signal.p50),
    p99_us: Math.max(onCandle.p99, signal.p99),
    goal_p99_us: 100,
  })}\n`,
);
