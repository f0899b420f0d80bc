import type { Timeframe } from '../core/timeframe.ts';
import type { Pair } from '../core/pair.ts';
import type { DataFrame } from '../frame/index.ts';
import type { StrategyContext } from './context.ts';
import type {
  AdjustEntryPriceArgs,
  AdjustTradePositionArgs,
  BotLoopStartArgs,
  CheckTimeoutArgs,
  ConfirmTradeEntryArgs,
  ConfirmTradeExitArgs,
  CustomEntryPriceArgs,
  CustomExitArgs,
  CustomExitPriceArgs,
  CustomRoiArgs,
  CustomStakeAmountArgs,
  CustomStoplossArgs,
  CandleArgs,
  OrderUpdate,
  PositionChangedArgs,
  TimerArgs,
  LeverageArgs,
  MinimalRoi,
  OrderFilledArgs,
  OrderTimeInForce,
  OrderTypes,
  PairMetadata,
  PlotConfig,
  PositionAdjustment,
  ProtectionSpec,
} from './types.ts';

/** A populate hook may modify the frame in place and return nothing, or return it (Freqtrade style). */
export type PopulateResult = DataFrame | void;

/**
 * An informative source declared by the strategy (Freqtrade's @informative decorator): candles
 * of another timeframe (and optionally another pair) get their own populate function and are
 * merged into the main frame with only closed candles visible.
 */
export interface InformativeSpec {
  timeframe: Timeframe;
  /** Another pair; `{base}` and `{quote}` are replaced from the main pair, e.g. "BTC/{quote}". Default: the main pair. */
  pair?: string;
  /** Column suffix; default `_<timeframe>` (and `<base>_<quote>_` as prefix for another pair, as Freqtrade names them). */
  suffix?: string;
  populate(df: DataFrame, meta: PairMetadata): PopulateResult;
}

/**
 * The base class of every Keel strategy. Attribute names mirror Freqtrade's (camelCased), so a
 * Freqtrade strategy ports field by field; the defaults are Freqtrade's.
 *
 * Hooks are vectorized: each runs once per pair over the whole frame. Callbacks are optional
 * methods; the engine calls only those a strategy defines, and a callback that throws is logged
 * with the strategy and pair and replaced by the default behaviour.
 */
export abstract class IStrategy {
  /** Keel's strategy interface version. Version 1 is this class. */
  interfaceVersion = 1;
  timeframe: Timeframe = '5m';
  /** Minutes since entry -> minimum profit ratio. Freqtrade's default effectively disables ROI. */
  minimalRoi: MinimalRoi = { '0': 10 };
  /** Stop loss as a negative ratio of the entry price, e.g. -0.10. */
  stoploss = -0.1;
  trailingStop = false;
  trailingStopPositive: number | undefined = undefined;
  trailingStopPositiveOffset = 0;
  trailingOnlyOffsetIsReached = false;
  useCustomStoploss = false;
  orderTypes: OrderTypes = {
    entry: 'limit',
    exit: 'limit',
    stoploss: 'limit',
    emergencyExit: 'market',
    forceEntry: 'market',
    forceExit: 'market',
    stoplossOnExchange: false,
    stoplossOnExchangeInterval: 60,
    stoplossOnExchangeLimitRatio: 0.99,
  };
  orderTimeInForce: OrderTimeInForce = { entry: 'GTC', exit: 'GTC' };
  canShort = false;
  positionAdjustmentEnable = false;
  /** -1 = no limit on additional entries. */
  maxEntryPositionAdjustment = -1;
  processOnlyNewCandles = true;
  useExitSignal = true;
  exitProfitOnly = false;
  exitProfitOffset = 0;
  ignoreRoiIfEntrySignal = false;
  /** Candles needed before the first valid signal; loaded before the timerange and trimmed. */
  startupCandleCount = 0;
  /** Overrides the config's max_open_trades when set. */
  maxOpenTrades: number | undefined = undefined;
  protections: ProtectionSpec[] = [];
  plotConfig: PlotConfig | undefined = undefined;

  /** Market data, wallets and locks for the running strategy; set by the runtime before botStart. */
  context!: StrategyContext;

  /** Freqtrade's `self.dp`. */
  get dp(): StrategyContext['dataProvider'] {
    return this.context.dataProvider;
  }

  /** Order management (NautilusTrader style); see onCandle. */
  get orders(): StrategyContext['orders'] {
    return this.context.orders;
  }

  /** Freqtrade's `self.wallets`. */
  get wallets(): StrategyContext['wallets'] {
    return this.context.wallets;
  }

  /** Shown by list-strategies and stored with results; bump it when the logic changes. */
  version(): string | undefined {
    return undefined;
  }

  abstract populateIndicators(df: DataFrame, meta: PairMetadata): PopulateResult;
  abstract populateEntryTrend(df: DataFrame, meta: PairMetadata): PopulateResult;
  abstract populateExitTrend(df: DataFrame, meta: PairMetadata): PopulateResult;

  /** Declarative informative timeframes/pairs (Freqtrade's @informative). */
  informative(): InformativeSpec[] {
    return [];
  }

  /** Extra [pair, timeframe] data the strategy reads through `dp` (Freqtrade's informative_pairs). */
  informativePairs(): Array<[Pair, Timeframe]> {
    return [];
  }

  /* ----- callbacks: define the ones you need (all optional) ----- */
  botStart?(): void | Promise<void>;
  botLoopStart?(args: BotLoopStartArgs): void;
  customStakeAmount?(args: CustomStakeAmountArgs): number;
  /** Return a string (exit tag) or true to exit; anything else keeps the trade. */
  customExit?(args: CustomExitArgs): string | boolean | undefined | null;
  /** New stop as a ratio relative to the current rate (Freqtrade semantics); undefined keeps the current stop. */
  customStoploss?(args: CustomStoplossArgs): number | undefined | null;
  /** ROI threshold for this trade now; undefined falls back to minimalRoi. */
  customRoi?(args: CustomRoiArgs): number | undefined | null;
  customEntryPrice?(args: CustomEntryPriceArgs): number;
  customExitPrice?(args: CustomExitPriceArgs): number;
  confirmTradeEntry?(args: ConfirmTradeEntryArgs): boolean;
  confirmTradeExit?(args: ConfirmTradeExitArgs): boolean;
  /** Return true to cancel the open entry order. */
  checkEntryTimeout?(args: CheckTimeoutArgs): boolean;
  /** Return true to cancel the open exit order. */
  checkExitTimeout?(args: CheckTimeoutArgs): boolean;
  /** New price for an unfilled entry order; the current price keeps it, undefined/null cancels it. */
  adjustEntryPrice?(args: AdjustEntryPriceArgs): number | undefined | null;
  adjustTradePosition?(args: AdjustTradePositionArgs): PositionAdjustment;
  leverage?(args: LeverageArgs): number;
  orderFilled?(args: OrderFilledArgs): void;

  /* ----- event hooks for strategies that manage orders themselves (this.context.orders) ----- */
  /** Each closed candle of each traded pair, in time order, after the signal-driven trade logic. */
  onCandle?(args: CandleArgs): void;
  /** Every event of this strategy's orders (accepted, filled, canceled, denied by risk, ...). */
  onOrderEvent?(event: OrderUpdate): void;
  onPositionChanged?(args: PositionChangedArgs): void;
  onTimer?(args: TimerArgs): void;
}

/** A concrete strategy class as the loader finds it. */
export type StrategyClass = new () => IStrategy;

/** Names of the callbacks, for validation and for the safe invoker. */
export const CALLBACK_NAMES = [
  'botStart',
  'botLoopStart',
  'customStakeAmount',
  'customExit',
  'customStoploss',
  'customRoi',
  'customEntryPrice',
  'customExitPrice',
  'confirmTradeEntry',
  'confirmTradeExit',
  'checkEntryTimeout',
  'checkExitTimeout',
  'adjustEntryPrice',
  'adjustTradePosition',
  'leverage',
  'orderFilled',
  'onCandle',
  'onOrderEvent',
  'onPositionChanged',
  'onTimer',
] as const;
export type CallbackName = (typeof CALLBACK_NAMES)[number];
