import { ceilToStep, floorToStep } from '../core/precision.ts';
import type { OrderSide, OrderType, TrailingOffsetType } from './types.ts';

/**
 * Trigger rules and trailing-stop arithmetic, shared by the emulator (and usable by a venue).
 *
 * Which side of the trigger fires:
 *   stop_market, stop_limit, trailing_stop_*  buy: price >= trigger   sell: price <= trigger
 *   market_if_touched, limit_if_touched        buy: price <= trigger   sell: price >= trigger
 * (a stop buys a breakout / sells a breakdown; an if-touched order buys a dip / sells a rally).
 * "Touching" counts: a price equal to the trigger fires. Comparisons allow a millionth of a tick
 * for the binary representation of decimal prices.
 */

const TICK_EPS = 1e-6;

/** True for types that fire when the market moves against a resting position (stops). */
export function isStopLike(type: OrderType): boolean {
  return type === 'stop_market' || type === 'stop_limit' || type === 'trailing_stop_market' || type === 'trailing_stop_limit';
}

/** Whether an order of this type/side with trigger `trigger` fires at market price `price`. */
export function isTriggeredAt(type: OrderType, side: OrderSide, trigger: number, price: number, tickSize: number): boolean {
  const eps = tickSize > 0 ? tickSize * TICK_EPS : Math.abs(trigger) * 1e-12;
  const firesAtOrAbove = isStopLike(type) === (side === 'buy');
  return firesAtOrAbove ? price >= trigger - eps : price <= trigger + eps;
}

/** An offset in price units: `price` as is, `bps` of the reference price, `ticks` times the tick size. */
export function offsetInPrice(offset: number, unit: TrailingOffsetType, reference: number, tickSize: number): number {
  switch (unit) {
    case 'price':
      return offset;
    case 'bps':
      return (reference * offset) / 10_000;
    case 'ticks':
      return offset * tickSize;
  }
}

/**
 * A trailing trigger at `offset` from the best price seen, on the tick grid and rounded away
 * from the market (never closer than the offset): a sell stop trails below the highest price,
 * a buy stop above the lowest.
 */
export function trailingTrigger(side: OrderSide, extreme: number, offset: number, unit: TrailingOffsetType, tickSize: number): number {
  const d = offsetInPrice(offset, unit, extreme, tickSize);
  return side === 'sell' ? floorToStep(extreme - d, tickSize) : ceilToStep(extreme + d, tickSize);
}

/**
 * trailing_stop_limit: the limit price `limitOffset` beyond the trigger in the order's
 * direction (a sell limit below its trigger, a buy limit above), leaving room to fill.
 */
export function trailingLimitPrice(side: OrderSide, trigger: number, limitOffset: number, unit: TrailingOffsetType, tickSize: number): number {
  const d = offsetInPrice(limitOffset, unit, trigger, tickSize);
  return side === 'sell' ? floorToStep(trigger - d, tickSize) : ceilToStep(trigger + d, tickSize);
}

/** Whether `candidate` is a better (tighter) trailing trigger than `current` for this side. */
export function isFavourable(side: OrderSide, candidate: number, current: number | undefined, tickSize: number): boolean {
  if (current === undefined) return true;
  const eps = tickSize > 0 ? tickSize * TICK_EPS : 0;
  return side === 'sell' ? candidate > current + eps : candidate < current - eps;
}

/** Whether the market at `price` has reached a trailing order's activation price. */
export function isActivated(side: OrderSide, activationPrice: number | undefined, price: number, tickSize: number): boolean {
  if (activationPrice === undefined) return true;
  const eps = tickSize > 0 ? tickSize * TICK_EPS : 0;
  // A sell trailing stop protects a long: it starts once the market has risen to the activation price.
  return side === 'sell' ? price >= activationPrice - eps : price <= activationPrice + eps;
}

/**
 * The order in which a bar's prices are visited: open, the extreme nearer to the open, the
 * other extreme, close. On a tie the high comes first. Returns true when the high is visited
 * before the low.
 */
export function highFirst(open: number, high: number, low: number): boolean {
  return high - open <= open - low;
}
