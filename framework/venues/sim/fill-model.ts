import type { Instrument, LiquiditySide, OrderModification, RejectReason } from '../../execution/types.ts';
import type { SimOrder } from './sim-order.ts';
import { TimeQueue } from './time-queue.ts';

/** A request in flight to the venue (latency model): a new order, a cancel or a modify. */
export interface VenueRequest {
  kind: 'order' | 'cancel' | 'modify';
  clientOrderId: string;
  order?: SimOrder;
  changes?: OrderModification;
}

/**
 * The contract between the simulated venue and its bar fill models. A model decides WHEN and
 * AT WHAT PRICE an order trades during a bar; the venue (the MatchHost) does everything else:
 * participation cap, slippage, balance checks, fees, state changes and events.
 */

/** Per-instrument state the models read and the venue updates. One object per instrument. */
export class MarketState {
  readonly inst: Instrument;
  readonly tick: number = Number.NaN;
  /** Touch tolerance: a millionth of a tick. */
  readonly eps: number = Number.NaN;
  /** Orders that reached the venue and are open, in arrival order (closed ones are pruned after the bar). */
  readonly live: SimOrder[] = [];
  /** Last price seen (close of the last bar), NaN before the first bar. */
  lastPrice = NaN;
  /** Quantity still fillable in the current bar (participation cap), Infinity without a cap. */
  capLeft = Infinity;
  barVolume = 0;
  /** Trading open; a closed (halted) market rejects orders and does not match. */
  open: boolean;
  /** Some live orders closed during the bar and must be pruned. */
  dirty = false;
  // The bar being matched, and the model's current price and time. Kept in fields rather than
  // passed as arguments: V8 boxes a double passed to (or returned from) a call it does not
  // inline, which would allocate per bar and per order.
  barTs = 0;
  barOpen = 0;
  barHigh = 0;
  barLow = 0;
  barClose = 0;
  /** The price the model is looking at (fill/trigger price for the host calls). */
  px = 0;
  /** Event time of what happens now (bar open, or the point of the path). */
  now = 0;
  /** Requests in flight to this market (latency), by arrival time. */
  readonly requests = new TimeQueue<VenueRequest>();
  /** Open orders with an expiry (GTD / DAY). */
  readonly expiring: SimOrder[] = [];

  constructor(inst: Instrument) {
    this.inst = inst;
    this.tick = inst.tickSize;
    this.eps = inst.tickSize * 1e-6;
    this.open = inst.isOpen !== false;
  }
}

export interface MatchHost {
  /**
   * Trade as much of the order as the bar allows at price `m.px` (the model price before
   * slippage; `marketType` applies slippage), at time `m.now`. Decides a not-yet-accepted
   * order, applies FOK, the cap, reduce-only, the balance check, fees; emits the events.
   */
  execute(m: MarketState, o: SimOrder, liquidity: LiquiditySide, marketType: boolean): void;
  /** The order had its chance and did not trade: IOC cancels, FOK rejects, others are accepted and rest. */
  missed(m: MarketState, o: SimOrder): void;
  /** The order's trigger fired (the model already checked the level). */
  trigger(m: MarketState, o: SimOrder): void;
  /** Refuse the order (rejected, or canceled if it already has fills). */
  refuse(m: MarketState, o: SimOrder, reason: RejectReason, message: string): void;
  /** Deliver queued events now (listeners may submit or cancel; the model then sees the new state). */
  flush(): void;
  /** While a bar of `m` is walked: earliest time a request to m, an expiry in m or a report is due (Infinity if none). */
  nextPendingAt(m: MarketState): number;
  /** While a bar of `m` is walked: process requests to m, expiries in m and reports due at or before m.now. */
  processPendingUntilNow(m: MarketState): void;
}

export interface FillModel {
  readonly name: string;
  describe(): Record<string, unknown>;
  /** Match the live orders of one instrument against the bar in m.bar*. `barMs` > 0 enables intrabar time. */
  bar(m: MarketState, barMs: number): void;
  /** An order became live or was modified while a bar of its instrument is being matched. */
  arriveDuringBar(m: MarketState, o: SimOrder): void;
}
