/**
 * Brackets, OTO, OCO and OUO on the real stack, with partial fills (a participation cap of the
 * bar volume makes them), on a cash (spot) account: the SimVenue reserves the base coin ONCE for
 * the linked exits (as a spot exchange with native OCO lists does), so both exits of a bracket
 * live at the venue together.
 */
import { describe, expect, it } from 'vitest';
import { type Stack, e8, reasonOf, req, stack, ticks } from './stack.ts';

/** Cap per bar = volume * max_ratio: with 0.002, a 500-volume bar fills at most 1 BTC. */
const CAPPED = { participation: { max_ratio: 0.002 } };

async function btc(s: Stack) {
  const b = await s.venueBalance('BTC');
  return { total: e8(b.total) / 1e8, locked: e8(b.locked) / 1e8 };
}

describe('bracket on a spot account, partial fills everywhere', () => {
  it('entry fills in two parts, the exits follow it; the take-profit fills in two parts and shrinks the stop; the base is reserved once', async () => {
    const s = stack({ config: CAPPED });
    const b = s.engine.submitBracket({
      entry: req({ clientOrderId: 'E', side: 'buy', type: 'limit', quantity: 2, price: 100 }),
      takeProfit: req({ clientOrderId: 'TP', side: 'sell', type: 'limit', quantity: 2, price: 110 }),
      stopLoss: req({ clientOrderId: 'SL', side: 'sell', type: 'stop_market', quantity: 2, triggerPrice: 95 }),
    });
    expect([b.entry.status, b.takeProfit.status, b.stopLoss.status]).toEqual(['ACCEPTED', 'INITIALIZED', 'INITIALIZED']);
    expect(await s.venue.query('TP')).toBeUndefined(); // held in the engine until the entry fills

    s.bar(0, 100, 101, 99, 100, 500); // entry: 1 of 2 (taker at the open)
    expect(b.entry).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 1 });
    expect(b.takeProfit).toMatchObject({ status: 'ACCEPTED', quantity: 1 });
    expect(b.stopLoss).toMatchObject({ status: 'ACCEPTED', quantity: 1 }); // not INSUFFICIENT_BALANCE: one reservation for both exits
    expect(await btc(s)).toEqual({ total: 1, locked: 1 });

    s.bar(1, 100, 101, 99.5, 100, 500); // entry: the other 1 (maker now); exits resized to 2 by venue modifies
    expect(b.entry.status).toBe('FILLED');
    expect([b.takeProfit.quantity, b.stopLoss.quantity]).toEqual([2, 2]);
    expect([b.takeProfit.status, b.stopLoss.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect(await btc(s)).toEqual({ total: 2, locked: 2 }); // 2, not 4

    s.bar(2, 100, 111, 99.5, 110, 500); // take-profit: 1 of 2; OUO shrinks the stop to 1
    expect(b.takeProfit).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 1 });
    expect(b.stopLoss).toMatchObject({ status: 'ACCEPTED', quantity: 1 });
    expect(await btc(s)).toEqual({ total: 1, locked: 1 });

    s.bar(3, 110, 112, 109, 111, 500); // take-profit done; the stop has nothing left: canceled
    expect(b.takeProfit.status).toBe('FILLED');
    expect(b.stopLoss.status).toBe('CANCELED');
    expect(s.types('SL')).toEqual([
      'initialized',
      'updated', // 2 -> 1 before it leaves (the entry's first fill)
      'submitted',
      'accepted',
      'pending_update',
      'updated', // -> 2 (entry filled)
      'pending_update',
      'updated', // -> 1 (take-profit filled 1)
      'pending_cancel',
      'canceled',
    ]);
    expect(s.fills('E').map((f) => [f.lastQuantity, ticks(f.lastPrice), f.liquidity])).toEqual([
      [1, 10000, 'taker'],
      [1, 10000, 'maker'],
    ]);
    expect(s.fills('TP').map((f) => [f.lastQuantity, ticks(f.lastPrice), f.liquidity])).toEqual([
      [1, 11000, 'maker'],
      [1, 11000, 'maker'],
    ]);
    // Money, to the cent and both books alike: realized 20, fees 0.2 + 0.1 + 0.11 + 0.11.
    expect(e8(s.portfolio.total('USDT'))).toBe(e8(10_019.48));
    expect(e8((await s.venueBalance('USDT')).total)).toBe(e8(10_019.48));
    expect(await btc(s)).toEqual({ total: 0, locked: 0 });
    expect(e8(s.portfolio.realizedPnl())).toBe(e8(20));
    expect(e8(s.portfolio.fees())).toBe(e8(0.52));
    expect(s.engine.openOrders()).toEqual([]);
    expect(s.refused).toEqual([]);
  });

  it('entry canceled before any fill: both exits are canceled in the engine and never reach the venue', async () => {
    const s = stack();
    const b = s.engine.submitBracket({
      entry: req({ clientOrderId: 'E', side: 'buy', type: 'limit', quantity: 1, price: 90 }),
      takeProfit: req({ clientOrderId: 'TP', side: 'sell', type: 'limit', quantity: 1, price: 110 }),
      stopLoss: req({ clientOrderId: 'SL', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 85 }),
    });
    s.engine.cancel('E');
    expect([b.entry.status, b.takeProfit.status, b.stopLoss.status]).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(s.types('TP')).toEqual(['initialized', 'canceled']);
    expect(await s.venue.query('TP')).toBeUndefined();
    expect(await s.venue.query('SL')).toBeUndefined();
    expect((await s.venueBalance('USDT')).locked).toBe(0);
  });

  it('a stop-loss the venue cannot take natively is emulated; when released it shares the take-profit reservation', async () => {
    const s = stack({ capabilities: { orderTypes: ['market', 'limit'] } });
    const b = s.engine.submitBracket({
      entry: req({ clientOrderId: 'E', side: 'buy', type: 'market', quantity: 1 }),
      takeProfit: req({ clientOrderId: 'TP', side: 'sell', type: 'limit', quantity: 1, price: 110 }),
      stopLoss: req({ clientOrderId: 'SL', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }),
    });
    s.bar(0, 100, 100, 100, 100);
    expect([b.takeProfit.status, b.stopLoss.status]).toEqual(['ACCEPTED', 'EMULATED']);
    expect(await btc(s)).toEqual({ total: 1, locked: 1 });
    s.bar(1, 100, 100, 94, 96); // the emulator fires at 95 and releases a market sell
    expect(s.last('SL')).toMatchObject({ type: 'submitted' });
    expect(s.of('SL').find((e) => e.type === 'released')).toMatchObject({ releasedPrice: 95 });
    s.bar(2, 96, 97, 95.5, 96.5); // the released market order fills at the next open
    expect(s.types('SL')).toEqual(['initialized', 'emulated', 'released', 'submitted', 'accepted', 'filled']);
    expect((await s.venue.query('SL'))!.type).toBe('market');
    expect(s.fills('SL').map((f) => ticks(f.lastPrice))).toEqual([9600]);
    expect(b.takeProfit.status).toBe('CANCELED');
    expect(await btc(s)).toEqual({ total: 0, locked: 0 });
    expect(e8(s.portfolio.total('USDT'))).toBe(e8(10_000 - 100 - 0.2 + 96 - 0.192));
  });
});

describe('OCO and OUO exits of a spot position', () => {
  function long(opts: Parameters<typeof stack>[0] = {}): Stack {
    const s = stack(opts);
    s.engine.submit(req({ clientOrderId: 'L', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 100, 100, 100, 5_000);
    return s;
  }

  it('OCO: both legs live with one reservation; the stop fills, the take-profit is canceled', async () => {
    const s = long();
    const [tp, sl] = s.engine.submitOco([
      req({ clientOrderId: 'TP', side: 'sell', type: 'limit', quantity: 1, price: 110 }),
      req({ clientOrderId: 'SL', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }),
    ]);
    expect([tp!.status, sl!.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect(await btc(s)).toEqual({ total: 1, locked: 1 });
    s.bar(1, 100, 100, 94, 96);
    expect(s.fills('SL').map((f) => [ticks(f.lastPrice), f.liquidity])).toEqual([[9500, 'taker']]);
    expect(tp!.status).toBe('CANCELED');
    expect(tp!.events.at(-1)).toMatchObject({ type: 'canceled' });
    expect(await btc(s)).toEqual({ total: 0, locked: 0 });
    expect(e8(s.portfolio.total('USDT'))).toBe(e8(10_000 - 100.2 + 95 - 0.19));
  });

  it('a third order outside the list still needs its own coin: the list holds the base, a plain sell is refused', async () => {
    const s = long();
    s.engine.submitOco([
      req({ clientOrderId: 'TP', side: 'sell', type: 'limit', quantity: 1, price: 110 }),
      req({ clientOrderId: 'SL', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }),
    ]);
    s.engine.submit(req({ clientOrderId: 'X', side: 'sell', type: 'limit', quantity: 0.5, price: 120 }));
    expect(reasonOf(s.last('X'))).toBe('INSUFFICIENT_BALANCE');
    expect(await btc(s)).toEqual({ total: 1, locked: 1 });
  });

  it('OUO: a partial take-profit shrinks the stop; the stop then sells exactly what is left and the take-profit is canceled', async () => {
    const s = long({ config: { participation: { max_ratio: 0.001 } } }); // 0.5 BTC per 500-volume bar
    s.engine.submitOuo([
      req({ clientOrderId: 'TP', side: 'sell', type: 'limit', quantity: 1, price: 110 }),
      req({ clientOrderId: 'SL', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }),
    ]);
    s.bar(1, 100, 111, 99, 110, 500);
    expect(s.order('TP')).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 0.5 });
    expect(s.order('SL').quantity).toBe(0.5);
    expect(await btc(s)).toEqual({ total: 0.5, locked: 0.5 });
    s.bar(2, 100, 100, 94, 96, 5_000);
    expect(s.fills('SL').map((f) => [f.lastQuantity, ticks(f.lastPrice)])).toEqual([[0.5, 9500]]);
    expect(s.order('TP').status).toBe('CANCELED');
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(0);
    expect(await btc(s)).toEqual({ total: 0, locked: 0 });
    // 10000 - 100 - 0.2 (entry) + 55 - 0.055 (maker) + 47.5 - 0.095 (taker)
    expect(e8(s.portfolio.total('USDT'))).toBe(e8(10_002.15));
    expect(e8((await s.venueBalance('USDT')).total)).toBe(e8(10_002.15));
  });

  it('OCO with a partial fill (Keel: the other leg keeps its size): the venue never sells coin the account does not hold', async () => {
    const s = long({ config: { participation: { max_ratio: 0.001 } } });
    s.engine.submitOco([
      req({ clientOrderId: 'TP', side: 'sell', type: 'limit', quantity: 1, price: 110 }),
      req({ clientOrderId: 'SL', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }),
    ]);
    s.bar(1, 100, 111, 99, 110, 500);
    expect(s.order('TP').filledQuantity).toBe(0.5);
    expect(s.order('SL').quantity).toBe(1); // OCO: a partial fill changes nothing
    s.bar(2, 100, 100, 94, 96, 5_000); // the 1-BTC stop fires with 0.5 BTC in the account
    expect(reasonOf(s.last('SL'))).toBe('INSUFFICIENT_BALANCE');
    expect(s.order('TP').status).toBe('CANCELED'); // OCO: the rejected leg cancels the other
    expect(await btc(s)).toEqual({ total: 0.5, locked: 0 });
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(0.5); // left unprotected: on spot, link exits OUO
  });
});

describe('OTO', () => {
  it('children wait for the parent; a parent canceled without fills cancels them; after a partial fill they keep the filled size', async () => {
    const s = stack({ config: { participation: { max_ratio: 0.001 } } });
    s.engine.submitOto(req({ clientOrderId: 'P1', side: 'buy', type: 'limit', quantity: 1, price: 90 }), [
      req({ clientOrderId: 'C1', side: 'sell', type: 'limit', quantity: 1, price: 105 }),
    ]);
    s.engine.cancel('P1');
    expect(s.types('C1')).toEqual(['initialized', 'canceled']);

    s.engine.submitOto(req({ clientOrderId: 'P2', side: 'buy', type: 'limit', quantity: 1, price: 99 }), [
      req({ clientOrderId: 'C2', side: 'sell', type: 'limit', quantity: 1, price: 105 }),
    ]);
    s.bar(0, 100, 100, 98, 99, 500); // parent fills 0.5
    expect(s.order('C2')).toMatchObject({ status: 'ACCEPTED', quantity: 0.5 });
    s.engine.cancel('P2');
    expect(s.order('P2')).toMatchObject({ status: 'CANCELED', filledQuantity: 0.5 });
    expect(s.order('C2').status).toBe('ACCEPTED'); // protects what the parent bought
    s.bar(1, 104, 106, 103, 105, 5_000);
    expect(s.fills('C2').map((f) => [f.lastQuantity, ticks(f.lastPrice)])).toEqual([[0.5, 10500]]);
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(0);
    expect(s.engine.openOrders()).toEqual([]);
  });
});
