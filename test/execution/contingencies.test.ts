import { describe, expect, it } from 'vitest';
import { SimClock } from '../../framework/core/clock.ts';
import { UsageError } from '../../framework/core/errors.ts';
import { ExecutionEngine } from '../../framework/execution/execution-engine.ts';
import type { OrderRequest } from '../../framework/execution/types.ts';
import { BTC, ScriptedVenue, capabilities } from './helpers/scripted-venue.ts';

function setup(venue = new ScriptedVenue()) {
  const engine = new ExecutionEngine({ venue, clock: new SimClock(1_700_000_000_000) });
  const log: string[] = [];
  engine.subscribe((e) => log.push(`${e.clientOrderId}:${e.type}`));
  return { venue, engine, log };
}

const entry: OrderRequest = { clientOrderId: 'E', instrumentId: 'BTC/USDT', side: 'buy', type: 'limit', quantity: 1, price: 40_000 };
const tp: OrderRequest = { clientOrderId: 'TP', instrumentId: 'BTC/USDT', side: 'sell', type: 'limit', quantity: 1, price: 42_000 };
const sl: OrderRequest = { clientOrderId: 'SL', instrumentId: 'BTC/USDT', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 39_000 };

describe('brackets', () => {
  it('holds the exits until the entry fills, sizes them to the filled quantity, grows them, and OUO-links them', () => {
    const { venue, engine } = setup();
    const b = engine.submitBracket({ entry, takeProfit: tp, stopLoss: sl });
    expect([b.entry.status, b.takeProfit.status, b.stopLoss.status]).toEqual(['ACCEPTED', 'INITIALIZED', 'INITIALIZED']);
    expect(venue.submits.map((r) => r.clientOrderId)).toEqual(['E']);
    expect(engine.links('E')).toEqual({ parent: undefined, children: ['TP', 'SL'], linked: [] });
    expect(engine.links('TP')).toEqual({ parent: 'E', children: [], linked: ['SL'] });
    expect(engine.openOrders()).toHaveLength(3);

    // First partial fill: both exits go out with 0.4.
    venue.fill('E', 0.4, 40_000);
    expect(venue.submits.map((r) => [r.clientOrderId, r.quantity])).toEqual([
      ['E', 1],
      ['TP', 0.4],
      ['SL', 0.4],
    ]);
    expect([b.takeProfit.status, b.takeProfit.quantity, b.stopLoss.quantity]).toEqual(['ACCEPTED', 0.4, 0.4]);

    // More entry fills: the exits grow by venue modifies (0.4 + 0.3 = 0.7 exactly, on the lot grid).
    venue.fill('E', 0.3, 39_990);
    expect(venue.modifies).toEqual([
      { id: 'TP', changes: { quantity: 0.7 } },
      { id: 'SL', changes: { quantity: 0.7 } },
    ]);
    expect([b.takeProfit.quantity, b.stopLoss.quantity]).toEqual([0.7, 0.7]);

    // OUO: a partial take-profit shrinks the stop.
    venue.fill('TP', 0.2, 42_000);
    expect(b.stopLoss.quantity).toBe(0.5);
    expect(b.takeProfit.quantity).toBe(0.7);

    // The entry completes: TP = 1.0 (SL filled nothing), SL = 1.0 - 0.2.
    venue.fill('E', 0.3, 40_000);
    expect(b.entry.status).toBe('FILLED');
    expect([b.takeProfit.quantity, b.stopLoss.quantity]).toEqual([1, 0.8]);

    // The take-profit completes: nothing is left for the stop, which is cancelled.
    venue.fill('TP', 0.8, 42_000);
    expect(b.takeProfit.status).toBe('FILLED');
    expect(b.stopLoss.status).toBe('CANCELED');
    expect(engine.openOrders()).toHaveLength(0);
  });

  it('an entry cancelled before any fill cancels the held exits; they never reach the venue', () => {
    const { venue, engine, log } = setup();
    const b = engine.submitBracket({ entry, takeProfit: tp, stopLoss: sl });
    engine.cancel('E');
    expect([b.entry.status, b.takeProfit.status, b.stopLoss.status]).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(venue.submits.map((r) => r.clientOrderId)).toEqual(['E']);
    expect(log.slice(-3)).toEqual(['E:canceled', 'TP:canceled', 'SL:canceled']);
  });

  it('an entry cancelled after a partial fill keeps the exits protecting that fill', () => {
    const { venue, engine } = setup();
    const b = engine.submitBracket({ entry, takeProfit: tp, stopLoss: sl });
    venue.fill('E', 0.25, 40_000);
    engine.cancel('E');
    expect(b.entry.status).toBe('CANCELED');
    expect([b.takeProfit.status, b.takeProfit.quantity, b.stopLoss.status, b.stopLoss.quantity]).toEqual(['ACCEPTED', 0.25, 'ACCEPTED', 0.25]);
  });

  it('one invalid order denies the whole bracket; nothing is sent', () => {
    const { venue, engine } = setup();
    const b = engine.submitBracket({ entry, takeProfit: tp, stopLoss: { ...sl, triggerPrice: 39_000.001 } });
    expect([b.entry.status, b.takeProfit.status, b.stopLoss.status]).toEqual(['DENIED', 'DENIED', 'DENIED']);
    expect(b.stopLoss.events.at(-1)).toMatchObject({ reason: 'PRICE_NOT_ON_TICK' });
    expect(b.entry.events.at(-1)).toMatchObject({ reason: 'CONTINGENCY_DENIED' });
    expect((b.entry.events.at(-1) as { message: string }).message).toContain('SL');
    expect(venue.submits).toHaveLength(0);
  });

  it('OCO exits: the take-profit filling completely cancels the stop; an entry filled at once activates both', () => {
    const { venue, engine } = setup();
    const b = engine.submitBracket({ entry: { ...entry, type: 'market', price: undefined }, takeProfit: tp, stopLoss: sl, exits: 'OCO' });
    venue.fill('E', 1, 40_010);
    expect([b.takeProfit.status, b.stopLoss.status, b.takeProfit.quantity]).toEqual(['ACCEPTED', 'ACCEPTED', 1]);
    venue.fill('TP', 0.5, 42_000);
    expect(b.stopLoss.status).toBe('ACCEPTED'); // OCO: a partial fill changes nothing
    expect(b.stopLoss.quantity).toBe(1);
    venue.fill('TP', 0.5, 42_000);
    expect(b.stopLoss.status).toBe('CANCELED');
  });

  it('a fill too small for the exits keeps them held until the entry has filled enough', () => {
    const venue = new ScriptedVenue([{ ...BTC, minQuantity: 0.01, minNotional: undefined }]);
    const { engine } = setup(venue);
    const b = engine.submitBracket({ entry, takeProfit: tp, stopLoss: sl });
    venue.fill('E', 0.005, 40_000);
    expect([b.takeProfit.status, b.takeProfit.quantity]).toEqual(['INITIALIZED', 0.005]);
    venue.fill('E', 0.005, 40_000);
    expect([b.takeProfit.status, b.takeProfit.quantity, b.stopLoss.status]).toEqual(['ACCEPTED', 0.01, 'ACCEPTED']);
  });

  it('a held exit that can never become valid is denied when the entry closes', () => {
    const venue = new ScriptedVenue([{ ...BTC, minQuantity: 0.01, minNotional: undefined }]);
    const { engine } = setup(venue);
    const b = engine.submitBracket({ entry, takeProfit: tp, stopLoss: sl });
    venue.fill('E', 0.005, 40_000);
    engine.cancel('E');
    expect([b.takeProfit.status, b.stopLoss.status]).toEqual(['DENIED', 'DENIED']);
    expect(b.takeProfit.events.at(-1)).toMatchObject({ reason: 'BELOW_MIN_QUANTITY' });
  });

  it('a stop-loss the venue cannot take is activated into the emulator and released on its trigger', () => {
    const venue = new ScriptedVenue([BTC], capabilities(['market', 'limit']));
    const { engine } = setup(venue);
    const b = engine.submitBracket({ entry, takeProfit: tp, stopLoss: sl });
    venue.fill('E', 1, 40_000);
    expect(b.stopLoss.status).toBe('EMULATED');
    engine.onPrice('BTC/USDT', 39_500);
    expect(b.stopLoss.status).toBe('EMULATED');
    engine.onPrice('BTC/USDT', 38_990);
    expect(b.stopLoss.status).toBe('ACCEPTED');
    expect(venue.lastRequest('SL')).toMatchObject({ type: 'market', quantity: 1, side: 'sell' });
    venue.fill('SL', 1, 38_980);
    expect(b.takeProfit.status).toBe('CANCELED'); // OUO: nothing left for the take-profit
  });

  it('builders refuse exits on the wrong side or instrument', () => {
    const { engine } = setup();
    expect(() => engine.submitBracket({ entry, takeProfit: { ...tp, side: 'buy' }, stopLoss: sl })).toThrow(/must be a sell order/);
    expect(() => engine.submitBracket({ entry, takeProfit: tp, stopLoss: { ...sl, instrumentId: 'ETH/USDT' } })).toThrow(UsageError);
  });
});

describe('OCO, OUO, OTO lists', () => {
  const a: OrderRequest = { clientOrderId: 'A', instrumentId: 'BTC/USDT', side: 'sell', type: 'limit', quantity: 1, price: 45_000 };
  const c: OrderRequest = { clientOrderId: 'C', instrumentId: 'BTC/USDT', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 35_000 };

  it('OCO: a complete fill of one cancels the other', () => {
    const { venue, engine } = setup();
    const [oa, oc] = engine.submitOco([a, c]);
    venue.fill('A', 1, 45_000);
    expect([oa!.status, oc!.status]).toEqual(['FILLED', 'CANCELED']);
  });

  it('OCO with three members: one complete fill cancels both others', () => {
    const { venue, engine } = setup();
    const d: OrderRequest = { ...a, clientOrderId: 'D', price: 46_000 };
    const orders = engine.submitOco([a, c, d]);
    venue.fill('D', 1, 46_000);
    expect(orders.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED', 'FILLED']);
  });

  it('OCO: a cancel of one cancels the other', () => {
    const { engine } = setup();
    const [oa, oc] = engine.submitOco([a, c]);
    engine.cancel('C');
    expect([oa!.status, oc!.status]).toEqual(['CANCELED', 'CANCELED']);
  });

  it('OCO: a venue expiry of one cancels the other', () => {
    const { venue, engine } = setup();
    const [oa, oc] = engine.submitOco([a, c]);
    venue.emit({ type: 'expired', clientOrderId: 'A', instrumentId: 'BTC/USDT', ts: 1 });
    expect([oa!.status, oc!.status]).toEqual(['EXPIRED', 'CANCELED']);
  });

  it('OUO: a partial fill of one reduces the other; a cancel of one leaves the other', () => {
    const { venue, engine } = setup();
    const [oa, oc] = engine.submitOuo([a, c]);
    venue.fill('A', 0.3, 45_000);
    expect(oc!.quantity).toBe(0.7);
    expect(venue.modifies).toEqual([{ id: 'C', changes: { quantity: 0.7 } }]);
    venue.fill('A', 0.2, 45_000);
    expect(oc!.quantity).toBe(0.5);
    engine.cancel('A');
    expect([oa!.status, oc!.status, oc!.quantity]).toEqual(['CANCELED', 'ACCEPTED', 0.5]);
  });

  it('OUO: fills on both sides reduce each other; the last lot cancels the rest', () => {
    const { venue, engine } = setup();
    const [oa, oc] = engine.submitOuo([a, c]);
    venue.fill('A', 0.4, 45_000); // C -> 0.6
    venue.fill('C', 0.1, 35_000); // A -> 1 - 0.1 = 0.9 (0.4 filled, 0.5 open)
    expect([oa!.quantity, oc!.quantity]).toEqual([0.9, 0.6]);
    venue.fill('A', 0.5, 45_000); // A complete; C -> 1 - 0.9 = 0.1 = its filled: nothing left
    expect([oa!.status, oc!.status]).toEqual(['FILLED', 'CANCELED']);
  });

  it('OTO: the child waits for the parent and follows its fills', () => {
    const { venue, engine } = setup();
    const parent: OrderRequest = { ...entry, clientOrderId: 'P' };
    const child: OrderRequest = { ...tp, clientOrderId: 'K', quantity: 1 };
    const [p, k] = engine.submitOto(parent, [child]);
    expect(k!.status).toBe('INITIALIZED');
    venue.fill('P', 0.6, 40_000);
    expect([k!.status, k!.quantity]).toEqual(['ACCEPTED', 0.6]);
    venue.fill('P', 0.4, 40_000);
    expect([p!.status, k!.quantity]).toEqual(['FILLED', 1]);
  });

  it('OTO: a rejected parent cancels the held child', () => {
    const { venue, engine } = setup();
    venue.autoAccept = false;
    const [p, k] = engine.submitOto({ ...entry, clientOrderId: 'P' }, [{ ...tp, clientOrderId: 'K' }]);
    venue.reject('P', 'INSUFFICIENT_BALANCE');
    expect([p!.status, k!.status]).toEqual(['REJECTED', 'CANCELED']);
  });

  it('a held child can expire in the engine (GTD) before its parent fills', () => {
    const venue = new ScriptedVenue();
    const clock = new SimClock(1_000_000);
    const engine = new ExecutionEngine({ venue, clock });
    const [, k] = engine.submitOto({ ...entry, clientOrderId: 'P' }, [{ ...tp, clientOrderId: 'K', timeInForce: 'GTD', expireTime: 1_060_000 }]);
    clock.advanceTo(1_059_999);
    expect(k!.status).toBe('INITIALIZED');
    clock.advanceTo(1_060_000);
    expect(k!.status).toBe('EXPIRED');
  });

  it('malformed lists are programming errors (UsageError) and create nothing', () => {
    const { engine } = setup();
    expect(() => engine.submitList([{ ...a, contingency: 'OCO', linkedOrderIds: ['Z'] }])).toThrow(/linked order Z is not in the list/);
    expect(() =>
      engine.submitList([
        { ...a, contingency: 'OCO', linkedOrderIds: ['C'] },
        { ...c, contingency: 'OUO', linkedOrderIds: ['A'] },
      ]),
    ).toThrow(/must also be OCO/);
    expect(() => engine.submitList([{ ...a, parentOrderId: 'C' }, c])).toThrow(/parent C must be OTO/);
    expect(() =>
      engine.submitList([
        { ...a, contingency: 'OCO', linkedOrderIds: ['C'] },
        { ...c, contingency: 'OCO', linkedOrderIds: ['A', 'D'] },
        { ...c, clientOrderId: 'D', contingency: 'OCO', linkedOrderIds: ['C'] },
      ]),
    ).toThrow(/every member must link to every other one/);
    expect(() => engine.submitList([a, { ...a }])).toThrow(/appears twice/);
    expect(() => engine.submitOco([a])).toThrow(/at least two/);
    expect(engine.orders()).toHaveLength(0);
    engine.submit(a);
    expect(() => engine.submitOco([a, c])).toThrow(/already used/);
  });

  it('resubmitting the same list returns the existing orders', () => {
    const { venue, engine } = setup();
    const first = engine.submitOco([a, c]);
    const again = engine.submitOco([a, c]);
    expect(again).toEqual(first);
    expect(again[0]).toBe(first[0]);
    expect(venue.submits).toHaveLength(2);
    expect(engine.stats.duplicateSubmits).toBe(2);
  });
});
