import type { OrderSide } from '../types.ts';

/**
 * Implementation shortfall of a parent order in basis points, signed so that a positive number
 * is a cost: a buy that paid more than the arrival price, a sell that received less.
 * NaN when either price is unknown.
 */
export function shortfallBps(side: OrderSide, arrivalPrice: number, averageFillPrice: number): number {
  if (!(arrivalPrice > 0) || !(averageFillPrice > 0)) return Number.NaN;
  const diff = side === 'buy' ? averageFillPrice - arrivalPrice : arrivalPrice - averageFillPrice;
  return (diff / arrivalPrice) * 10_000;
}

/** The same shortfall in quote currency for `filledQuantity` (fees excluded). */
export function shortfallQuote(side: OrderSide, arrivalPrice: number, averageFillPrice: number, filledQuantity: number): number {
  if (!(arrivalPrice > 0) || !(averageFillPrice > 0)) return Number.NaN;
  const diff = side === 'buy' ? averageFillPrice - arrivalPrice : arrivalPrice - averageFillPrice;
  return diff * filledQuantity;
}
