/**
 * Deterministic synthetic order flow around a mid-price path, for benchmarks and stress
 * tests of the order book: passive limit adds near the touch, cancels of resting orders, and
 * crossing orders (market orders and marketable limits).
 *
 * The flow is generated against a live OrderBook so that every cancel targets an order that is
 * really resting at that moment; replaying the recorded flow into a fresh book in the same
 * order reproduces the same states, so a benchmark times only the book.
 *
 * Model (per operation, probabilities from `mix`):
 * - add: side 50/50; price = mid -/+ (1 + exponential(mean `meanDistanceTicks`)) ticks, never
 *   crossing the opposite touch (it stays passive); quantity 1 + exponential(mean 5) lots.
 * - cancel: a resting order chosen uniformly (cancel rate proportional to the orders resting,
 *   as in Cont-Stoikov-Talreja style models); falls back to an add when the book is empty.
 * - cross: half market orders, half limit orders 0-3 ticks through the opposite touch (their
 *   remainder rests); quantity 1 + exponential(mean `meanCrossLots` * sqrt(resting /
 *   targetResting), the factor clamped to [0.25, 4]) lots.
 * The mid path is given in ticks per operation (e.g. real closes interpolated).
 */
import { OrderBook } from './order-book.ts';
import { BUY, SELL, type FillSink, type Side } from './types.ts';

export const FLOW_ADD = 0;
export const FLOW_CANCEL = 1;
export const FLOW_MARKET = 2;
export const FLOW_CROSS_LIMIT = 3;

export interface FlowMix {
  add: number;
  cancel: number;
  cross: number;
}

export interface FlowOptions {
  ops: number;
  seed: number;
  /** Mid price in ticks for each operation (length >= ops). */
  midTicks: Float64Array;
  mix?: FlowMix;
  meanDistanceTicks?: number;
  meanCrossLots?: number;
  /**
   * Book size the flow steers towards: crossing orders grow with sqrt(resting / target)
   * (bigger takers when there is more liquidity), which keeps the book stationary instead of
   * draining it or letting it grow without bound.
   */
  targetResting?: number;
}

/** A recorded flow: operation i is (kind[i], id[i], side[i], priceTicks[i], qtyLots[i]). */
export interface OrderFlow {
  count: number;
  kind: Uint8Array;
  id: Float64Array;
  side: Uint8Array;
  priceTicks: Float64Array;
  qtyLots: Float64Array;
  /** Operations of each kind actually generated. */
  counts: { add: number; cancel: number; market: number; crossLimit: number };
  /** Fills the flow produced and orders resting at the end (book size check). */
  fills: number;
  restingAtEnd: number;
}

/** mulberry32: small, fast, deterministic PRNG returning [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateFlow(opts: FlowOptions): OrderFlow {
  const n = opts.ops;
  if (opts.midTicks.length < n) throw new RangeError(`midTicks has ${opts.midTicks.length} values, need ${n}`);
  const mix = opts.mix ?? { add: 0.6, cancel: 0.3, cross: 0.1 };
  const total = mix.add + mix.cancel + mix.cross;
  const pAdd = mix.add / total;
  const pCancel = pAdd + mix.cancel / total;
  const meanDist = opts.meanDistanceTicks ?? 4;
  const meanCross = opts.meanCrossLots ?? 15;
  const target = opts.targetResting ?? 5000;
  const rand = rng(opts.seed);
  const expo = (mean: number) => -Math.log(1 - rand()) * mean;

  const flow: OrderFlow = {
    count: n,
    kind: new Uint8Array(n),
    id: new Float64Array(n),
    side: new Uint8Array(n),
    priceTicks: new Float64Array(n),
    qtyLots: new Float64Array(n),
    counts: { add: 0, cancel: 0, market: 0, crossLimit: 0 },
    fills: 0,
    restingAtEnd: 0,
  };

  // Live set of resting ids with O(1) removal: live[] holds ids, where[id] its index.
  const live = new Float64Array(n + 1);
  const where = new Int32Array(n + 1).fill(-1);
  let liveCount = 0;
  const addLive = (id: number) => {
    where[id] = liveCount;
    live[liveCount++] = id;
  };
  const dropLive = (id: number) => {
    const i = where[id]!;
    if (i < 0) return;
    const lastId = live[--liveCount]!;
    live[i] = lastId;
    where[lastId] = i;
    where[id] = -1;
  };
  let fills = 0;
  const sink: FillSink = {
    onFill(makerId, _takerId, _p, _q, makerRemaining) {
      fills++;
      if (makerRemaining === 0) dropLive(makerId);
    },
  };
  const book = new OrderBook(sink);
  let nextId = 1;

  for (let i = 0; i < n; i++) {
    const mid = opts.midTicks[i]!;
    const u = rand();
    const side: Side = rand() < 0.5 ? BUY : SELL;
    if (u >= pAdd && u < pCancel && liveCount > 0) {
      const id = live[Math.floor(rand() * liveCount)]!;
      book.cancel(id);
      dropLive(id);
      flow.kind[i] = FLOW_CANCEL;
      flow.id[i] = id;
      flow.counts.cancel++;
      continue;
    }
    const id = nextId++;
    flow.id[i] = id;
    flow.side[i] = side;
    if (u >= pCancel) {
      const f = Math.min(4, Math.max(0.25, Math.sqrt(liveCount / target)));
      const qty = 1 + Math.floor(expo(meanCross * f));
      flow.qtyLots[i] = qty;
      if (rand() < 0.5) {
        flow.kind[i] = FLOW_MARKET;
        flow.counts.market++;
        book.addMarket(id, side, qty);
      } else {
        const touch = side === BUY ? book.bestAsk() : book.bestBid();
        const ref = touch === touch ? touch : Math.round(mid);
        const through = Math.floor(rand() * 4);
        const price = side === BUY ? ref + through : ref - through;
        flow.kind[i] = FLOW_CROSS_LIMIT;
        flow.priceTicks[i] = price;
        flow.counts.crossLimit++;
        if (book.addLimit(id, side, price, qty).restingLots > 0) addLive(id);
      }
      continue;
    }
    const dist = 1 + Math.floor(expo(meanDist));
    let price: number;
    if (side === BUY) {
      price = Math.floor(mid) - dist + 1;
      const ask = book.bestAsk();
      if (ask === ask && price >= ask) price = ask - 1;
    } else {
      price = Math.ceil(mid) + dist - 1;
      const bid = book.bestBid();
      if (bid === bid && price <= bid) price = bid + 1;
    }
    const qty = 1 + Math.floor(expo(5));
    flow.kind[i] = FLOW_ADD;
    flow.priceTicks[i] = price;
    flow.qtyLots[i] = qty;
    flow.counts.add++;
    book.addLimit(id, side, price, qty);
    addLive(id);
  }
  flow.fills = fills;
  flow.restingAtEnd = book.orderCount;
  return flow;
}

/** Plays a recorded flow into a book (the benchmark's timed loop). Returns the fills seen by the sink. */
export function replayFlow(flow: OrderFlow, book: OrderBook, from = 0, to = flow.count): void {
  const { kind, id, side, priceTicks, qtyLots } = flow;
  for (let i = from; i < to; i++) {
    const k = kind[i]!;
    if (k === FLOW_ADD || k === FLOW_CROSS_LIMIT) book.addLimit(id[i]!, side[i] as Side, priceTicks[i]!, qtyLots[i]!);
    else if (k === FLOW_CANCEL) book.cancel(id[i]!);
    else book.addMarket(id[i]!, side[i] as Side, qtyLots[i]!);
  }
}
