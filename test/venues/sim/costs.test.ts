import { describe, expect, it } from 'vitest';
import { MIN, T0, req, setup, ticks } from './helpers.ts';

describe('fees', () => {
  it('maker for a limit that rested, taker for a market order and a crossing limit; fee in quote', async () => {
    const s = setup();
    await s.venue.submit(req({ clientOrderId: 'maker', side: 'buy', type: 'limit', quantity: 2, price: 99 }));
    await s.venue.submit(req({ clientOrderId: 'cross', side: 'buy', type: 'limit', quantity: 1, price: 100 }));
    await s.venue.submit(req({ clientOrderId: 'mkt', side: 'sell', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 98, 100);
    expect(s.fills('maker')[0]).toMatchObject({ liquidity: 'maker', fee: 2 * 99 * 0.001 });
    expect(s.fills('cross')[0]).toMatchObject({ liquidity: 'taker', fee: 100 * 0.002 });
    expect(s.fills('mkt')[0]).toMatchObject({ liquidity: 'taker', fee: 100 * 0.002 });
    // USDT: -198 - 0.198 - 100 - 0.2 + 100 - 0.2
    expect((await s.balance('USDT'))!.total).toBeCloseTo(100_000 - 198.198 - 100.2 + 99.8, 9);
  });

  it('config fees override every instrument (e.g. Freqtrade --fee)', async () => {
    const s = setup({ config: { fees: { maker: 0.0005, taker: 0.0005 } } });
    await s.venue.submit(req({ clientOrderId: 'a', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 200, 201, 199, 200);
    expect(s.fills('a')[0]!.fee).toBeCloseTo(0.1, 12);
    expect(s.venue.describeModels().fees).toEqual({ name: 'maker_taker', maker: 0.0005, taker: 0.0005, currency: 'quote' });
  });
});

describe('slippage', () => {
  it('fixed_bps: market buys pay more, sells and stop sells receive less, rounded to the tick against the trader; limits never slip', async () => {
    const s = setup({ config: { slippage: { model: 'fixed_bps', bps: 5 } } });
    await s.venue.submit(req({ clientOrderId: 'buy', side: 'buy', type: 'market', quantity: 1 }));
    await s.venue.submit(req({ clientOrderId: 'sell', side: 'sell', type: 'market', quantity: 1 }));
    await s.venue.submit(req({ clientOrderId: 'stop', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95.5 }));
    await s.venue.submit(req({ clientOrderId: 'lim', side: 'buy', type: 'limit', quantity: 1, price: 96 }));
    s.bar(0, 100, 101, 95, 97);
    expect(ticks(s.fills('buy')[0]!.lastPrice)).toBe(ticks(100.05)); // 100 * 1.0005
    expect(ticks(s.fills('sell')[0]!.lastPrice)).toBe(ticks(99.95));
    expect(ticks(s.fills('stop')[0]!.lastPrice)).toBe(ticks(95.45)); // 95.5 * 0.9995 = 95.45225 -> floor 95.45
    expect(ticks(s.fills('lim')[0]!.lastPrice)).toBe(ticks(96));
    expect(s.venue.describeModels().slippage).toMatchObject({ name: 'fixed_bps', bps: 5 });
  });

  it('volume_participation: impact = bps * (qty / volume)^exponent', async () => {
    const s = setup({ config: { slippage: { model: 'volume_participation', bps: 20, exponent: 0.5 } } });
    await s.venue.submit(req({ clientOrderId: 'q', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 99, 100, 4); // ratio 0.25 -> sqrt 0.5 -> 10 bps -> 100.10
    expect(ticks(s.fills('q')[0]!.lastPrice)).toBe(ticks(100.1));
    await s.venue.submit(req({ clientOrderId: 'r', side: 'sell', type: 'market', quantity: 1 }));
    s.bar(1, 100, 101, 99, 100, 100); // ratio 0.01 -> 0.1 -> 2 bps -> 99.98
    expect(ticks(s.fills('r')[0]!.lastPrice)).toBe(ticks(99.98));
    await s.venue.submit(req({ clientOrderId: 'z', side: 'sell', type: 'market', quantity: 1 }));
    s.bar(2, 100, 101, 99, 100, 0); // no volume: the full 20 bps
    expect(ticks(s.fills('z')[0]!.lastPrice)).toBe(ticks(99.8));
  });

  it('a slippage model other than none without bps is a config error naming the key', () => {
    expect(() => setup({ config: { slippage: { model: 'fixed_bps' } } })).toThrow(/slippage\.bps/);
  });
});

describe('participation cap', () => {
  it('a GTC limit larger than volume * max_ratio fills over several bars and stays reserved for the rest', async () => {
    const s = setup({ config: { participation: { max_ratio: 0.1 } }, balances: { USDT: 1000 } });
    await s.venue.submit(req({ clientOrderId: 'l', side: 'buy', type: 'limit', quantity: 3, price: 100 }));
    s.bar(0, 101, 102, 99, 101, 10); // cap 1
    expect((await s.venue.query('l'))!).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 1 });
    expect((await s.balance('USDT'))!.locked).toBeCloseTo(2 * 100 * 1.002, 9);
    s.bar(1, 101, 102, 101, 101, 50); // price not reached: nothing
    expect((await s.venue.query('l'))!.filledQuantity).toBe(1);
    s.bar(2, 101, 102, 99.5, 101, 10); // cap 1
    s.bar(3, 101, 102, 99.5, 101, 20); // cap 2, 1 left
    expect(s.fills('l').map((f) => [f.lastQuantity, (f.ts - T0) / MIN])).toEqual([
      [1, 0],
      [1, 2],
      [1, 3],
    ]);
    expect((await s.venue.query('l'))!).toMatchObject({ status: 'FILLED', filledQuantity: 3, averagePrice: 100 });
    expect((await s.balance('USDT'))!).toMatchObject({ locked: 0 });
    expect((await s.balance('USDT'))!.total).toBeCloseTo(1000 - 300 - 0.3, 9);
  });

  it('the cap is shared by the orders of a bar, first come first served; a market remainder fills at the next open', async () => {
    const s = setup({ config: { participation: { max_ratio: 0.5 } } });
    await s.venue.submit(req({ clientOrderId: 'a', side: 'buy', type: 'market', quantity: 1.5 }));
    await s.venue.submit(req({ clientOrderId: 'b', side: 'buy', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 99, 100, 4); // cap 2: a 1.5, b 0.5
    expect(s.fills('a').map((f) => f.lastQuantity)).toEqual([1.5]);
    expect(s.fills('b').map((f) => f.lastQuantity)).toEqual([0.5]);
    s.bar(1, 102, 103, 101, 102, 4);
    expect(s.fills('b').map((f) => [f.lastQuantity, ticks(f.lastPrice)])).toEqual([
      [0.5, ticks(100)],
      [0.5, ticks(102)],
    ]);
    expect((await s.venue.query('b'))!.averagePrice).toBeCloseTo(101, 9);
  });
});

describe('margin account', () => {
  it('shorts, locks initial margin, realizes PnL into the quote balance', async () => {
    const s = setup({ config: { account: { type: 'margin', leverage: 2 }, fees: { maker: 0, taker: 0 } }, balances: { USDT: 1000 } });
    await s.venue.submit(req({ clientOrderId: 'short', side: 'sell', type: 'market', quantity: 1 }));
    s.bar(0, 100, 101, 99, 100);
    expect(await s.venue.positions()).toEqual([{ instrumentId: 'BTC/USDT', quantity: -1, averagePrice: 100 }]);
    expect((await s.balance('USDT'))!).toMatchObject({ total: 1000, locked: 50 });
    await s.venue.submit(req({ clientOrderId: 'cover', side: 'buy', type: 'limit', quantity: 1, price: 90, reduceOnly: true }));
    s.bar(1, 95, 96, 89, 92);
    expect(await s.venue.positions()).toEqual([]);
    expect((await s.balance('USDT'))!).toMatchObject({ total: 1010, locked: 0 });
  });
});
