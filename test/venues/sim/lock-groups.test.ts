/**
 * OCO / OUO members share one reservation at the simulated venue (lock-groups.ts): the list
 * locks, per currency, the largest need of its open members, as a spot exchange with native
 * order lists does.
 */
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../framework/execution/types.ts';
import { req, setup } from './helpers.ts';

function linked(type: 'OCO' | 'OUO', rs: OrderRequest[]): OrderRequest[] {
  const ids = rs.map((r) => r.clientOrderId);
  return rs.map((r) => ({ ...r, contingency: type, linkedOrderIds: ids.filter((id) => id !== r.clientOrderId) }));
}

const reasonOf = (e: { type: string }) => ('reason' in e ? e.reason : undefined);

describe('linked orders reserve once', () => {
  it('two sell legs of 1 BTC lock 1 BTC; cancelling one keeps the other locked; cancelling both frees it', async () => {
    const s = setup({ balances: { USDT: 0, BTC: 1 } });
    const [tp, sl] = linked('OCO', [
      req({ clientOrderId: 'tp', side: 'sell', type: 'limit', quantity: 1, price: 110 }),
      req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }),
    ]);
    await s.venue.submit(tp!);
    await s.venue.submit(sl!);
    expect(s.types('sl')).toEqual(['accepted']);
    expect(await s.balance('BTC')).toMatchObject({ total: 1, locked: 1, free: 0 });
    await s.venue.cancel('tp');
    expect(await s.balance('BTC')).toMatchObject({ locked: 1 });
    await s.venue.cancel('sl');
    expect(await s.balance('BTC')).toMatchObject({ locked: 0, free: 1 });
  });

  it('the same legs without the links: the second is rejected INSUFFICIENT_BALANCE (each reserves its own coin)', async () => {
    const s = setup({ balances: { USDT: 0, BTC: 1 } });
    await s.venue.submit(req({ clientOrderId: 'tp', side: 'sell', type: 'limit', quantity: 1, price: 110 }));
    await s.venue.submit(req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }));
    expect(reasonOf(s.last('sl'))).toBe('INSUFFICIENT_BALANCE');
  });

  it('buy legs lock the larger quote need (price x qty x (1 + worst fee)), not the sum', async () => {
    const s = setup({ balances: { USDT: 150 } });
    const legs = linked('OUO', [
      req({ clientOrderId: 'dip', side: 'buy', type: 'limit', quantity: 1, price: 90 }),
      req({ clientOrderId: 'brk', side: 'buy', type: 'stop_market', quantity: 1, triggerPrice: 110 }),
    ]);
    for (const r of legs) await s.venue.submit(r);
    expect(s.types('brk')).toEqual(['accepted']);
    expect((await s.balance('USDT'))!.locked).toBeCloseTo(110 * 1.002, 9);
    // Growing one leg beyond what the list and the free balance cover is refused, the old terms stay.
    await s.venue.modify('dip', { quantity: 2 });
    expect(reasonOf(s.last('dip'))).toBe('INSUFFICIENT_BALANCE');
    expect((await s.balance('USDT'))!.locked).toBeCloseTo(110 * 1.002, 9);
    // A third leg needing more than list + free is rejected and does not join the reservation.
    await s.venue.submit({ ...req({ clientOrderId: 'x', side: 'buy', type: 'limit', quantity: 2, price: 80 }), contingency: 'OUO', linkedOrderIds: ['dip', 'brk'] });
    expect(reasonOf(s.last('x'))).toBe('INSUFFICIENT_BALANCE');
    expect((await s.balance('USDT'))!.locked).toBeCloseTo(110 * 1.002, 9);
  });

  it('a fill of one leg may use what the list holds; the other leg cannot then sell coin that is gone', async () => {
    const s = setup({ balances: { USDT: 0, BTC: 1 } });
    const [tp, sl] = linked('OCO', [
      req({ clientOrderId: 'tp', side: 'sell', type: 'limit', quantity: 1, price: 101 }),
      req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 99 }),
    ]);
    await s.venue.submit(tp!);
    await s.venue.submit(sl!);
    s.bar(0, 100, 102, 98, 100); // tp fills at 101; without the engine nobody cancels sl, which fires at 99
    expect(s.fills('tp')).toHaveLength(1);
    expect(reasonOf(s.last('sl'))).toBe('INSUFFICIENT_BALANCE');
    expect(await s.balance('BTC')).toMatchObject({ total: 0, locked: 0 });
  });
});
