import type { Pair } from '../../core/pair.ts';
import type { InvokeOptions } from '../../strategy/callbacks.ts';
import type { OrderView, TradeView } from '../../strategy/types.ts';
import { decimalValueWithFee, round8 } from './freqtrade-precision.ts';

/**
 * One Freqtrade trade as the trade manager keeps it: entry and exit orders, the stop, and the
 * running accounting (Freqtrade's LocalTrade / recalc_trade_from_orders, applied fill by fill).
 * One object per trade, mutated in place; it is also the `trade` the strategy's callbacks see
 * (a TradeView), so callbacks read live values without a copy per candle.
 */

export type TradeOrderStatus = 'open' | 'closed' | 'canceled';

/** An order of a trade (Freqtrade's Order), also the OrderView callbacks receive. */
export class TradeOrder implements OrderView {
  readonly id: string;
  readonly side: 'buy' | 'sell';
  readonly type = 'limit';
  price: number;
  readonly amount: number;
  filled = 0;
  status: TradeOrderStatus = 'open';
  readonly createdAt: number;
  readonly isEntry: boolean;
  readonly tag: string | undefined;
  /** Sum of price x quantity over fills, and the fees paid (stake currency). */
  filledValue = 0;
  feeCost = 0;
  /** Exit orders: the exit type that placed them (exit reason bookkeeping). */
  readonly exitType: number;

  constructor(id: string, side: 'buy' | 'sell', price: number, amount: number, createdAt: number, isEntry: boolean, tag: string | undefined, exitType = 0) {
    this.id = id;
    this.side = side;
    this.price = price;
    this.amount = amount;
    this.createdAt = createdAt;
    this.isEntry = isEntry;
    this.tag = tag;
    this.exitType = exitType;
  }

  get remaining(): number {
    return this.amount - this.filled;
  }

  get isOpen(): boolean {
    return this.status === 'open';
  }
}

export class Trade implements TradeView {
  readonly id: number;
  readonly pair: Pair;
  /** Index of the pair in the trade manager's pair list. */
  readonly pairIndex: number;
  readonly isShort: boolean;
  readonly leverage: number;
  /** Candle time the trade was created (Freqtrade's open_date; not moved by a later fill). */
  readonly openDate: number;
  readonly enterTag: string | undefined;
  readonly feeOpen: number;
  readonly feeClose: number;

  isOpen = true;
  /** Average entry price (the requested price until the first entry fills). */
  openRate: number;
  /** Open base quantity (0 until an entry fills). */
  amount = 0;
  /** Stake tied up in this trade (amount x open rate / leverage; the requested stake before the first fill). */
  stakeAmount: number;
  /** open_trade_value: amount x open rate incl. the entry fee. */
  openTradeValue = 0;

  stopLoss = 0;
  stopLossPct: number | undefined = undefined;
  initialStopLoss = 0;
  initialStopLossPct: number | undefined = undefined;
  isStopLossTrailing = false;
  minRate = Number.NaN;
  maxRate = Number.NaN;

  readonly orders: TradeOrder[] = [];
  nrOfSuccessfulEntries = 0;
  nrOfSuccessfulExits = 0;

  // Accounting over fills (Freqtrade's recalc_trade_from_orders).
  /** Sum of open trade values of all entry fills (Freqtrade's total_stake). */
  totalStake = 0;
  /** Base bought over all entries, and its cost. */
  entryAmountTotal = 0;
  entryValueTotal = 0;
  /** Sum of the profit_abs of the exit fills so far (Freqtrade's realized_profit). */
  realizedProfit = 0;
  exitAmountTotal = 0;
  exitValueTotal = 0;
  feeOpenCost = 0;
  feeCloseCost = 0;
  closeDate = 0;
  closeRate = 0;
  exitReason = '';
  exitTag: string | null = null;
  /** Running stake (current_stake) behind the average open rate. */
  currentStake = 0;

  /** The invokeCallback options of this trade's callbacks (one object per trade, not per call). */
  readonly cbOpts: InvokeOptions;

  // Per-candle bookkeeping of the trade manager (reset when a new candle starts).
  candleTime = Number.NaN;
  exitCheckPending = false;
  adjustDone = false;

  constructor(opts: {
    id: number;
    pair: Pair;
    pairIndex: number;
    isShort: boolean;
    leverage: number;
    openDate: number;
    openRate: number;
    stakeAmount: number;
    enterTag: string | undefined;
    feeOpen: number;
    feeClose: number;
  }) {
    this.id = opts.id;
    this.pair = opts.pair;
    this.pairIndex = opts.pairIndex;
    this.isShort = opts.isShort;
    this.leverage = opts.leverage;
    this.openDate = opts.openDate;
    this.openRate = opts.openRate;
    this.stakeAmount = opts.stakeAmount;
    this.enterTag = opts.enterTag;
    this.feeOpen = opts.feeOpen;
    this.feeClose = opts.feeClose;
    this.cbOpts = { pair: opts.pair };
  }

  get hasOpenPosition(): boolean {
    return this.amount > 0;
  }

  get entrySide(): 'buy' | 'sell' {
    return this.isShort ? 'sell' : 'buy';
  }

  get exitSide(): 'buy' | 'sell' {
    return this.isShort ? 'buy' : 'sell';
  }

  get side(): 'long' | 'short' {
    return this.isShort ? 'short' : 'long';
  }

  /** Freqtrade's _calc_open_trade_value: amount x rate, plus (long) or minus (short) the entry fee, in exact decimals. */
  openValue(amount: number, rate: number): number {
    return decimalValueWithFee(amount, rate, this.feeOpen, this.isShort ? -1 : 1);
  }

  /** Freqtrade's calc_close_trade_value (spot / futures without funding), in exact decimals. */
  closeValue(amount: number, rate: number): number {
    return decimalValueWithFee(amount, rate, this.feeClose, this.isShort ? 1 : -1);
  }

  /** closeValue in plain float arithmetic, for the per-candle profit checks (may differ in the last bit). */
  closeValueFast(amount: number, rate: number): number {
    const v = amount * rate;
    const fee = v * this.feeClose;
    return this.isShort ? v + fee : v - fee;
  }

  /** Freqtrade's calc_profit_ratio at `rate` for the open amount, rounded to 8 decimals as Freqtrade does. */
  calcProfitRatio(rate: number): number {
    const open = this.openTradeValue;
    if (this.isShort) {
      const close = this.closeValueFast(this.amount, rate);
      if (close === 0) return 0;
      return round8((1 - close / open) * this.leverage);
    }
    if (open === 0) return 0;
    return round8((this.closeValueFast(this.amount, rate) / open - 1) * this.leverage);
  }

  /** Freqtrade's calculate_profit(...).profit_abs of closing `amount` at `rate` against the average entry. */
  profitAbs(amount: number, rate: number, avgOpen: number): number {
    const close = this.closeValue(amount, rate);
    const open = this.openValue(amount, avgOpen);
    return round8(this.isShort ? open - close : close - open);
  }

  /** Freqtrade's adjust_min_max_rates. */
  adjustMinMax(high: number, low: number): void {
    const max = this.maxRate === this.maxRate ? this.maxRate : this.openRate;
    const min = this.minRate === this.minRate ? this.minRate : this.openRate;
    this.maxRate = high > max ? high : max;
    this.minRate = low < min ? low : min;
  }

  /** Open orders of the trade, entries or exits. */
  openOrder(isEntry: boolean): TradeOrder | undefined {
    for (let i = this.orders.length - 1; i >= 0; i--) {
      const o = this.orders[i]!;
      if (o.isOpen && o.isEntry === isEntry) return o;
    }
    return undefined;
  }

  get hasOpenOrders(): boolean {
    for (let i = 0; i < this.orders.length; i++) if (this.orders[i]!.isOpen) return true;
    return false;
  }
}
