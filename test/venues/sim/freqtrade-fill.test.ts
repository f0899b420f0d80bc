import { describe, expect, it } from 'vitest';
import { candlesFromRows } from '../../../framework/data/candles.ts';
import { BTC, MIN, T0, req, setup, ticks } from './helpers.ts';

describe('fill model "freqtrade" (default)', () => {
  it('market orders fill at the open, as taker, fee in quote', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'm1', side: 'buy', type: 'market', quantity: 0.5 }));
    expect(s.types('m1')).toEqual([]); // decided at its first price: the next open
    s.bar(0, 100, 101, 99, 100.5);
    expect(s.types('m1')).toEqual(['accepted', 'filled']);
    const f = s.fills('m1')[0]!;
    expect(ticks(f.lastPrice)).toBe(ticks(100));
    expect(f.liquidity).toBe('taker');
    expect(f.fee).toBeCloseTo(0.5 * 100 * 0.002, 12);
    expect(f.feeCurrency).toBe('USDT');
    expect(f.ts).toBe(T0);
    expect((await s.balance('USDT'))!.total).toBeCloseTo(100_000 - 50 - 0.1, 9);
    expect((await s.balance('BTC'))!.total).toBeCloseTo(10.5, 12);
    expect(await s.venue.positions()).toEqual([{ instrumentId: 'BTC/USDT', quantity: 0.5, averagePrice: 100 }]);
  });

  it('limit buy fills at exactly the low (the boundary counts) and not one tick below', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'at-low', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    await s.venue.submit(req({ clientOrderId: 'below', side: 'buy', type: 'limit', quantity: 1, price: 98.99 }));
    expect(s.types('at-low')).toEqual(['accepted']);
    s.bar(0, 100, 101, 99, 100);
    expect(s.types('at-low')).toEqual(['accepted', 'filled']);
    const f = s.fills('at-low')[0]!;
    expect(ticks(f.lastPrice)).toBe(ticks(99));
    expect(f.liquidity).toBe('maker'); // not marketable at the open: it rested
    expect(s.types('below')).toEqual(['accepted']);
    expect((await s.venue.openOrders()).map((o) => o.clientOrderId)).toEqual(['below']);
  });

  it('a low that is a computed float (0.1 + 0.2) still touches a 0.30 limit: tick tolerance, not float equality', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'a', side: 'buy', type: 'limit', quantity: 1, price: 0.3 }));
    const low = 0.1 + 0.2; // 0.30000000000000004
    expect(low > 0.3).toBe(true);
    s.bar(0, 0.35, 0.36, low, 0.33);
    expect(ticks(s.fills('a')[0]!.lastPrice)).toBe(30);
  });

  it('a buy limit above the open fills at the limit price (Freqtrade), as taker', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'x', side: 'buy', type: 'limit', quantity: 1, price: 100.5 }));
    s.bar(0, 100, 101, 99.5, 100);
    const f = s.fills('x')[0]!;
    expect(ticks(f.lastPrice)).toBe(ticks(100.5));
    expect(f.liquidity).toBe('taker');
    expect(f.fee).toBeCloseTo(100.5 * 0.002, 12);
  });

  it('a resting buy limit above a whole gapped-down bar waits for a bar whose range contains it', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'r', side: 'buy', type: 'limit', quantity: 1, price: 100 }));
    s.bar(0, 105, 106, 104, 105);
    s.bar(1, 95, 97, 94, 96); // 100 > high: Freqtrade's low <= price <= high does not hold
    expect(s.fills('r')).toHaveLength(0);
    s.bar(2, 98, 101, 97, 100);
    const f = s.fills('r')[0]!;
    expect(ticks(f.lastPrice)).toBe(ticks(100));
    expect(f.ts).toBe(T0 + 2 * MIN);
    expect(f.liquidity).toBe('maker');
  });

  it('a sell limit fills at exactly the high, not one tick above it', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'hi', side: 'sell', type: 'limit', quantity: 1, price: 102 }));
    await s.venue.submit(req({ clientOrderId: 'above', side: 'sell', type: 'limit', quantity: 1, price: 102.01 }));
    s.bar(0, 100, 102, 99, 101);
    expect(ticks(s.fills('hi')[0]!.lastPrice)).toBe(ticks(102));
    expect(s.fills('above')).toHaveLength(0);
  });

  it('stop_market sell: stop price when touched; open when the whole bar is below; stop when it opens below but trades back up to it', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'touch', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }));
    s.bar(0, 100, 101, 94, 96);
    expect(s.types('touch')).toEqual(['accepted', 'triggered', 'filled']);
    expect(ticks(s.fills('touch')[0]!.lastPrice)).toBe(ticks(95));
    expect(s.fills('touch')[0]!.liquidity).toBe('taker');

    await s.venue.submit(req({ clientOrderId: 'gap', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }));
    s.bar(1, 90, 92, 89, 91);
    expect(ticks(s.fills('gap')[0]!.lastPrice)).toBe(ticks(90));

    await s.venue.submit(req({ clientOrderId: 'back', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }));
    s.bar(2, 94, 96, 93, 95);
    expect(ticks(s.fills('back')[0]!.lastPrice)).toBe(ticks(95));
  });

  it('stop_market buy: trigger price when touched, the open when the whole bar is above', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'b1', side: 'buy', type: 'stop_market', quantity: 1, triggerPrice: 105 }));
    s.bar(0, 100, 106, 99, 104);
    expect(ticks(s.fills('b1')[0]!.lastPrice)).toBe(ticks(105));
    await s.venue.submit(req({ clientOrderId: 'b2', side: 'buy', type: 'stop_market', quantity: 1, triggerPrice: 105 }));
    s.bar(1, 110, 112, 108, 111);
    expect(ticks(s.fills('b2')[0]!.lastPrice)).toBe(ticks(110));
  });

  it('market_if_touched sell: the trigger when touched, the open when the bar opens above it', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 't1', side: 'sell', type: 'market_if_touched', quantity: 1, triggerPrice: 110 }));
    s.bar(0, 100, 109.99, 99, 105);
    expect(s.fills('t1')).toHaveLength(0);
    s.bar(1, 105, 111, 104, 106);
    expect(ticks(s.fills('t1')[0]!.lastPrice)).toBe(ticks(110));
    await s.venue.submit(req({ clientOrderId: 't2', side: 'sell', type: 'market_if_touched', quantity: 1, triggerPrice: 110 }));
    s.bar(2, 112, 113, 111, 112);
    expect(ticks(s.fills('t2')[0]!.lastPrice)).toBe(ticks(112));
  });

  it('stop_limit sell: triggers on the low, then the limit rule on the same bar (taker: marketable at the trigger)', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'sl', side: 'sell', type: 'stop_limit', quantity: 1, triggerPrice: 95, price: 94.5 }));
    s.bar(0, 100, 101, 94, 96);
    expect(s.types('sl')).toEqual(['accepted', 'triggered', 'filled']);
    const f = s.fills('sl')[0]!;
    expect(ticks(f.lastPrice)).toBe(ticks(94.5));
    expect(f.liquidity).toBe('taker');
  });

  it('limit_if_touched buy: triggers when the low reaches the trigger, fills at its limit', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'lit', side: 'buy', type: 'limit_if_touched', quantity: 1, triggerPrice: 96, price: 96.5 }));
    s.bar(0, 100, 101, 95.5, 97);
    expect(s.types('lit')).toEqual(['accepted', 'triggered', 'filled']);
    expect(ticks(s.fills('lit')[0]!.lastPrice)).toBe(ticks(96.5));
  });

  it('trailing_stop_market sell (price offset): ratchets at the high, then tests the low; the trigger only moves up', async () => {
    const s = setup();
    await s.venue.submit(
      req({ clientOrderId: 'tr', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 2, trailingOffsetType: 'price' }),
    );
    s.bar(0, 100, 105, 104, 104.5);
    expect((await s.venue.query('tr'))!.triggerPrice).toBe(103);
    s.bar(1, 104, 108, 107, 107.5);
    expect((await s.venue.query('tr'))!.triggerPrice).toBe(106);
    s.bar(2, 107, 107.5, 105, 105.5); // best stays 108: trigger 106, low 105 reaches it
    expect(ticks(s.fills('tr')[0]!.lastPrice)).toBe(ticks(106));
    expect(s.fills('tr')[0]!.ts).toBe(T0 + 2 * MIN);
  });

  it('trailing offsets in bps and ticks, and an activation price', async () => {
    const s = setup();
    await s.venue.submit(
      req({ clientOrderId: 'bps', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 100, trailingOffsetType: 'bps' }),
    );
    await s.venue.submit(
      req({ clientOrderId: 'tk', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 50, trailingOffsetType: 'ticks' }),
    );
    await s.venue.submit(
      req({ clientOrderId: 'act', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 2, activationPrice: 110 }),
    );
    s.bar(0, 100, 105, 104.6, 105);
    expect((await s.venue.query('bps'))!.triggerPrice).toBe(103.95); // 105 * (1 - 1%)
    expect((await s.venue.query('tk'))!.triggerPrice).toBe(104.5); // 105 - 50 ticks of 0.01
    expect((await s.venue.query('act'))!.triggerPrice).toBeUndefined(); // not active yet
    expect(s.fills('tk')).toHaveLength(0);
    s.bar(1, 106, 111, 108, 109); // activates at 111 -> trigger 109, low 108 reaches it
    expect(ticks(s.fills('act')[0]!.lastPrice)).toBe(ticks(109));
    expect(ticks(s.fills('tk')[0]!.lastPrice)).toBe(ticks(110.5)); // 111 - 0.5
  });

  it('a stop placed from the entry fill event is matched on the same bar (Freqtrade checks the stop on the entry candle)', async () => {
    const s = setup();
    s.venue.subscribe((e) => {
      if (e.type === 'filled' && e.clientOrderId === 'entry') {
        void s.venue.submit(req({ clientOrderId: 'stop', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }));
      }
    });
    await s.venue.submit(req({ clientOrderId: 'entry', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 94, 96);
    expect(ticks(s.fills('entry')[0]!.lastPrice)).toBe(ticks(100));
    expect(ticks(s.fills('stop')[0]!.lastPrice)).toBe(ticks(95));
    expect(await s.venue.positions()).toEqual([]);
  });

  it('onBar(instrumentId, i, candles) reads the typed arrays like onBarValues', async () => {
    const s = setup();
    const candles = candlesFromRows([
      [T0, 100, 101, 99, 100, 10],
      [T0 + MIN, 100, 103, 99.5, 102, 10],
    ]);
    await s.venue.submit(req({ clientOrderId: 'a', side: 'sell', type: 'limit', quantity: 1, price: 102.5 }));
    s.clock.advanceTo(T0);
    s.venue.onBar(BTC.id, 0, candles);
    expect(s.fills('a')).toHaveLength(0);
    s.clock.advanceTo(T0 + MIN);
    s.venue.onBar(BTC.id, 1, candles);
    expect(ticks(s.fills('a')[0]!.lastPrice)).toBe(ticks(102.5));
    expect(s.fills('a')[0]!.ts).toBe(T0 + MIN);
  });
});
