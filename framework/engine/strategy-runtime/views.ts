import type { Order } from '../../execution/order.ts';
import type { OrderEvent } from '../../execution/types.ts';
import type { FillApplied } from '../../portfolio/portfolio.ts';
import type { Portfolio } from '../../portfolio/portfolio.ts';
import type { OrderUpdate, PositionChangedArgs, PositionView } from '../../strategy/types.ts';

/**
 * What a strategy sees of the engine's objects: narrow plain copies, so a strategy can keep
 * them and cannot reach the order, the portfolio or the venue through them.
 */

/**
 * The strategy's view of an order event: the event's type, time and (for refusals) reason
 * code, with the order's state when the event is delivered. The engine delivers the events of
 * one call after applying them all, so e.g. the 'initialized' update of an order denied in the
 * same submit already says status DENIED. averagePrice is NaN before the first fill.
 */
export function orderUpdate(event: OrderEvent, order: Order): OrderUpdate {
  const u: OrderUpdate = {
    type: event.type,
    clientOrderId: order.clientOrderId,
    pair: order.instrumentId,
    time: event.ts,
    status: order.status,
    side: order.side,
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    averagePrice: order.averageFillPrice,
  };
  switch (event.type) {
    case 'filled':
      u.lastQuantity = event.lastQuantity;
      u.lastPrice = event.lastPrice;
      break;
    case 'denied':
    case 'rejected':
    case 'modify_rejected':
    case 'cancel_rejected':
      u.reason = event.reason;
      u.message = event.message;
      break;
    case 'canceled':
      if (event.reason !== undefined) u.reason = event.reason;
      break;
    default:
      break;
  }
  if (order.request.tags !== undefined) u.tags = order.request.tags;
  return u;
}

/** The current state of an order as an OrderUpdate whose type is its last event's (openOrders()). */
export function orderSnapshot(order: Order): OrderUpdate {
  return orderUpdate(order.events[order.events.length - 1]!, order);
}

/** A refusal about an id the strategy does not own (unknown, or another strategy's): nothing reaches the engine. */
export function unknownOrderUpdate(type: 'cancel_rejected' | 'modify_rejected', clientOrderId: string, time: number): OrderUpdate {
  return {
    type,
    clientOrderId,
    pair: '',
    time,
    status: 'UNKNOWN',
    side: 'buy',
    quantity: 0,
    filledQuantity: 0,
    averagePrice: Number.NaN,
    reason: 'UNKNOWN_ORDER',
  };
}

/** onPositionChanged arguments from a fill the portfolio applied; undefined when the fill changed nothing. */
export function positionChanged(fill: FillApplied, time: number): PositionChangedArgs | undefined {
  if (fill.change === 'unchanged') return undefined;
  const p = fill.position;
  return {
    pair: p.instrumentId,
    time,
    quantity: p.quantity,
    averagePrice: p.averagePrice,
    realizedPnl: p.realizedPnl,
    change: fill.change,
  };
}

/**
 * The net position of a pair: in netting mode the instrument's one position; in hedging mode
 * the sum of its positions (average = signed cost / net quantity). Unrealized PnL at the
 * portfolio's mark price (NaN while no mark is known). Undefined when the pair never traded.
 */
export function positionView(portfolio: Portfolio, pair: string): PositionView | undefined {
  const mark = portfolio.markPrice(pair);
  if (portfolio.mode === 'netting') {
    const p = portfolio.position(pair);
    if (!p) return undefined;
    return {
      pair,
      quantity: p.quantity,
      averagePrice: p.averagePrice,
      unrealizedPnl: mark === undefined ? (p.isOpen ? Number.NaN : 0) : p.unrealizedPnl(mark),
      realizedPnl: p.realizedPnl,
    };
  }
  const ps = portfolio.positionsOf(pair);
  if (ps.length === 0) return undefined;
  let lots = 0;
  let signedCost = 0;
  let realized = 0;
  let unrealized = 0;
  for (const p of ps) {
    lots += p.quantityLots;
    signedCost += p.quantityLots * p.averagePrice;
    realized += p.realizedPnl;
    if (p.isOpen) unrealized += mark === undefined ? Number.NaN : p.unrealizedPnl(mark);
  }
  return {
    pair,
    quantity: portfolio.netQuantity(pair),
    averagePrice: lots === 0 ? 0 : signedCost / lots,
    unrealizedPnl: unrealized,
    realizedPnl: realized,
  };
}
