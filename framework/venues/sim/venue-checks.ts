import { isOnStep } from '../../core/precision.ts';
import type { Instrument, OrderModification, RejectReason } from '../../execution/types.ts';
import type { VenueCapabilities } from '../../execution/venue.ts';
import { EXEC_LIMIT, type SimOrder, TRIG_NONE, TRIG_TRAILING } from './sim-order.ts';

/**
 * What the simulated venue refuses on arrival, as an exchange would, whatever the engine
 * validated before: grids and limits of the instrument, missing prices, what the venue does not
 * support. Each refusal is a reason code and a sentence naming the field.
 */
export interface Refusal {
  reason: RejectReason;
  message: string;
}

export function checkOnArrival(o: SimOrder, inst: Instrument, caps: VenueCapabilities, now: number): Refusal | null {
  const r = o.request;
  if (!caps.orderTypes.includes(o.type)) return { reason: 'UNSUPPORTED_ORDER_TYPE', message: `order type ${o.type} is not supported by this venue` };
  if (!caps.timeInForce.includes(o.tif)) return { reason: 'UNSUPPORTED_TIME_IN_FORCE', message: `time in force ${o.tif} is not supported by this venue` };
  if (o.postOnly && !caps.postOnly) return { reason: 'UNSUPPORTED_POST_ONLY', message: 'post-only orders are not supported by this venue' };
  if (o.reduceOnly && !caps.reduceOnly) return { reason: 'UNSUPPORTED_REDUCE_ONLY', message: 'reduce-only orders are not supported by this venue' };
  if (r.displayQuantity !== undefined && !caps.iceberg) return { reason: 'UNSUPPORTED_ICEBERG', message: 'iceberg orders are not supported by this venue' };

  const q = o.quantity;
  if (!(q > 0) || !Number.isFinite(q)) return { reason: 'INVALID_QUANTITY', message: `quantity must be a positive number, got ${q}` };
  if (!isOnStep(q, inst.lotSize)) return { reason: 'QUANTITY_NOT_ON_LOT', message: `quantity ${q} is not a multiple of the lot size ${inst.lotSize}` };
  if (q < inst.minQuantity - inst.lotSize * 1e-9) {
    return { reason: 'BELOW_MIN_QUANTITY', message: `quantity ${q} is below the minimum ${inst.minQuantity}` };
  }
  if (inst.maxQuantity !== undefined && q > inst.maxQuantity) return { reason: 'ABOVE_MAX_QUANTITY', message: `quantity ${q} is above the maximum ${inst.maxQuantity}` };

  if (o.exec === EXEC_LIMIT && o.trig !== TRIG_TRAILING) {
    const bad = priceProblem('price', r.price, inst);
    if (bad) return bad;
  } else if (r.price !== undefined) {
    const bad = priceProblem('price', r.price, inst);
    if (bad) return bad;
  }
  if (o.trig !== TRIG_NONE && o.trig !== TRIG_TRAILING) {
    if (r.triggerPrice === undefined) return { reason: 'MISSING_TRIGGER_PRICE', message: `${o.type} needs triggerPrice` };
    const bad = priceProblem('triggerPrice', r.triggerPrice, inst);
    if (bad) return bad;
  }
  if (o.trig === TRIG_TRAILING) {
    if (!(o.trailOffset > 0)) return { reason: 'MISSING_TRAILING_OFFSET', message: `${o.type} needs a positive trailingOffset, got ${r.trailingOffset}` };
    if (r.triggerPrice !== undefined) {
      const bad = priceProblem('triggerPrice', r.triggerPrice, inst);
      if (bad) return bad;
    }
    if (r.activationPrice !== undefined && !(r.activationPrice > 0)) {
      return { reason: 'INVALID_PRICE', message: `activationPrice must be positive, got ${r.activationPrice}` };
    }
    if (r.limitOffset !== undefined && !(r.limitOffset >= 0)) {
      return { reason: 'INVALID_PRICE', message: `limitOffset must be >= 0, got ${r.limitOffset}` };
    }
  }
  const notionalPrice = o.exec === EXEC_LIMIT ? r.price : r.triggerPrice;
  if (notionalPrice !== undefined && inst.minNotional !== undefined) {
    const notional = q * notionalPrice * (inst.contractSize ?? 1);
    if (notional < inst.minNotional * (1 - 1e-12)) {
      return { reason: 'BELOW_MIN_NOTIONAL', message: `notional ${notional} is below the minimum ${inst.minNotional}` };
    }
  }
  if (o.tif === 'GTD') {
    if (r.expireTime === undefined || !Number.isFinite(r.expireTime)) return { reason: 'INVALID_EXPIRE_TIME', message: 'GTD needs expireTime (epoch ms)' };
    if (r.expireTime <= now) return { reason: 'INVALID_EXPIRE_TIME', message: `expireTime ${new Date(r.expireTime).toISOString()} is not after the arrival time ${new Date(now).toISOString()}` };
  }
  if (r.displayQuantity !== undefined && !(r.displayQuantity > 0 && r.displayQuantity <= q && isOnStep(r.displayQuantity, inst.lotSize))) {
    return { reason: 'INVALID_DISPLAY_QUANTITY', message: `displayQuantity ${r.displayQuantity} must be on the lot grid and in (0, quantity]` };
  }
  return null;
}

function priceProblem(field: string, price: number | undefined, inst: Instrument): Refusal | null {
  if (price === undefined) return { reason: 'MISSING_PRICE', message: `${field} is required` };
  if (!(price > 0) || !Number.isFinite(price)) return { reason: 'INVALID_PRICE', message: `${field} must be a positive number, got ${price}` };
  if (!isOnStep(price, inst.tickSize)) return { reason: 'PRICE_NOT_ON_TICK', message: `${field} ${price} is not on the tick grid ${inst.tickSize}` };
  return null;
}

/** A modify the venue cannot apply (besides unknown / closed orders). */
export function checkModify(o: SimOrder, inst: Instrument, changes: OrderModification): Refusal | null {
  if (changes.quantity === undefined && changes.price === undefined && changes.triggerPrice === undefined) {
    return { reason: 'INVALID_MODIFY', message: 'modify changes nothing (quantity, price or triggerPrice expected)' };
  }
  if (changes.quantity !== undefined) {
    const q = changes.quantity;
    if (!(q > 0) || !isOnStep(q, inst.lotSize)) return { reason: 'INVALID_MODIFY', message: `quantity ${q} must be positive and on the lot grid ${inst.lotSize}` };
    if (q <= o.filled + inst.lotSize * 1e-9) return { reason: 'INVALID_MODIFY', message: `quantity ${q} is not above the filled quantity ${o.filled}` };
  }
  if (changes.price !== undefined) {
    if (o.exec !== EXEC_LIMIT) return { reason: 'INVALID_MODIFY', message: `a ${o.type} order has no limit price to change` };
    const bad = priceProblem('price', changes.price, inst);
    if (bad) return { reason: 'INVALID_MODIFY', message: bad.message };
  }
  if (changes.triggerPrice !== undefined) {
    if (o.trig === TRIG_NONE) return { reason: 'INVALID_MODIFY', message: `a ${o.type} order has no trigger price` };
    if (o.triggered) return { reason: 'INVALID_MODIFY', message: 'the order has already triggered; its trigger price cannot change' };
    const bad = priceProblem('triggerPrice', changes.triggerPrice, inst);
    if (bad) return { reason: 'INVALID_MODIFY', message: bad.message };
  }
  return null;
}
