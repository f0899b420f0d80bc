import type { Pair } from '../core/pair.ts';
import type { Timeframe } from '../core/timeframe.ts';
import type { DataFrame } from '../frame/index.ts';
import type {
  BracketOrderArgs,
  LimitOrderArgs,
  MarketOrderArgs,
  OrderChanges,
  OrderUpdate,
  PositionView,
  RunMode,
  Side,
  StopOrderArgs,
  TrailingStopOrderArgs,
} from './types.ts';

/**
 * What a running strategy may see besides its own frame: Freqtrade's `dp` and `wallets`, and
 * pair locks. It is deliberately narrow: no venue, no order book, no persistence.
 */
export interface DataProvider {
  readonly runmode: RunMode;
  /** Pairs being traded now (after blacklist and pairlist filters). */
  currentWhitelist(): Pair[];
  /**
   * Raw candles of a pair (and timeframe; default the strategy's) up to the last closed candle
   * at the current time: in a backtest the frame is capped at "now", so nothing ahead leaks.
   */
  getPairDataframe(pair: Pair, timeframe?: Timeframe): DataFrame;
  /** The frame after populate* for a traded pair, capped at "now", and when it was last analyzed (epoch ms). */
  getAnalyzedDataframe(pair: Pair, timeframe?: Timeframe): { df: DataFrame; lastAnalyzed: number };
}

export interface Wallets {
  getFree(currency: string): number;
  getUsed(currency: string): number;
  getTotal(currency: string): number;
  /** Stake currency available for new trades (tradable_balance_ratio applied). */
  getAvailableStakeAmount(): number;
  /** Stake currency in the wallet plus the stake tied up in open trades. */
  getTotalStakeAmount(): number;
}

export interface PairLock {
  pair: Pair | '*';
  until: number;
  reason: string;
  side: Side | '*';
}

export interface PairLocks {
  lockPair(pair: Pair | '*', until: number, reason?: string, side?: Side | '*'): void;
  unlockPair(pair: Pair | '*', side?: Side | '*'): void;
  isPairLocked(pair: Pair, at: number, side?: Side): boolean;
  activeLocks(at: number): PairLock[];
}

export interface StrategyContext {
  readonly dataProvider: DataProvider;
  readonly wallets: Wallets;
  readonly locks: PairLocks;
  /** Order management for strategies that place their own orders (onCandle and friends). */
  readonly orders: OrderApi;
}

/**
 * The order API of a strategy that manages its own orders (NautilusTrader style). Every call
 * becomes an order request that passes the risk manager and the execution engine; the strategy
 * never sees a venue. Methods return the client order id; outcomes arrive through onOrderEvent.
 */
export interface OrderApi {
  market(args: MarketOrderArgs): string;
  limit(args: LimitOrderArgs): string;
  stop(args: StopOrderArgs): string;
  trailingStop(args: TrailingStopOrderArgs): string;
  bracket(args: BracketOrderArgs): { entry: string; takeProfit: string; stopLoss: string };
  /** One-cancels-other pair of exit orders (e.g. a take-profit limit and a stop). */
  oco(first: LimitOrderArgs | StopOrderArgs, second: LimitOrderArgs | StopOrderArgs): [string, string];
  cancel(clientOrderId: string): void;
  modify(clientOrderId: string, changes: OrderChanges): void;
  cancelAll(pair?: Pair): void;
  openOrders(pair?: Pair): OrderUpdate[];
  position(pair: Pair): PositionView | undefined;
  /** Call onTimer({ name }) at `at` (epoch ms, engine clock). */
  setTimer(name: string, at: number): void;
  cancelTimer(name: string): void;
  now(): number;
}
