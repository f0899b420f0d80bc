/**
 * "Bad input and faults" of issue 4 on the real stack (engine + SimVenue + portfolio): each
 * refusal is an event with a reason code, and nothing else moves - order statuses, the engine's
 * and the venue's open orders, both sets of balances, positions and reservations.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import type { PreTradeGate } from '../../../framework/execution/gate.ts';
import type { Portfolio } from '../../../framework/portfolio/portfolio.ts';
import { MIN, T0, reasonOf, req, stack } from './stack.ts';

/** A minimal pre-trade gate that reserves what a buy needs in the portfolio (as the risk manager does). */
function reservingGate(portfolio: Portfolio): PreTradeGate {
  return {
    check(r, ctx) {
      if (ctx.action !== 'submit' || r.side !== 'buy') return null;
      const px = r.price ?? r.triggerPrice ?? ctx.engine.lastPrice(r.instrumentId);
      if (px !== undefined) portfolio.reserve(r.clientOrderId, 'USDT', r.quantity * px * 1.002, r.quantity);
      return null;
    },
  };
}

describe('bad input and faults on the real stack', () => {
  it('unknown instrument: DENIED UNKNOWN_INSTRUMENT by the engine; the venue never hears of it', async () => {
    const s = stack();
    const before = await s.snapshot();
    const o = s.engine.submit(req({ clientOrderId: 'u', instrumentId: 'DOGE/USDT', side: 'buy', type: 'limit', quantity: 1, price: 0.1 }));
    expect(o.status).toBe('DENIED');
    expect(s.types('u')).toEqual(['initialized', 'denied']);
    expect(reasonOf(s.last('u'))).toBe('UNKNOWN_INSTRUMENT');
    expect(await s.venue.query('u')).toBeUndefined();
    const after = await s.snapshot();
    expect(after.engineOpen).toEqual(before.engineOpen);
    expect(after.venueOpen).toEqual([]);
    expect(after.venueBalances).toEqual(before.venueBalances);
    expect(after.portfolioBalances).toEqual(before.portfolioBalances);
  });

  it('closed market: the engine denies MARKET_CLOSED; an order in flight when the market halts is rejected by the venue; resting orders wait', async () => {
    const s = stack({ config: { latency: { order_ms: 500 } } });
    // A resting order before the halt.
    s.engine.submit(req({ clientOrderId: 'rest', side: 'buy', type: 'limit', quantity: 1, price: 90 }));
    // An order in flight (500 ms to reach the venue) ...
    s.engine.submit(req({ clientOrderId: 'fly', side: 'buy', type: 'limit', quantity: 1, price: 91 }));
    s.clock.advanceTo(T0 - MIN + 500); // 'rest' arrives and is accepted; 'fly' too
    expect(s.order('rest').status).toBe('ACCEPTED');
    s.engine.submit(req({ clientOrderId: 'late', side: 'buy', type: 'limit', quantity: 1, price: 92 }));
    s.venue.setMarketOpen('BTC/USDT', false);
    expect(s.venue.instrument('BTC/USDT')!.isOpen).toBe(false);
    // ... reaches a halted market.
    s.clock.advanceTo(T0 - MIN + 1000);
    expect(s.types('late')).toEqual(['initialized', 'submitted', 'rejected']);
    expect(reasonOf(s.last('late'))).toBe('MARKET_CLOSED');
    expect(s.order('late').status).toBe('REJECTED');
    // A new order is denied before it leaves the engine.
    const before = await s.snapshot();
    const d = s.engine.submit(req({ clientOrderId: 'new', side: 'buy', type: 'limit', quantity: 1, price: 93 }));
    expect(d.status).toBe('DENIED');
    expect(reasonOf(s.last('new'))).toBe('MARKET_CLOSED');
    // Bars through the resting prices do not match while halted.
    s.bar(0, 95, 95, 85, 88);
    expect(s.fills('rest')).toEqual([]);
    const after = await s.snapshot();
    expect(after.venueOpen).toEqual(before.venueOpen);
    expect(after.venueBalances).toEqual(before.venueBalances);
    expect(after.portfolioBalances).toEqual(before.portfolioBalances);
    expect(after.engineOpen).toEqual(['rest:ACCEPTED', 'fly:ACCEPTED']);
    // Reopened: the same bar shape fills both resting orders.
    s.venue.setMarketOpen('BTC/USDT', true);
    expect(s.venue.instrument('BTC/USDT')!.isOpen).not.toBe(false);
    s.bar(1, 95, 95, 85, 88);
    expect(s.order('rest').status).toBe('FILLED');
    expect(s.order('fly').status).toBe('FILLED');
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(2);
  });

  it('insufficient balance: the venue rejects INSUFFICIENT_BALANCE; balances, reservations and open orders unchanged', async () => {
    const s = stack({ balances: { USDT: 150 }, gate: reservingGate });
    s.engine.submit(req({ clientOrderId: 'ok', side: 'buy', type: 'limit', quantity: 1, price: 100 }));
    expect(s.order('ok').status).toBe('ACCEPTED');
    expect(s.portfolio.reservation('ok')).toEqual({ currency: 'USDT', amount: 100.2 });
    const before = await s.snapshot();

    // A limit buy is checked on arrival at its own price.
    const big = s.engine.submit(req({ clientOrderId: 'big', side: 'buy', type: 'limit', quantity: 1, price: 60 }));
    expect(big.status).toBe('REJECTED');
    expect(s.types('big')).toEqual(['initialized', 'submitted', 'rejected']);
    expect(reasonOf(s.last('big'))).toBe('INSUFFICIENT_BALANCE');
    expect((s.last('big') as { message: string }).message).toMatch(/needs 60\.12 USDT, free 49\.8/);
    // A cash sell without the coin.
    s.engine.submit(req({ clientOrderId: 'sell', side: 'sell', type: 'limit', quantity: 1, price: 200 }));
    expect(reasonOf(s.last('sell'))).toBe('INSUFFICIENT_BALANCE');
    const after = await s.snapshot();
    expect(after.venueBalances).toEqual(before.venueBalances);
    expect(after.portfolioBalances).toEqual(before.portfolioBalances);
    expect(s.portfolio.reservation('big')).toBeUndefined(); // released on the rejection
    expect(s.portfolio.locked('USDT')).toBeCloseTo(100.2, 9);
    expect(after.engineOpen).toEqual(['ok:ACCEPTED']);
    expect(after.venueOpen).toEqual(before.venueOpen);

    // A market buy is decided at its first price (the next open): rejected there when it does not fit.
    s.engine.submit(req({ clientOrderId: 'mkt', side: 'buy', type: 'market', quantity: 0.5 }));
    expect(s.order('mkt').status).toBe('SUBMITTED');
    s.bar(0, 110, 111, 109, 110);
    expect(s.types('mkt')).toEqual(['initialized', 'submitted', 'rejected']);
    expect(reasonOf(s.last('mkt'))).toBe('INSUFFICIENT_BALANCE');
    expect(await s.venue.positions()).toEqual([]);
    expect(s.portfolio.total('USDT')).toBe(150);
    expect(s.portfolio.total('BTC')).toBe(0);
  });

  it('cancel of an unknown order: cancel_rejected UNKNOWN_ORDER, nothing sent, nothing changed', async () => {
    const s = stack();
    s.engine.submit(req({ clientOrderId: 'a', side: 'buy', type: 'limit', quantity: 1, price: 90 }));
    const before = await s.snapshot();
    s.engine.cancel('nope');
    expect(s.log.at(-1)).toMatchObject({ type: 'cancel_rejected', clientOrderId: 'nope', reason: 'UNKNOWN_ORDER' });
    expect(s.statusAt.at(-1)).toBeUndefined(); // no order behind it
    expect(s.engine.order('nope')).toBeUndefined();
    expect(await s.snapshot()).toEqual(before);
  });

  it('cancel of a filled order: cancel_rejected ORDER_ALREADY_CLOSED; the order stays FILLED and counts once', async () => {
    const s = stack();
    s.engine.submit(req({ clientOrderId: 'f', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 99, 100);
    expect(s.order('f').status).toBe('FILLED');
    const before = await s.snapshot();
    s.engine.cancel('f');
    expect(s.types('f')).toEqual(['initialized', 'submitted', 'accepted', 'filled', 'cancel_rejected']);
    expect(reasonOf(s.last('f'))).toBe('ORDER_ALREADY_CLOSED');
    expect(s.order('f').status).toBe('FILLED');
    expect(await s.snapshot()).toEqual(before);
  });

  it('a cancel that crosses the fill on the wire: the venue answers ORDER_ALREADY_CLOSED; the engine ends FILLED, one fill booked', async () => {
    const s = stack({ config: { latency: { cancel_ms: 200, ack_ms: 50 } } });
    s.engine.submit(req({ clientOrderId: 'x', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    s.clock.advanceTo(T0 - MIN + 50); // accepted delivered
    expect(s.order('x').status).toBe('ACCEPTED');
    s.bar(0, 100, 101, 98, 100); // fills at 99 at T0; the report is 50 ms away
    s.engine.cancel('x'); // at T0: the engine does not know yet
    expect(s.order('x').status).toBe('PENDING_CANCEL');
    s.clock.advanceTo(T0 + 1_000);
    expect(s.types('x')).toEqual(['initialized', 'submitted', 'accepted', 'pending_cancel', 'filled', 'cancel_rejected']);
    expect(reasonOf(s.last('x'))).toBe('ORDER_ALREADY_CLOSED');
    expect(s.order('x').status).toBe('FILLED');
    expect(s.refused).toEqual([]);
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(1);
    expect(s.engine.openOrders()).toEqual([]);
  });

  it('modify of a filled order: modify_rejected ORDER_ALREADY_CLOSED locally, and from the venue when the modify crossed the fill', async () => {
    const s = stack({ config: { latency: { order_ms: 100 } } });
    s.engine.submit(req({ clientOrderId: 'm', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    s.engine.submit(req({ clientOrderId: 'r', side: 'buy', type: 'limit', quantity: 1, price: 98 }));
    s.bar(0, 100, 101, 97, 100); // both arrived at T0 - MIN + 100; both fill at T0
    expect(s.order('m').status).toBe('FILLED');
    const before = await s.snapshot();
    s.engine.modify('m', { price: 98.5 });
    expect(s.last('m')).toMatchObject({ type: 'modify_rejected', reason: 'ORDER_ALREADY_CLOSED' });
    expect(await s.snapshot()).toEqual(before);

    // A modify in flight (100 ms) while the order fills at the venue.
    s.engine.submit(req({ clientOrderId: 'w', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    s.clock.advanceTo(T0 + MIN - 1);
    expect(s.order('w').status).toBe('ACCEPTED');
    s.bar(1, 100, 101, 98, 100); // fills 'w' at T0 + MIN
    expect(s.order('w').status).toBe('FILLED');
    s.engine.submit(req({ clientOrderId: 'v', side: 'buy', type: 'limit', quantity: 1, price: 95 }));
    s.clock.advanceTo(T0 + 2 * MIN - 50);
    s.engine.modify('v', { price: 96 }); // arrives at T0 + 2 MIN + 50, after the bar fills 'v'
    expect(s.order('v').status).toBe('PENDING_UPDATE');
    s.bar(2, 97, 97, 94, 96);
    s.clock.advanceTo(T0 + 2 * MIN + 100);
    expect(s.types('v')).toEqual(['initialized', 'submitted', 'accepted', 'pending_update', 'filled', 'modify_rejected']);
    expect(reasonOf(s.last('v'))).toBe('ORDER_ALREADY_CLOSED');
    expect(s.order('v').status).toBe('FILLED');
    expect(s.order('v').price).toBe(95); // filled on its old terms
    expect(s.fills('v')[0]!.lastPrice).toBe(95);
    expect(s.refused).toEqual([]);
  });

  it('modify of an unknown order: modify_rejected UNKNOWN_ORDER; a bad modify of a live order: modify_rejected with the validation code, order unchanged', async () => {
    const s = stack();
    s.engine.submit(req({ clientOrderId: 'a', side: 'buy', type: 'limit', quantity: 1, price: 90 }));
    const before = await s.snapshot();
    s.engine.modify('ghost', { price: 91 });
    expect(s.log.at(-1)).toMatchObject({ type: 'modify_rejected', clientOrderId: 'ghost', reason: 'UNKNOWN_ORDER' });
    s.engine.modify('a', { price: 90.005 });
    expect(s.last('a')).toMatchObject({ type: 'modify_rejected', reason: 'PRICE_NOT_ON_TICK' });
    s.engine.modify('a', { quantity: 200 }); // the venue cannot reserve 200 x 90
    expect(s.last('a')).toMatchObject({ type: 'modify_rejected', reason: 'INSUFFICIENT_BALANCE' });
    expect(s.order('a')).toMatchObject({ status: 'ACCEPTED', quantity: 1, price: 90 });
    expect(await s.snapshot()).toEqual(before);
  });

  it('duplicate client order id: the second submit returns the existing order; one order at the venue, one fill', async () => {
    const s = stack();
    const a = s.engine.submit(req({ clientOrderId: 'dup', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    const b = s.engine.submit(req({ clientOrderId: 'dup', side: 'sell', type: 'market', quantity: 5 }));
    expect(b).toBe(a);
    expect(s.engine.stats.duplicateSubmits).toBe(1);
    expect(s.types('dup')).toEqual(['initialized', 'submitted', 'accepted']);
    expect((await s.venue.openOrders()).map((o) => o.clientOrderId)).toEqual(['dup']);
    s.bar(0, 100, 101, 98, 100);
    expect(s.engine.submit(req({ clientOrderId: 'dup', side: 'buy', type: 'limit', quantity: 1, price: 99 }))).toBe(a);
    expect(s.fills('dup')).toHaveLength(1);
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(1);
    // A list reusing a known id is a programming error: UsageError, nothing created.
    const n = s.engine.orders().length;
    expect(() =>
      s.engine.submitOco([
        req({ clientOrderId: 'dup', side: 'sell', type: 'limit', quantity: 1, price: 110 }),
        req({ clientOrderId: 'new', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 90 }),
      ]),
    ).toThrow(UsageError);
    expect(s.engine.orders()).toHaveLength(n);
  });

  it('validation before anything leaves the engine: each bad order DENIED with its code, the venue sees none', async () => {
    const s = stack();
    const cases: Array<[string, Parameters<typeof req>[0], string]> = [
      ['q0', { clientOrderId: 'q0', side: 'buy', type: 'limit', quantity: 0, price: 100 }, 'INVALID_QUANTITY'],
      ['tick', { clientOrderId: 'tick', side: 'buy', type: 'limit', quantity: 1, price: 100.001 }, 'PRICE_NOT_ON_TICK'],
      ['lot', { clientOrderId: 'lot', side: 'buy', type: 'limit', quantity: 1.0005, price: 100 }, 'QUANTITY_NOT_ON_LOT'],
      ['notional', { clientOrderId: 'notional', side: 'buy', type: 'limit', quantity: 0.04, price: 100 }, 'BELOW_MIN_NOTIONAL'],
      ['noprice', { clientOrderId: 'noprice', side: 'buy', type: 'limit', quantity: 1 }, 'MISSING_PRICE'],
      ['notrig', { clientOrderId: 'notrig', side: 'sell', type: 'stop_market', quantity: 1 }, 'MISSING_TRIGGER_PRICE'],
      ['gtd', { clientOrderId: 'gtd', side: 'buy', type: 'limit', quantity: 1, price: 90, timeInForce: 'GTD', expireTime: T0 - 2 * MIN }, 'INVALID_EXPIRE_TIME'],
      ['ice', { clientOrderId: 'ice', side: 'buy', type: 'limit', quantity: 1, price: 90, displayQuantity: 2 }, 'INVALID_DISPLAY_QUANTITY'],
    ];
    for (const [id, r, reason] of cases) {
      expect(s.engine.submit(req(r)).status, id).toBe('DENIED');
      expect(reasonOf(s.last(id)), id).toBe(reason);
    }
    expect(await s.venue.openOrders()).toEqual([]);
    expect(s.engine.openOrders()).toEqual([]);
    expect(s.engine.stats.denied).toBe(cases.length);
  });
});
