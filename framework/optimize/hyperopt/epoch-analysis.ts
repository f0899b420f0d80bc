import { DataError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import type { Pair } from '../../core/pair.ts';
import { hashCandles } from '../../data/candle-hash.ts';
import { interleaveOhlc, type Candles } from '../../data/candles.ts';
import type { Instrument } from '../../execution/instrument.ts';
import { buildInstrument } from '../../engine/backtest/instruments.ts';
import {
  frameSignals,
  type LoadedData,
  type PreparedData,
  type PreparedPair,
} from '../../engine/backtest/prepare-data.ts';
import type { BacktestReuse } from '../../engine/backtest/runner.ts';
import { analyzePair } from '../../strategy/analyze.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import { candleSource } from './indicators.ts';
import type { BacktestSettings } from './settings.ts';

/**
 * The per-epoch preparation of a hyperopt backtest without the parts that do not depend on the
 * point. runBacktest would otherwise, every epoch, build the instruments (a scan of every price
 * for the tick size), hash every pair's candles (sha256 of 48 bytes per candle) and interleave
 * the OHLC columns for the loop: about 80 ms per epoch on 10 pairs x 1 year of 5m. Here those are
 * done once per runner (i.e. per worker), and an epoch only runs the strategy's hooks (the
 * indicators come from the shared cache, indicators.ts) and turns its signals into the loop's
 * flag bytes, exactly as analyzeData does (engine/backtest/prepare-data.ts; keep the two alike).
 */

interface PairBase {
  pair: Pair;
  candles: Candles;
  filled: number;
  ohlc: Float64Array;
  dataHash: string;
}

export class EpochAnalysis implements BacktestReuse {
  readonly instruments: Array<Instrument & { source: string }>;
  private bases: PairBase[] | null = null;
  private span: { startDate: number; endDate: number } | null = null;
  private readonly canShort: boolean;

  /**
   * `derived`: per pair the interleaved OHLC and the data hash when already computed (hyperopt
   * shares them with the workers, shared-data.ts); computed here on first use otherwise.
   */
  constructor(
    private readonly settings: BacktestSettings,
    private readonly loaded: LoadedData,
    strategy: IStrategy,
    private readonly derived?: ReadonlyMap<string, { ohlc: Float64Array; dataHash: string }>,
  ) {
    const s = settings;
    this.canShort = s.tradingMode === 'futures' && strategy.canShort;
    this.instruments = loaded.pairs.map((p) => buildInstrument(p.pair, s.exchange, s.fee, s.markets?.[p.pair], p.candles));
  }

  /** analyzeData for this epoch: the strategy's hooks run, everything else is kept from the first epoch. */
  analyze = (strategy: IStrategy, data: LoadedData): PreparedData => {
    if (data !== this.loaded) throw new Error('hyperopt: EpochAnalysis used with other data than it was built for');
    const { timeframe, startupCandles: N } = this.settings;
    const bases = (this.bases ??= this.pairBases());
    const source = candleSource(data, timeframe);
    const pairs: PreparedPair[] = [];
    for (const b of bases) {
      const frame = analyzePair(strategy, b.candles, { pair: b.pair, timeframe }, source);
      const { signals, entryDir, flags } = frameSignals(frame, this.canShort);
      const n = frame.length;
      pairs.push({ pair: b.pair, frame, candles: b.candles, ts: b.candles.timestamp, n, startup: N, signals, entryDir, flags, ohlc: b.ohlc, dataHash: b.dataHash, filled: b.filled });
    }
    const span = (this.span ??= spanOf(pairs));
    return { pairs, informative: data.informative, startDate: span.startDate, endDate: span.endDate };
  };

  /** The pairs analyzeData keeps (more candles than the startup + 1), with their point-independent columns. */
  private pairBases(): PairBase[] {
    const { startupCandles: N, pairs: wanted, timeframe } = this.settings;
    const out: PairBase[] = [];
    for (const { pair, candles, filled } of this.loaded.pairs) {
      if (candles.timestamp.length <= N + 1) {
        getLogger('backtest').warn({ pair }, `${pair}: ${candles.timestamp.length} candles in the range, not more than the ${N} startup candles + 1; pair left out`);
        continue;
      }
      const d = this.derived?.get(pair);
      out.push({ pair, candles, filled, ohlc: d?.ohlc ?? interleaveOhlc(candles), dataHash: d?.dataHash ?? hashCandles(candles) });
    }
    if (out.length === 0) {
      throw new DataError(
        `no data left for ${wanted.join(', ')} ${timeframe} after the timerange and the ${N} startup candles: check --timerange and the stored data (list-data)`,
      );
    }
    return out;
  }
}

function spanOf(pairs: readonly PreparedPair[]): { startDate: number; endDate: number } {
  let startDate = Infinity;
  let endDate = -Infinity;
  for (const p of pairs) {
    startDate = Math.min(startDate, p.ts[p.startup]!);
    endDate = Math.max(endDate, p.ts[p.n - 1]!);
  }
  return { startDate, endDate };
}
