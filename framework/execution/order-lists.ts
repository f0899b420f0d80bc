import { UsageError } from '../core/errors.ts';
import type { OrderRequest } from './types.ts';

/**
 * Builders for linked order lists: they fill in the contingency fields of plain requests so a
 * strategy does not have to wire ids by hand. The engine's submitList checks the result.
 */

export interface BracketSpec {
  entry: OrderRequest;
  /** Opposite side to the entry; usually a limit order. Its quantity follows the entry's fills. */
  takeProfit: OrderRequest;
  /** Opposite side to the entry; usually a stop_market (or trailing) order. */
  stopLoss: OrderRequest;
  /** How the two exits are linked: OUO (default: a partial exit shrinks the other) or OCO. */
  exits?: 'OUO' | 'OCO';
}

/** entry OTO [takeProfit, stopLoss], the exits linked OUO/OCO, exits sized like the entry. */
export function bracketRequests(spec: BracketSpec): [OrderRequest, OrderRequest, OrderRequest] {
  const { entry, takeProfit, stopLoss } = spec;
  const exits = spec.exits ?? 'OUO';
  const opposite = entry.side === 'buy' ? 'sell' : 'buy';
  for (const [name, r] of [
    ['takeProfit', takeProfit],
    ['stopLoss', stopLoss],
  ] as const) {
    if (r.side !== opposite) throw new UsageError(`bracket ${entry.clientOrderId}: ${name} ${r.clientOrderId} must be a ${opposite} order (entry is ${entry.side})`);
    if (r.instrumentId !== entry.instrumentId) {
      throw new UsageError(`bracket ${entry.clientOrderId}: ${name} ${r.clientOrderId} is on ${r.instrumentId}, the entry on ${entry.instrumentId}`);
    }
  }
  return [
    { ...entry, contingency: 'OTO', linkedOrderIds: [takeProfit.clientOrderId, stopLoss.clientOrderId] },
    {
      ...takeProfit,
      quantity: entry.quantity,
      contingency: exits,
      linkedOrderIds: [stopLoss.clientOrderId],
      parentOrderId: entry.clientOrderId,
    },
    {
      ...stopLoss,
      quantity: entry.quantity,
      contingency: exits,
      linkedOrderIds: [takeProfit.clientOrderId],
      parentOrderId: entry.clientOrderId,
    },
  ];
}

/** Every request linked to every other as OCO or OUO. */
export function linkedRequests(requests: readonly OrderRequest[], type: 'OCO' | 'OUO'): OrderRequest[] {
  if (requests.length < 2) throw new UsageError(`${type} list needs at least two orders, got ${requests.length}`);
  const ids = requests.map((r) => r.clientOrderId);
  return requests.map((r) => ({ ...r, contingency: type, linkedOrderIds: ids.filter((id) => id !== r.clientOrderId) }));
}

/** parent OTO children: the children are held until the parent fills. */
export function otoRequests(parent: OrderRequest, children: readonly OrderRequest[]): OrderRequest[] {
  if (children.length === 0) throw new UsageError(`OTO ${parent.clientOrderId} needs at least one child`);
  return [
    { ...parent, contingency: 'OTO', linkedOrderIds: children.map((c) => c.clientOrderId) },
    ...children.map((c) => ({ ...c, parentOrderId: parent.clientOrderId })),
  ];
}
