/**
 * A backtest-like result on real candles: BTC/USDT and ETH/USDT 5m from ../shared/data, a
 * few days of them, with hand-placed trades (entries and exits at real candle opens, 0.1%
 * fee, Freqtrade's profit formulas), indicator columns computed by the framework's own
 * indicators, and a plotConfig that draws them.
 */
import { sliceCandles, lowerBound, type Candles } from '../../../framework/data/candles.ts';
import type { TradeRecord } from '../../../framework/portfolio/trade-record.ts';
import { ema, sma } from '../../../framework/indicators/ma.ts';
import { rsi } from '../../../framework/indicators/momentum.ts';
import { buildBacktestResult } from '../../../framework/reports/export.ts';
import { calculateMarketChange } from '../../../framework/reports/market-change.ts';
import type { BacktestResult, BacktestRun } from '../../../framework/reports/types.ts';
import type { ReportCandles } from '../../../framework/reports/html/html-report.ts';
import type { PlotConfig } from '../../../framework/strategy/types.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';

const FEE = 0.001;

export const PLOT_CONFIG: PlotConfig = {
  mainPlot: { sma_20: { color: '#2962ff' }, ema_50: { color: 'orange' } },
  subplots: { RSI: { rsi: { color: '#8e24aa' } } },
};

/** Indicator columns a strategy would have added in populateIndicators. */
export function withIndicators(c: Candles): ReportCandles {
  return { ...c, columns: { sma_20: sma(c.close, 20), ema_50: ema(c.close, 50), rsi: rsi(c.close, 14) } };
}

interface TradeSpec {
  pair: string;
  entryBar: number;
  exitBar: number;
  exitReason: string;
  enterTag: string | null;
  isShort?: boolean;
  isOpen?: boolean;
}

/** A trade entered at the open of entryBar and left at the open of exitBar, Freqtrade's formulas. */
function trade(id: number, c: Candles, s: TradeSpec): TradeRecord {
  const stake = 100;
  const openRate = c.open[s.entryBar]!;
  const closeRate = c.open[s.exitBar]!;
  const amount = stake / openRate;
  const short = s.isShort ?? false;
  const openValue = short ? amount * openRate * (1 - FEE) : amount * openRate * (1 + FEE);
  const closeValue = short ? amount * closeRate * (1 + FEE) : amount * closeRate * (1 - FEE);
  const profitAbs = short ? openValue - closeValue : closeValue - openValue;
  const profitRatio = short ? 1 - closeValue / openValue : closeValue / openValue - 1;
  let minRate = Infinity;
  let maxRate = -Infinity;
  for (let i = s.entryBar; i <= s.exitBar; i++) {
    minRate = Math.min(minRate, c.low[i]!);
    maxRate = Math.max(maxRate, c.high[i]!);
  }
  return {
    id,
    pair: s.pair,
    isShort: short,
    leverage: 1,
    openDate: c.timestamp[s.entryBar]!,
    closeDate: c.timestamp[s.exitBar]!,
    openRate,
    closeRate,
    amount,
    stakeAmount: stake,
    feeOpen: FEE,
    feeClose: FEE,
    feeOpenCost: amount * openRate * FEE,
    feeCloseCost: amount * closeRate * FEE,
    profitRatio,
    profitAbs,
    exitReason: s.exitReason,
    enterTag: s.enterTag,
    exitTag: null,
    minRate,
    maxRate,
    initialStopLoss: null,
    stopLoss: null,
    isOpen: s.isOpen ?? false,
    nrOfEntries: 1,
    nrOfExits: 1,
  };
}

export interface Fixture {
  result: BacktestResult;
  candles: Record<string, ReportCandles>;
  trades: TradeRecord[];
  /** The run of the first strategy, to build variants from. */
  run: BacktestRun;
}

/**
 * `days` days of BTC and ETH 5m from 2023-03-01, with ten trades spread over them. With
 * several strategy names, the later strategies get every other trade (a --strategy-list run).
 */
export function realCandleFixture(days = 4, strategies: string[] = ['HandPlaced']): Fixture {
  const from = Date.parse('2023-03-01T00:00:00Z');
  const to = from + days * 86_400_000;
  const window = (c: Candles): Candles => sliceCandles(c, lowerBound(c.timestamp, from), lowerBound(c.timestamp, to));
  const btc = window(readBinance5m('BTC'));
  const eth = window(readBinance5m('ETH'));
  const n = btc.timestamp.length;
  const q = (f: number): number => Math.floor(n * f);
  const specs: Array<[Candles, TradeSpec]> = [
    [btc, { pair: 'BTC/USDT', entryBar: q(0.05), exitBar: q(0.09), exitReason: 'roi', enterTag: 'cross' }],
    [eth, { pair: 'ETH/USDT', entryBar: q(0.07), exitBar: q(0.16), exitReason: 'stop_loss', enterTag: 'rsi_dip' }],
    [btc, { pair: 'BTC/USDT', entryBar: q(0.2), exitBar: q(0.27), exitReason: 'exit_signal', enterTag: 'cross' }],
    [eth, { pair: 'ETH/USDT', entryBar: q(0.25), exitBar: q(0.3), exitReason: 'roi', enterTag: null }],
    [btc, { pair: 'BTC/USDT', entryBar: q(0.35), exitBar: q(0.42), exitReason: 'trailing_stop_loss', enterTag: 'rsi_dip', isShort: true }],
    [eth, { pair: 'ETH/USDT', entryBar: q(0.45), exitBar: q(0.52), exitReason: 'exit_signal', enterTag: 'cross' }],
    [btc, { pair: 'BTC/USDT', entryBar: q(0.55), exitBar: q(0.61), exitReason: 'stop_loss', enterTag: 'cross' }],
    [eth, { pair: 'ETH/USDT', entryBar: q(0.66), exitBar: q(0.74), exitReason: 'roi', enterTag: 'rsi_dip' }],
    [btc, { pair: 'BTC/USDT', entryBar: q(0.78), exitBar: q(0.86), exitReason: 'exit_signal', enterTag: null }],
    [eth, { pair: 'ETH/USDT', entryBar: q(0.9), exitBar: n - 1, exitReason: 'force_exit', enterTag: 'cross', isOpen: true }],
  ];
  // The engine records trades in the order they close.
  const trades = specs
    .map(([c, s]) => ({ c, s }))
    .sort((a, b) => a.c.timestamp[a.s.exitBar]! - b.c.timestamp[b.s.exitBar]!)
    .map(({ c, s }, i) => trade(i + 1, c, s));
  const run: BacktestRun = {
    strategy: strategies[0] ?? 'HandPlaced',
    timeframe: '5m',
    timerange: { start: btc.timestamp[0]!, end: btc.timestamp[n - 1]! },
    stakeCurrency: 'USDT',
    stakeAmount: 100,
    startingBalance: 1000,
    maxOpenTrades: 2,
    pairs: ['BTC/USDT', 'ETH/USDT'],
    trades,
    marketChange: calculateMarketChange({ 'BTC/USDT': btc, 'ETH/USDT': eth }, btc.timestamp[0]!),
    rejectedSignals: 3,
    riskDenials: {},
    fillModel: { name: 'freqtrade', version: 1, params: {} },
    seed: null,
    configResolved: {},
    strategySourceHash: 'f'.repeat(64),
    dataHashes: {},
  };
  const runs = strategies.map((name, k) => ({ ...run, strategy: name, trades: k === 0 ? trades : trades.filter((_, i) => i % 2 === 0) }));
  return {
    result: buildBacktestResult(runs, { createdAt: Date.parse('2024-01-02T03:04:05Z') }),
    candles: { 'BTC/USDT': withIndicators(btc), 'ETH/USDT': withIndicators(eth) },
    trades,
    run,
  };
}

/**
 * The bundled year of BTC/USDT and ETH/USDT 5m (104,816 candles each) with the trades of a
 * plain SMA(10)/SMA(30) cross replayed on it (long only: enter at the open after the fast
 * SMA crosses above, exit at the open after it crosses below): thousands of markers, the
 * size check's worst realistic case.
 */
export function yearFixture(): Fixture {
  const candles: Record<string, ReportCandles> = {};
  const specs: Array<[Candles, TradeSpec]> = [];
  for (const base of ['BTC', 'ETH'] as const) {
    const c = readBinance5m(base);
    const pair = `${base}/USDT`;
    const fast = sma(c.close, 10);
    const slow = sma(c.close, 30);
    candles[pair] = { ...c, columns: { sma_10: fast, sma_30: slow, ema_50: ema(c.close, 50), rsi: rsi(c.close, 14) } };
    const n = c.timestamp.length;
    let entry = -1;
    for (let i = 31; i + 1 < n; i++) {
      const up = fast[i - 1]! <= slow[i - 1]! && fast[i]! > slow[i]!;
      const down = fast[i - 1]! >= slow[i - 1]! && fast[i]! < slow[i]!;
      if (entry < 0 && up) entry = i + 1;
      else if (entry >= 0 && down) {
        specs.push([c, { pair, entryBar: entry, exitBar: i + 1, exitReason: 'exit_signal', enterTag: 'sma_cross' }]);
        entry = -1;
      }
    }
    if (entry >= 0) specs.push([c, { pair, entryBar: entry, exitBar: n - 1, exitReason: 'force_exit', enterTag: 'sma_cross', isOpen: true }]);
  }
  const trades = specs
    .map(([c, s]) => ({ c, s }))
    .sort((a, b) => a.c.timestamp[a.s.exitBar]! - b.c.timestamp[b.s.exitBar]!)
    .map(({ c, s }, i) => trade(i + 1, c, s));
  const btc = candles['BTC/USDT']!;
  const n = btc.timestamp.length;
  const run: BacktestRun = {
    strategy: 'SmaCrossYear',
    timeframe: '5m',
    timerange: { start: btc.timestamp[0]!, end: btc.timestamp[n - 1]! },
    stakeCurrency: 'USDT',
    stakeAmount: 100,
    startingBalance: 10_000,
    maxOpenTrades: 2,
    pairs: ['BTC/USDT', 'ETH/USDT'],
    trades,
    marketChange: calculateMarketChange(candles, btc.timestamp[0]!),
    rejectedSignals: 0,
    riskDenials: {},
    fillModel: { name: 'freqtrade', version: 1, params: {} },
    seed: null,
    configResolved: {},
    strategySourceHash: 'e'.repeat(64),
    dataHashes: {},
  };
  return { result: buildBacktestResult([run], { createdAt: Date.parse('2024-01-02T03:04:05Z') }), candles, trades, run };
}

export const YEAR_PLOT_CONFIG: PlotConfig = {
  mainPlot: { sma_10: { color: '#2962ff' }, sma_30: { color: '#ff6d00' }, ema_50: {} },
  subplots: { RSI: { rsi: { color: '#8e24aa', type: 'line' } } },
};
