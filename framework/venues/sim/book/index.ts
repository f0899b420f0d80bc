/**
 * The simulated venue's order books: OrderBook (one instrument, price-time priority),
 * MatchingEngine (books by instrument id), L2/L3 replay of recorded market data, unit
 * conversion, and the synthetic order flow used by the benchmark. See order-book.ts for the API.
 */
export { OrderBook } from './order-book.ts';
export { MatchingEngine } from './matching-engine.ts';
export { L2Replay } from './l2-replay.ts';
export { L3Replay } from './l3-replay.ts';
export { replayAll, type L2Message, type L3Message } from './replay.ts';
export { priceToTicks, qtyToLots, ticksToPrice, lotsToQty } from './units.ts';
export * from './types.ts';
