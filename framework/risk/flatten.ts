import type { Logger } from '../core/logger.ts';
import type { Instrument } from '../execution/instrument.ts';
import type { Order } from '../execution/order.ts';
import type { OrderRequest } from '../execution/types.ts';
import type { ExecutionEngineView } from '../execution/gate.ts';

/**
 * The kill switch's flatten: one market order per open position that closes it, reduce-only
 * when the venue supports the flag. A position whose order is still in flight is skipped (a
 * partial fill leaves the rest for the next cycle), and one whose order the engine denied
 * (e.g. below the minimum quantity) is not retried each cycle for the same quantity.
 */

/** What the kill switch needs of the engine (ExecutionEngine satisfies it). */
export interface FlattenEngine extends ExecutionEngineView {
  readonly venue: { readonly capabilities: { readonly reduceOnly: boolean }; instrument(id: string): Instrument | undefined };
  readonly ids: { next(strategyId?: string): string };
  submit(request: OrderRequest): Order;
}

export interface FlattenResult {
  orders: Order[];
  notFlattened: { instrumentId: string; quantity: number; reason: string }[];
}

export function submitFlattenOrders(
  engine: FlattenEngine,
  positions: readonly { instrumentId: string; quantity: number }[],
  /** Ids of the risk manager's own orders (they pass the gate); new ones are added. */
  own: Set<string>,
  /** Instrument -> quantity whose flatten order was denied. */
  failed: Map<string, number>,
  log: Logger,
): FlattenResult {
  const out: FlattenResult = { orders: [], notFlattened: [] };
  const inFlight = new Set<string>();
  for (const o of engine.openOrders()) if (own.has(o.clientOrderId)) inFlight.add(o.instrumentId);
  for (const p of positions) {
    if (p.quantity === 0 || inFlight.has(p.instrumentId) || failed.get(p.instrumentId) === p.quantity) continue;
    if (!engine.venue.instrument(p.instrumentId)) {
      out.notFlattened.push({ instrumentId: p.instrumentId, quantity: p.quantity, reason: 'instrument unknown to the venue' });
      failed.set(p.instrumentId, p.quantity);
      continue;
    }
    const clientOrderId = engine.ids.next('KILL');
    own.add(clientOrderId);
    const order = engine.submit({
      clientOrderId,
      instrumentId: p.instrumentId,
      side: p.quantity > 0 ? 'sell' : 'buy',
      type: 'market',
      quantity: Math.abs(p.quantity),
      reduceOnly: engine.venue.capabilities.reduceOnly,
      tags: ['kill_switch'],
    });
    if (order.status === 'DENIED') {
      const last = order.events[order.events.length - 1];
      const reason = last && last.type === 'denied' ? last.message : 'denied';
      out.notFlattened.push({ instrumentId: p.instrumentId, quantity: p.quantity, reason });
      failed.set(p.instrumentId, p.quantity);
      log.error({ instrumentId: p.instrumentId, quantity: p.quantity }, `kill switch: cannot flatten ${p.quantity} ${p.instrumentId}: ${reason}`);
    } else {
      out.orders.push(order);
    }
  }
  return out;
}
