/**
 * The data the report page draws, as one JSON-ready object: per pair the candles (compact
 * columns, aggregated to a coarser timeframe when over the candle limit) and the indicator
 * columns the strategy's plotConfig names; per strategy the trades (for markers and the
 * trade list) and the equity / underwater series.
 */
import { DataError, UsageError } from '../../core/errors.ts';
import type { Candles } from '../../data/candles.ts';
import type { PlotConfig } from '../../strategy/types.ts';
import { calculateUnderwater } from '../drawdown.ts';
import { decimalsPerCoin } from '../py-format.ts';
import type { BacktestResult, StrategyResult } from '../result-schema.ts';
import { aggregateCandles, baseSpacingMs, chooseBucketMs, timeframeLabel } from './aggregate.ts';
import {
  encodeOhlc,
  encodeSeries,
  encodeTimes,
  encodeVolume,
  priceDecimals,
  significantDecimals,
  type EncodedOhlc,
  type EncodedSeries,
  type TimeRuns,
} from './column-codec.ts';

/** Candles of one pair as the report takes them, plus indicator columns by name. */
export interface ReportCandles extends Candles {
  /** Indicator columns (one value per candle, NaN = no value), e.g. from the strategy's frame. */
  readonly columns?: Readonly<Record<string, Float64Array>>;
}

/** Candles drawn per pair when maxCandles is not given: this budget split over the pairs. */
export const DEFAULT_CANDLE_BUDGET = 250_000;
export const MIN_CANDLES_PER_PAIR = 10_000;

export type PlotType = 'line' | 'bar' | 'scatter';
export interface PlotLine {
  column: string;
  color: string | null;
  type: PlotType;
}

export interface PairChartData {
  pair: string;
  /** Timeframe of the drawn candles, e.g. '5m'. */
  timeframe: string;
  /** The data's own timeframe when the candles were aggregated for the chart, else null. */
  aggregatedFrom: string | null;
  candles: number;
  time: TimeRuns;
  ohlc: EncodedOhlc;
  volume: number[];
  columns: Record<string, EncodedSeries>;
}

export interface StrategyChartData {
  name: string;
  stakeCurrency: string;
  /** Decimals money is shown with (Freqtrade's per-coin decimals). */
  stakeDecimals: number;
  startingBalance: number;
  /** Names indexed by trades.pair. */
  pairs: string[];
  /** Enter tags and exit reasons, indexed by trades.enterTag / trades.exitReason (-1 = no tag). */
  tags: string[];
  trades: {
    id: number[];
    pair: number[];
    /** Epoch seconds. */
    openTime: number[];
    closeTime: number[];
    openRate: number[];
    closeRate: number[];
    profitRatio: number[];
    profitAbs: number[];
    stake: number[];
    enterTag: number[];
    exitReason: number[];
    isShort: number[];
    isOpen: number[];
  };
  /** Closed-trade equity: balance after each close, and the drawdown from the high (ratio <= 0). */
  equity: { time: number[]; balance: number[]; drawdown: number[] };
}

export interface ChartData {
  format: 1;
  plot: { main: PlotLine[]; subplots: Array<{ title: string; lines: PlotLine[] }> };
  pairs: PairChartData[];
  strategies: StrategyChartData[];
  /** Things the reader should know: aggregation, missing columns, pairs without candles. */
  notes: string[];
}

function round10(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(10)) : 0;
}

function plotLines(entries: Record<string, { color?: string; type?: PlotType }> | undefined): PlotLine[] {
  return Object.entries(entries ?? {}).map(([column, style]) => ({ column, color: style.color ?? null, type: style.type ?? 'line' }));
}

function checkCandles(pair: string, c: ReportCandles): void {
  const n = c.timestamp.length;
  for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
    if (c[name].length !== n) throw new DataError(`candles of ${pair}: column ${name} has ${c[name].length} rows, timestamp has ${n}`);
  }
  for (const [name, col] of Object.entries(c.columns ?? {})) {
    if (!(col instanceof Float64Array)) throw new DataError(`candles of ${pair}: indicator column ${name} must be a Float64Array`);
    if (col.length !== n) throw new DataError(`candles of ${pair}: indicator column ${name} has ${col.length} rows, timestamp has ${n}`);
  }
}

function pairData(
  pair: string,
  c: ReportCandles,
  main: readonly PlotLine[],
  sub: readonly PlotLine[],
  maxCandles: number,
  notes: string[],
): PairChartData {
  checkCandles(pair, c);
  const where = `candles of ${pair}`;
  const wanted: Record<string, Float64Array> = {};
  for (const line of [...main, ...sub]) {
    const col = c.columns?.[line.column];
    if (col) wanted[line.column] = col;
  }
  const baseMs = baseSpacingMs(c.timestamp);
  let candles: Candles = c;
  let columns = wanted;
  let aggregatedFrom: string | null = null;
  let frameMs = baseMs;
  if (c.timestamp.length > maxCandles && baseMs > 0) {
    const bucketMs = chooseBucketMs(c.timestamp, baseMs, maxCandles);
    const agg = aggregateCandles(c, wanted, bucketMs);
    candles = agg.candles;
    columns = agg.columns;
    aggregatedFrom = timeframeLabel(baseMs);
    frameMs = bucketMs;
    let note =
      `${pair}: ${c.timestamp.length.toLocaleString('en-US')} candles of ${aggregatedFrom} exceed the chart limit of ` +
      `${maxCandles.toLocaleString('en-US')} per pair; the chart shows them aggregated to ${timeframeLabel(bucketMs)} ` +
      `(${candles.timestamp.length.toLocaleString('en-US')} candles; indicators at each candle's last ${aggregatedFrom} value, ` +
      `trade markers on the candle containing the trade).`;
    if (candles.timestamp.length > maxCandles) {
      const from = candles.timestamp.length - maxCandles;
      candles = {
        timestamp: candles.timestamp.subarray(from),
        open: candles.open.subarray(from),
        high: candles.high.subarray(from),
        low: candles.low.subarray(from),
        close: candles.close.subarray(from),
        volume: candles.volume.subarray(from),
      };
      for (const name of Object.keys(columns)) columns[name] = columns[name]!.subarray(from);
      note += ` Only the last ${maxCandles.toLocaleString('en-US')} of those are drawn.`;
    }
    notes.push(note);
  }
  const dec = priceDecimals([candles.open, candles.high, candles.low, candles.close]);
  const mainNames = new Set(main.map((l) => l.column));
  const encoded: Record<string, EncodedSeries> = {};
  for (const [name, col] of Object.entries(columns)) {
    // Lines on the price chart get at least the price's decimals, so the tooltip lines up.
    encoded[name] = encodeSeries(col, significantDecimals(col, 6, mainNames.has(name) ? dec : -Infinity));
  }
  return {
    pair,
    timeframe: frameMs > 0 ? timeframeLabel(frameMs) : '',
    aggregatedFrom,
    candles: candles.timestamp.length,
    time: encodeTimes(candles.timestamp, where),
    ohlc: encodeOhlc(candles.open, candles.high, candles.low, candles.close, dec, where),
    volume: encodeVolume(candles.volume),
    columns: encoded,
  };
}

function strategyData(s: StrategyResult): StrategyChartData {
  const m = s.metrics;
  const pairIndex = new Map<string, number>();
  const tagIndex = new Map<string, number>();
  const index = (map: Map<string, number>, key: string): number => {
    let i = map.get(key);
    if (i === undefined) {
      i = map.size;
      map.set(key, i);
    }
    return i;
  };
  const tr: StrategyChartData['trades'] = {
    id: [],
    pair: [],
    openTime: [],
    closeTime: [],
    openRate: [],
    closeRate: [],
    profitRatio: [],
    profitAbs: [],
    stake: [],
    enterTag: [],
    exitReason: [],
    isShort: [],
    isOpen: [],
  };
  for (const t of s.trades) {
    tr.id.push(t.id);
    tr.pair.push(index(pairIndex, t.pair));
    tr.openTime.push(t.openDate / 1000);
    tr.closeTime.push(t.closeDate / 1000);
    tr.openRate.push(round10(t.openRate));
    tr.closeRate.push(round10(t.closeRate));
    tr.profitRatio.push(round10(t.profitRatio));
    tr.profitAbs.push(round10(t.profitAbs));
    tr.stake.push(round10(t.stakeAmount));
    tr.enterTag.push(t.enterTag === null || t.enterTag === '' ? -1 : index(tagIndex, t.enterTag));
    tr.exitReason.push(index(tagIndex, t.exitReason));
    tr.isShort.push(t.isShort ? 1 : 0);
    tr.isOpen.push(t.isOpen ? 1 : 0);
  }
  return {
    name: m.strategyName,
    stakeCurrency: m.stakeCurrency,
    stakeDecimals: decimalsPerCoin(m.stakeCurrency),
    startingBalance: m.startingBalance,
    pairs: [...pairIndex.keys()],
    tags: [...tagIndex.keys()],
    trades: tr,
    equity: equitySeries(s),
  };
}

/**
 * Balance after each closed trade (by close date) and the relative drawdown from the high
 * water mark (Freqtrade's underwater, as "Max % of account underwater" measures it), starting
 * at the backtest start with the starting balance. One point per second: trades closing
 * together collapse into the last one.
 */
function equitySeries(s: StrategyResult): StrategyChartData['equity'] {
  const m = s.metrics;
  const sb = m.startingBalance;
  const uw = calculateUnderwater(s.trades, { value: 'profitAbs', startingBalance: sb });
  const time: number[] = [];
  const balance: number[] = [];
  const drawdown: number[] = [];
  const push = (t: number, b: number, dd: number): void => {
    if (time.length > 0 && time[time.length - 1] === t) {
      balance[balance.length - 1] = b;
      drawdown[drawdown.length - 1] = dd;
      return;
    }
    time.push(t);
    balance.push(b);
    drawdown.push(dd);
  };
  const start = Math.floor(m.backtestStart / 1000);
  const firstClose = uw.date.length > 1 ? Math.floor(uw.date[1]! / 1000) : Infinity;
  if (start < firstClose) push(start, sb, 0);
  for (let k = 1; k < uw.date.length; k++) {
    push(Math.floor(uw.date[k]! / 1000), round10(sb + uw.cumulative[k]!), round10(-uw.drawdownRelative[k]!));
  }
  return { time, balance, drawdown };
}

export interface ChartDataOptions {
  plotConfig?: PlotConfig | undefined;
  /** Most candles drawn per pair; more are aggregated to a coarser timeframe. */
  maxCandles?: number | undefined;
}

export function buildChartData(
  result: BacktestResult,
  candles: Readonly<Record<string, ReportCandles>>,
  opts: ChartDataOptions = {},
): ChartData {
  const notes: string[] = [];
  const pairNames = Object.keys(candles);
  const maxCandles = opts.maxCandles ?? Math.max(MIN_CANDLES_PER_PAIR, Math.floor(DEFAULT_CANDLE_BUDGET / Math.max(1, pairNames.length)));
  if (!Number.isInteger(maxCandles) || maxCandles < 2) throw new UsageError(`HTML report: maxCandles must be a whole number >= 2, got ${maxCandles}`);

  const main = plotLines(opts.plotConfig?.mainPlot);
  const subplots = Object.entries(opts.plotConfig?.subplots ?? {}).map(([title, lines]) => ({ title, lines: plotLines(lines) }));
  const subLines = subplots.flatMap((s) => s.lines);

  const pairs = pairNames.map((pair) => pairData(pair, candles[pair]!, main, subLines, maxCandles, notes));

  for (const line of [...main, ...subLines]) {
    const without = pairNames.filter((p) => !candles[p]!.columns?.[line.column]);
    if (without.length > 0) {
      notes.push(`plotConfig column "${line.column}" is not among the indicator columns of ${without.join(', ')}; it is not drawn there.`);
    }
  }
  const strategies = Object.values(result.strategy).map(strategyData);
  const charted = new Set(pairNames);
  const uncharted = [...new Set(strategies.flatMap((s) => s.pairs))].filter((p) => !charted.has(p));
  if (uncharted.length > 0) notes.push(`No candles were given for ${uncharted.join(', ')}: their trades are in the tables but not on a chart.`);

  return { format: 1, plot: { main, subplots }, pairs, strategies, notes };
}
