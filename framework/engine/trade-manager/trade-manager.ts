import type { Pair } from '../../core/pair.ts';
import { IdMap } from '../../execution/id-map.ts';
import type { Instrument } from '../../execution/instrument.ts';
import type { Order } from '../../execution/order.ts';
import type { OrderEvent } from '../../execution/types.ts';
import { hasCallback, invokeAdjustTradePosition, invokeCallback, invokeCustomExit, type InvokeOptions } from '../../strategy/callbacks.ts';
import { ENTRY_LONG, ENTRY_SHORT } from '../../strategy/signals.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import type { AdjustTradePositionArgs, CustomExitArgs, Side, TradeView } from '../../strategy/types.ts';
import { signalEntryRequest, signalExitRequest, type SignalEntry } from '../strategy-runtime/intents.ts';
import { stopRequest } from '../strategy-runtime/order-requests.ts';
import type { TradeRecord } from '../../portfolio/trade-record.ts';
import { closeRateForRoi, closeRateForStoploss } from './close-rate.ts';
import { amountToPrecision, decimalMul, priceToPrecision, ROUND_HALF_UP } from './freqtrade-precision.ts';
import { ceilToStep, floorToStep } from '../../core/precision.ts';
import { RoiTable, tradeDurationMinutes } from './roi.ts';
import { maxPairStake, minPairStake, StakeWallet } from './stake.ts';
import { adjustStopLoss, newStoplossArgs, STOP_LOSS_HIT, STOP_NONE, stoplossAdjust, TRAILING_STOP_HIT, type StopContext } from './stoploss.ts';
import { Trade, TradeOrder, type TradeOrderStatus } from './trade.ts';
import type { CandleRow, OrderPort, RejectedSignal, TradeManagerOptions, TradeManagerStats } from './types.ts';

/**
 * Freqtrade's trade logic, deciding and then placing real orders: when to enter, how much,
 * at what price; the stop loss (fixed, trailing, custom), ROI, exit signals and custom exits
 * with Freqtrade's priority; exit prices; order timeouts and entry price adjustments; position
 * adjustment (DCA / partial exits). It never fills anything itself: every entry and exit is a
 * limit order through the OrderPort (risk gate -> execution engine -> venue), and the trade
 * changes only when the venue's fill events come back (onOrderEvent).
 *
 * It is mode-agnostic: it sees candles (CandleRow) and order events. In a backtest the runner
 * feeds each candle and drives the simulated venue; the sequence per pair and candle is
 * Freqtrade's backtest_loop:
 *
 *   beginCandle:  1. manage open orders (timeouts, adjustEntryPrice)
 *                 2. entry (slot free, no trade on the pair, not locked) -> entry order
 *                 4. exit checks of a trade whose entry filled on an earlier candle -> exit order
 *   (venue bar)   3. the entry order fills -> 4. exit checks of the new trade -> its exit order
 *                    joins the same candle -> 5. the exit fills
 *   endCandle:    exit checks still waiting for a fill that did not come
 *
 * Exit checks (Freqtrade's should_exit): the stop is adjusted first (trailing / custom stop at
 * the candle's favourable extreme), then the candidates are tried in this order, the first one
 * that places an order wins: exit signal or custom exit, stop loss, ROI, trailing stop loss.
 */

const EXIT_SIGNAL = 1;
const CUSTOM_EXIT = 2;
const STOP_LOSS = 3;
const ROI = 4;
const TRAILING_STOP_LOSS = 5;
const PARTIAL_EXIT = 6;
const FORCE_EXIT = 7;

/** Freqtrade's ExitType values, the exit reasons of the trade list. */
const EXIT_REASON: Record<number, string> = {
  [EXIT_SIGNAL]: 'exit_signal',
  [CUSTOM_EXIT]: 'custom_exit',
  [STOP_LOSS]: 'stop_loss',
  [ROI]: 'roi',
  [TRAILING_STOP_LOSS]: 'trailing_stop_loss',
  [PARTIAL_EXIT]: 'partial_exit',
  [FORCE_EXIT]: 'force_exit',
};

const CUSTOM_TAG_MAX_LENGTH = 255;
/** Entry sizing for new trades reserves the stop distance of -5% (Freqtrade's backtest). */
const ENTRY_MIN_STAKE_STOPLOSS = -0.05;

interface PairSlot {
  pair: Pair;
  instrument: Instrument;
  tick: number;
  lot: number;
  trade: Trade | null;
  /** invokeCallback options for this pair's callbacks (one object, not one per call). */
  cbOpts: InvokeOptions;
}

interface Placed {
  order: TradeOrder;
  trade: Trade;
  owner: TradeManager;
}

export class TradeManager {
  readonly strategy: IStrategy;
  readonly strategyId: string;
  readonly wallet: StakeWallet;
  readonly stats: TradeManagerStats = {
    rejectedSignals: 0,
    timedoutEntryOrders: 0,
    timedoutExitOrders: 0,
    canceledTradeEntries: 0,
    canceledEntryOrders: 0,
    replacedEntryOrders: 0,
    canceledExitOrders: 0,
    stakesCappedToCash: 0,
    entrySkips: {},
    orderRefusals: {},
  };
  /** Closed trades in the order they closed (force exits at the end included). */
  readonly closed: TradeRecord[] = [];
  readonly rejected: RejectedSignal[] = [];
  /** Trades open now (entry placed, not yet fully exited), in the order they were opened. */
  readonly openTrades: Trade[] = [];
  /** Changes whenever a trade joins or leaves openTrades (the runner reuses its pair order while it stays). */
  openTradesVersion = 0;
  // What syncWallet last wrote to the wallet, for openTradesVersion walletVersion; walletDirty
  // when an open trade's stake or realized profit changed since.
  private walletDirty = true;
  private walletVersion = -1;
  private walletTied = Number.NaN;
  private walletRealized = Number.NaN;

  private readonly opts: TradeManagerOptions;
  private readonly slots: PairSlot[];
  private readonly port: OrderPort;
  private readonly roi: RoiTable;
  private readonly stop: StopContext;
  private readonly timeframeMinutes: number;
  private readonly canShort: boolean;
  private readonly maxLeverage: number;
  // The orders placed and not yet done, by client order id, kept in three places (lookup() and
  // untrack() treat them as one map): the last order placed, until its first event that
  // matters here; then on the engine's Order (ownerState), found with the event; and the map
  // for an order placed while the previous one was still waiting for its first event (a venue
  // that answers later). In a backtest the map stays empty: no hashing per order.
  private readonly placed = new IdMap<Placed>();
  private pendingId: string | null = null;
  private pendingPlaced: Placed | null = null;
  // Argument objects of the callbacks that run on every candle of an open trade, refilled for
  // each call (no object per candle; every field is set before each call).
  private readonly exitArgs: CustomExitArgs = { pair: '', trade: undefined as unknown as TradeView, currentTime: Number.NaN, currentRate: Number.NaN, currentProfit: Number.NaN };
  private readonly adjustArgs: AdjustTradePositionArgs = {
    trade: undefined as unknown as TradeView,
    currentTime: Number.NaN,
    currentRate: Number.NaN,
    currentProfit: Number.NaN,
    minStake: undefined,
    maxStake: Number.NaN,
    currentEntryRate: Number.NaN,
    currentExitRate: Number.NaN,
    currentEntryProfit: Number.NaN,
    currentExitProfit: Number.NaN,
  };
  private nextTradeId = 1;
  // Callbacks defined by the strategy, looked up once.
  private readonly cb: {
    customRoi: boolean;
    customExit: boolean;
    customEntryPrice: boolean;
    customExitPrice: boolean;
    customStakeAmount: boolean;
    confirmTradeEntry: boolean;
    confirmTradeExit: boolean;
    checkEntryTimeout: boolean;
    checkExitTimeout: boolean;
    adjustEntryPrice: boolean;
    adjustTradePosition: boolean;
    leverage: boolean;
    orderFilled: boolean;
  };

  /** The candle being evaluated and its pair (-1 between candles). */
  private row: CandleRow | null = null;
  private activePair = -1;
  /** The trade being force-exited at the end (its exit fill is recorded as still open). */
  private forceExiting = false;

  constructor(opts: TradeManagerOptions) {
    this.opts = opts;
    this.strategy = opts.strategy;
    this.strategyId = opts.strategyId;
    this.port = opts.port;
    this.wallet = opts.wallet ?? new StakeWallet(opts.stake);
    this.slots = opts.pairs.map((pair, i) => {
      const instrument = opts.instruments[i]!;
      return { pair, instrument, tick: instrument.tickSize, lot: instrument.lotSize, trade: null, cbOpts: { pair } };
    });
    const s = opts.strategy;
    this.roi = new RoiTable(s.minimalRoi);
    this.timeframeMinutes = opts.timeframeMs / 60_000;
    this.canShort = opts.tradingMode === 'futures' && s.canShort;
    this.maxLeverage = opts.maxLeverage ?? 1;
    this.cb = {
      customRoi: hasCallback(s, 'customRoi'),
      customExit: hasCallback(s, 'customExit'),
      customEntryPrice: hasCallback(s, 'customEntryPrice'),
      customExitPrice: hasCallback(s, 'customExitPrice'),
      customStakeAmount: hasCallback(s, 'customStakeAmount'),
      confirmTradeEntry: hasCallback(s, 'confirmTradeEntry'),
      confirmTradeExit: hasCallback(s, 'confirmTradeExit'),
      checkEntryTimeout: hasCallback(s, 'checkEntryTimeout'),
      checkExitTimeout: hasCallback(s, 'checkExitTimeout'),
      adjustEntryPrice: hasCallback(s, 'adjustEntryPrice'),
      adjustTradePosition: s.positionAdjustmentEnable && hasCallback(s, 'adjustTradePosition'),
      leverage: hasCallback(s, 'leverage'),
      orderFilled: hasCallback(s, 'orderFilled'),
    };
    this.stop = {
      strategy: s,
      // NaN, not undefined, until set: a field that once held undefined stores every number
      // as a new heap object (it is set per candle); NaN means "no tick" to the stop code too.
      tick: Number.NaN,
      useCustom: s.useCustomStoploss && hasCallback(s, 'customStoploss'),
      args: newStoplossArgs(),
      rate: Number.NaN,
      time: Number.NaN,
      profit: Number.NaN,
      low: Number.NaN,
      high: Number.NaN,
      adjust: { price: Number.NaN, stoploss: Number.NaN, tick: Number.NaN, allowRefresh: false },
    };
  }

  // ------------------------------------------------------------------ queries

  /** Whether the pair has a trade (open position or working entry): the runner's fast path skips pairs without. */
  hasTrade(pairIndex: number): boolean {
    return this.slots[pairIndex]!.trade !== null;
  }

  /** Whether the pair's trade has an order working at the venue (the venue must see the candle). */
  hasOpenOrders(pairIndex: number): boolean {
    const t = this.slots[pairIndex]!.trade;
    return t !== null && t.hasOpenOrders;
  }

  trade(pairIndex: number): Trade | null {
    return this.slots[pairIndex]!.trade;
  }

  // ------------------------------------------------------------------ the candle

  /** Steps 1, 2 and (for trades already in position) 4 of Freqtrade's backtest_loop. */
  beginCandle(pairIndex: number, row: CandleRow): void {
    this.row = row;
    this.activePair = pairIndex;
    const slot = this.slots[pairIndex]!;
    let trade = slot.trade;
    if (trade !== null) {
      trade.candleTime = row.time;
      trade.exitCheckPending = false;
      trade.adjustDone = false;
      if (trade.hasOpenOrders && this.manageOpenOrders(trade, row)) {
        this.removeTrade(trade);
        trade = null;
      }
    }
    if (trade === null && row.canEnter && row.entryDir !== 0) {
      const side: Side = row.entryDir === ENTRY_LONG ? 'long' : 'short';
      if (row.entryDir === ENTRY_SHORT && !this.canShort) {
        // signals.ts only yields shorts for strategies that can short; spot cannot.
      } else if (this.opts.isPairLocked !== undefined && this.opts.isPairLocked(slot.pair, row.time, side)) {
        this.skip('pair_locked');
      } else if (this.slotAvailable()) {
        this.enterNew(pairIndex, row, side);
      } else if (this.opts.collectRejected) {
        this.rejected.push({ pair: slot.pair, date: row.time, enterTag: row.enterTag });
      }
    }
    trade = slot.trade;
    if (trade !== null) {
      trade.candleTime = row.time;
      if (trade.hasOpenOrders && trade.openOrder(true) !== undefined) trade.exitCheckPending = true;
      else if (trade.hasOpenPosition) this.exitCheck(trade);
    }
  }

  /** After the venue matched the candle: exit checks that waited for an entry fill which did not come. */
  endCandle(pairIndex: number, row: CandleRow): void {
    const trade = this.slots[pairIndex]!.trade;
    if (trade !== null && trade.exitCheckPending && trade.candleTime === row.time && trade.hasOpenPosition) {
      trade.exitCheckPending = false;
      this.exitCheck(trade);
    }
    this.row = null;
    this.activePair = -1;
  }

  /**
   * Freqtrade's handle_left_open for one pair: a trade still in position is exited at the open
   * of the pair's last candle (reason force_exit); a trade whose entry never filled is dropped.
   * Returns whether an exit order was placed (the runner then lets the venue match it).
   */
  beginForceExit(pairIndex: number, row: CandleRow): boolean {
    const trade = this.slots[pairIndex]!.trade;
    if (trade === null) return false;
    if ((trade.hasOpenOrders && trade.nrOfSuccessfulEntries === 0) || !trade.hasOpenPosition) {
      this.cancelOpenOrders(trade);
      this.removeTrade(trade);
      return false;
    }
    this.row = row;
    this.activePair = pairIndex;
    this.forceExiting = true;
    const placed = this.placeExit(trade, FORCE_EXIT, EXIT_REASON[FORCE_EXIT]!, null, trade.amount, row.open);
    // A similar exit order already resting (same price and amount) is the one that fills.
    return placed || trade.openOrder(false) !== undefined;
  }

  endForceExit(): void {
    this.forceExiting = false;
    this.row = null;
    this.activePair = -1;
  }

  // ------------------------------------------------------------------ order events

  /**
   * Every event of this strategy's orders (the runner routes them here). An arrow function in a
   * field, so the router can call it directly (no wrapper call per event).
   */
  readonly onOrderEvent = (event: OrderEvent, order: Order | undefined): void => {
    // The type first: most events (initialized, submitted, accepted ...) change nothing here.
    switch (event.type) {
      case 'filled': {
        const p = this.lookup(event.clientOrderId, order);
        if (p !== undefined) this.onFill(p, event.lastQuantity, event.lastPrice, event.fee, event.ts, order);
        return;
      }
      case 'denied':
      case 'rejected': {
        const p = this.lookup(event.clientOrderId, order);
        if (p === undefined) return;
        this.count(this.stats.orderRefusals, event.reason);
        this.onOrderGone(p, order);
        return;
      }
      case 'canceled':
      case 'expired': {
        const p = this.lookup(event.clientOrderId, order);
        if (p !== undefined) this.onOrderGone(p, order);
        return;
      }
      default:
        return;
    }
  };

  /** A placed order, from now on found with its events (see `placed`). */
  private track(id: string, p: Placed): void {
    if (this.pendingId !== null) this.placed.set(this.pendingId, this.pendingPlaced!);
    this.pendingId = id;
    this.pendingPlaced = p;
  }

  /** The placed order with this id (`order` is the engine's order of the event, when known), or undefined. */
  private lookup(id: string, order: Order | undefined): Placed | undefined {
    if (order !== undefined) {
      const s = order.ownerState as Placed | undefined;
      if (s !== undefined && s.owner === this && s.order.id === id) return s;
    }
    let p: Placed | undefined;
    const pending = id === this.pendingId;
    if (pending) p = this.pendingPlaced!;
    else if (this.placed.size !== 0) p = this.placed.get(id);
    if (p === undefined || order === undefined || order.ownerState !== undefined || order.clientOrderId !== id) return p;
    // Move it onto the engine's order: the next events of this order find it there.
    order.ownerState = p;
    if (pending) {
      this.pendingId = null;
      this.pendingPlaced = null;
    } else this.placed.delete(id);
    return p;
  }

  /** The order is done: lookup() no longer finds it. */
  private untrack(id: string, order: Order | undefined): void {
    if (order !== undefined) {
      const s = order.ownerState as Placed | undefined;
      if (s !== undefined && s.owner === this && s.order.id === id) order.ownerState = undefined;
    }
    if (this.pendingId === id) {
      this.pendingId = null;
      this.pendingPlaced = null;
    }
    if (this.placed.size !== 0) this.placed.delete(id);
  }

  private onFill(p: Placed, qty: number, price: number, fee: number, ts: number, order: Order | undefined): void {
    const { order: o, trade } = p;
    o.filled += qty;
    o.filledValue += qty * price;
    o.feeCost += fee;
    const done = order !== undefined ? order.status === 'FILLED' : o.filled >= o.amount;
    if (done) {
      setOrderStatus(trade, o, 'closed');
      this.untrack(o.id, order);
    }
    if (o.isEntry) this.applyEntryFill(trade, o, qty, price, fee, ts, done);
    else this.applyExitFill(trade, o, qty, price, fee, ts, done);
  }

  private applyEntryFill(trade: Trade, o: TradeOrder, qty: number, price: number, fee: number, ts: number, done: boolean): void {
    const slot = this.slots[trade.pairIndex]!;
    const firstFill = trade.entryAmountTotal === 0;
    const value = decimalMul(qty, price);
    const openValue = trade.openValue(qty, price);
    trade.entryAmountTotal += qty;
    trade.entryValueTotal += value;
    trade.currentStake += value;
    trade.totalStake += openValue;
    trade.feeOpenCost += fee;
    if (trade.amount === 0 && trade.nrOfSuccessfulExits === 0) {
      // One entry fill: the fill itself (Freqtrade's exact decimal division gives the price back).
      trade.openRate = price;
      trade.amount = qty;
      trade.openTradeValue = openValue;
    } else {
      const rawAmount = trade.amount + qty;
      trade.openRate = firstFill ? price : trade.currentStake / rawAmount;
      trade.amount = amountToPrecision(rawAmount, slot.lot);
      trade.openTradeValue = trade.openValue(trade.amount, trade.openRate);
    }
    trade.stakeAmount = trade.currentStake / trade.leverage;
    this.walletDirty = true;
    if (done) trade.nrOfSuccessfulEntries++;
    // Order.close_bt_order: the first entry re-anchors the stop at the fill price.
    if (done && trade.nrOfSuccessfulEntries === 1) {
      trade.initialStopLossPct = undefined;
      trade.isStopLossTrailing = false;
    }
    adjustStopLoss(trade, trade.openRate, trade.stopLossPct, slot.tick);
    this.syncWallet();
    this.afterFill(trade, o, ts, price);
    if (this.resumeExitCheck(trade)) this.exitCheck(trade);
  }

  private applyExitFill(trade: Trade, o: TradeOrder, qty: number, price: number, fee: number, ts: number, done: boolean): void {
    const slot = this.slots[trade.pairIndex]!;
    const avg = trade.openRate;
    trade.realizedProfit += trade.profitAbs(qty, price, avg);
    this.walletDirty = true;
    trade.exitAmountTotal += qty;
    trade.exitValueTotal += decimalMul(qty, price);
    trade.feeCloseCost += fee;
    trade.currentStake -= decimalMul(avg, qty);
    if (done) trade.nrOfSuccessfulExits++;
    const remaining = qty >= trade.amount ? 0 : amountToPrecision(trade.amount - qty, slot.lot);
    if (remaining > 0) {
      // A partial exit: the rest stays open at the same average price.
      trade.amount = remaining;
      trade.stakeAmount = trade.currentStake / trade.leverage;
      this.walletDirty = true;
      trade.openTradeValue = trade.openValue(trade.amount, trade.openRate);
      adjustStopLoss(trade, trade.openRate, trade.stopLossPct, slot.tick);
      this.syncWallet();
      this.afterFill(trade, o, ts, price);
      if (this.resumeExitCheck(trade)) this.exitCheck(trade);
      return;
    }
    trade.amount = 0;
    trade.isOpen = false;
    trade.closeDate = ts;
    trade.closeRate = trade.exitAmountTotal > 0 && trade.nrOfSuccessfulExits > 1 ? trade.exitValueTotal / trade.exitAmountTotal : price;
    trade.exitReason = o.tag ?? EXIT_REASON[o.exitType] ?? 'exit';
    this.cancelOpenOrders(trade);
    this.invokeOrderFilled(trade, o, ts);
    const record = this.record(trade, this.forceExiting);
    this.wallet.closedProfit += record.profitAbs;
    this.removeTrade(trade);
    this.closed.push(record);
    this.opts.onTradeClosed?.(record);
  }

  /** Whether a fill on the candle being evaluated releases an exit check that waited for it. */
  private resumeExitCheck(trade: Trade): boolean {
    const row = this.row;
    if (!trade.exitCheckPending || row === null || this.activePair !== trade.pairIndex || trade.candleTime !== row.time) return false;
    trade.exitCheckPending = false;
    return true;
  }

  /** Order.close_bt_order aftermath: orderFilled, then the stop after an entry fill (afterFill = true). */
  private afterFill(trade: Trade, o: TradeOrder, ts: number, price: number): void {
    this.invokeOrderFilled(trade, o, ts);
    if (this.stop.useCustom) {
      this.stop.tick = this.slots[trade.pairIndex]!.tick;
      const c = this.stop;
      c.rate = price;
      c.time = ts;
      c.profit = trade.calcProfitRatio(price);
      c.low = Number.NaN;
      c.high = Number.NaN;
      stoplossAdjust(c, trade, true);
    }
  }

  private invokeOrderFilled(trade: Trade, o: TradeOrder, ts: number): void {
    if (this.cb.orderFilled) invokeCallback(this.strategy, 'orderFilled', { pair: trade.pair, trade, order: o, currentTime: ts }, undefined, trade.cbOpts);
  }

  /** An order ended without (full) fill: canceled, expired, denied or rejected. */
  private onOrderGone(p: Placed, order: Order | undefined): void {
    const { order: o, trade } = p;
    this.untrack(o.id, order);
    if (o.status !== 'open') return; // our own cancel: already taken off the trade
    setOrderStatus(trade, o, 'canceled');
    dropOrder(trade, o);
    if (o.isEntry && trade.isOpen && trade.nrOfSuccessfulEntries === 0 && trade.entryAmountTotal === 0 && !trade.hasOpenOrders) {
      this.removeTrade(trade);
      if (trade.id === this.nextTradeId - 1) this.nextTradeId--; // never existed: keep ids dense
    }
  }

  // ------------------------------------------------------------------ entries

  private slotAvailable(): boolean {
    const max = this.opts.maxOpenTrades;
    if (max <= 0 || this.openTrades.length < max) return true;
    this.stats.rejectedSignals++;
    return false;
  }

  /** Freqtrade's _enter_trade for a new trade. */
  private enterNew(pairIndex: number, row: CandleRow, side: Side): void {
    const s = this.strategy;
    const slot = this.slots[pairIndex]!;
    const pair = slot.pair;
    const isShort = side === 'short';
    const orderType = s.orderTypes.entry;
    const entryTag = row.enterTag ?? undefined;
    const rate = this.entryPrice(slot, row, side, undefined, entryTag);

    this.syncWallet();
    const proposed = this.wallet.tradeStakeAmount(this.opts.maxOpenTrades);
    if (proposed === undefined) return this.skip('insufficient_stake_balance');
    let leverage = 1;
    if (this.opts.tradingMode === 'futures') {
      const lev = this.cb.leverage
        ? invokeCallback(
            s,
            'leverage',
            { pair, currentTime: row.time, currentRate: row.open, proposedLeverage: 1, maxLeverage: this.maxLeverage, entryTag, side },
            1,
            slot.cbOpts,
          )
        : 1;
      leverage = Math.min(Math.max(lev, 1), this.maxLeverage);
    }
    const minStake = minPairStake(slot.instrument, rate, ENTRY_MIN_STAKE_STOPLOSS, leverage);
    const maxStake = maxPairStake(slot.instrument, rate, leverage);
    const available = this.wallet.availableStakeAmount();
    let stake = proposed;
    if (this.cb.customStakeAmount) {
      stake = invokeCallback(
        s,
        'customStakeAmount',
        {
          pair,
          currentTime: row.time,
          currentRate: rate,
          proposedStake: proposed,
          minStake,
          maxStake: Math.min(available, maxStake),
          leverage,
          entryTag,
          side,
        },
        proposed,
        slot.cbOpts,
      );
    }
    stake = this.wallet.validateStakeAmount(stake, minStake, maxStake, undefined);
    if (!(stake > 0)) return this.skip('stake_zero_or_below_minimum');
    if (minStake !== undefined && minStake > 0 && stake < minStake) return this.skip('stake_below_minimum');
    stake = this.capToCash(stake, leverage);
    const amount = amountToPrecision((stake / rate) * leverage, slot.lot);
    if (!(amount > 0)) return this.skip('amount_below_lot');
    stake = decimalMul(amount, rate) / leverage;
    if (
      this.cb.confirmTradeEntry &&
      !invokeCallback(
        s,
        'confirmTradeEntry',
        { pair, orderType, amount, rate, timeInForce: s.orderTimeInForce.entry, currentTime: row.time, entryTag, side },
        true,
        slot.cbOpts,
      )
    ) {
      return this.skip('confirm_trade_entry');
    }
    const trade = new Trade({
      id: this.nextTradeId++,
      pair,
      pairIndex,
      isShort,
      leverage,
      openDate: row.time,
      openRate: rate,
      stakeAmount: stake,
      enterTag: entryTag,
      feeOpen: this.opts.fee,
      feeClose: this.opts.fee,
    });
    trade.candleTime = row.time;
    slot.trade = trade;
    this.openTrades.push(trade);
    this.openTradesVersion++;
    adjustStopLoss(trade, trade.openRate, s.stoploss, slot.tick, true);
    this.syncWallet();
    this.placeEntry(trade, rate, amount, entryTag, row.time);
  }

  /** The entry price: the open, or customEntryPrice for limit entries (tick-rounded, capped at the high for longs). */
  private entryPrice(slot: PairSlot, row: CandleRow, side: Side, trade: Trade | undefined, entryTag: string | undefined): number {
    let rate = row.open;
    if (this.strategy.orderTypes.entry === 'limit') {
      if (this.cb.customEntryPrice) {
        const r = invokeCallback(
          this.strategy,
          'customEntryPrice',
          { pair: slot.pair, trade, currentTime: row.time, proposedRate: rate, entryTag, side },
          rate,
          slot.cbOpts,
        );
        if (r !== rate) rate = priceToPrecision(r, slot.tick, ROUND_HALF_UP);
      }
      // No stop-limit entries: a long never bids above the candle's high (a short below its low).
      rate = side === 'short' ? Math.max(rate, row.low) : Math.min(rate, row.high);
    }
    return rate;
  }

  private placeEntry(trade: Trade, price: number, amount: number, tag: string | undefined, time: number): void {
    const slot = this.slots[trade.pairIndex]!;
    const id = this.port.nextClientOrderId();
    const o = new TradeOrder(id, trade.entrySide, price, amount, time, true, tag);
    addOrder(trade, o);
    this.track(id, { order: o, trade, owner: this });
    const signal: SignalEntry = { pair: slot.pair, side: trade.side, amount, price, orderType: 'limit' };
    if (tag !== undefined) signal.tag = tag;
    const request = signalEntryRequest(signal, slot.instrument, { clientOrderId: id, strategyId: this.strategyId });
    this.port.submit(request);
  }

  /** Freqtrade's _enter_trade for an existing trade: a position increase (DCA) or a replaced entry order. */
  private enterMore(trade: Trade, row: CandleRow, stake: number, tag: string | undefined, requestedRate?: number): boolean {
    const s = this.strategy;
    const slot = this.slots[trade.pairIndex]!;
    const entryTag = tag ?? row.enterTag ?? undefined;
    let rate = this.entryPrice(slot, row, trade.side, trade, entryTag);
    const replacing = requestedRate !== undefined;
    let value = stake;
    if (!replacing) {
      this.syncWallet();
      const minStake = minPairStake(slot.instrument, rate, 0, trade.leverage) ?? 0;
      const maxStake = maxPairStake(slot.instrument, rate, trade.leverage);
      value = this.wallet.validateStakeAmount(stake, minStake, maxStake, trade.stakeAmount);
      if (!(value > 0) || (minStake > 0 && value < minStake)) return false;
      value = this.capToCash(value, trade.leverage);
    } else rate = requestedRate;
    const amount = amountToPrecision((value / rate) * trade.leverage, slot.lot);
    if (!(amount > 0)) return false;
    if (
      replacing &&
      this.cb.confirmTradeEntry &&
      !invokeCallback(
        s,
        'confirmTradeEntry',
        {
          pair: slot.pair,
          orderType: s.orderTypes.entry,
          amount,
          rate,
          timeInForce: s.orderTimeInForce.entry,
          currentTime: row.time,
          entryTag,
          side: trade.side,
        },
        true,
        slot.cbOpts,
      )
    ) {
      return false;
    }
    if (this.similarOrder(trade, rate, amount, true)) return false;
    this.cancelOpenOrders(trade);
    this.placeEntry(trade, rate, amount, entryTag, row.time);
    return true;
  }

  // ------------------------------------------------------------------ open orders

  /**
   * manage_open_orders: timeouts (unfilledtimeout, checkEntryTimeout / checkExitTimeout), then
   * adjustEntryPrice on a new candle. Returns true when the trade must be removed (its first
   * entry never filled and was canceled).
   */
  private manageOpenOrders(trade: Trade, row: CandleRow): boolean {
    // A copy: canceling takes orders off the trade while we walk them.
    const open = trade.orders.filter((o) => o.isOpen);
    for (let i = 0; i < open.length; i++) {
      const o = open[i]!;
      if (!o.isOpen) continue;
      if (this.timedOut(trade, o, row.time)) {
        if (o.isEntry) {
          this.stats.timedoutEntryOrders++;
          this.cancelOrder(trade, o);
          if (trade.nrOfSuccessfulEntries === 0 && trade.entryAmountTotal === 0) return true;
        } else {
          this.stats.timedoutExitOrders++;
          this.cancelOrder(trade, o);
        }
        continue;
      }
      if (o.isEntry && row.time > o.createdAt && this.cb.adjustEntryPrice) {
        const requested = invokeCallback(
          this.strategy,
          'adjustEntryPrice',
          {
            pair: trade.pair,
            trade,
            order: o,
            currentTime: row.time,
            proposedRate: row.open,
            currentOrderRate: o.price,
            entryTag: trade.enterTag,
            side: trade.side,
          },
          o.price,
          trade.cbOpts,
        );
        if (requested === o.price) return false;
        const remainingStake = ((o.amount - o.filled) * o.price) / trade.leverage;
        this.cancelOrder(trade, o);
        this.stats.canceledEntryOrders++;
        if (typeof requested === 'number') {
          this.enterMore(trade, row, remainingStake, trade.enterTag, requested);
          this.stats.replacedEntryOrders++;
          if (!trade.hasOpenOrders && trade.nrOfSuccessfulEntries === 0 && trade.entryAmountTotal === 0) {
            this.stats.canceledTradeEntries++;
            return true;
          }
          return false;
        }
        if (trade.nrOfSuccessfulEntries === 0 && trade.entryAmountTotal === 0) {
          this.stats.canceledTradeEntries++;
          return true;
        }
        return false;
      }
    }
    return false;
  }

  private timedOut(trade: Trade, o: TradeOrder, now: number): boolean {
    const t = this.opts.unfilledTimeout;
    const limit = o.isEntry ? t?.entry : t?.exit;
    if (t !== undefined && limit !== undefined) {
      const ms = limit * (t.unit === 'seconds' ? 1000 : 60_000);
      if (o.createdAt < now - ms) return true;
    }
    const name = o.isEntry ? 'checkEntryTimeout' : 'checkExitTimeout';
    if (!(o.isEntry ? this.cb.checkEntryTimeout : this.cb.checkExitTimeout)) return false;
    return invokeCallback(this.strategy, name, { pair: trade.pair, trade, order: o, currentTime: now }, false, trade.cbOpts) === true;
  }

  /** handle_similar_order: an open order of this side with the same price and amount stays. */
  private similarOrder(trade: Trade, price: number, amount: number, isEntry: boolean): boolean {
    if (!trade.hasOpenOrders) return false;
    const oo = trade.openOrder(isEntry);
    return oo !== undefined && oo.price === price && oo.amount === amount;
  }

  private cancelOpenOrders(trade: Trade): void {
    const orders = trade.orders;
    for (let i = orders.length - 1; i >= 0; i--) {
      const o = orders[i]!;
      if (!o.isOpen) continue;
      if (o.isEntry) this.stats.canceledEntryOrders++;
      else this.stats.canceledExitOrders++;
      this.cancelOrder(trade, o);
    }
  }

  /** Take the order off the trade (Freqtrade deletes canceled backtest orders) and cancel it at the venue. */
  private cancelOrder(trade: Trade, o: TradeOrder): void {
    setOrderStatus(trade, o, 'canceled');
    dropOrder(trade, o);
    this.port.cancel(o.id);
  }

  // ------------------------------------------------------------------ exits

  /** _check_trade_exit: position adjustment first (it may wait for its own fill), then should_exit. */
  private exitCheck(trade: Trade): void {
    if (!trade.isOpen || !trade.hasOpenPosition) return;
    if (this.cb.adjustTradePosition && !trade.adjustDone) {
      trade.adjustDone = true;
      if (this.adjustPosition(trade)) {
        trade.exitCheckPending = true;
        return;
      }
    }
    if (trade.isOpen) this.shouldExit(trade);
  }

  /** _check_adjust_trade_for_candle; returns true when an order was placed (the exit check continues on its fill). */
  private adjustPosition(trade: Trade): boolean {
    const row = this.row!;
    const slot = this.slots[trade.pairIndex]!;
    const rate = row.open;
    trade.probeRate = rate;
    trade.probeProfit();
    const profit = trade.probeResult;
    const minStake = minPairStake(slot.instrument, rate, -0.1, 1);
    const maxStake = maxPairStake(slot.instrument, rate, 1);
    this.syncWallet();
    const available = this.wallet.availableStakeAmount();
    const args = this.adjustArgs;
    args.trade = trade;
    args.currentTime = row.time;
    args.currentRate = rate;
    args.currentProfit = profit;
    args.minStake = minStake;
    args.maxStake = Math.min(maxStake, available);
    args.currentEntryRate = rate;
    args.currentExitRate = rate;
    args.currentEntryProfit = profit;
    args.currentExitProfit = profit;
    const resp = invokeAdjustTradePosition(this.strategy, args, trade.cbOpts);
    if (resp === undefined || resp === null) return false;
    const stake = typeof resp === 'number' ? resp : resp.stake;
    const tag = typeof resp === 'number' ? undefined : resp.tag;
    if (stake > 0) {
      const max = this.strategy.maxEntryPositionAdjustment;
      if (max > -1 && trade.nrOfSuccessfulEntries > max) return false;
      return this.enterMore(trade, row, stake, tag);
    }
    if (stake < 0) {
      let amount = amountToPrecision(Math.abs((stake * trade.amount) / trade.stakeAmount), slot.lot);
      if (amount === 0) return false;
      if (amount > trade.amount) amount = trade.amount;
      const remaining = (trade.amount - amount) * rate;
      if (minStake !== undefined && minStake > 0 && remaining !== 0 && remaining < minStake) return false;
      return this.tryExit(trade, PARTIAL_EXIT, tag ?? EXIT_REASON[PARTIAL_EXIT]!, amount);
    }
    return false;
  }

  /** IStrategy.should_exit, trying the candidates in Freqtrade's order until one places an order. */
  private shouldExit(trade: Trade): void {
    const row = this.row!;
    const s = this.strategy;
    const slot = this.slots[trade.pairIndex]!;
    const rate = row.open;
    const isShort = trade.isShort;
    const enter = (isShort ? row.enterShort : row.enterLong) === 1;
    const exitSig = (isShort ? row.exitShort : row.exitLong) === 1;
    // Freqtrade's adjust_min_max_rates, and below ft_stoploss_reached and tradeDurationMinutes,
    // written out here: this runs on every candle of every open trade, and doubles passed to a
    // call V8 does not inline are boxed (an allocation each).
    const high = row.high;
    const low = row.low;
    const maxRate = trade.maxRate === trade.maxRate ? trade.maxRate : trade.openRate;
    const minRate = trade.minRate === trade.minRate ? trade.minRate : trade.openRate;
    trade.maxRate = high > maxRate ? high : maxRate;
    trade.minRate = low < minRate ? low : minRate;

    // The stop moves only with a trailing or custom stop (or when none is set yet).
    if (s.trailingStop || this.stop.useCustom || trade.stopLoss === 0) {
      this.stop.tick = slot.tick;
      // The candle's extreme is the reference here: the profit at the open is not needed (NaN).
      const c = this.stop;
      c.rate = rate;
      c.time = row.time;
      c.profit = Number.NaN;
      c.low = row.low;
      c.high = row.high;
      stoplossAdjust(c, trade, false);
    }
    const hit = isShort ? trade.stopLoss <= (high === high ? high : rate) : trade.stopLoss >= (low === low ? low : rate);
    const stopHit = !hit ? STOP_NONE : trade.isStopLossTrailing ? TRAILING_STOP_HIT : STOP_LOSS_HIT;

    let roiReached = false;
    if (!(enter && s.ignoreRoiIfEntrySignal) && (!this.roi.isEmpty || this.cb.customRoi)) {
      const dur = Math.floor((row.time - trade.openDate) / 60_000);
      if (this.roi.lookup(s, trade, dur, row, this.cb.customRoi)) {
        const best = isShort ? row.low : row.high;
        // Fees only lower the profit: when the move alone cannot beat the ROI, skip the exact ratio.
        const move = ((isShort ? trade.openRate - best : best - trade.openRate) / trade.openRate) * trade.leverage;
        if (move + 1e-8 > this.roi.roi) {
          trade.probeRate = best;
          trade.probeProfit();
          roiReached = trade.probeResult > this.roi.roi;
        }
      }
    }

    if (s.useExitSignal) {
      let type = 0;
      let reason = '';
      if (exitSig && !enter) type = EXIT_SIGNAL;
      else if (this.cb.customExit) {
        const args = this.exitArgs;
        args.pair = trade.pair;
        args.trade = trade;
        args.currentTime = row.time;
        args.currentRate = rate;
        trade.probeRate = rate;
        trade.probeProfit();
        args.currentProfit = trade.probeResult;
        const r = invokeCustomExit(s, args, trade.cbOpts);
        if (r) {
          type = CUSTOM_EXIT;
          if (typeof r === 'string') reason = r.length > CUSTOM_TAG_MAX_LENGTH ? r.slice(0, CUSTOM_TAG_MAX_LENGTH) : r;
        }
      }
      if (type === CUSTOM_EXIT || (type === EXIT_SIGNAL && (!s.exitProfitOnly || trade.calcProfitRatio(rate) > s.exitProfitOffset))) {
        if (this.tryExit(trade, type, reason || EXIT_REASON[type]!)) return;
      }
    }
    if (stopHit === STOP_LOSS_HIT && this.tryExit(trade, STOP_LOSS, EXIT_REASON[STOP_LOSS]!)) return;
    if (roiReached && this.tryExit(trade, ROI, EXIT_REASON[ROI]!)) return;
    if (stopHit === TRAILING_STOP_HIT) this.tryExit(trade, TRAILING_STOP_LOSS, EXIT_REASON[TRAILING_STOP_LOSS]!);
  }

  /** _get_exit_for_signal: the exit price, customExitPrice / confirmTradeExit, then the exit order. */
  private tryExit(trade: Trade, type: number, reason: string, amount?: number): boolean {
    const row = this.row!;
    const s = this.strategy;
    const slot = this.slots[trade.pairIndex]!;
    const dur = tradeDurationMinutes(trade, row.time);
    const isShort = trade.isShort;
    let closeRate: number;
    if (type === STOP_LOSS || type === TRAILING_STOP_LOSS) {
      closeRate = this.onGrid(
        closeRateForStoploss(s, trade, type === TRAILING_STOP_LOSS, dur, row.open, row.high, row.low),
        slot,
        isShort,
        row,
      );
    } else if (type === ROI) {
      this.roi.lookup(s, trade, dur, row, this.cb.customRoi);
      const r = closeRateForRoi(trade, this.roi.entry, this.roi.roi, dur, this.timeframeMinutes, row.open, row.high, row.low, row.close);
      if (r !== r) return false;
      closeRate = this.onGrid(r, slot, isShort, row);
    } else closeRate = row.open;

    let exitTag: string | null = null;
    if (type === EXIT_SIGNAL || type === CUSTOM_EXIT || type === PARTIAL_EXIT) {
      if (type === EXIT_SIGNAL && row.exitTag !== null && row.exitTag.length > 0) {
        reason = row.exitTag;
        exitTag = row.exitTag;
      } else if (type === CUSTOM_EXIT && reason !== EXIT_REASON[CUSTOM_EXIT]) exitTag = reason;
      if (s.orderTypes.exit === 'limit') {
        if (this.cb.customExitPrice) {
          const proposed = closeRate;
          const r = invokeCallback(
            s,
            'customExitPrice',
            { pair: trade.pair, trade, currentTime: row.time, proposedRate: proposed, currentProfit: trade.calcProfitRatio(proposed), exitTag: reason },
            proposed,
            trade.cbOpts,
          );
          if (r !== proposed) closeRate = priceToPrecision(r, slot.tick, ROUND_HALF_UP);
        }
        // An exit limit never sits beyond the candle on the filling side (it would be a stop order).
        closeRate = isShort ? Math.min(closeRate, row.high) : Math.max(closeRate, row.low);
      }
    }
    const exitAmount = amount ?? trade.amount;
    if (
      type !== PARTIAL_EXIT &&
      this.cb.confirmTradeExit &&
      !invokeCallback(
        s,
        'confirmTradeExit',
        {
          pair: trade.pair,
          trade,
          orderType: s.orderTypes.exit,
          amount: exitAmount,
          rate: closeRate,
          timeInForce: s.orderTimeInForce.exit,
          exitReason: reason,
          currentTime: row.time,
        },
        true,
        trade.cbOpts,
      )
    ) {
      return false;
    }
    return this.placeExit(trade, type, reason, exitTag, exitAmount, closeRate);
  }

  /**
   * Exit prices Freqtrade computes off the exchange grid (ROI targets, the trailing worst case)
   * go on the instrument's tick, toward the side that keeps the target (up for a long's sell),
   * and stay inside the candle.
   */
  private onGrid(price: number, slot: PairSlot, isShort: boolean, row: CandleRow): number {
    // Tolerant rounding: float noise (103.00000000000001) stays on its grid point.
    const p = isShort ? floorToStep(price, slot.tick) : ceilToStep(price, slot.tick);
    return Math.min(Math.max(p, row.low), row.high);
  }

  /** _exit_trade: a limit exit order at `price`, unless a similar one is already working. */
  private placeExit(trade: Trade, type: number, reason: string, exitTag: string | null, amount: number, price: number): boolean {
    const slot = this.slots[trade.pairIndex]!;
    const qty = amount === trade.amount ? amount : amountToPrecision(amount, slot.lot);
    if (!(qty > 0)) return false;
    if (this.similarOrder(trade, price, qty, false)) return false;
    this.cancelOpenOrders(trade);
    const id = this.port.nextClientOrderId();
    const o = new TradeOrder(id, trade.exitSide, price, qty, this.row?.time ?? trade.openDate, false, reason, type);
    trade.exitTag = exitTag;
    addOrder(trade, o);
    this.track(id, { order: o, trade, owner: this });
    const origin = { clientOrderId: id, strategyId: this.strategyId };
    const asStop = this.opts.stopExitsAsStopOrders === true && (type === STOP_LOSS || type === TRAILING_STOP_LOSS) && price === trade.stopLoss;
    const request = asStop
      ? stopRequest({ pair: slot.pair, side: trade.exitSide, quantity: qty, triggerPrice: price, reduceOnly: true, tag: reason }, origin)
      : signalExitRequest({ pair: slot.pair, side: trade.side, amount: qty, price, orderType: 'limit', tag: reason }, slot.instrument, origin);
    this.port.submit(request);
    return true;
  }

  // ------------------------------------------------------------------ bookkeeping

  private removeTrade(trade: Trade): void {
    const slot = this.slots[trade.pairIndex]!;
    if (slot.trade === trade) slot.trade = null;
    const ts = this.openTrades;
    const i = ts.indexOf(trade);
    if (i >= 0) {
      // splice(i, 1) without the array of removed elements it allocates.
      for (let k = i + 1; k < ts.length; k++) ts[k - 1] = ts[k]!;
      ts.pop();
      this.openTradesVersion++;
    }
    trade.isOpen = false;
    this.syncWallet();
  }

  /** The wallet's view of the open trades (Freqtrade's total_open_trades_stakes and their realized profit). */
  private syncWallet(): void {
    // Called several times per order: the sums are redone only when an open trade's stake or
    // realized profit changed or a trade came or went (same sums, same order, same floats).
    const w = this.wallet;
    if (!this.walletDirty && this.walletVersion === this.openTradesVersion && w.tiedUp === this.walletTied && w.openRealized === this.walletRealized) return;
    let tied = 0;
    let realized = 0;
    const ts = this.openTrades;
    for (let i = 0; i < ts.length; i++) {
      tied += ts[i]!.stakeAmount;
      realized += ts[i]!.realizedProfit;
    }
    w.tiedUp = tied;
    w.openRealized = realized;
    this.walletDirty = false;
    this.walletVersion = this.openTradesVersion;
    this.walletTied = tied;
    this.walletRealized = realized;
  }

  /** The stake, lowered to what the account's free cash pays for (fee included) when it is short. */
  private capToCash(stake: number, leverage: number): number {
    const cash = this.opts.cashAvailable;
    if (cash === undefined) return stake;
    // A hair below the cash: the balance checks downstream compare with a 1e-12 tolerance.
    const max = (cash() / (1 + leverage * this.opts.fee)) * (1 - 1e-12);
    if (stake <= max) return stake;
    this.stats.stakesCappedToCash++;
    return Math.max(max, 0);
  }

  private skip(reason: string): void {
    this.count(this.stats.entrySkips, reason);
  }

  private count(map: Record<string, number>, key: string): void {
    map[key] = (map[key] ?? 0) + 1;
  }

  private record(trade: Trade, leftOpen: boolean): TradeRecord {
    const profitAbs = trade.realizedProfit;
    return {
      id: trade.id,
      pair: trade.pair,
      isShort: trade.isShort,
      leverage: trade.leverage,
      openDate: trade.openDate,
      closeDate: trade.closeDate,
      openRate: trade.nrOfSuccessfulEntries > 1 ? trade.entryValueTotal / trade.entryAmountTotal : trade.openRate,
      closeRate: trade.closeRate,
      amount: trade.entryAmountTotal,
      stakeAmount: trade.entryValueTotal / trade.leverage,
      feeOpen: trade.feeOpen,
      feeClose: trade.feeClose,
      feeOpenCost: trade.feeOpenCost,
      feeCloseCost: trade.feeCloseCost,
      profitRatio: trade.totalStake > 0 ? (profitAbs / trade.totalStake) * trade.leverage : 0,
      profitAbs,
      exitReason: trade.exitReason,
      enterTag: trade.enterTag ?? null,
      exitTag: trade.exitTag,
      minRate: trade.minRate === trade.minRate ? trade.minRate : Math.min(trade.openRate, trade.closeRate),
      maxRate: trade.maxRate === trade.maxRate ? trade.maxRate : Math.max(trade.openRate, trade.closeRate),
      initialStopLoss: trade.initialStopLossPct === undefined ? null : trade.initialStopLoss,
      stopLoss: trade.stopLossPct === undefined ? null : trade.stopLoss,
      isOpen: leftOpen,
      nrOfEntries: trade.nrOfSuccessfulEntries,
      nrOfExits: trade.nrOfSuccessfulExits,
    };
  }
}

/** A trade order's status changes only here: the trade counts its open orders (Trade.hasOpenOrders). */
function setOrderStatus(trade: Trade, o: TradeOrder, status: TradeOrderStatus): void {
  if (o.status === 'open' && status !== 'open') trade.openOrderCount--;
  o.status = status;
}

function addOrder(trade: Trade, o: TradeOrder): void {
  trade.orders.push(o);
  if (o.status === 'open') trade.openOrderCount++;
}

function dropOrder(trade: Trade, o: TradeOrder): void {
  const i = trade.orders.indexOf(o);
  if (i >= 0) trade.orders.splice(i, 1);
}
