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
  readonly tick: number;
  /** Touch tolerance: a millionth of a tick. */
  readonly eps: number;
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
   * Trade as much of the order as the bar allows at `price` (the model price before slippage;
   * `marketType` applies slippage). Decides a not-yet-accepted order, applies FOK, the cap,
   * reduce-only, the balance check, fees; emits the events.
   */
  execute(m: MarketState, o: SimOrder, price: number, liquidity: LiquiditySide, marketType: boolean, ts: number): void;
  /** The order had its chance at a price and did not trade: IOC cancels, FOK rejects, others are accepted and rest. */
  missed(m: MarketState, o: SimOrder, ts: number): void;
  /** The order's trigger fired (the model already checked the level). */
  trigger(m: MarketState, o: SimOrder, ts: number): void;
  /** Refuse the order (rejected, or canceled if it already has fills). */
  refuse(m: MarketState, o: SimOrder, reason: RejectReason, message: string, ts: number): void;
  /** Deliver queued events now (listeners may submit or cancel; the model then sees the new state). */
  flush(): void;
  /** While a bar of `m` is walked: earliest time a request to m, an expiry in m or a report is due (Infinity if none). */
  nextPendingAt(m: MarketState): number;
  /** While a bar of `m` is walked: process requests to m, expiries in m and reports due at or before t. */
  processPendingUntil(t: number, m: MarketState): void;
  /** The venue's notion of now while a bar is walked (event times, latency of new requests). */
  setWalkTime(t: number): void;
}

export interface FillModel {
  readonly name: string;
  describe(): Record<string, unknown>;
  /** Match the live orders of one instrument against one bar. `barMs` > 0 enables intrabar time. */
  bar(m: MarketState, ts: number, open: number, high: number, low: number, close: number, barMs: number): void;
  /** An order became live or was modified while a bar of its instrument is being matched. */
  arriveDuringBar(m: MarketState, o: SimOrder): void;
}
