import type { Pair } from '../../core/pair.ts';
import type { Instrument } from '../../execution/instrument.ts';
import type { OrderRequest } from '../../execution/types.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import type { Side } from '../../strategy/types.ts';
import type { TradeRecord } from '../../portfolio/trade-record.ts';
import type { StakeSettings, StakeWallet } from './stake.ts';

/**
 * One candle of one pair as the trade manager evaluates it. The runner fills ONE object per
 * call (no allocation per candle): the candle's prices, and the signals that act on it, which
 * are those of the previous candle (Freqtrade shifts signals by one: a signal known at the
 * close of t acts at the open of t+1).
 */
export interface CandleRow {
  /** Open time of this candle (the engine's "now" while it is evaluated), epoch ms. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Shifted signal columns (0 / 1). */
  enterLong: number;
  exitLong: number;
  enterShort: number;
  exitShort: number;
  enterTag: string | null;
  exitTag: string | null;
  /** The entry direction after Freqtrade's collision rules: 1 long, -1 short, 0 none. */
  entryDir: number;
  /** False on the last candle of the run (Freqtrade never opens a trade there). */
  canEnter: boolean;
}

/** Where the trade manager's orders go: the strategy runtime / execution engine (risk gate included). */
export interface OrderPort {
  nextClientOrderId(): string;
  /** Submit; the outcome (denied, accepted, filled, ...) arrives through TradeManager.onOrderEvent, possibly before this returns. */
  submit(request: OrderRequest): void;
  cancel(clientOrderId: string): void;
}

export interface UnfilledTimeout {
  entry?: number;
  exit?: number;
  unit: 'minutes' | 'seconds';
}

export interface TradeManagerOptions {
  strategy: IStrategy;
  /** Strategy id on every order (OrderRequest.strategyId). */
  strategyId: string;
  pairs: readonly Pair[];
  /** Instrument per pair (same order as `pairs`): lot size, tick size, limits. */
  instruments: readonly Instrument[];
  timeframeMs: number;
  /** Fee ratio charged on both legs (Freqtrade's single backtest fee). */
  fee: number;
  stake: StakeSettings;
  /** The stake wallet to use (e.g. one the strategy's context already shows); default a new one. */
  wallet?: StakeWallet;
  /**
   * Free cash of the account in the stake currency (the portfolio's). Stakes are capped so an
   * order never needs more than the account holds (with the fee): Freqtrade's wallet counts
   * profits rounded to 8 decimals and ignores entry fees until a trade closes, so an all-in
   * stake can exceed the real cash by a hair. Undefined: no cap.
   */
  cashAvailable?: () => number;
  /** Infinity = unlimited. Values <= 0 never block a slot (Freqtrade). */
  maxOpenTrades: number;
  /** futures: shorts and the leverage callback are allowed (with strategy.canShort). */
  tradingMode: 'spot' | 'futures';
  maxLeverage?: number;
  unfilledTimeout?: UnfilledTimeout;
  /** Pair locks (protections, manual locks); undefined = none. */
  isPairLocked?: (pair: Pair, time: number, side: Side) => boolean;
  port: OrderPort;
  /** Each closed trade, when it closes (protections, reports). */
  onTradeClosed?: (record: TradeRecord) => void;
  /**
   * Place stop-loss exits as stop-market orders triggered at the stop (for fill models that walk
   * a price path, e.g. ohlc_path). Default false: every exit is a limit order at the price
   * Freqtrade's backtest computes, which the freqtrade fill model fills exactly there.
   */
  stopExitsAsStopOrders?: boolean;
  /** Keep the rejected entry signals (Freqtrade's export=signals). */
  collectRejected?: boolean;
}

/** Counters the report shows. */
export interface TradeManagerStats {
  rejectedSignals: number;
  timedoutEntryOrders: number;
  timedoutExitOrders: number;
  canceledTradeEntries: number;
  canceledEntryOrders: number;
  replacedEntryOrders: number;
  canceledExitOrders: number;
  /** Entries whose stake was lowered to the account's free cash (see TradeManagerOptions.cashAvailable). */
  stakesCappedToCash: number;
  /** Entries the trade manager did not place, by reason (stake, minimum stake, confirm_trade_entry, pair locked ...). */
  entrySkips: Record<string, number>;
  /** Orders refused downstream (risk gate / engine DENIED, venue REJECTED), by reason code. */
  orderRefusals: Record<string, number>;
}

export interface RejectedSignal {
  pair: Pair;
  /** Open time of the candle the signal was acted on. */
  date: number;
  enterTag: string | null;
}
