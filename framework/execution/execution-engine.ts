import type { Clock } from '../core/clock.ts';
import { UsageError, errorMessage } from '../core/errors.ts';
import { getLogger, type Logger } from '../core/logger.ts';
import { nearlyEqual } from '../core/precision.ts';
import { ContingencyManager, type ContingencyHost } from './contingencies.ts';
import { OrderEmulator, type EmulatorHost } from './emulator.ts';
import type { ExecutionEngineView, PreTradeGate } from './gate.ts';
import { ClientOrderIdGenerator } from './ids.ts';
import { IdMap } from './id-map.ts';
import type { Instrument } from './instrument.ts';
import { Order } from './order.ts';
import { bracketRequests, linkedRequests, otoRequests, type BracketSpec } from './order-lists.ts';
import type { OrderEvent, OrderModification, OrderRequest, RejectReason } from './types.ts';
import { EXTRA_REASONS, validateModification, validateOrder, type Denial } from './validation.ts';
import type { Venue } from './venue.ts';

/**
 * The execution engine: turns order requests into orders, checks them, holds what must wait
 * (contingent children, emulated triggers), sends the rest to the venue, and applies every
 * event through the order state table. Backtest, paper and live use it unchanged; only the
 * Venue and the Clock differ.
 *
 * Event delivery: an API call (submit, cancel, modify, onPrice, ...) and a venue event first
 * change the orders, then the events are delivered in the order they were applied, each to the
 * gate, the contingency manager and then the subscribers. Events that a reaction causes are
 * queued behind the current one, so a subscriber never sees a child's event before the parent
 * event that caused it.
 *
 * Duplicate client order ids: submitting an id that the engine already knows returns the
 * existing order unchanged (no new order, no event), logs a warning and counts it in
 * stats.duplicateSubmits. A second submit is most often a retry, and a retry must be harmless.
 */
export interface ExecutionEngineOptions {
  venue: Venue;
  clock: Clock;
  /** Pre-trade checks after the engine's own validation (the risk manager). */
  gate?: PreTradeGate;
  ids?: ClientOrderIdGenerator;
  logger?: Logger;
  /**
   * Use the venue's synchronous submitNow / cancelNow / modifyNow when it has them (the
   * backtest runner sets this for the simulated venue). Default false: the promise API, which
   * is also what code that wraps venue.submit sees.
   */
  syncVenueCalls?: boolean;
  /**
   * Keep closed orders queryable (order(id), orders()) for the engine's life. Default true. A
   * backtest of a signal-only strategy sets false: an order without contingency links or exec
   * algorithm is forgotten once its terminal event has been delivered, so memory stays flat
   * over millions of orders (and the id maps small: large string-keyed maps cost a cache miss
   * per lookup). Afterwards order(id) is undefined, a cancel of the id is refused UNKNOWN_ORDER
   * (not ORDER_ALREADY_CLOSED), and venue events for ids the engine does not know are ignored
   * without a warning (counted in stats.unknownOrderEvents).
   */
  retainClosedOrders?: boolean;
}

/** Receives every applied event; `order` is undefined for refusals about unknown ids. */
export type EngineEventListener = (event: OrderEvent, order: Order | undefined) => void;
/** Receives venue events the engine could not apply (unknown order, invalid transition, overfill). */
export type RefusedEventListener = (event: OrderEvent, error: Error, order: Order | undefined) => void;

export interface ExecutionStats {
  ordersCreated: number;
  denied: number;
  duplicateSubmits: number;
  /** Venue events for client order ids the engine does not know. */
  unknownOrderEvents: number;
  /** Venue events refused by the state table or an order invariant (e.g. a late fill after cancel). */
  refusedVenueEvents: number;
  /** Venue events of types only the engine emits (submitted, pending_*, denied, emulated, released, initialized). */
  ignoredVenueEvents: number;
  listenerErrors: number;
}

/** Event types a venue may report; the others are the engine's own (a switch: this runs per venue event). */
function isVenueEventType(type: OrderEvent['type']): boolean {
  switch (type) {
    case 'accepted':
    case 'rejected':
    case 'canceled':
    case 'expired':
    case 'triggered':
    case 'updated':
    case 'modify_rejected':
    case 'cancel_rejected':
    case 'filled':
      return true;
    default:
      return false;
  }
}

export class ExecutionEngine implements ExecutionEngineView {
  readonly venue: Venue;
  readonly clock: Clock;
  readonly ids: ClientOrderIdGenerator;
  readonly stats: ExecutionStats = {
    ordersCreated: 0,
    denied: 0,
    duplicateSubmits: 0,
    unknownOrderEvents: 0,
    refusedVenueEvents: 0,
    ignoredVenueEvents: 0,
    listenerErrors: 0,
  };

  private readonly gate: PreTradeGate | undefined;
  private readonly syncVenue: boolean;
  private readonly retainClosed: boolean;
  private readonly log: Logger;
  private readonly byId = new IdMap<Order>();
  /**
   * Orders not in a terminal status, in creation order. Kept only with retainClosedOrders (then
   * byId holds every order ever placed); without, byId itself holds little more than the open
   * orders and openOrders() filters it (one map less to update per order).
   */
  private readonly open = new IdMap<Order>();
  private readonly listeners: EngineEventListener[] = [];
  private readonly refusedListeners: RefusedEventListener[] = [];
  private readonly lastPrices = new Map<string, number>();
  private readonly contingencies: ContingencyManager;
  private readonly emulator: OrderEmulator;
  private readonly unsubscribeVenue: () => void;

  // Delivery queue (two parallel arrays: no wrapper object per event). The arrays are reused:
  // `queued` counts the entries in use (setting length = 0 would drop the backing stores and
  // allocate new ones on the next push, several times per order).
  private readonly queuedEvents: (OrderEvent | undefined)[] = [];
  private readonly queuedOrders: (Order | undefined)[] = [];
  private queued = 0;
  private depth = 0;
  private draining = false;
  private readonly checkContext: { now: number; referencePrice: number | undefined; capabilities: Venue['capabilities'] };
  private readonly submitContext: { action: 'submit'; instrument: Instrument; now: number; engine: ExecutionEngine; list: readonly OrderRequest[] | undefined };
  /** Order options, refilled per created order (the Order constructor only reads them). */
  private readonly orderOptions: { lotSize: number | undefined } = { lotSize: undefined };

  constructor(options: ExecutionEngineOptions) {
    this.venue = options.venue;
    this.clock = options.clock;
    this.gate = options.gate;
    this.syncVenue = options.syncVenueCalls === true;
    this.retainClosed = options.retainClosedOrders !== false;
    this.ids = options.ids ?? new ClientOrderIdGenerator();
    this.log = options.logger ?? getLogger('execution');
    this.checkContext = { now: 0, referencePrice: undefined, capabilities: this.venue.capabilities };
    this.submitContext = { action: 'submit', instrument: undefined as unknown as Instrument, now: 0, engine: this, list: undefined };
    this.contingencies = new ContingencyManager(this.contingencyHost());
    this.emulator = new OrderEmulator(this.emulatorHost());
    this.unsubscribeVenue = this.venue.subscribe(this.onVenueEvent);
  }

  /** Stop listening to the venue. */
  dispose(): void {
    this.unsubscribeVenue();
  }

  // ---------------------------------------------------------------- queries

  order(clientOrderId: string): Order | undefined {
    return this.byId.get(clientOrderId);
  }

  orders(filter: { instrumentId?: string; strategyId?: string } = {}): Order[] {
    const out: Order[] = [];
    for (const o of this.byId.values()) {
      if (filter.instrumentId !== undefined && o.instrumentId !== filter.instrumentId) continue;
      if (filter.strategyId !== undefined && o.request.strategyId !== filter.strategyId) continue;
      out.push(o);
    }
    return out;
  }

  /** Orders not in a terminal status: held, emulated, in flight or working at the venue. */
  openOrders(instrumentId?: string): Order[] {
    const out: Order[] = [];
    if (this.retainClosed) {
      for (const o of this.open.values()) if (instrumentId === undefined || o.instrumentId === instrumentId) out.push(o);
    } else {
      // byId holds the open orders (and closed ones about to be forgotten), in creation order.
      for (const o of this.byId.values()) if (!o.isClosed && (instrumentId === undefined || o.instrumentId === instrumentId)) out.push(o);
    }
    return out;
  }

  /** Orders the emulator is watching (status EMULATED). */
  emulatedOrders(instrumentId?: string): Order[] {
    return this.emulator.held(instrumentId);
  }

  /** How many orders the emulator watches (of one instrument): cheap, for a loop asking every candle. */
  emulatedCount(instrumentId?: string): number {
    return instrumentId === undefined ? this.emulator.size : this.emulator.count(instrumentId);
  }

  lastPrice(instrumentId: string): number | undefined {
    return this.lastPrices.get(instrumentId);
  }

  /** Parent, children and linked ids of an order (contingencies). */
  links(clientOrderId: string): { parent: string | undefined; children: readonly string[]; linked: readonly string[] } {
    return {
      parent: this.contingencies.parentId(clientOrderId),
      children: this.contingencies.children(clientOrderId),
      linked: this.contingencies.linked(clientOrderId),
    };
  }

  subscribe(listener: EngineEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  subscribeRefused(listener: RefusedEventListener): () => void {
    this.refusedListeners.push(listener);
    return () => {
      const i = this.refusedListeners.indexOf(listener);
      if (i >= 0) this.refusedListeners.splice(i, 1);
    };
  }

  // ---------------------------------------------------------------- commands

  /**
   * Submit one order. Returns the order: DENIED (with the reason in its last event) when a check
   * failed, EMULATED when the engine holds its trigger, otherwise SUBMITTED or whatever the
   * venue already answered. A known client order id returns the existing order (see class doc).
   */
  submit(request: OrderRequest): Order {
    if (!request.clientOrderId) throw new UsageError('submit: the order request has no clientOrderId (use engine.ids.next(strategyId))');
    if (request.contingency !== undefined || request.parentOrderId !== undefined || request.linkedOrderIds !== undefined) {
      throw new UsageError(`submit: order ${request.clientOrderId} has contingency links; use submitList, submitBracket, submitOco, submitOuo or submitOto`);
    }
    const existing = this.byId.get(request.clientOrderId);
    if (existing) return this.duplicate(existing);
    this.depth++;
    try {
      const instrument = this.venue.instrument(request.instrumentId);
      const order = this.create(request, instrument);
      const denial = this.check(order.request, instrument, 'submit');
      if (denial) this.deny(order, denial);
      else this.route(order);
      return order;
    } finally {
      this.leave();
    }
  }

  /**
   * Submit linked orders (contingency fields already set, e.g. by order-lists.ts). All are
   * checked first; if one is denied, every order of the list is denied (a bracket must never
   * open an unprotected entry). Children of an OTO parent are held until it fills. The gate
   * checks every order now, not again when a child is activated.
   */
  submitList(requests: readonly OrderRequest[]): Order[] {
    if (requests.length > 0 && requests.every((r) => this.byId.has(r.clientOrderId))) {
      return requests.map((r) => this.duplicate(this.byId.get(r.clientOrderId)!));
    }
    ContingencyManager.checkList(requests, (id) => this.byId.has(id));
    this.depth++;
    try {
      const instruments = requests.map((r) => this.venue.instrument(r.instrumentId));
      const orders = requests.map((r, i) => this.create(r, instruments[i]));
      this.contingencies.register(orders.map((o) => o.request));
      let failed: { order: Order; denial: Denial } | undefined;
      for (let i = 0; i < orders.length && !failed; i++) {
        const denial = this.check(orders[i]!.request, instruments[i], 'submit', requests);
        if (denial) failed = { order: orders[i]!, denial };
      }
      if (failed) {
        for (const o of orders) {
          this.deny(
            o,
            o === failed.order
              ? failed.denial
              : { reason: EXTRA_REASONS.CONTINGENCY_DENIED, message: `order ${o.clientOrderId}: denied with its list because ${failed.denial.message}` },
          );
        }
        return orders;
      }
      for (const o of orders) {
        if (this.contingencies.parentId(o.clientOrderId) !== undefined) {
          this.armLocalExpiry(o); // held; the contingency manager activates it on the parent's fill
          continue;
        }
        this.route(o);
      }
      return orders;
    } finally {
      this.leave();
    }
  }

  /** Entry + take-profit + stop-loss; the exits wait for the entry's fills (see order-lists.ts). */
  submitBracket(spec: BracketSpec): { entry: Order; takeProfit: Order; stopLoss: Order } {
    const [entry, takeProfit, stopLoss] = this.submitList(bracketRequests(spec)) as [Order, Order, Order];
    return { entry, takeProfit, stopLoss };
  }

  submitOco(requests: readonly OrderRequest[]): Order[] {
    return this.submitList(linkedRequests(requests, 'OCO'));
  }

  submitOuo(requests: readonly OrderRequest[]): Order[] {
    return this.submitList(linkedRequests(requests, 'OUO'));
  }

  submitOto(parent: OrderRequest, children: readonly OrderRequest[]): Order[] {
    return this.submitList(otoRequests(parent, children));
  }

  /**
   * Cancel an order. Unknown id -> cancel_rejected UNKNOWN_ORDER; closed order -> cancel_rejected
   * ORDER_ALREADY_CLOSED; held/emulated -> CANCELED at once; at the venue -> PENDING_CANCEL and a
   * venue cancel (CANCELED arrives as a venue event). A second cancel while one is in flight is
   * ignored.
   */
  cancel(clientOrderId: string, reason?: string): void {
    this.depth++;
    try {
      const order = this.byId.get(clientOrderId);
      if (!order) {
        this.enqueue(this.refusal('cancel_rejected', clientOrderId, '', 'UNKNOWN_ORDER', `cancel: no order with client id ${clientOrderId}`), undefined);
        return;
      }
      if (order.isClosed) {
        this.record(order, this.refusal('cancel_rejected', clientOrderId, order.instrumentId, 'ORDER_ALREADY_CLOSED', `cancel: order ${clientOrderId} is already ${order.status}`));
        return;
      }
      if (order.isLocal) {
        this.emulator.remove(order);
        this.record(order, { type: 'canceled', clientOrderId, instrumentId: order.instrumentId, ts: this.clock.now(), reason });
        return;
      }
      if (order.status === 'PENDING_CANCEL') return;
      this.record(order, { type: 'pending_cancel', clientOrderId, instrumentId: order.instrumentId, ts: this.clock.now() });
      const v = this.venue;
      if (!this.syncVenue || v.cancelNow === undefined) this.call(order, 'cancel', () => v.cancel(clientOrderId));
      else {
        try {
          v.cancelNow(clientOrderId);
        } catch (err) {
          this.onRequestFailed(order, 'cancel', err);
        }
      }
    } finally {
      this.leave();
    }
  }

  /**
   * Modify quantity / price / trigger. Refusals are modify_rejected events with a reason code
   * (UNKNOWN_ORDER, ORDER_ALREADY_CLOSED, INVALID_MODIFY or a validation/gate code). Held and
   * emulated orders change at once (updated); venue orders go PENDING_UPDATE until the venue
   * answers.
   */
  modify(clientOrderId: string, changes: OrderModification): void {
    this.depth++;
    try {
      const order = this.byId.get(clientOrderId);
      if (!order) {
        this.enqueue(this.refusal('modify_rejected', clientOrderId, '', 'UNKNOWN_ORDER', `modify: no order with client id ${clientOrderId}`), undefined);
        return;
      }
      const reject = (reason: RejectReason, message: string) => {
        const event = this.refusal('modify_rejected', clientOrderId, order.instrumentId, reason, message);
        // While another modify is in flight, a refusal of this one (which never left the engine)
        // must not end PENDING_UPDATE: deliver it without applying it to the order.
        if (order.status === 'PENDING_UPDATE') this.enqueue(event, order);
        else this.record(order, event);
      };
      if (order.isClosed) return reject('ORDER_ALREADY_CLOSED', `modify: order ${clientOrderId} is already ${order.status}`);
      if (order.status === 'PENDING_CANCEL') return reject('INVALID_MODIFY', `modify: order ${clientOrderId} has a cancel in flight`);
      const instrument = this.venue.instrument(order.instrumentId);
      const checked = validateModification(order, changes, instrument, this.validationContext(order.instrumentId));
      if ('denial' in checked) return reject(checked.denial.reason, checked.denial.message);
      if (this.gate && instrument) {
        const d = this.gate.check(checked.merged, { action: 'modify', instrument, now: this.clock.now(), engine: this, order });
        if (d) return reject(d.reason, d.message);
      }
      if (order.isLocal) {
        this.record(order, {
          type: 'updated',
          clientOrderId,
          instrumentId: order.instrumentId,
          ts: this.clock.now(),
          quantity: changes.quantity,
          price: changes.price,
          triggerPrice: changes.triggerPrice,
        });
        return;
      }
      this.record(order, { type: 'pending_update', clientOrderId, instrumentId: order.instrumentId, ts: this.clock.now() });
      const v = this.venue;
      if (!this.syncVenue || v.modifyNow === undefined) this.call(order, 'modify', () => v.modify(clientOrderId, changes));
      else {
        try {
          v.modifyNow(clientOrderId, changes);
        } catch (err) {
          this.onRequestFailed(order, 'modify', err);
        }
      }
    } finally {
      this.leave();
    }
  }

  /** Cancel every open order (of one instrument); returns how many cancels were issued. */
  cancelAll(instrumentId?: string): number {
    this.depth++;
    let n = 0;
    try {
      for (const o of this.openOrders(instrumentId)) {
        if (o.isClosed || o.status === 'PENDING_CANCEL') continue;
        this.cancel(o.clientOrderId, 'cancel all');
        n++;
      }
      return n;
    } finally {
      this.leave();
    }
  }

  // ---------------------------------------------------------------- market data (emulation)

  /** A market price (last trade or mid) for the emulator and for market-order notional checks. */
  onPrice(instrumentId: string, price: number, ts: number = this.clock.now()): void {
    this.lastPrices.set(instrumentId, price);
    this.depth++;
    try {
      this.emulator.onPrice(instrumentId, price, ts);
    } finally {
      this.leave();
    }
  }

  /** A bar: emulated triggers are evaluated along open -> nearer extreme -> other extreme -> close. */
  onBar(instrumentId: string, open: number, high: number, low: number, close: number, ts: number = this.clock.now()): void {
    this.lastPrices.set(instrumentId, close);
    this.depth++;
    try {
      this.emulator.onBar(instrumentId, open, high, low, close, ts);
    } finally {
      this.leave();
    }
  }

  // ---------------------------------------------------------------- venue events

  // An arrow function in a field: the venue calls it directly (no wrapper call per venue event).
  private readonly onVenueEvent = (event: OrderEvent): void => {
    if (!isVenueEventType(event.type)) {
      this.stats.ignoredVenueEvents++;
      this.log.debug({ event }, `venue ${this.venue.id} sent an engine-only '${event.type}' event; ignored`);
      return;
    }
    const order = this.byId.get(event.clientOrderId);
    if (!order) {
      this.stats.unknownOrderEvents++;
      if (!this.retainClosed) return; // most likely a late answer about an order already forgotten
      this.log.warn({ event }, `venue ${this.venue.id}: '${event.type}' event for unknown order ${event.clientOrderId}`);
      this.notifyRefused(event, new UsageError(`unknown order ${event.clientOrderId}`), undefined);
      return;
    }
    this.depth++;
    try {
      this.record(order, event);
    } catch (err) {
      this.stats.refusedVenueEvents++;
      this.log.error({ event, err: errorMessage(err) }, `venue ${this.venue.id}: event refused: ${errorMessage(err)}`);
      this.notifyRefused(event, err instanceof Error ? err : new Error(String(err)), order);
    } finally {
      this.leave();
    }
  };

  // ---------------------------------------------------------------- internals

  private duplicate(existing: Order): Order {
    this.stats.duplicateSubmits++;
    this.log.warn(`submit: client order id ${existing.clientOrderId} is already known (status ${existing.status}); returning the existing order`);
    return existing;
  }

  private create(request: OrderRequest, instrument: Instrument | undefined): Order {
    const options = this.orderOptions;
    options.lotSize = instrument?.lotSize;
    const order = new Order({ ...request }, this.clock.now(), options);
    this.byId.set(order.clientOrderId, order);
    if (this.retainClosed) this.open.set(order.clientOrderId, order);
    this.stats.ordersCreated++;
    this.enqueue(order.events[0]!, order);
    return order;
  }

  private validationContext(instrumentId: string) {
    return { now: this.clock.now(), referencePrice: this.lastPrices.get(instrumentId), capabilities: this.venue.capabilities };
  }

  /** Engine validation, venue capabilities, then the gate (unless skipped). */
  private check(
    r: OrderRequest,
    instrument: Instrument | undefined,
    action: 'submit' | 'activate',
    list?: readonly OrderRequest[],
  ): Denial | null {
    // One reused context object: validateOrder only reads it (this runs for every order).
    const ctx = this.checkContext;
    ctx.now = this.clock.now();
    ctx.referencePrice = this.lastPrices.get(r.instrumentId);
    const denial = validateOrder(r, instrument, ctx);
    if (denial) return denial;
    if ((r.type === 'market' || r.type === 'limit') && !this.venue.capabilities.orderTypes.includes(r.type)) {
      return { reason: EXTRA_REASONS.UNSUPPORTED_BY_VENUE, message: `order ${r.clientOrderId}: venue ${this.venue.id} does not take ${r.type} orders` };
    }
    if (action === 'submit' && this.gate && instrument) {
      // One reused context for submits (the gate reads it during the call only; this runs per order).
      const g = this.submitContext;
      g.instrument = instrument;
      g.now = this.clock.now();
      g.list = list;
      return this.gate.check(r, g);
    }
    return null;
  }

  private deny(order: Order, denial: Denial): void {
    this.stats.denied++;
    this.record(order, this.refusal('denied', order.clientOrderId, order.instrumentId, denial.reason, denial.message));
  }

  private needsEmulation(order: Order): boolean {
    const t = order.type;
    if (t === 'market' || t === 'limit') return false;
    return order.request.emulate === true || !this.venue.capabilities.orderTypes.includes(t);
  }

  /** A checked order leaves: into the emulator or to the venue. */
  private route(order: Order): void {
    if (this.needsEmulation(order)) {
      this.record(order, { type: 'emulated', clientOrderId: order.clientOrderId, instrumentId: order.instrumentId, ts: this.clock.now() });
      this.emulator.hold(order);
      this.armLocalExpiry(order);
      return;
    }
    this.send(order, this.currentRequest(order));
  }

  private send(order: Order, request: OrderRequest, ts = this.clock.now()): void {
    if (order.request.timeInForce === 'GTD') this.clock.cancelTimer(expiryTimerName(order.clientOrderId));
    if (request !== order.request) order.venueRequest = request;
    this.record(order, { type: 'submitted', clientOrderId: order.clientOrderId, instrumentId: order.instrumentId, ts });
    const v = this.venue;
    if (!this.syncVenue || v.submitNow === undefined) this.call(order, 'submit', () => v.submit(request));
    else {
      try {
        v.submitNow(request);
      } catch (err) {
        this.onRequestFailed(order, 'submit', err);
      }
    }
  }

  /** The request as it stands now (after local updates), without copying when nothing changed. */
  private currentRequest(order: Order): OrderRequest {
    const r = order.request;
    if (r.quantity === order.quantity && r.price === order.price && r.triggerPrice === order.triggerPrice) return r;
    return { ...r, quantity: order.quantity, price: order.price, triggerPrice: order.triggerPrice };
  }

  /** Call the venue; a failed request (thrown or rejected promise) becomes a refusal event. */
  private call(order: Order, kind: 'submit' | 'cancel' | 'modify', fn: () => Promise<void>): void {
    let p: Promise<void>;
    try {
      p = fn();
    } catch (err) {
      this.onRequestFailed(order, kind, err);
      return;
    }
    p.then(undefined, (err: unknown) => this.onRequestFailed(order, kind, err));
  }

  private onRequestFailed(order: Order, kind: 'submit' | 'cancel' | 'modify', err: unknown): void {
    const msg = `venue ${this.venue.id}: ${kind} of order ${order.clientOrderId} failed: ${errorMessage(err)}`;
    this.log.error(msg);
    this.depth++;
    try {
      const id = order.clientOrderId;
      if (kind === 'submit' && order.status === 'SUBMITTED') {
        this.record(order, this.refusal('rejected', id, order.instrumentId, 'VENUE_ERROR', msg));
      } else if (kind === 'cancel' && order.status === 'PENDING_CANCEL') {
        this.record(order, this.refusal('cancel_rejected', id, order.instrumentId, 'VENUE_ERROR', msg));
      } else if (kind === 'modify' && order.status === 'PENDING_UPDATE') {
        this.record(order, this.refusal('modify_rejected', id, order.instrumentId, 'VENUE_ERROR', msg));
      }
    } finally {
      this.leave();
    }
  }

  /** GTD orders that stay in the engine (held, emulated) expire here; the venue expires its own. */
  private armLocalExpiry(order: Order): void {
    const r = order.request;
    if (r.timeInForce !== 'GTD' || r.expireTime === undefined) return;
    this.clock.setTimer(expiryTimerName(order.clientOrderId), r.expireTime, (firedAt) => {
      if (!order.isLocal) return;
      this.depth++;
      try {
        this.emulator.remove(order);
        this.record(order, { type: 'expired', clientOrderId: order.clientOrderId, instrumentId: order.instrumentId, ts: firedAt });
      } finally {
        this.leave();
      }
    });
  }

  private refusal<T extends 'denied' | 'rejected' | 'cancel_rejected' | 'modify_rejected'>(
    type: T,
    clientOrderId: string,
    instrumentId: string,
    reason: RejectReason,
    message: string,
  ): OrderEvent {
    return { type, clientOrderId, instrumentId, ts: this.clock.now(), reason, message } as OrderEvent;
  }

  /** Apply through the state table (throws if refused), then queue for delivery. */
  private record(order: Order, event: OrderEvent): void {
    const wasEmulated = order.status === 'EMULATED';
    const wasClosed = order.isClosed;
    order.apply(event);
    if (!wasClosed && order.isClosed) {
      if (this.retainClosed) this.open.delete(order.clientOrderId);
      if (wasEmulated) this.emulator.remove(order);
      if (order.request.timeInForce === 'GTD') this.clock.cancelTimer(expiryTimerName(order.clientOrderId));
    }
    this.enqueue(event, order);
  }

  private enqueue(event: OrderEvent, order: Order | undefined): void {
    const n = this.queued++;
    if (n < this.queuedEvents.length) {
      this.queuedEvents[n] = event;
      this.queuedOrders[n] = order;
    } else {
      this.queuedEvents.push(event);
      this.queuedOrders.push(order);
    }
  }

  private leave(): void {
    this.depth--;
    if (this.depth === 0) this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      // Plain try/catch per handler (no closure per event and handler: this runs several times per order).
      const gate = this.gate;
      const events = this.queuedEvents;
      const orders = this.queuedOrders;
      for (let i = 0; i < this.queued; i++) {
        const event = events[i]!;
        const order = orders[i];
        if (gate?.onOrderEvent !== undefined) {
          try {
            gate.onOrderEvent(event, order);
          } catch (err) {
            this.handlerFailed(err);
          }
        }
        if (order && this.contingencies.hasLinks) {
          try {
            this.contingencies.onEvent(order, event);
          } catch (err) {
            this.handlerFailed(err);
          }
        }
        const ls = this.listeners;
        for (let j = 0; j < ls.length; j++) {
          try {
            ls[j]!(event, order);
          } catch (err) {
            this.handlerFailed(err);
          }
        }
        if (!this.retainClosed && order !== undefined && order.isClosed) this.forget(order);
      }
    } finally {
      // Let go of the delivered events and orders (the slots are reused, not the objects).
      const events = this.queuedEvents;
      const orders = this.queuedOrders;
      for (let i = 0; i < this.queued; i++) {
        events[i] = undefined;
        orders[i] = undefined;
      }
      this.queued = 0;
      this.draining = false;
    }
  }

  /** retainClosedOrders false: drop a closed order that nothing links to (its terminal event is delivered). */
  private forget(order: Order): void {
    const r = order.request;
    if (r.contingency !== undefined || r.parentOrderId !== undefined || r.execAlgorithmId !== undefined) return;
    // Client order ids come from engine.ids and are never reused: the id names this order.
    this.byId.delete(order.clientOrderId);
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.handlerFailed(err);
    }
  }

  private handlerFailed(err: unknown): void {
    this.stats.listenerErrors++;
    this.log.error({ err: errorMessage(err), stack: err instanceof Error ? err.stack : undefined }, 'order event handler failed');
  }

  private notifyRefused(event: OrderEvent, error: Error, order: Order | undefined): void {
    for (const l of this.refusedListeners) this.safely(() => l(event, error, order));
  }

  private contingencyHost(): ContingencyHost {
    return {
      order: (id) => this.byId.get(id),
      activate: (child, quantity, final) => {
        this.depth++;
        try {
          if (!nearlyEqual(quantity, child.quantity)) {
            this.record(child, { type: 'updated', clientOrderId: child.clientOrderId, instrumentId: child.instrumentId, ts: this.clock.now(), quantity });
          }
          const instrument = this.venue.instrument(child.instrumentId);
          const denial = this.check(this.currentRequest(child), instrument, 'activate');
          if (denial) {
            if (final) this.deny(child, denial);
            else this.log.debug(`contingent order ${child.clientOrderId} waits for more parent fills: ${denial.message}`);
            return;
          }
          this.route(child);
        } finally {
          this.leave();
        }
      },
      resize: (order, quantity) => {
        if (order.isLocal) {
          this.depth++;
          try {
            this.record(order, { type: 'updated', clientOrderId: order.clientOrderId, instrumentId: order.instrumentId, ts: this.clock.now(), quantity });
          } finally {
            this.leave();
          }
        } else {
          this.modify(order.clientOrderId, { quantity });
        }
      },
      cancel: (id, reason) => this.cancel(id, reason),
      lotSize: (instrumentId) => this.venue.instrument(instrumentId)?.lotSize ?? 0,
    };
  }

  private emulatorHost(): EmulatorHost {
    return {
      updateTrigger: (order, triggerPrice, price, ts) => {
        this.record(order, { type: 'updated', clientOrderId: order.clientOrderId, instrumentId: order.instrumentId, ts, triggerPrice, price });
      },
      release: (order, request, releasedPrice, ts) => {
        this.record(order, { type: 'released', clientOrderId: order.clientOrderId, instrumentId: order.instrumentId, ts, releasedPrice });
        this.send(order, request, ts);
      },
      tickSize: (instrumentId) => this.venue.instrument(instrumentId)?.tickSize ?? 0,
    };
  }
}

function expiryTimerName(clientOrderId: string): string {
  return `keel.execution.expire:${clientOrderId}`;
}
