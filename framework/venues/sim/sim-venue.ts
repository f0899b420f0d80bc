import type { Clock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { floorToStep, roundToStep } from '../../core/precision.ts';
import type { Candles } from '../../data/candles.ts';
import type {
  Balance,
  Instrument,
  LiquiditySide,
  OrderEvent,
  OrderModification,
  OrderRequest,
  OrderType,
  RejectReason,
  TimeInForce,
  VenueOrder,
  VenuePosition,
} from '../../execution/types.ts';
import type { OrderEventListener, Venue, VenueCapabilities } from '../../execution/venue.ts';
import { IdMap } from '../../execution/id-map.ts';
import { Accounts } from './accounts.ts';
import { BookDriver } from './book-fill.ts';
import type { L2Message, L3Message } from './book/index.ts';
import { parseSimVenueConfig, type SimVenueConfig, type SimVenueConfigInput } from '../../config/sim-venue-schema.ts';
import { FeeSchedule } from './fees.ts';
import { type FillModel, MarketState, type MatchHost, type VenueRequest } from './fill-model.ts';
import { FreqtradeFillModel } from './freqtrade-fill.ts';
import { LockGroups, sharesReservation } from './lock-groups.ts';
import { OhlcPathFillModel } from './ohlc-path-fill.ts';
import { limitSense, markTriggered, reaches, reportedTrigger, trailInit } from './order-rules.ts';
import { EXEC_LIMIT, EXEC_MARKET, SimOrder, TRIG_NONE, TRIG_TRAILING } from './sim-order.ts';
import { createSlippageModel, type SlippageModel } from './slippage.ts';
import { TimeQueue } from './time-queue.ts';
import { checkModify, checkOnArrival } from './venue-checks.ts';

/**
 * The simulated venue for backtest and paper trading: a Venue that matches orders against
 * candles (fill models "freqtrade" and "ohlc_path") or against a replayed order book (fill
 * model "book"), keeps its own balances and positions, and models fees, slippage, latency and a
 * volume participation cap. Every model is named in `describeModels()`.
 *
 * Driving it (one call per instrument and market data item, in time order):
 *   venue.onBar(instrumentId, i, candles)        candle row i (timestamp = open time); the
 *                                                allocation-free path for backtests
 *   venue.onBarValues(id, ts, o, h, l, c, v)     the same with primitives
 *   venue.onTick(id, ts, price, volume?)         a last price (paper): a flat bar
 *   venue.onBookMessage(id, L2Message|L3Message) fill model "book"
 * The runner advances the clock to the candle's open first; orders live at the open take part
 * in the candle. Events go synchronously to subscribers (after `ack_ms` when set, through the
 * clock); orders submitted from a listener while a bar is matched join the same bar.
 *
 * Decisions: an order is validated when it reaches the venue (submit time + order_ms):
 * unknown instrument, closed market, grids and limits, unsupported features (capabilities),
 * reduce-only that would increase the position, and insufficient balance at the order's own
 * price are rejected there, with a reason code (the members of an OCO / OUO list share one
 * reservation: lock-groups.ts); a clientOrderId submitted twice throws
 * (UsageError) and creates nothing. Orders whose acceptance depends on the market (market
 * orders, IOC, FOK, post-only) are decided at the first price they see: the next bar's open,
 * the current point of the bar when submitted during a bar, or the book at once.
 *
 * Limits: the bar models ignore displayQuantity (nobody sees an iceberg against candles);
 * reduce-only works on the positions this venue's fills built; the book model does not cap
 * reduce-only fills against a position that changed after arrival.
 */

export interface SimVenueOptions {
  /** Venue id in events and reports (default "sim"). */
  id?: string;
  instruments: readonly Instrument[];
  clock: Clock;
  /** Starting balances per currency, e.g. { USDT: 10_000 }. */
  balances: Readonly<Record<string, number>>;
  /** Venue config (simVenueConfigSchema); the defaults reproduce Freqtrade's backtest. */
  config?: SimVenueConfigInput | SimVenueConfig;
  /** What the venue accepts natively; tests switch types off to exercise engine emulation. */
  capabilities?: Partial<VenueCapabilities>;
  /** Default bar duration (ms) for intrabar time in the ohlc_path model; 0 = none. */
  barMs?: number;
  /**
   * Keep closed orders (query, duplicate-id checks, ORDER_ALREADY_CLOSED answers) for the
   * venue's life. Default true. A backtest of a signal-only strategy sets false: a closed order
   * is forgotten, so memory and the id map stay small; query() no longer finds it, a cancel or
   * modify of its id is refused UNKNOWN_ORDER, and its id is not checked for reuse (the engine
   * in front hands out unique ids).
   */
  retainClosedOrders?: boolean;
}

export const ALL_ORDER_TYPES: readonly OrderType[] = [
  'market',
  'limit',
  'stop_market',
  'stop_limit',
  'market_if_touched',
  'limit_if_touched',
  'trailing_stop_market',
  'trailing_stop_limit',
];
export const ALL_TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'GTD', 'DAY'];

const DAY_MS = 86_400_000;


export class SimVenue implements Venue, MatchHost {
  readonly id: string;
  readonly capabilities: VenueCapabilities;
  readonly config: SimVenueConfig;
  private readonly clock: Clock;
  private readonly barMs: number;
  private readonly fees: FeeSchedule;
  private readonly slippage: SlippageModel;
  private readonly accounts: Accounts;
  /** OCO / OUO lists reserve once for all their members (lock-groups.ts). */
  private readonly lockGroups = new LockGroups();
  /** Bar fill model (freqtrade, ohlc_path); null for the book model. */
  private readonly model: FillModel | null;
  /** Order-book fill model; null for the bar models. */
  private readonly book: BookDriver | null;
  private readonly maxRatio: number | null;
  /** Whether a bar's volume is read (participation cap or a slippage model other than none / fixed_bps). */
  private readonly usesVolume: boolean;
  private readonly orderMs: number;
  private readonly ackMs: number;
  private readonly cancelMs: number;

  private readonly markets = new Map<string, MarketState>();
  /** The same markets as an array: per-bar scans index it (a Map iterator would allocate). */
  private readonly marketList: MarketState[] = [];
  /** The instruments as the engine sees them: isOpen follows setMarketOpen. */
  private instrumentList: readonly Instrument[];
  private readonly instrumentById = new Map<string, Instrument>();
  private readonly orders = new IdMap<SimOrder>();
  private readonly retainClosed: boolean;
  /** Requests in flight for instruments the venue does not list (they will be rejected on arrival). */
  private readonly strayRequests = new TimeQueue<VenueRequest>();
  private readonly reports = new TimeQueue<OrderEvent>();
  /** Requests in flight + open orders with an expiry, over all markets: the bar fast path skips all pending work when 0. */
  private pendingWork = 0;
  private listeners: OrderEventListener[] = [];
  private readonly pending: OrderEvent[] = [];
  private flushing = false;
  /** The venue's time never runs behind the last bar point it matched. */
  private timeFloor = -Infinity;
  private inBar: MarketState | null = null;
  private orderSeq = 0;
  private tradeSeq = 0;
  private armedAt = Infinity;
  private readonly timerName: string;
  /** `${id}-` and `${id}-T`: venue order and trade ids are one concatenation each. */
  private readonly orderIdPrefix: string;
  private readonly tradeIdPrefix: string;
  private readonly onWake: (firedAt: number) => void;

  constructor(opts: SimVenueOptions) {
    this.id = opts.id ?? 'sim';
    this.clock = opts.clock;
    this.barMs = opts.barMs ?? 0;
    this.retainClosed = opts.retainClosedOrders !== false;
    this.config = parseSimVenueConfig(opts.config ?? {}, `sim venue "${this.id}" config`);
    this.capabilities = {
      orderTypes: ALL_ORDER_TYPES,
      timeInForce: ALL_TIME_IN_FORCE,
      postOnly: true,
      reduceOnly: true,
      iceberg: true,
      ...opts.capabilities,
    };
    this.fees = new FeeSchedule(this.config.fees);
    this.slippage = createSlippageModel(this.config.slippage);
    this.accounts = new Accounts(this.config.account, opts.balances);
    this.maxRatio = this.config.participation.max_ratio;
    this.usesVolume = this.maxRatio !== null || (this.slippage.name !== 'none' && this.slippage.name !== 'fixed_bps');
    this.orderMs = this.config.latency.order_ms;
    this.ackMs = this.config.latency.ack_ms;
    this.cancelMs = this.config.latency.cancel_ms;
    this.model = null;
    this.book = null;
    if (this.config.fill_model === 'freqtrade') this.model = new FreqtradeFillModel(this);
    else if (this.config.fill_model === 'ohlc_path') this.model = new OhlcPathFillModel(this);
    else {
      this.book = new BookDriver(
        {
          bookFill: (m, o, qty, price, liquidity) => this.bookFill(m, o, qty, price, liquidity),
          reserveAt: (m, o, price) => this.reserveAt(m, o, price),
          trigger: (m, o) => this.trigger(m, o),
          refuse: (m, o, reason, message) => this.refuse(m, o, reason, message),
          cancelOrder: (m, o, reason, t) => this.cancelOrder(m, o, reason, t),
          accept: (o, t) => this.accept(o, t),
        },
        this.config.book,
      );
    }
    for (const inst of opts.instruments) {
      if (this.markets.has(inst.id)) throw new UsageError(`sim venue "${this.id}": instrument "${inst.id}" is listed twice`);
      if (!(inst.tickSize > 0) || !(inst.lotSize > 0)) {
        throw new UsageError(`sim venue "${this.id}": instrument "${inst.id}" needs positive tickSize and lotSize`);
      }
      const m = new MarketState(inst);
      this.markets.set(inst.id, m);
      this.marketList.push(m);
    }
    this.instrumentList = [...opts.instruments];
    for (const inst of opts.instruments) this.instrumentById.set(inst.id, inst);
    this.timerName = `sim-venue:${this.id}`;
    this.orderIdPrefix = `${this.id}-`;
    this.tradeIdPrefix = `${this.id}-T`;
    this.onWake = (firedAt) => {
      this.armedAt = Infinity;
      this.processAllUntil(firedAt);
      this.flush();
    };
  }

  // ---------------------------------------------------------------- Venue interface

  instruments(): readonly Instrument[] {
    return this.instrumentList;
  }

  instrument(id: string): Instrument | undefined {
    return this.instrumentById.get(id);
  }

  async submit(request: OrderRequest): Promise<void> {
    this.submitNow(request);
  }

  async cancel(clientOrderId: string): Promise<void> {
    this.cancelNow(clientOrderId);
  }

  async modify(clientOrderId: string, changes: OrderModification): Promise<void> {
    this.modifyNow(clientOrderId, changes);
  }

  /** submit in the caller's turn (the engine's path to this venue: no promise per order). */
  submitNow(request: OrderRequest): void {
    if (this.orders.has(request.clientOrderId)) {
      throw new UsageError(`sim venue "${this.id}": clientOrderId "${request.clientOrderId}" was already submitted; ids must be unique`);
    }
    const now = this.time();
    const o = new SimOrder(request, now + this.orderMs);
    this.orders.set(o.clientOrderId, o);
    if (this.orderMs > 0) {
      this.enqueue(o.instrumentId, o.liveAt, { kind: 'order', clientOrderId: o.clientOrderId, order: o });
    } else {
      this.arrive(o, now);
    }
    this.flush();
  }

  cancelNow(clientOrderId: string): void {
    const now = this.time();
    if (this.cancelMs > 0) {
      this.enqueue(this.orders.get(clientOrderId)?.instrumentId, now + this.cancelMs, { kind: 'cancel', clientOrderId });
    } else {
      this.applyCancel(clientOrderId, now);
    }
    this.flush();
  }

  modifyNow(clientOrderId: string, changes: OrderModification): void {
    const now = this.time();
    if (this.orderMs > 0) {
      this.enqueue(this.orders.get(clientOrderId)?.instrumentId, now + this.orderMs, { kind: 'modify', clientOrderId, changes: { ...changes } });
    } else {
      this.applyModify(clientOrderId, changes, now);
    }
    this.flush();
  }

  async query(clientOrderId: string): Promise<VenueOrder | undefined> {
    const o = this.orders.get(clientOrderId);
    return o && o.arrived ? this.view(o) : undefined;
  }

  async openOrders(instrumentId?: string): Promise<VenueOrder[]> {
    const out: VenueOrder[] = [];
    for (const m of this.markets.values()) {
      if (instrumentId !== undefined && m.inst.id !== instrumentId) continue;
      for (const o of m.live) if (o.isOpen) out.push(this.view(o));
    }
    return out;
  }

  async balances(): Promise<Balance[]> {
    return this.accounts.balances();
  }

  async positions(): Promise<VenuePosition[]> {
    return this.accounts.positions();
  }

  subscribe(listener: OrderEventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  // ---------------------------------------------------------------- market data in

  /**
   * Match one candle of `candles` (row i, timestamp = open time) for an instrument. The hot
   * path: no allocation unless something trades (prices go into fields, never through calls).
   */
  onBar(instrumentId: string, i: number, candles: Candles, barMs = this.barMs): void {
    const m = this.market(instrumentId);
    m.barTs = candles.timestamp[i]!;
    m.barOpen = candles.open[i]!;
    m.barHigh = candles.high[i]!;
    m.barLow = candles.low[i]!;
    m.barClose = candles.close[i]!;
    m.barVolume = candles.volume[i]!;
    this.matchBar(m, barMs);
  }

  /**
   * onBar with open, high, low, close read from `ohlc` at 4i..4i+3 (the backtest loop's
   * interleaved copy, already in the cache when the loop calls this) instead of four columns,
   * and the open time `ts` (= candles.timestamp[i]) as the loop knows it.
   */
  onBarInterleaved(instrumentId: string, i: number, ohlc: Float64Array, candles: Candles, ts: number, barMs = this.barMs): void {
    const m = this.market(instrumentId);
    const j = 4 * i;
    m.barTs = ts;
    m.barOpen = ohlc[j]!;
    m.barHigh = ohlc[j + 1]!;
    m.barLow = ohlc[j + 2]!;
    m.barClose = ohlc[j + 3]!;
    // The volume is read only by the participation cap and volume slippage: without them the
    // column is not touched (a cache miss per call saved).
    m.barVolume = this.usesVolume ? candles.volume[i]! : Number.NaN;
    this.matchBar(m, barMs);
  }

  /** Match one candle given as primitives (ts = open time, epoch ms). Convenient; onBar is the allocation-free path. */
  onBarValues(
    instrumentId: string,
    ts: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    barMs = this.barMs,
  ): void {
    const m = this.market(instrumentId);
    m.barTs = ts;
    m.barOpen = open;
    m.barHigh = high;
    m.barLow = low;
    m.barClose = close;
    m.barVolume = volume;
    this.matchBar(m, barMs);
  }

  private market(instrumentId: string): MarketState {
    const m = this.markets.get(instrumentId);
    if (!m) throw new UsageError(`sim venue "${this.id}": bar for unknown instrument "${instrumentId}"`);
    return m;
  }

  private matchBar(m: MarketState, barMs: number): void {
    const model = this.model;
    if (!model) throw new UsageError(`sim venue "${this.id}": fill_model "book" is driven by onBookMessage, not by bars`);
    const ts = m.barTs;
    if (ts > this.timeFloor) this.timeFloor = ts;
    if (this.pendingWork > 0 || this.reports.size > 0) this.processAllUntil(ts);
    m.capLeft = this.maxRatio === null ? Infinity : m.barVolume * this.maxRatio;
    if (m.open && (m.live.length > 0 || (barMs > 0 && m.requests.peekAt() < ts + barMs))) {
      this.inBar = m;
      try {
        model.bar(m, barMs);
      } finally {
        this.inBar = null;
      }
      if (m.now > this.timeFloor) this.timeFloor = m.now;
      if (m.dirty) prune(m);
    }
    m.lastPrice = m.barClose;
    this.flush();
  }

  /**
   * One L2 or L3 market data message (fill_model "book"; the book data kind is config
   * book.data). Delayed requests due by msg.ts are processed first; a trade message also fires
   * stop / if-touched / trailing triggers at its price.
   */
  onBookMessage(instrumentId: string, msg: L2Message | L3Message): void {
    const book = this.book;
    if (!book) throw new UsageError(`sim venue "${this.id}": onBookMessage needs fill_model "book" (it is "${this.config.fill_model}")`);
    const m = this.market(instrumentId);
    if (!Number.isFinite(msg.ts)) throw new UsageError(`sim venue "${this.id}": ${msg.type} message for ${instrumentId} has no valid ts`);
    if (msg.ts > this.timeFloor) this.timeFloor = msg.ts;
    if (this.pendingWork > 0 || this.reports.size > 0) this.processAllUntil(msg.ts);
    m.now = this.time();
    if (m.open) {
      this.inBar = m;
      try {
        book.apply(m, msg);
      } finally {
        this.inBar = null;
      }
      if (m.dirty) prune(m);
    }
    this.flush();
  }

  /** A last-trade price (paper mode): a bar with open = high = low = close = price. */
  onTick(instrumentId: string, ts: number, price: number, volume = Infinity): void {
    this.onBarValues(instrumentId, ts, price, price, price, price, volume, 0);
  }

  /** Open or close (halt) a market: a closed market rejects new orders, does not match, and its instrument() says isOpen: false. */
  setMarketOpen(instrumentId: string, open: boolean): void {
    const m = this.markets.get(instrumentId);
    if (!m) throw new UsageError(`sim venue "${this.id}": unknown instrument "${instrumentId}"`);
    m.open = open;
    // The instrument the engine validates against says so too, as a live venue's market metadata
    // would: an order on a halted market is denied MARKET_CLOSED before it leaves the engine.
    // Orders already in flight are still rejected MARKET_CLOSED by the venue on arrival.
    const view: Instrument = (m.inst.isOpen !== false) === open ? m.inst : { ...m.inst, isOpen: open };
    this.instrumentById.set(instrumentId, view);
    this.instrumentList = this.instrumentList.map((i) => (i.id === instrumentId ? view : i));
  }

  /** Whether a bar of this instrument has anything to match: live orders or requests in flight to it. */
  needsBar(instrumentId: string): boolean {
    const m = this.markets.get(instrumentId);
    return m !== undefined && (m.live.length > 0 || m.requests.size > 0);
  }

  /** Last price seen for an instrument (close of its last bar), NaN before the first. */
  lastPrice(instrumentId: string): number {
    return this.markets.get(instrumentId)?.lastPrice ?? NaN;
  }

  /** Names and parameters of every model, for reports. */
  describeModels(): Record<string, unknown> {
    return {
      venue: this.id,
      fill_model: (this.model ?? this.book!).describe(),
      slippage: this.slippage.describe(),
      latency: { name: 'fixed', order_ms: this.orderMs, ack_ms: this.ackMs, cancel_ms: this.cancelMs },
      participation:
        this.maxRatio === null ? { name: 'none' } : { name: 'bar_volume_cap', max_ratio: this.maxRatio, formula: 'filled per bar <= volume * max_ratio' },
      fees: this.fees.describe(),
      account: { type: this.accounts.type, leverage: this.accounts.leverage },
    };
  }

  // ---------------------------------------------------------------- MatchHost (called by fill models)

  execute(m: MarketState, o: SimOrder, liquidity: LiquiditySide, marketType: boolean): void {
    const price = m.px;
    const ts = m.now;
    const inst = m.inst;
    const lot = inst.lotSize;
    const remaining = roundToStep(o.quantity - o.filled, lot);
    if (!(remaining > 0)) return;
    let q = remaining;
    if (m.capLeft < remaining - lot * 1e-9) {
      const fillable = m.capLeft > 0 ? floorToStep(m.capLeft, lot) : 0;
      if (o.tif === 'FOK' && o.filled === 0) {
        this.refuse(m, o, 'FOK_NOT_FILLABLE', `only ${fillable} of ${remaining} fillable within the participation cap`);
        return;
      }
      q = fillable;
    }
    if (o.reduceOnly) {
      const pos = this.accounts.position(inst.id);
      const room = o.dir * pos < 0 ? Math.abs(pos) : 0;
      if (!(room > 0)) {
        this.refuse(m, o, 'REDUCE_ONLY_WOULD_INCREASE', `reduce-only ${o.side} but the position is ${pos}`);
        return;
      }
      if (q > room) q = room;
    }
    if (!(q > 0)) {
      this.missed(m, o);
      return;
    }
    const px = marketType ? this.slippage.apply(o.dir, price, q, m.barVolume, m.tick) : price;
    const rate = this.fees.rate(inst, liquidity);
    const need = this.accounts.requirement(inst, o.dir, q, px, rate, o.reduceOnly);
    const own = this.held(o, need.ccy);
    const free = this.accounts.free(need.ccy);
    if (!Accounts.fits(need.amount, free + own)) {
      this.refuse(m, o, 'INSUFFICIENT_BALANCE', `filling ${q} at ${px} needs ${need.amount} ${need.ccy}, available ${free + own}`);
      return;
    }
    const done = this.fillOrder(m, o, q, px, liquidity, rate, ts);
    if (!done && o.tif === 'IOC') this.cancelOrder(m, o, 'IOC: remainder not fillable at once', ts);
  }

  /** Book a fill the model or the book decided: balances, order state, the filled event. Returns whether the order is done. */
  private fillOrder(m: MarketState, o: SimOrder, q: number, px: number, liquidity: LiquiditySide, rate: number, ts: number): boolean {
    const inst = m.inst;
    const lot = inst.lotSize;
    if (!o.decided) this.accept(o, ts);
    this.unlock(o);
    const fee = q * px * (inst.contractSize ?? 1) * rate;
    this.accounts.applyFill(inst, o.dir, q, px, fee);
    o.filled = roundToStep(o.filled + q, lot);
    o.filledNotional += q * px;
    m.capLeft -= q;
    o.fresh = false;
    const done = o.filled >= o.quantity - lot * 1e-9;
    if (done) {
      o.status = 'FILLED';
      this.close(m, o);
    } else {
      o.status = 'PARTIALLY_FILLED';
      this.relock(m, o);
    }
    this.emit({
      type: 'filled',
      clientOrderId: o.clientOrderId,
      instrumentId: o.instrumentId,
      ts,
      tradeId: this.tradeIdPrefix + ++this.tradeSeq, // `${id}-T${seq}`
      venueOrderId: o.venueOrderId,
      side: o.side,
      lastQuantity: q,
      lastPrice: px,
      fee,
      feeCurrency: inst.quote,
      liquidity,
    });
    return done;
  }

  /** A fill made by the order book (quantity and price on the grids, in raw steps * size). */
  private bookFill(m: MarketState, o: SimOrder, qty: number, price: number, liquidity: LiquiditySide): void {
    const q = roundToStep(qty, m.inst.lotSize);
    const px = roundToStep(price, m.tick);
    this.fillOrder(m, o, q, px, liquidity, this.fees.rate(m.inst, liquidity), m.now);
  }

  /** Reserve a market order's remaining quantity at `price` (its protection price); false when it does not fit. */
  private reserveAt(m: MarketState, o: SimOrder, price: number): boolean {
    const need = this.accounts.requirement(m.inst, o.dir, o.quantity - o.filled, price, this.fees.worstRate(m.inst), o.reduceOnly);
    if (!Accounts.fits(need.amount, this.accounts.free(need.ccy) + this.held(o, need.ccy))) return false;
    this.unlock(o);
    this.lock(o, need.ccy, need.amount);
    return true;
  }

  missed(m: MarketState, o: SimOrder): void {
    if (o.tif === 'FOK' && o.filled === 0) {
      this.refuse(m, o, 'FOK_NOT_FILLABLE', 'not fillable in full at once');
      return;
    }
    if (o.tif === 'IOC') {
      this.cancelOrder(m, o, o.filled > 0 ? 'IOC: remainder not fillable at once' : 'IOC: not fillable at once', m.now);
      return;
    }
    if (!o.decided) this.accept(o, m.now);
    o.fresh = false;
  }

  trigger(m: MarketState, o: SimOrder): void {
    const ts = m.now;
    markTriggered(o, m.tick);
    if (o.status === 'ACCEPTED') o.status = 'TRIGGERED';
    this.emit({ type: 'triggered', clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, ts, triggerPrice: o.triggerPrice });
    if (o.trig === TRIG_TRAILING && o.exec === EXEC_LIMIT) {
      this.emit({ type: 'updated', clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, ts, price: o.price, triggerPrice: o.triggerPrice });
    }
    this.relock(m, o);
  }

  refuse(m: MarketState, o: SimOrder, reason: RejectReason, message: string): void {
    const ts = m.now;
    if (this.book) this.book.remove(m, o);
    if (o.status === 'PARTIALLY_FILLED') {
      this.cancelOrder(m, o, `${reason}: ${message}`, ts);
      return;
    }
    o.status = 'REJECTED';
    o.decided = true;
    this.close(m, o);
    this.emit({ type: 'rejected', clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, ts, reason, message });
  }

  flush(): void {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    let k = 0;
    try {
      while (k < this.pending.length) {
        const ev = this.pending[k++]!;
        const ls = this.listeners;
        for (let j = 0; j < ls.length; j++) ls[j]!(ev);
      }
    } finally {
      if (k >= this.pending.length) {
        // pop keeps the array's backing store (length = 0 would drop it, and the next emit allocate).
        const pending = this.pending;
        while (pending.length > 0) pending.pop();
      } else this.pending.splice(0, k);
      this.flushing = false;
    }
  }

  nextPendingAt(m: MarketState): number {
    return Math.min(m.requests.peekAt(), nextExpiryAt(m), this.reports.peekAt());
  }

  processPendingUntilNow(m: MarketState): void {
    const t = m.now;
    for (;;) {
      const tr = m.requests.peekAt();
      const te = nextExpiryAt(m);
      const to = this.reports.peekAt();
      const next = Math.min(tr, te, to);
      if (next > t) break;
      if (next > this.timeFloor) this.timeFloor = next;
      if (tr === next) this.handleRequest(m.requests.popDue(next)!, next);
      else if (te === next) this.expireDue(m, next);
      else this.pending.push(this.reports.popDue(next)!);
    }
    this.rearm();
  }

  // ---------------------------------------------------------------- internals

  /** Now for the venue: the clock, but never behind the bar point being (or last) matched. */
  private time(): number {
    let t = this.clock.now();
    if (this.timeFloor > t) t = this.timeFloor;
    const m = this.inBar;
    if (m !== null && m.now > t) t = m.now;
    return t;
  }

  private enqueue(instrumentId: string | undefined, at: number, r: VenueRequest): void {
    const m = instrumentId === undefined ? undefined : this.markets.get(instrumentId);
    (m ? m.requests : this.strayRequests).push(at, r);
    this.pendingWork++;
    this.rearm();
  }

  private handleRequest(r: VenueRequest, t: number): void {
    this.pendingWork--;
    if (r.kind === 'order') this.arrive(r.order!, t);
    else if (r.kind === 'cancel') this.applyCancel(r.clientOrderId, t);
    else this.applyModify(r.clientOrderId, r.changes!, t);
  }

  /** Earliest time anything is due, over every market. */
  private nextDueAt(): number {
    let t = Math.min(this.strayRequests.peekAt(), this.reports.peekAt());
    if (this.pendingWork === 0) return t;
    const ms = this.marketList;
    for (let k = 0; k < ms.length; k++) {
      const m = ms[k]!;
      const r = m.requests.peekAt();
      if (r < t) t = r;
      const e = nextExpiryAt(m);
      if (e < t) t = e;
    }
    return t;
  }

  /** Process everything due at or before t, over every market, in time order. */
  private processAllUntil(t: number): void {
    for (;;) {
      const next = this.nextDueAt();
      if (next > t) break;
      if (next > this.timeFloor) this.timeFloor = next;
      if (this.strayRequests.peekAt() === next) {
        this.handleRequest(this.strayRequests.popDue(next)!, next);
        continue;
      }
      let done = false;
      const ms = this.marketList;
      for (let k = 0; k < ms.length; k++) {
        const m = ms[k]!;
        if (m.requests.peekAt() === next) {
          this.handleRequest(m.requests.popDue(next)!, next);
          done = true;
          break;
        }
        if (nextExpiryAt(m) === next) {
          this.expireDue(m, next);
          done = true;
          break;
        }
      }
      if (!done) this.pending.push(this.reports.popDue(next)!);
    }
    this.rearm();
  }

  /** The order reaches the venue: validate, reserve, accept (or wait for its first price). */
  private arrive(o: SimOrder, t: number): void {
    o.arrived = true;
    o.venueOrderId = this.orderIdPrefix + ++this.orderSeq; // `${id}-${seq}`
    const m = this.markets.get(o.instrumentId);
    if (!m) return this.rejectOnArrival(o, 'UNKNOWN_INSTRUMENT', `instrument "${o.instrumentId}" is not traded on venue "${this.id}"`, t);
    if (!m.open) return this.rejectOnArrival(o, 'MARKET_CLOSED', `market ${o.instrumentId} is closed`, t);
    const bad = checkOnArrival(o, m.inst, this.capabilities, t);
    if (bad) return this.rejectOnArrival(o, bad.reason, bad.message, t);
    if (o.reduceOnly) {
      const pos = this.accounts.position(o.instrumentId);
      if (o.dir * pos >= 0 || o.quantity > Math.abs(pos) + m.inst.lotSize * 1e-9) {
        return this.rejectOnArrival(o, 'REDUCE_ONLY_WOULD_INCREASE', `reduce-only ${o.side} ${o.quantity} with a position of ${pos}`, t);
      }
    }
    if (o.tif === 'GTD') o.expireAt = o.request.expireTime!;
    else if (o.tif === 'DAY') o.expireAt = (Math.floor(t / DAY_MS) + 1) * DAY_MS;
    trailInit(o, m.tick);
    const need = this.reservation(m, o);
    const group = sharesReservation(o.request) ? this.lockGroups.join(o) : null;
    if (need) {
      const free = this.accounts.free(need.ccy);
      // An OCO/OUO member may use what its list already holds (one reservation for the list).
      const shared = group ? group.heldIn(need.ccy) : 0;
      if (!Accounts.fits(need.amount, free + shared)) {
        if (group) group.members.pop();
        return this.rejectOnArrival(
          o,
          'INSUFFICIENT_BALANCE',
          `${o.side} ${o.quantity} ${o.instrumentId} needs ${need.amount} ${need.ccy}, free ${free}${group ? `, held by its linked orders ${shared}` : ''}`,
          t,
        );
      }
    }
    o.lockGroup = group;
    if (need) this.lock(o, need.ccy, need.amount);
    m.live.push(o);
    if (o.expireAt < Infinity) {
      m.expiring.push(o);
      this.pendingWork++;
      this.rearm();
    }
    const decidesAtFirstPrice = o.trig === TRIG_NONE && (o.exec === EXEC_MARKET || o.tif === 'IOC' || o.tif === 'FOK' || o.postOnly);
    if (!decidesAtFirstPrice) this.accept(o, t);
    if (this.book) {
      m.now = t;
      this.book.place(m, o);
    } else if (this.inBar === m) this.model!.arriveDuringBar(m, o);
  }

  private rejectOnArrival(o: SimOrder, reason: RejectReason, message: string, t: number): void {
    o.status = 'REJECTED';
    o.decided = true;
    this.emit({ type: 'rejected', clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, ts: t, reason, message });
  }

  private accept(o: SimOrder, t: number): void {
    o.decided = true;
    if (o.status === 'SUBMITTED') o.status = 'ACCEPTED';
    this.emit({ type: 'accepted', clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, ts: t, venueOrderId: o.venueOrderId });
  }

  private applyCancel(clientOrderId: string, t: number): void {
    const o = this.orders.get(clientOrderId);
    if (!o || !o.arrived) {
      this.emit({
        type: 'cancel_rejected',
        clientOrderId,
        instrumentId: o?.instrumentId ?? '',
        ts: t,
        reason: 'UNKNOWN_ORDER',
        message: `no order "${clientOrderId}" on venue "${this.id}"`,
      });
      return;
    }
    if (!o.isOpen) {
      this.emit({
        type: 'cancel_rejected',
        clientOrderId,
        instrumentId: o.instrumentId,
        ts: t,
        reason: 'ORDER_ALREADY_CLOSED',
        message: `order "${clientOrderId}" is already ${o.status}`,
      });
      return;
    }
    this.cancelOrder(this.markets.get(o.instrumentId)!, o, 'canceled by request', t);
  }

  private applyModify(clientOrderId: string, changes: OrderModification, t: number): void {
    const o = this.orders.get(clientOrderId);
    const refuse = (reason: RejectReason, message: string): void =>
      this.emit({ type: 'modify_rejected', clientOrderId, instrumentId: o?.instrumentId ?? '', ts: t, reason, message });
    if (!o || !o.arrived) return refuse('UNKNOWN_ORDER', `no order "${clientOrderId}" on venue "${this.id}"`);
    if (!o.isOpen) return refuse('ORDER_ALREADY_CLOSED', `order "${clientOrderId}" is already ${o.status}`);
    const m = this.markets.get(o.instrumentId)!;
    const bad = checkModify(o, m.inst, changes);
    if (bad) return refuse(bad.reason, bad.message);
    const newPrice = changes.price ?? o.price;
    if (o.postOnly && changes.price !== undefined && m.lastPrice === m.lastPrice && reaches(limitSense(o), m.lastPrice, newPrice, m.eps)) {
      return refuse('POST_ONLY_WOULD_TAKE', `post-only ${o.side} limit ${newPrice} would take at the last price ${m.lastPrice}`);
    }
    if (this.book && changes.price !== undefined) {
      const cross = this.book.checkModify(m, o, changes.price);
      if (cross) return refuse(cross.reason, cross.message);
    }
    const old = { quantity: o.quantity, price: o.price, triggerPrice: o.triggerPrice, trailSteps: o.trailSteps };
    this.unlock(o);
    if (changes.quantity !== undefined) o.quantity = changes.quantity;
    if (changes.price !== undefined) o.price = changes.price;
    if (changes.triggerPrice !== undefined) {
      o.triggerPrice = changes.triggerPrice;
      if (o.trig === TRIG_TRAILING) o.trailSteps = Math.round(changes.triggerPrice / m.tick);
    }
    const need = this.reservation(m, o);
    if (need && !Accounts.fits(need.amount, this.accounts.free(need.ccy) + this.held(o, need.ccy))) {
      const free = this.accounts.free(need.ccy);
      o.quantity = old.quantity;
      o.price = old.price;
      o.triggerPrice = old.triggerPrice;
      o.trailSteps = old.trailSteps;
      this.relock(m, o);
      return refuse('INSUFFICIENT_BALANCE', `the modified order needs ${need.amount} ${need.ccy}, free ${free}`);
    }
    if (need) this.lock(o, need.ccy, need.amount);
    o.fresh = true;
    const ev: OrderEvent = { type: 'updated', clientOrderId, instrumentId: o.instrumentId, ts: t, quantity: o.quantity };
    if (o.price === o.price) ev.price = o.price;
    const trig = reportedTrigger(o, m.tick);
    if (trig === trig) ev.triggerPrice = trig;
    this.emit(ev);
    if (this.book) {
      m.now = t;
      this.book.modify(m, o);
    } else if (this.inBar === m) this.model!.arriveDuringBar(m, o);
  }

  private cancelOrder(m: MarketState, o: SimOrder, reason: string, t: number): void {
    if (this.book) this.book.remove(m, o);
    o.status = 'CANCELED';
    this.close(m, o);
    this.emit({ type: 'canceled', clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, ts: t, reason });
  }

  private expireDue(m: MarketState, t: number): void {
    for (let k = 0; k < m.expiring.length; k++) {
      const o = m.expiring[k]!;
      if (o.expireAt <= t) {
        if (this.book) this.book.remove(m, o);
        o.status = 'EXPIRED';
        this.close(m, o);
        this.emit({ type: 'expired', clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, ts: t });
        return;
      }
    }
  }

  /** Remove a closed order from the live set (later if its market is being matched) and free its reservation. */
  private close(m: MarketState, o: SimOrder): void {
    this.unlock(o);
    // An id is one order here (a second submit of it throws), so the id names this order.
    if (!this.retainClosed) this.orders.delete(o.clientOrderId);
    if (this.inBar === m) m.dirty = true;
    else removeAt(m.live, m.live.indexOf(o));
    if (o.expireAt < Infinity) {
      const k = m.expiring.indexOf(o);
      if (k >= 0) {
        m.expiring.splice(k, 1);
        this.pendingWork--;
      }
    }
  }

  /**
   * What an open order must keep reserved: the remaining quantity at the order's own price
   * (limit, else trigger, else activation) with the worse fee rate. Market-priced orders have
   * no price yet; cash sells need the base whatever the price. Null when nothing can be reserved.
   */
  private reservation(m: MarketState, o: SimOrder): { ccy: string; amount: number } | null {
    let ref = NaN;
    if (o.exec === EXEC_LIMIT && o.price === o.price) ref = o.price;
    else if (o.triggerPrice === o.triggerPrice) ref = o.triggerPrice;
    else if (o.activationPrice === o.activationPrice) ref = o.activationPrice;
    const cashSell = this.accounts.type === 'cash' && o.dir < 0;
    if (ref !== ref && !cashSell) return null;
    return this.accounts.requirement(m.inst, o.dir, o.quantity - o.filled, ref, this.fees.worstRate(m.inst), o.reduceOnly);
  }

  private lock(o: SimOrder, ccy: string, amount: number): void {
    o.lockCurrency = ccy;
    o.lockAmount = amount;
    if (o.lockGroup) o.lockGroup.sync(this.accounts);
    else this.accounts.lock(ccy, amount);
  }

  private unlock(o: SimOrder): void {
    if (o.lockAmount === 0) return;
    const amount = o.lockAmount;
    o.lockAmount = 0;
    if (o.lockGroup) o.lockGroup.sync(this.accounts);
    else this.accounts.unlock(o.lockCurrency, amount);
  }

  /**
   * What the order may use on top of the free balance in `ccy`: its own reservation, or for an
   * OCO/OUO member everything its list holds (the list reserved once for whichever member trades).
   */
  private held(o: SimOrder, ccy: string): number {
    if (o.lockGroup) return o.lockGroup.heldIn(ccy);
    return o.lockCurrency === ccy ? o.lockAmount : 0;
  }

  private relock(m: MarketState, o: SimOrder): void {
    this.unlock(o);
    const need = this.reservation(m, o);
    if (need) this.lock(o, need.ccy, need.amount);
  }

  private emit(ev: OrderEvent): void {
    if (this.ackMs > 0) {
      this.reports.push(ev.ts + this.ackMs, ev);
      this.rearm();
    } else {
      this.pending.push(ev);
    }
  }

  /** Keep one clock timer at the earliest delayed request, report or expiry. */
  private rearm(): void {
    const next = this.nextDueAt();
    if (next === this.armedAt) return;
    this.armedAt = next;
    if (next === Infinity) this.clock.cancelTimer(this.timerName);
    else this.clock.setTimer(this.timerName, next, this.onWake);
  }

  private view(o: SimOrder): VenueOrder {
    const v = o.toVenueOrder();
    const m = this.markets.get(o.instrumentId);
    if (m) {
      const trig = reportedTrigger(o, m.tick);
      if (trig === trig) v.triggerPrice = trig;
    }
    return v;
  }
}

function nextExpiryAt(m: MarketState): number {
  let t = Infinity;
  const xs = m.expiring;
  for (let k = 0; k < xs.length; k++) if (xs[k]!.expireAt < t) t = xs[k]!.expireAt;
  return t;
}

function prune(m: MarketState): void {
  const live = m.live;
  let j = 0;
  for (let k = 0; k < live.length; k++) {
    const o = live[k]!;
    if (o.isOpen) live[j++] = o;
  }
  // pop, not `length = j`: a shorter length (0 above all) gives up the backing store, and the
  // next order's push would allocate a new one (one order per trade and bar is the usual case).
  while (live.length > j) live.pop();
  m.dirty = false;
}

/** Take element k out (k < 0: nothing), keeping the order of the rest; no array allocated (splice makes one). */
function removeAt<T>(xs: T[], k: number): void {
  if (k < 0) return;
  for (let i = k + 1; i < xs.length; i++) xs[i - 1] = xs[i]!;
  xs.pop();
}
