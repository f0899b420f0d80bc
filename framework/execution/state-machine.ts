import { InvalidOrderTransition } from './errors.ts';
import type { OrderEvent, OrderStatus } from './types.ts';

/**
 * THE order state machine: one literal table, from-status x trigger -> to-status. Nothing else
 * in the code base changes an order's status. The facts follow NautilusTrader's order FSM
 * (crates/model/src/orders/mod.rs), with these deliberate differences:
 * - Terminal statuses stay terminal: no "late fill after cancel" re-opening (Nautilus allows
 *   CANCELED/EXPIRED -> FILLED). A late fill is refused and reported by the engine instead.
 * - A fill is two triggers, `partially_filled` (leaves > 0 after it) and `filled` (leaves = 0),
 *   so the table itself decides PARTIALLY_FILLED vs FILLED.
 * - `cancel_rejected` / `modify_rejected` are accepted as no-ops on terminal orders, because a
 *   venue can answer "already filled" to a cancel that crossed the fill on the wire.
 * - A stop can trigger at the venue while a cancel is in flight (PENDING_CANCEL + triggered).
 * - PARTIALLY_FILLED + accepted is not allowed (it would hide the fills behind ACCEPTED).
 * - `modify_rejected` is a no-op in the local and in-flight statuses too: the engine refuses
 *   a bad modify with that event whatever the order's status.
 *
 * PREVIOUS means "the status the order had before it entered PENDING_UPDATE / PENDING_CANCEL"
 * (a refused or completed request puts the order back where it was).
 */
export type OrderTrigger =
  | 'denied'
  | 'emulated'
  | 'released'
  | 'submitted'
  | 'accepted'
  | 'rejected'
  | 'canceled'
  | 'expired'
  | 'triggered'
  | 'pending_update'
  | 'pending_cancel'
  | 'updated'
  | 'modify_rejected'
  | 'cancel_rejected'
  | 'partially_filled'
  | 'filled';

export const PREVIOUS = 'PREVIOUS' as const;
export type TransitionTarget = OrderStatus | typeof PREVIOUS;

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'INITIALIZED',
  'DENIED',
  'EMULATED',
  'RELEASED',
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'CANCELED',
  'EXPIRED',
  'TRIGGERED',
  'PENDING_UPDATE',
  'PENDING_CANCEL',
  'PARTIALLY_FILLED',
  'FILLED',
];

export const ORDER_TRIGGERS: readonly OrderTrigger[] = [
  'denied',
  'emulated',
  'released',
  'submitted',
  'accepted',
  'rejected',
  'canceled',
  'expired',
  'triggered',
  'pending_update',
  'pending_cancel',
  'updated',
  'modify_rejected',
  'cancel_rejected',
  'partially_filled',
  'filled',
];

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'DENIED',
  'REJECTED',
  'CANCELED',
  'EXPIRED',
  'FILLED',
]);

/** Terminal rows: a refused cancel/modify request is recorded, nothing else is accepted. */
const TERMINAL_ROW = { modify_rejected: 'SELF', cancel_rejected: 'SELF' } as const;

type Row = Partial<Record<OrderTrigger, TransitionTarget | 'SELF'>>;

/** The transition table. 'SELF' = the status does not change (the event is still recorded). */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Readonly<Row>>> = {
  INITIALIZED: {
    denied: 'DENIED',
    emulated: 'EMULATED',
    released: 'RELEASED',
    submitted: 'SUBMITTED',
    // Orders learnt from a venue (reconciliation) start here and jump to the venue's status.
    accepted: 'ACCEPTED',
    rejected: 'REJECTED',
    canceled: 'CANCELED', // also: held contingent child whose parent was cancelled
    expired: 'EXPIRED',
    triggered: 'TRIGGERED',
    updated: 'SELF', // held contingent child resized by a partial parent fill
    modify_rejected: 'SELF', // a refused local modify leaves the order as it was
  },
  EMULATED: {
    released: 'RELEASED',
    canceled: 'CANCELED',
    expired: 'EXPIRED',
    updated: 'SELF', // trailing trigger ratchet, user modify
    modify_rejected: 'SELF',
  },
  RELEASED: {
    submitted: 'SUBMITTED',
    denied: 'DENIED',
    canceled: 'CANCELED',
    updated: 'SELF',
    modify_rejected: 'SELF',
  },
  SUBMITTED: {
    accepted: 'ACCEPTED',
    rejected: 'REJECTED',
    canceled: 'CANCELED', // IOC/FOK cancelled on arrival
    pending_update: 'PENDING_UPDATE',
    pending_cancel: 'PENDING_CANCEL',
    updated: 'SELF',
    modify_rejected: 'SELF',
    cancel_rejected: 'SELF',
    partially_filled: 'PARTIALLY_FILLED', // fill reported before the ack
    filled: 'FILLED',
  },
  ACCEPTED: {
    rejected: 'REJECTED', // stop-limit refused on trigger
    canceled: 'CANCELED',
    expired: 'EXPIRED',
    triggered: 'TRIGGERED',
    pending_update: 'PENDING_UPDATE',
    pending_cancel: 'PENDING_CANCEL',
    updated: 'SELF',
    modify_rejected: 'SELF',
    cancel_rejected: 'SELF',
    partially_filled: 'PARTIALLY_FILLED',
    filled: 'FILLED',
  },
  TRIGGERED: {
    rejected: 'REJECTED',
    canceled: 'CANCELED',
    expired: 'EXPIRED',
    pending_update: 'PENDING_UPDATE',
    pending_cancel: 'PENDING_CANCEL',
    updated: 'SELF',
    modify_rejected: 'SELF',
    cancel_rejected: 'SELF',
    partially_filled: 'PARTIALLY_FILLED',
    filled: 'FILLED',
  },
  PENDING_UPDATE: {
    accepted: 'ACCEPTED',
    rejected: 'REJECTED',
    canceled: 'CANCELED',
    expired: 'EXPIRED',
    triggered: 'TRIGGERED',
    submitted: 'SELF', // a late submit ack
    pending_update: 'SELF', // several modifies in flight
    pending_cancel: 'PENDING_CANCEL',
    updated: PREVIOUS,
    modify_rejected: PREVIOUS,
    cancel_rejected: 'SELF', // the modify is still in flight
    partially_filled: 'PARTIALLY_FILLED',
    filled: 'FILLED',
  },
  PENDING_CANCEL: {
    accepted: 'ACCEPTED', // the venue kept the order: the cancel failed
    rejected: 'REJECTED',
    canceled: 'CANCELED',
    expired: 'EXPIRED',
    triggered: 'SELF', // triggered before the cancel arrived; the cancel is still in flight
    pending_cancel: 'SELF',
    updated: 'SELF', // a modify acked before the cancel; the cancel is still in flight
    modify_rejected: 'SELF',
    cancel_rejected: PREVIOUS,
    partially_filled: 'PARTIALLY_FILLED',
    filled: 'FILLED',
  },
  PARTIALLY_FILLED: {
    canceled: 'CANCELED',
    expired: 'EXPIRED',
    pending_update: 'PENDING_UPDATE',
    pending_cancel: 'PENDING_CANCEL',
    updated: 'SELF',
    modify_rejected: 'SELF',
    cancel_rejected: 'SELF',
    partially_filled: 'SELF',
    filled: 'FILLED',
  },
  DENIED: TERMINAL_ROW,
  REJECTED: TERMINAL_ROW,
  CANCELED: TERMINAL_ROW,
  EXPIRED: TERMINAL_ROW,
  FILLED: TERMINAL_ROW,
};

/**
 * ORDER_TRANSITIONS as Maps, for the lookup every event makes: the table is a plain object of
 * differently shaped rows, so `ORDER_TRANSITIONS[from][trigger]` with both keys variable is a
 * megamorphic keyed load twice; two Map lookups of interned strings are cheaper. Built from the
 * table itself: the same cells.
 */
const TRANSITION_MAPS: ReadonlyMap<OrderStatus, ReadonlyMap<OrderTrigger, TransitionTarget | 'SELF'>> = new Map(
  ORDER_STATUSES.map((s) => [s, new Map(Object.entries(ORDER_TRANSITIONS[s]) as [OrderTrigger, TransitionTarget | 'SELF'][])]),
);

/**
 * tableCell(from, trigger): the life of almost every order (submitted, accepted, filled or
 * canceled from where the table says) by comparisons of interned strings, the rest through
 * the Maps above. test/execution/state-machine.test.ts checks it against the table cell by cell.
 */
export function transitionCell(from: OrderStatus, trigger: OrderTrigger): TransitionTarget | 'SELF' | undefined {
  switch (trigger) {
    case 'submitted':
      if (from === 'INITIALIZED' || from === 'RELEASED') return 'SUBMITTED';
      break;
    case 'accepted':
      if (from === 'SUBMITTED') return 'ACCEPTED';
      break;
    case 'filled':
      if (from === 'ACCEPTED' || from === 'SUBMITTED' || from === 'PARTIALLY_FILLED' || from === 'TRIGGERED') return 'FILLED';
      break;
    case 'canceled':
      if (from === 'ACCEPTED' || from === 'PENDING_CANCEL') return 'CANCELED';
      break;
    default:
      break;
  }
  return TRANSITION_MAPS.get(from)?.get(trigger);
}

export function isTerminal(status: OrderStatus): boolean {
  // The same five statuses as TERMINAL_STATUSES, compared directly: this runs on every event.
  return status === 'FILLED' || status === 'CANCELED' || status === 'REJECTED' || status === 'DENIED' || status === 'EXPIRED';
}

/**
 * The trigger an event is for the table. `completesOrder` tells a fill that leaves nothing
 * open (leaves = 0 after it) from a partial one; other events ignore it.
 */
export function triggerOf(event: OrderEvent, completesOrder = false): OrderTrigger | undefined {
  if (event.type === 'filled') return completesOrder ? 'filled' : 'partially_filled';
  if (event.type === 'initialized') return undefined; // creates an order; never a transition
  return event.type;
}

/**
 * The raw table cell: a status, 'SELF', PREVIOUS, or undefined when the transition is invalid.
 * Use `nextStatus` to resolve SELF/PREVIOUS.
 */
export function tableCell(from: OrderStatus, trigger: OrderTrigger): TransitionTarget | 'SELF' | undefined {
  return ORDER_TRANSITIONS[from][trigger];
}

/**
 * Status after `trigger` from `from`; throws InvalidOrderTransition naming the order, the status
 * and the event when the table has no such transition. `previous` resolves PREVIOUS.
 */
export function nextStatus(
  clientOrderId: string,
  from: OrderStatus,
  trigger: OrderTrigger | undefined,
  previous: OrderStatus,
  eventType: string = trigger ?? 'initialized',
): OrderStatus {
  const cell = trigger === undefined ? undefined : transitionCell(from, trigger);
  if (cell === undefined) throw new InvalidOrderTransition(clientOrderId, from, eventType);
  if (cell === 'SELF') return from;
  if (cell === PREVIOUS) return previous;
  return cell;
}

/**
 * The table as a markdown table for docs/execution.md: one row per status, one column per
 * trigger; a cell shows the next status, `=` for "stays", `prev` for "back to the status before
 * the pending request", and is empty when the event is refused.
 */
export function renderStateTableMarkdown(): string {
  const short: Record<OrderStatus, string> = {
    INITIALIZED: 'INIT',
    DENIED: 'DENIED',
    EMULATED: 'EMUL',
    RELEASED: 'RELSD',
    SUBMITTED: 'SUBM',
    ACCEPTED: 'ACC',
    REJECTED: 'REJ',
    CANCELED: 'CXL',
    EXPIRED: 'EXP',
    TRIGGERED: 'TRIG',
    PENDING_UPDATE: 'P_UPD',
    PENDING_CANCEL: 'P_CXL',
    PARTIALLY_FILLED: 'PART',
    FILLED: 'FILLED',
  };
  const lines: string[] = [];
  lines.push(`| from \\ event | ${ORDER_TRIGGERS.join(' | ')} |`);
  lines.push(`|${' --- |'.repeat(ORDER_TRIGGERS.length + 1)}`);
  for (const s of ORDER_STATUSES) {
    const cells = ORDER_TRIGGERS.map((t) => {
      const c = ORDER_TRANSITIONS[s][t];
      if (c === undefined) return '';
      if (c === 'SELF') return '=';
      if (c === PREVIOUS) return 'prev';
      return short[c];
    });
    lines.push(`| **${s}**${isTerminal(s) ? ' (terminal)' : ''} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push(
    'Abbreviations: ' +
      ORDER_STATUSES.map((s) => `${short[s]} = ${s}`).join(', ') +
      '; `=` stays in the same status; `prev` returns to the status before PENDING_UPDATE / PENDING_CANCEL; an empty cell is an invalid transition (InvalidOrderTransition).',
  );
  return lines.join('\n');
}
