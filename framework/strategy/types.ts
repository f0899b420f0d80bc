import type { Timeframe } from '../core/timeframe.ts';
import type { Pair } from '../core/pair.ts';

/**
 * Types a strategy author sees. Callback arguments are objects (Freqtrade passes keyword
 * arguments): the engine can add fields later without breaking any strategy.
 */

export type Side = 'long' | 'short';
export type OrderKind = 'limit' | 'market';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PO';
export type RunMode = 'backtest' | 'hyperopt' | 'paper' | 'live' | 'plot' | 'other';

/** Freqtrade's order_types, camelCased. */
export interface OrderTypes {
  entry: OrderKind;
  exit: OrderKind;
  stoploss: OrderKind;
  emergencyExit: OrderKind;
  forceEntry: OrderKind;
  forceExit: OrderKind;
  stoplossOnExchange: boolean;
  /** Seconds between updates of a trailing stop on the exchange. */
  stoplossOnExchangeInterval: number;
  /** Limit price of an on-exchange stop-limit as a ratio of the stop price (longs). */
  stoplossOnExchangeLimitRatio: number;
}

export interface OrderTimeInForce {
  entry: TimeInForce;
  exit: TimeInForce;
}

/** Passed to the populate hooks: which pair and timeframe this frame holds. */
export interface PairMetadata {
  pair: Pair;
  timeframe: Timeframe;
}

/** Minutes since entry (as a string key, like Freqtrade's JSON) -> minimum profit ratio to exit. */
export type MinimalRoi = Record<string, number>;

/** A protection entry as in Freqtrade's config; the risk manager evaluates it. */
export interface ProtectionSpec {
  method: 'CooldownPeriod' | 'StoplossGuard' | 'MaxDrawdown' | 'LowProfitPairs';
  stopDuration?: number;
  stopDurationCandles?: number;
  lookbackPeriod?: number;
  lookbackPeriodCandles?: number;
  tradeLimit?: number;
  onlyPerPair?: boolean;
  onlyPerSide?: boolean;
  requiredProfit?: number;
  maxAllowedDrawdown?: number;
}

/** Freqtrade's plot_config: which columns to draw on the price chart and in subplots. */
export interface PlotConfig {
  mainPlot?: Record<string, { color?: string; type?: 'line' | 'bar' | 'scatter' }>;
  subplots?: Record<string, Record<string, { color?: string; type?: 'line' | 'bar' | 'scatter' }>>;
}

/** Read-only view of an order, as the engine reports it to callbacks. */
export interface OrderView {
  readonly id: string;
  readonly side: 'buy' | 'sell';
  readonly type: string;
  readonly price: number;
  readonly amount: number;
  readonly filled: number;
  readonly remaining: number;
  readonly status: string;
  readonly createdAt: number;
  /** Whether this order opens/increases the trade (true) or reduces/closes it. */
  readonly isEntry: boolean;
  readonly tag?: string;
}

/** Read-only view of a trade, as the engine reports it to callbacks. */
export interface TradeView {
  readonly id: number;
  readonly pair: Pair;
  readonly isShort: boolean;
  readonly isOpen: boolean;
  readonly openDate: number;
  readonly openRate: number;
  readonly amount: number;
  readonly stakeAmount: number;
  readonly leverage: number;
  readonly enterTag?: string;
  readonly stopLoss?: number;
  readonly initialStopLoss?: number;
  readonly nrOfSuccessfulEntries: number;
  readonly nrOfSuccessfulExits: number;
  readonly orders: readonly OrderView[];
  /** Profit ratio if the trade closed at `rate` now (fees included). */
  calcProfitRatio(rate: number): number;
}

/* ----- callback arguments (one interface per callback) ----- */

export interface BotLoopStartArgs {
  currentTime: number;
}

export interface CustomStakeAmountArgs {
  pair: Pair;
  currentTime: number;
  currentRate: number;
  proposedStake: number;
  minStake: number | undefined;
  maxStake: number;
  leverage: number;
  entryTag: string | undefined;
  side: Side;
}

export interface CustomExitArgs {
  pair: Pair;
  trade: TradeView;
  currentTime: number;
  currentRate: number;
  currentProfit: number;
}

export interface CustomStoplossArgs extends CustomExitArgs {
  /** True when called right after an entry order filled (stop can be re-anchored). */
  afterFill: boolean;
}

export interface CustomRoiArgs {
  pair: Pair;
  trade: TradeView;
  currentTime: number;
  tradeDuration: number;
  entryTag: string | undefined;
  side: Side;
}

export interface CustomEntryPriceArgs {
  pair: Pair;
  trade: TradeView | undefined;
  currentTime: number;
  proposedRate: number;
  entryTag: string | undefined;
  side: Side;
}

export interface CustomExitPriceArgs {
  pair: Pair;
  trade: TradeView;
  currentTime: number;
  proposedRate: number;
  currentProfit: number;
  exitTag: string | undefined;
}

export interface ConfirmTradeEntryArgs {
  pair: Pair;
  orderType: OrderKind;
  amount: number;
  rate: number;
  timeInForce: TimeInForce;
  currentTime: number;
  entryTag: string | undefined;
  side: Side;
}

export interface ConfirmTradeExitArgs {
  pair: Pair;
  trade: TradeView;
  orderType: OrderKind;
  amount: number;
  rate: number;
  timeInForce: TimeInForce;
  exitReason: string;
  currentTime: number;
}

export interface CheckTimeoutArgs {
  pair: Pair;
  trade: TradeView;
  order: OrderView;
  currentTime: number;
}

export interface AdjustEntryPriceArgs {
  pair: Pair;
  trade: TradeView;
  order: OrderView;
  currentTime: number;
  proposedRate: number;
  currentOrderRate: number;
  entryTag: string | undefined;
  side: Side;
}

export interface AdjustTradePositionArgs {
  trade: TradeView;
  currentTime: number;
  currentRate: number;
  currentProfit: number;
  minStake: number | undefined;
  maxStake: number;
  currentEntryRate: number;
  currentExitRate: number;
  currentEntryProfit: number;
  currentExitProfit: number;
}

/** Positive: add this much stake (DCA). Negative: reduce by this much stake (partial exit). */
export type PositionAdjustment = number | { stake: number; tag?: string } | undefined | null;

export interface LeverageArgs {
  pair: Pair;
  currentTime: number;
  currentRate: number;
  proposedLeverage: number;
  maxLeverage: number;
  entryTag: string | undefined;
  side: Side;
}

export interface OrderFilledArgs {
  pair: Pair;
  trade: TradeView;
  order: OrderView;
  currentTime: number;
}

/* ----- the order-management side (NautilusTrader style): event hooks and the order API ----- */

export interface CandleArgs {
  pair: Pair;
  /** Row of the analyzed frame this candle is (the candle has just closed). */
  index: number;
  /** Close time of the candle (= the engine time now), epoch ms. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** An order event as a strategy sees it (a narrow copy of the engine's event). */
export interface OrderUpdate {
  type: string;
  clientOrderId: string;
  pair: Pair;
  time: number;
  status: string;
  side: 'buy' | 'sell';
  quantity: number;
  filledQuantity: number;
  averagePrice: number;
  /** For fills: the quantity and price of this fill. */
  lastQuantity?: number;
  lastPrice?: number;
  /** Reason code of a denial / rejection / refused cancel or modify, and its sentence. */
  reason?: string;
  message?: string;
  tags?: readonly string[];
}

export interface PositionChangedArgs {
  pair: Pair;
  time: number;
  /** Signed: + long, - short, 0 flat. */
  quantity: number;
  averagePrice: number;
  realizedPnl: number;
  change: 'opened' | 'increased' | 'reduced' | 'closed' | 'flipped';
}

export interface TimerArgs {
  name: string;
  time: number;
}

export type OrderSideName = 'buy' | 'sell';
export type TrailingOffsetUnit = 'price' | 'bps' | 'ticks';

interface OrderArgsBase {
  pair: Pair;
  side: OrderSideName;
  quantity: number;
  reduceOnly?: boolean;
  tag?: string;
}

export interface MarketOrderArgs extends OrderArgsBase {}
export interface LimitOrderArgs extends OrderArgsBase {
  price: number;
  timeInForce?: 'GTC' | 'IOC' | 'FOK' | 'GTD' | 'DAY';
  expireTime?: number;
  postOnly?: boolean;
  displayQuantity?: number;
}
export interface StopOrderArgs extends OrderArgsBase {
  triggerPrice: number;
  /** With a limit price: stop-limit; without: stop-market. */
  limitPrice?: number;
  /** Hold the trigger in the engine (emulated) instead of sending the stop to the venue. */
  emulate?: boolean;
}
export interface TrailingStopOrderArgs extends OrderArgsBase {
  offset: number;
  offsetType: TrailingOffsetUnit;
  activationPrice?: number;
  /** With a limit offset: trailing-stop-limit. */
  limitOffset?: number;
  /** Hold the trigger in the engine (emulated) instead of sending the order to the venue. */
  emulate?: boolean;
}
export interface BracketOrderArgs extends OrderArgsBase {
  /** Limit entry price; market entry when omitted. */
  entryPrice?: number;
  takeProfitPrice: number;
  stopLossPrice: number;
}
export interface OrderChanges {
  quantity?: number;
  price?: number;
  triggerPrice?: number;
}
export interface PositionView {
  pair: Pair;
  quantity: number;
  averagePrice: number;
  unrealizedPnl: number;
  realizedPnl: number;
}
