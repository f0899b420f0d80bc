import { describe, expect, it } from 'vitest';
import { InvalidOrderTransition } from '../../framework/execution/errors.ts';
import { Order } from '../../framework/execution/order.ts';
import {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  ORDER_TRIGGERS,
  PREVIOUS,
  TERMINAL_STATUSES,
  isTerminal,
  renderStateTableMarkdown,
  tableCell,
  transitionCell,
  type OrderTrigger,
} from '../../framework/execution/state-machine.ts';
import type { OrderEvent, OrderRequest, OrderStatus } from '../../framework/execution/types.ts';

const REQ: OrderRequest = { clientOrderId: 'O-1', instrumentId: 'BTC/USDT', side: 'buy', type: 'stop_limit', quantity: 1, price: 100, triggerPrice: 99 };

let trade = 0;
function ev(trigger: OrderTrigger | 'fill', qty = 0): OrderEvent {
  const base = { clientOrderId: 'O-1', instrumentId: 'BTC/USDT', ts: 1 };
  switch (trigger) {
    case 'fill':
    case 'partially_filled':
    case 'filled':
      return {
        ...base,
        type: 'filled',
        tradeId: `t${++trade}`,
        venueOrderId: 'V1',
        side: 'buy',
        lastQuantity: qty,
        lastPrice: 100,
        fee: 0.1,
        feeCurrency: 'USDT',
        liquidity: 'maker',
      };
    case 'denied':
    case 'rejected':
    case 'modify_rejected':
    case 'cancel_rejected':
      return { ...base, type: trigger, reason: 'VENUE_ERROR', message: 'x' };
    case 'accepted':
      return { ...base, type: 'accepted', venueOrderId: 'V1' };
    case 'released':
      return { ...base, type: 'released', releasedPrice: 99 };
    case 'triggered':
      return { ...base, type: 'triggered', triggerPrice: 99 };
    case 'updated':
      return { ...base, type: 'updated', price: 101 };
    default:
      return { ...base, type: trigger };
  }
}

/** A path of events from INITIALIZED to each status (the previous status before pending is ACCEPTED). */
const PATHS: Record<OrderStatus, Array<[OrderTrigger | 'fill', number?]>> = {
  INITIALIZED: [],
  DENIED: [['denied']],
  EMULATED: [['emulated']],
  RELEASED: [['emulated'], ['released']],
  SUBMITTED: [['submitted']],
  ACCEPTED: [['submitted'], ['accepted']],
  REJECTED: [['submitted'], ['rejected']],
  CANCELED: [['submitted'], ['accepted'], ['canceled']],
  EXPIRED: [['submitted'], ['accepted'], ['expired']],
  TRIGGERED: [['submitted'], ['accepted'], ['triggered']],
  PENDING_UPDATE: [['submitted'], ['accepted'], ['pending_update']],
  PENDING_CANCEL: [['submitted'], ['accepted'], ['pending_cancel']],
  PARTIALLY_FILLED: [['submitted'], ['accepted'], ['fill', 0.4]],
  FILLED: [['submitted'], ['accepted'], ['fill', 1]],
};

function orderIn(status: OrderStatus): Order {
  const o = new Order({ ...REQ }, 0);
  for (const [t, q] of PATHS[status]) o.apply(ev(t, q));
  expect(o.status).toBe(status);
  return o;
}

/** The event that stands for `trigger` on an order in `status` (fills sized to be partial or completing). */
function eventFor(o: Order, trigger: OrderTrigger): OrderEvent {
  if (trigger === 'partially_filled') return ev('fill', 0.1);
  if (trigger === 'filled') return ev('fill', o.leavesQuantity > 0 ? o.leavesQuantity : 0.1);
  return ev(trigger);
}

describe('order state table', () => {
  it('has a row for every status and terminal rows that only record refusals', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    expect([...TERMINAL_STATUSES].sort()).toEqual(['CANCELED', 'DENIED', 'EXPIRED', 'FILLED', 'REJECTED']);
    for (const s of TERMINAL_STATUSES) {
      expect(ORDER_TRANSITIONS[s]).toEqual({ modify_rejected: 'SELF', cancel_rejected: 'SELF' });
    }
  });

  const cells: Array<[OrderStatus, OrderTrigger, string]> = [];
  const invalid: Array<[OrderStatus, OrderTrigger]> = [];
  for (const s of ORDER_STATUSES) {
    for (const t of ORDER_TRIGGERS) {
      const c = ORDER_TRANSITIONS[s][t];
      if (c === undefined) invalid.push([s, t]);
      else cells.push([s, t, c]);
    }
  }

  it.each(cells)('%s + %s -> %s', (from, trigger, cell) => {
    const o = orderIn(from);
    const before = o.events.length;
    o.apply(eventFor(o, trigger));
    const expected = cell === 'SELF' ? from : cell === PREVIOUS ? 'ACCEPTED' : cell;
    expect(o.status).toBe(expected);
    expect(o.events.length).toBe(before + 1);
  });

  it.each(invalid)('%s + %s is refused and leaves the order unchanged', (from, trigger) => {
    const o = orderIn(from);
    const snapshot = { status: o.status, events: o.events.length, filled: o.filledQuantity, leaves: o.leavesQuantity, price: o.price };
    let err: unknown;
    try {
      o.apply(eventFor(o, trigger));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidOrderTransition);
    const e = err as InvalidOrderTransition;
    expect(e.message).toContain('O-1');
    expect(e.message).toContain(from);
    expect(e.status).toBe(from);
    expect(e.clientOrderId).toBe('O-1');
    expect({ status: o.status, events: o.events.length, filled: o.filledQuantity, leaves: o.leavesQuantity, price: o.price }).toEqual(snapshot);
  });

  it('transitionCell (the fast path every event takes) gives the table cell for every status and trigger', () => {
    let cells = 0;
    for (const s of ORDER_STATUSES) {
      for (const t of ORDER_TRIGGERS) {
        expect(transitionCell(s, t), `${s} + ${t}`).toBe(ORDER_TRANSITIONS[s][t]);
        expect(transitionCell(s, t)).toBe(tableCell(s, t));
        if (ORDER_TRANSITIONS[s][t] !== undefined) cells++;
      }
    }
    expect(cells).toBeGreaterThan(60);
  });

  it('isTerminal (statuses written out) agrees with TERMINAL_STATUSES for every status', () => {
    for (const s of ORDER_STATUSES) expect(isTerminal(s), s).toBe(TERMINAL_STATUSES.has(s));
    expect(ORDER_STATUSES.filter(isTerminal)).toHaveLength(TERMINAL_STATUSES.size);
  });

  it('an initialized event is never a transition', () => {
    const o = orderIn('ACCEPTED');
    expect(() => o.apply({ type: 'initialized', clientOrderId: 'O-1', instrumentId: 'BTC/USDT', ts: 2, request: REQ })).toThrow(
      /'initialized' is not allowed in status ACCEPTED/,
    );
  });

  it('PREVIOUS restores the status before the pending request, including TRIGGERED and PARTIALLY_FILLED', () => {
    const a = orderIn('PARTIALLY_FILLED');
    a.apply(ev('pending_cancel'));
    a.apply(ev('cancel_rejected'));
    expect(a.status).toBe('PARTIALLY_FILLED');

    const b = orderIn('TRIGGERED');
    b.apply(ev('pending_update'));
    b.apply(ev('updated'));
    expect(b.status).toBe('TRIGGERED');
    expect(b.price).toBe(101);

    // Pending update then pending cancel: a refused cancel goes back to the last non-pending status.
    const c = orderIn('ACCEPTED');
    c.apply(ev('pending_update'));
    c.apply(ev('pending_cancel'));
    c.apply(ev('cancel_rejected'));
    expect(c.status).toBe('ACCEPTED');

    // The stop triggered at the venue while our cancel was in flight.
    const d = orderIn('ACCEPTED');
    d.apply(ev('pending_cancel'));
    d.apply(ev('triggered'));
    expect(d.status).toBe('PENDING_CANCEL');
    d.apply(ev('cancel_rejected'));
    expect(d.status).toBe('TRIGGERED');
  });

  it('renders as a markdown table whose cells are the table', () => {
    const md = renderStateTableMarkdown();
    const rows = md.split('\n').filter((l) => l.startsWith('| **'));
    expect(rows).toHaveLength(ORDER_STATUSES.length);
    const header = md.split('\n')[0]!.split('|').map((s) => s.trim()).slice(2, -1);
    expect(header).toEqual([...ORDER_TRIGGERS]);
    const abbrev = new Map<string, string>();
    for (const m of md.matchAll(/(\w+) = ([A-Z_]+)/g)) abbrev.set(m[1]!, m[2]!);
    for (const row of rows) {
      const cells = row.split('|').map((s) => s.trim()).slice(1, -1);
      const status = cells[0]!.replace(/\*\*/g, '').replace(' (terminal)', '') as OrderStatus;
      expect(cells[0]!.includes('(terminal)')).toBe(TERMINAL_STATUSES.has(status));
      ORDER_TRIGGERS.forEach((t, i) => {
        const printed = cells[i + 1]!;
        const cell = ORDER_TRANSITIONS[status][t];
        const expected = cell === undefined ? '' : cell === 'SELF' ? '=' : cell === PREVIOUS ? 'prev' : cell;
        const decoded = printed === '' || printed === '=' || printed === 'prev' ? printed : abbrev.get(printed);
        expect(decoded, `${status} x ${t}`).toBe(expected);
      });
    }
  });
});
