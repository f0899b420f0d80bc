/**
 * Conversions between an instrument's decimal prices/quantities and the integer ticks/lots the
 * book works in. Off-grid values are refused (the execution engine validates the grid before
 * an order reaches the venue, so an off-grid value here is a programming error).
 */
import { UsageError } from '../../../core/errors.ts';
import { fromSteps, isOnStep, toSteps } from '../../../core/precision.ts';

/** Price -> integer ticks; throws UsageError when the price is not on the tick grid. */
export function priceToTicks(price: number, tickSize: number, what = 'price'): number {
  return steps(price, tickSize, what, 'tick size');
}

/** Quantity -> integer lots; throws UsageError when the quantity is not on the lot grid. */
export function qtyToLots(qty: number, lotSize: number, what = 'quantity'): number {
  return steps(qty, lotSize, what, 'lot size');
}

export function ticksToPrice(ticks: number, tickSize: number): number {
  return fromSteps(ticks, tickSize);
}

export function lotsToQty(lots: number, lotSize: number): number {
  return fromSteps(lots, lotSize);
}

function steps(value: number, step: number, what: string, grid: string): number {
  if (!Number.isFinite(value)) throw new UsageError(`${what} ${value} is not a finite number`);
  if (!(step > 0)) throw new UsageError(`${grid} ${step} must be a positive number`);
  if (!isOnStep(value, step)) throw new UsageError(`${what} ${value} is not a multiple of the ${grid} ${step}`);
  const n = toSteps(value, step);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${what} ${value} is ${n} steps of ${step}: too many to count exactly`);
  return n;
}
