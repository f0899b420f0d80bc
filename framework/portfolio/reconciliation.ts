import { nearlyEqual, toSteps } from '../core/precision.ts';
import type { Instrument } from '../execution/instrument.ts';
import type { Balance, OrderStatus, VenueOrder, VenuePosition } from '../execution/types.ts';

/**
 * Compare what the engine believes (orders, positions, balances) with what a venue reports,
 * and list every difference with a suggested action. Pure: nothing is changed; live mode runs
 * it at start-up and periodically and decides what to do with the list.
 *
 * Orders are matched by clientOrderId, then by venueOrderId. Quantities are compared in whole
 * lots of the instrument (options.instruments); an instrument without a known lot size falls
 * back to a relative tolerance. Positions are compared net per instrument (hedged long and short
 * entries on either side are summed).
 *
 * Suggested actions:
 * - adopt_venue_state: the venue is right; take its state (apply missed fills, close an order
 *   the venue no longer has after querying its final state, take its position or balance).
 * - cancel_at_venue: an order is working at the venue that should not be (unknown to us, or one
 *   we believe canceled).
 * - alert: the engine booked something the venue does not confirm; a human should look.
 */

export type ReconcileAction = 'adopt_venue_state' | 'cancel_at_venue' | 'alert';

/** An order as either side sees it; VenueOrder and the engine's orders both fit. */
export type ReconcileOrder = Pick<VenueOrder, 'clientOrderId' | 'instrumentId' | 'status' | 'quantity' | 'filledQuantity'> & {
  venueOrderId?: string;
};

export interface AccountState {
  orders: readonly ReconcileOrder[];
  positions: readonly VenuePosition[];
  /** Compared only when both sides give them. */
  balances?: readonly Balance[];
}

export interface ReconcileOptions {
  instruments?: readonly Pick<Instrument, 'id' | 'lotSize'>[];
  /** Position differences up to this many lots are accepted (e.g. dust from base-currency fees). Default 0. */
  positionToleranceLots?: number;
  /** A balance difference is reported above max(absolute, relative * |balance|). Defaults 1e-8 and 1e-6. */
  balanceTolerance?: { absolute?: number; relative?: number };
}

interface Base {
  action: ReconcileAction;
  /** One sentence for logs and alerts. */
  message: string;
}

export type Discrepancy =
  | (Base & { kind: 'order_missing_at_venue'; clientOrderId: string; instrumentId: string; expected: ReconcileOrder })
  | (Base & { kind: 'unknown_order_at_venue'; clientOrderId: string; instrumentId: string; reported: ReconcileOrder })
  | (Base & {
      kind: 'order_status_mismatch';
      clientOrderId: string;
      instrumentId: string;
      expectedStatus: OrderStatus;
      reportedStatus: OrderStatus;
    })
  | (Base & {
      kind: 'order_filled_quantity_mismatch';
      clientOrderId: string;
      instrumentId: string;
      expectedFilled: number;
      reportedFilled: number;
    })
  | (Base & {
      kind: 'position_quantity_mismatch';
      instrumentId: string;
      expectedQuantity: number;
      reportedQuantity: number;
      /** reported - expected in lots (NaN when the lot size is unknown). */
      differenceLots: number;
    })
  | (Base & { kind: 'balance_mismatch'; currency: string; expectedTotal: number; reportedTotal: number });

export type DiscrepancyKind = Discrepancy['kind'];

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'FILLED']);
/** Orders in these states never reached the venue, so the venue cannot know them. */
const LOCAL_ONLY: ReadonlySet<OrderStatus> = new Set(['INITIALIZED', 'DENIED', 'EMULATED', 'RELEASED']);
/** Our side of a request in flight: any open venue status agrees with it. */
const IN_FLIGHT: ReadonlySet<OrderStatus> = new Set(['SUBMITTED', 'PENDING_UPDATE', 'PENDING_CANCEL']);

export function reconcile(expected: AccountState, reported: AccountState, options: ReconcileOptions = {}): Discrepancy[] {
  const lotSizes = new Map<string, number>();
  for (const i of options.instruments ?? []) lotSizes.set(i.id, i.lotSize);
  const out: Discrepancy[] = [];
  reconcileOrders(expected.orders, reported.orders, lotSizes, out);
  reconcilePositions(expected.positions, reported.positions, lotSizes, options.positionToleranceLots ?? 0, out);
  if (expected.balances && reported.balances) {
    reconcileBalances(expected.balances, reported.balances, options.balanceTolerance ?? {}, out);
  }
  return out;
}

function reconcileOrders(
  expected: readonly ReconcileOrder[],
  reported: readonly ReconcileOrder[],
  lotSizes: ReadonlyMap<string, number>,
  out: Discrepancy[],
): void {
  const byClientId = new Map<string, ReconcileOrder>();
  const byVenueId = new Map<string, ReconcileOrder>();
  for (const r of reported) {
    byClientId.set(r.clientOrderId, r);
    if (r.venueOrderId) byVenueId.set(r.venueOrderId, r);
  }
  const matched = new Set<ReconcileOrder>();

  for (const e of expected) {
    if (LOCAL_ONLY.has(e.status)) continue;
    const r = byClientId.get(e.clientOrderId) ?? (e.venueOrderId ? byVenueId.get(e.venueOrderId) : undefined);
    const ids = { clientOrderId: e.clientOrderId, instrumentId: e.instrumentId };
    if (!r) {
      // Venues forget closed orders; only an order we believe open must be there.
      if (!TERMINAL.has(e.status)) {
        out.push({
          kind: 'order_missing_at_venue',
          ...ids,
          expected: e,
          action: 'adopt_venue_state',
          message: `order ${e.clientOrderId} (${e.instrumentId}) is ${e.status} here but unknown at the venue: query its final state and close it`,
        });
      }
      continue;
    }
    matched.add(r);

    if (!statusesAgree(e.status, r.status)) {
      const action: ReconcileAction =
        TERMINAL.has(e.status) && !TERMINAL.has(r.status) ? (e.status === 'FILLED' ? 'alert' : 'cancel_at_venue') : 'adopt_venue_state';
      out.push({
        kind: 'order_status_mismatch',
        ...ids,
        expectedStatus: e.status,
        reportedStatus: r.status,
        action,
        message: `order ${e.clientOrderId} (${e.instrumentId}) is ${e.status} here but ${r.status} at the venue`,
      });
    }

    const cmp = compareQuantities(e.filledQuantity, r.filledQuantity, lotSizes.get(e.instrumentId));
    if (cmp !== 0) {
      out.push({
        kind: 'order_filled_quantity_mismatch',
        ...ids,
        expectedFilled: e.filledQuantity,
        reportedFilled: r.filledQuantity,
        // More filled at the venue: we missed fills. Less: we booked fills the venue never made.
        action: cmp > 0 ? 'adopt_venue_state' : 'alert',
        message: `order ${e.clientOrderId} (${e.instrumentId}) has ${e.filledQuantity} filled here but ${r.filledQuantity} at the venue`,
      });
    }
  }

  for (const r of reported) {
    if (matched.has(r)) continue;
    const open = !TERMINAL.has(r.status);
    if (!open && !(r.filledQuantity > 0)) continue; // a closed order that never traded changes nothing
    out.push({
      kind: 'unknown_order_at_venue',
      clientOrderId: r.clientOrderId,
      instrumentId: r.instrumentId,
      reported: r,
      action: open ? 'cancel_at_venue' : 'alert',
      message: open
        ? `order ${r.clientOrderId} (${r.instrumentId}) is ${r.status} at the venue but unknown here: cancel it`
        : `order ${r.clientOrderId} (${r.instrumentId}) unknown here was ${r.status} at the venue with ${r.filledQuantity} filled`,
    });
  }
}

function statusesAgree(expected: OrderStatus, reported: OrderStatus): boolean {
  if (expected === reported) return true;
  return IN_FLIGHT.has(expected) && !TERMINAL.has(reported);
}

function reconcilePositions(
  expected: readonly VenuePosition[],
  reported: readonly VenuePosition[],
  lotSizes: ReadonlyMap<string, number>,
  toleranceLots: number,
  out: Discrepancy[],
): void {
  const exp = netByInstrument(expected);
  const rep = netByInstrument(reported);
  const ids = [...new Set([...exp.keys(), ...rep.keys()])].sort();
  for (const id of ids) {
    const e = exp.get(id) ?? 0;
    const r = rep.get(id) ?? 0;
    const lot = lotSizes.get(id);
    let differenceLots = Number.NaN;
    if (lot !== undefined && lot > 0) {
      differenceLots = toSteps(r, lot) - toSteps(e, lot);
      if (Math.abs(differenceLots) <= toleranceLots) continue;
    } else if (nearlyEqual(e, r) || (e === 0 && Math.abs(r) < 1e-12) || (r === 0 && Math.abs(e) < 1e-12)) {
      continue;
    }
    out.push({
      kind: 'position_quantity_mismatch',
      instrumentId: id,
      expectedQuantity: e,
      reportedQuantity: r,
      differenceLots,
      action: 'adopt_venue_state',
      message: `position in ${id} is ${e} here but ${r} at the venue`,
    });
  }
}

function netByInstrument(positions: readonly VenuePosition[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of positions) m.set(p.instrumentId, (m.get(p.instrumentId) ?? 0) + p.quantity);
  return m;
}

function reconcileBalances(
  expected: readonly Balance[],
  reported: readonly Balance[],
  tolerance: { absolute?: number; relative?: number },
  out: Discrepancy[],
): void {
  const abs = tolerance.absolute ?? 1e-8;
  const rel = tolerance.relative ?? 1e-6;
  const exp = new Map(expected.map((b) => [b.currency, b.total]));
  const rep = new Map(reported.map((b) => [b.currency, b.total]));
  const currencies = [...new Set([...exp.keys(), ...rep.keys()])].sort();
  for (const currency of currencies) {
    const e = exp.get(currency) ?? 0;
    const r = rep.get(currency) ?? 0;
    if (Math.abs(r - e) <= Math.max(abs, rel * Math.max(Math.abs(e), Math.abs(r)))) continue;
    out.push({
      kind: 'balance_mismatch',
      currency,
      expectedTotal: e,
      reportedTotal: r,
      action: 'adopt_venue_state',
      message: `balance of ${currency} is ${e} here but ${r} at the venue`,
    });
  }
}

/** Sign of (reported - expected) in whole lots, or by relative tolerance without a lot size. */
function compareQuantities(expected: number, reported: number, lot: number | undefined): number {
  if (lot !== undefined && lot > 0) return Math.sign(toSteps(reported, lot) - toSteps(expected, lot));
  if (nearlyEqual(expected, reported) || Math.abs(reported - expected) < 1e-12) return 0;
  return Math.sign(reported - expected);
}
