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
  // Number fields start as NaN (the constructor sets them): a field that first holds undefined
  // keeps every number in a heap object of its own, and the exit checks read these on every
  // candle (a boxed value read there makes V8 box the doubles it is compared with).
  readonly leverage: number = Number.NaN;
  /** Candle time the trade was created (Freqtrade's open_date; not moved by a later fill). */
  readonly openDate: number = Number.NaN;
  readonly enterTag: string | undefined;
  readonly feeOpen: number = Number.NaN;
  readonly feeClose: number = Number.NaN;

  isOpen = true;
  /** Average entry price (the requested price until the first entry fills). */
  openRate = Number.NaN;
  /** Open base quantity (0 until an entry fills). */
  amount = 0;
  /** Stake tied up in this trade (amount x open rate / leverage; the requested stake before the first fill). */
  stakeAmount = Number.NaN;
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
  /** How many of `orders` are open (kept by the trade manager: it adds orders and changes their status). */
  openOrderCount = 0;
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

  // The last calcProfitRatio: the exit checks ask for the same rate (the candle's high) more
  // than once per candle. Valid while amount and open value are those it was computed with.
  private prRate = Number.NaN;
  private prAmount = Number.NaN;
  private prOpen = Number.NaN;
  private prValue = Number.NaN;

  /** Freqtrade's calc_profit_ratio at `rate` for the open amount, rounded to 8 decimals as Freqtrade does. */
  calcProfitRatio(rate: number): number {
    this.probeRate = rate;
    this.probeProfit();
    return this.probeResult;
  }

  /**
   * calcProfitRatio(probeRate) into probeResult: the per-candle exit checks pass the rate and
   * read the result through these fields (V8 boxes a double passed to or returned from a call
   * it does not inline: an allocation per call).
   */
  probeRate = Number.NaN;
  probeResult = Number.NaN;

  probeProfit(): void {
    const rate = this.probeRate;
    if (rate === this.prRate && this.amount === this.prAmount && this.openTradeValue === this.prOpen) {
      this.probeResult = this.prValue;
      return;
    }
    const open = this.openTradeValue;
    // closeValueFast and round8's fast path written out (this runs several times per candle;
    // a call V8 does not inline here would box its double argument and result).
    const value = this.amount * rate;
    const fee = value * this.feeClose;
    const close = this.isShort ? value + fee : value - fee;
    let v: number;
    if (this.isShort ? close === 0 : open === 0) v = 0;
    else {
      const x = (this.isShort ? 1 - close / open : close / open - 1) * this.leverage;
      const y = x * 1e8;
      const frac = Math.abs(y - Math.trunc(y));
      const ay = Math.abs(y);
      // round8(x), same test: finite x away from a half (see round8), else round8 itself.
      v = x === x && ay !== Infinity && (ay < 1e9 ? Math.abs(frac - 0.5) > 1e-6 : ay < 8e12 && Math.abs(frac - 0.5) > 1e-2) ? Math.round(y) / 1e8 : round8(x);
    }
    this.prRate = rate;
    this.prAmount = this.amount;
    this.prOpen = open;
    this.prValue = v;
    this.probeResult = v;
  }

  /** Freqtrade's calculate_profit(...).profit_abs of closing `amount` at `rate` against the average entry. */
  profitAbs(amount: number, rate: number, avgOpen: number): number {
    const close = this.closeValue(amount, rate);
    const open = this.openValue(amount, avgOpen);
    return round8(this.isShort ? open - close : close - open);
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
    // Asked several times per candle: a count instead of a walk over the orders.
    return this.openOrderCount > 0;
  }
}
