/**
 * Replaying recorded market data into the simulated venue's books, so our orders trade against
 * history with a realistic place in the queue.
 *
 * L3 (order by order; ITCH / Databento MBO style) -> L3Replay (l3-replay.ts): every external
 * order is a real order in an OrderBook, our orders queue among them by price-time priority.
 *
 * L2 (price levels; most crypto depth streams) -> L2Replay (l2-replay.ts): external liquidity
 * is a size per price; each of our resting orders carries an estimate of the external lots
 * queued ahead of it (see l2-replay.ts for the queue model).
 *
 * Messages use the book's units: integer ticks and lots, sides BUY/SELL from types.ts.
 * `ts` is the event time (epoch ms); the replays do not read it, the venue's clock does.
 */
import type { Side } from './types.ts';
import type { L2Replay } from './l2-replay.ts';
import type { L3Replay } from './l3-replay.ts';

/** L3: one external order event. */
export type L3Message =
  /** A new resting order (a crossing add trades with OUR orders only, see L3Replay). */
  | { type: 'add'; ts: number; orderId: number; side: Side; priceTicks: number; qtyLots: number }
  /** Removes the order, or only qtyLots of it (a partial cancel keeps its queue place). */
  | { type: 'cancel'; ts: number; orderId: number; qtyLots?: number }
  /** New price and new OPEN quantity, with the book's priority rules. */
  | { type: 'modify'; ts: number; orderId: number; priceTicks: number; qtyLots: number }
  /**
   * An execution: an aggressor of aggressorSide traded qtyLots at priceTicks against resting
   * liquidity (makerOrderId, when the feed names it, is informational).
   */
  | { type: 'trade'; ts: number; aggressorSide: Side; priceTicks: number; qtyLots: number; makerOrderId?: number };

/** L2: price-level data. Sizes are absolute (the level's new total), not increments. */
export type L2Message =
  /** The whole book (both sides), replacing what was known. Pairs are [priceTicks, sizeLots]. */
  | {
      type: 'snapshot';
      ts: number;
      bids: ReadonlyArray<readonly [number, number]>;
      asks: ReadonlyArray<readonly [number, number]>;
    }
  /** One level's new size; 0 removes the level. */
  | { type: 'delta'; ts: number; side: Side; priceTicks: number; sizeLots: number }
  /** A public trade: the aggressor's side, price and quantity. */
  | { type: 'trade'; ts: number; aggressorSide: Side; priceTicks: number; qtyLots: number };

/** Feeds every message in order into a replay (the loop a venue runs between its own orders). */
export function replayAll(target: L3Replay, messages: Iterable<L3Message>): void;
export function replayAll(target: L2Replay, messages: Iterable<L2Message>): void;
export function replayAll(target: { apply(m: never): void }, messages: Iterable<unknown>): void {
  for (const m of messages) target.apply(m as never);
}

export { L3Replay } from './l3-replay.ts';
export { L2Replay } from './l2-replay.ts';
