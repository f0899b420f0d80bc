import { isOnStep } from '../core/precision.ts';
import type { Instrument } from './instrument.ts';
import type { Order } from './order.ts';
import type { OrderModification, OrderRequest, OrderType, RejectReason } from './types.ts';
import type { VenueCapabilities } from './venue.ts';

/**
 * Checks an order must pass before anything leaves the engine. A failure is a DENIED order
 * with a machine-readable reason and one sentence that names the order, the field, the value
 * and what was expected. Grids are compared with the precision helpers, never float ===.
 */
export interface Denial {
  reason: RejectReason;
  message: string;
}

export interface ValidationContext {
  /** Engine time (epoch ms) for GTD expiry checks. */
  now: number;
  /** Price used for the notional of orders without a price of their own (market): e.g. last trade. */
  referencePrice?: number;
  /** When given, flags and time in force the venue cannot do are denied. */
  capabilities?: VenueCapabilities;
}

/** Reason codes added by the engine beyond those named in types.ts (RejectReason is open). */
export const EXTRA_REASONS = {
  INVALID_SIDE: 'INVALID_SIDE',
  INVALID_ORDER_TYPE: 'INVALID_ORDER_TYPE',
  INVALID_TRAILING_OFFSET: 'INVALID_TRAILING_OFFSET',
  INVALID_POST_ONLY: 'INVALID_POST_ONLY',
  INVALID_TIME_IN_FORCE: 'INVALID_TIME_IN_FORCE',
  UNSUPPORTED_BY_VENUE: 'UNSUPPORTED_BY_VENUE',
  INVALID_CONTINGENCY: 'INVALID_CONTINGENCY',
  CONTINGENCY_DENIED: 'CONTINGENCY_DENIED',
} as const;

const ORDER_TYPES: ReadonlySet<string> = new Set<OrderType>([
  'market',
  'limit',
  'stop_market',
  'stop_limit',
  'market_if_touched',
  'limit_if_touched',
  'trailing_stop_market',
  'trailing_stop_limit',
]);

/** Types that rest with a limit price once live (post-only makes sense only for these). */
export const LIMIT_PRICE_TYPES: ReadonlySet<OrderType> = new Set<OrderType>(['limit', 'stop_limit', 'limit_if_touched', 'trailing_stop_limit']);
/** Types that wait for a fixed trigger price. */
export const FIXED_TRIGGER_TYPES: ReadonlySet<OrderType> = new Set<OrderType>([
  'stop_market',
  'stop_limit',
  'market_if_touched',
  'limit_if_touched',
]);
export const TRAILING_TYPES: ReadonlySet<OrderType> = new Set<OrderType>(['trailing_stop_market', 'trailing_stop_limit']);

/** Relative tolerance for min/max comparisons of values computed in floating point. */
const LIMIT_EPS = 1e-9;

function deny(reason: RejectReason, message: string): Denial {
  return { reason, message };
}

function isPositiveFinite(x: number | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

/** The price that stands for the order's notional, or undefined when none is known. */
export function notionalPrice(r: OrderRequest, referencePrice: number | undefined): number | undefined {
  switch (r.type) {
    case 'market':
      return referencePrice;
    case 'limit':
    case 'stop_limit':
    case 'limit_if_touched':
      return r.price;
    case 'stop_market':
    case 'market_if_touched':
      return r.triggerPrice;
    case 'trailing_stop_market':
      return r.triggerPrice ?? referencePrice;
    case 'trailing_stop_limit':
      return r.price ?? r.triggerPrice ?? referencePrice;
  }
}

/** The first failed check of `r` against `instrument`, or null when the order may go. */
export function validateOrder(r: OrderRequest, instrument: Instrument | undefined, ctx: ValidationContext): Denial | null {
  const id = r.clientOrderId;
  if (!instrument) return deny('UNKNOWN_INSTRUMENT', `order ${id}: instrument ${r.instrumentId} is not known to the venue`);
  if (instrument.isOpen === false) return deny('MARKET_CLOSED', `order ${id}: market ${r.instrumentId} is closed`);
  if (r.side !== 'buy' && r.side !== 'sell') {
    return deny(EXTRA_REASONS.INVALID_SIDE, `order ${id}: side '${String(r.side)}' is not 'buy' or 'sell'`);
  }
  if (!ORDER_TYPES.has(r.type)) {
    return deny(EXTRA_REASONS.INVALID_ORDER_TYPE, `order ${id}: order type '${String(r.type)}' is not one of ${[...ORDER_TYPES].join(', ')}`);
  }

  const q = r.quantity;
  if (!isPositiveFinite(q)) return deny('INVALID_QUANTITY', `order ${id}: quantity ${q} must be a positive finite number`);

  const pricesDenial = checkPrices(r, instrument);
  if (pricesDenial) return pricesDenial;

  if (!isOnStep(q, instrument.lotSize)) {
    return deny('QUANTITY_NOT_ON_LOT', `order ${id}: quantity ${q} is not a multiple of the lot size ${instrument.lotSize} of ${r.instrumentId}`);
  }
  if (q < instrument.minQuantity * (1 - LIMIT_EPS)) {
    return deny('BELOW_MIN_QUANTITY', `order ${id}: quantity ${q} is below the minimum ${instrument.minQuantity} of ${r.instrumentId}`);
  }
  if (instrument.maxQuantity !== undefined && q > instrument.maxQuantity * (1 + LIMIT_EPS)) {
    return deny('ABOVE_MAX_QUANTITY', `order ${id}: quantity ${q} is above the maximum ${instrument.maxQuantity} of ${r.instrumentId}`);
  }

  const px = notionalPrice(r, ctx.referencePrice);
  if (px !== undefined && (instrument.minNotional !== undefined || instrument.maxNotional !== undefined)) {
    const notional = q * px * (instrument.contractSize ?? 1);
    if (instrument.minNotional !== undefined && notional < instrument.minNotional * (1 - LIMIT_EPS)) {
      return deny(
        'BELOW_MIN_NOTIONAL',
        `order ${id}: notional ${notional} (${q} x ${px}) is below the minimum ${instrument.minNotional} ${instrument.quote} of ${r.instrumentId}`,
      );
    }
    if (instrument.maxNotional !== undefined && notional > instrument.maxNotional * (1 + LIMIT_EPS)) {
      return deny(
        'ABOVE_MAX_NOTIONAL',
        `order ${id}: notional ${notional} (${q} x ${px}) is above the maximum ${instrument.maxNotional} ${instrument.quote} of ${r.instrumentId}`,
      );
    }
  }

  const tif = r.timeInForce ?? 'GTC';
  if (tif === 'GTD') {
    if (r.expireTime === undefined || !Number.isFinite(r.expireTime) || r.expireTime <= ctx.now) {
      return deny(
        'INVALID_EXPIRE_TIME',
        `order ${id}: time in force GTD needs an expireTime after now (${new Date(ctx.now).toISOString()}); got ${r.expireTime}`,
      );
    }
  } else if (r.expireTime !== undefined) {
    return deny('INVALID_EXPIRE_TIME', `order ${id}: expireTime is set but time in force is ${tif}; use GTD`);
  }

  if (r.displayQuantity !== undefined) {
    const d = r.displayQuantity;
    if (!isPositiveFinite(d) || d > q * (1 + LIMIT_EPS) || !isOnStep(d, instrument.lotSize)) {
      return deny(
        'INVALID_DISPLAY_QUANTITY',
        `order ${id}: display quantity ${d} must be positive, at most the quantity ${q} and a multiple of the lot size ${instrument.lotSize}`,
      );
    }
  }

  if (r.postOnly) {
    if (!LIMIT_PRICE_TYPES.has(r.type)) {
      return deny(EXTRA_REASONS.INVALID_POST_ONLY, `order ${id}: post-only needs a limit-price order type; ${r.type} has none`);
    }
    if (tif === 'IOC' || tif === 'FOK') {
      return deny(EXTRA_REASONS.INVALID_TIME_IN_FORCE, `order ${id}: post-only cannot be combined with time in force ${tif}`);
    }
  }

  const cap = ctx.capabilities;
  if (cap) {
    if (!cap.timeInForce.includes(tif)) {
      return deny(EXTRA_REASONS.UNSUPPORTED_BY_VENUE, `order ${id}: the venue does not support time in force ${tif}`);
    }
    if (r.postOnly && !cap.postOnly) return deny(EXTRA_REASONS.UNSUPPORTED_BY_VENUE, `order ${id}: the venue does not support post-only orders`);
    if (r.reduceOnly && !cap.reduceOnly) return deny(EXTRA_REASONS.UNSUPPORTED_BY_VENUE, `order ${id}: the venue does not support reduce-only orders`);
    if (r.displayQuantity !== undefined && r.displayQuantity < q && !cap.iceberg) {
      return deny(EXTRA_REASONS.UNSUPPORTED_BY_VENUE, `order ${id}: the venue does not support iceberg orders (display quantity)`);
    }
  }
  return null;
}

function checkPrices(r: OrderRequest, instrument: Instrument): Denial | null {
  const id = r.clientOrderId;
  const tick = instrument.tickSize;
  const needsPrice = r.type === 'limit' || r.type === 'stop_limit' || r.type === 'limit_if_touched';
  if (needsPrice && r.price === undefined) return deny('MISSING_PRICE', `order ${id}: a ${r.type} order needs a price`);
  if (FIXED_TRIGGER_TYPES.has(r.type) && r.triggerPrice === undefined) {
    return deny('MISSING_TRIGGER_PRICE', `order ${id}: a ${r.type} order needs a triggerPrice`);
  }
  if (TRAILING_TYPES.has(r.type)) {
    if (r.trailingOffset === undefined || r.trailingOffsetType === undefined) {
      return deny('MISSING_TRAILING_OFFSET', `order ${id}: a ${r.type} order needs trailingOffset and trailingOffsetType ('price', 'bps' or 'ticks')`);
    }
    const bad = checkOffset(id, 'trailingOffset', r.trailingOffset, r.trailingOffsetType, tick, false);
    if (bad) return bad;
    if (r.type === 'trailing_stop_limit') {
      if (r.limitOffset === undefined && r.price === undefined) {
        return deny('MISSING_TRAILING_OFFSET', `order ${id}: a trailing_stop_limit order needs limitOffset (distance of the limit from the trigger)`);
      }
      if (r.limitOffset !== undefined) {
        const badLimit = checkOffset(id, 'limitOffset', r.limitOffset, r.trailingOffsetType, tick, true);
        if (badLimit) return badLimit;
      }
    }
  }
  // Three calls rather than a loop over [name, value] pairs: no arrays per order.
  return checkPrice(r, 'price', r.price, tick) ?? checkPrice(r, 'triggerPrice', r.triggerPrice, tick) ?? checkPrice(r, 'activationPrice', r.activationPrice, tick);
}

function checkPrice(r: OrderRequest, name: string, v: number | undefined, tick: number): Denial | null {
  if (v === undefined) return null;
  const id = r.clientOrderId;
  if (!isPositiveFinite(v)) return deny('INVALID_PRICE', `order ${id}: ${name} ${v} must be a positive finite number`);
  if (!isOnStep(v, tick)) {
    return deny('PRICE_NOT_ON_TICK', `order ${id}: ${name} ${v} is not a multiple of the tick size ${tick} of ${r.instrumentId}`);
  }
  return null;
}

function checkOffset(id: string, name: string, v: number, unit: string, tick: number, zeroAllowed: boolean): Denial | null {
  const ok = Number.isFinite(v) && (zeroAllowed ? v >= 0 : v > 0);
  if (!ok) {
    return deny(EXTRA_REASONS.INVALID_TRAILING_OFFSET, `order ${id}: ${name} ${v} must be a ${zeroAllowed ? 'non-negative' : 'positive'} finite number`);
  }
  if (unit === 'price' && !isOnStep(v, tick)) {
    return deny(EXTRA_REASONS.INVALID_TRAILING_OFFSET, `order ${id}: ${name} ${v} (price) is not a multiple of the tick size ${tick}`);
  }
  if (unit === 'ticks' && !Number.isInteger(v)) {
    return deny(EXTRA_REASONS.INVALID_TRAILING_OFFSET, `order ${id}: ${name} ${v} (ticks) must be a whole number of ticks`);
  }
  if (unit !== 'price' && unit !== 'ticks' && unit !== 'bps') {
    return deny(EXTRA_REASONS.INVALID_TRAILING_OFFSET, `order ${id}: trailingOffsetType '${unit}' is not 'price', 'bps' or 'ticks'`);
  }
  return null;
}

/**
 * A modify request checked against the live order: the fields must exist for its type, the
 * quantity must stay above what is filled, and the order with the changes must still pass
 * every submit check. Returns the merged request when valid.
 */
export function validateModification(
  order: Order,
  changes: OrderModification,
  instrument: Instrument | undefined,
  ctx: ValidationContext,
): { denial: Denial } | { merged: OrderRequest } {
  const id = order.clientOrderId;
  if (changes.quantity === undefined && changes.price === undefined && changes.triggerPrice === undefined) {
    return { denial: deny('INVALID_MODIFY', `order ${id}: modify asks for no change (give quantity, price or triggerPrice)`) };
  }
  if (changes.price !== undefined && order.price === undefined && !LIMIT_PRICE_TYPES.has(order.type)) {
    return { denial: deny('INVALID_MODIFY', `order ${id}: a ${order.type} order has no price to modify`) };
  }
  if (changes.triggerPrice !== undefined && !FIXED_TRIGGER_TYPES.has(order.type) && !TRAILING_TYPES.has(order.type)) {
    return { denial: deny('INVALID_MODIFY', `order ${id}: a ${order.type} order has no trigger price to modify`) };
  }
  if (changes.quantity !== undefined && order.filledQuantity > 0 && !(changes.quantity > order.filledQuantity)) {
    return {
      denial: deny('INVALID_MODIFY', `order ${id}: new quantity ${changes.quantity} is not above the filled quantity ${order.filledQuantity}`),
    };
  }
  const merged: OrderRequest = {
    ...order.request,
    quantity: changes.quantity ?? order.quantity,
    price: changes.price ?? order.price,
    triggerPrice: changes.triggerPrice ?? order.triggerPrice,
  };
  // A GTD order that is live has already passed its expiry check; do not deny a modify for time passing.
  const denial = validateOrder(merged, instrument, { ...ctx, now: Math.min(ctx.now, (merged.expireTime ?? Infinity) - 1) });
  return denial ? { denial } : { merged };
}
