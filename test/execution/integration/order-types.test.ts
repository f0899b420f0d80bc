/**
 * Every order type end to end: ExecutionEngine -> SimVenue (bar fill models) -> fills ->
 * Portfolio, on hand-made 1-minute candles. Prices are compared as integer cents.
 *
 * Bars are written (open, high, low, close). Every sell test first buys 1 BTC at 100 with a
 * market order on bar 0 (taker fee 0.2 USDT), so the cash account holds the coin it sells.
 */
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../framework/execution/types.ts';
import { type Stack, e8, reasonOf, req, stack, ticks } from './stack.ts';

type Model = 'freqtrade' | 'ohlc_path';

function withLong(model: Model = 'freqtrade'): Stack {
  const s = stack({ config: { fill_model: model } });
  s.engine.submit(req({ clientOrderId: 'L', side: 'buy', type: 'market', quantity: 1 }));
  s.bar(0, 100, 100, 100, 100);
  expect(s.order('L').status).toBe('FILLED');
  return s;
}

/** The venue's books and the portfolio's books agree on every balance and on the position. */
async function booksAgree(s: Stack): Promise<void> {
  for (const b of await s.venue.balances()) expect(e8(s.portfolio.total(b.currency)), b.currency).toBe(e8(b.total));
  const vp = (await s.venue.positions()).find((p) => p.instrumentId === 'BTC/USDT')?.quantity ?? 0;
  expect(s.portfolio.netQuantity('BTC/USDT')).toBe(vp);
}

/** Submit `r`, run the bars, return the single fill (price in cents, liquidity) and the event types. */
function run(s: Stack, r: OrderRequest, bars: Array<[number, number, number, number]>, first = 1) {
  s.engine.submit(r);
  bars.forEach(([o, h, l, c], k) => s.bar(first + k, o, h, l, c));
  const fills = s.fills(r.clientOrderId);
  return {
    types: s.types(r.clientOrderId),
    prices: fills.map((f) => ticks(f.lastPrice)),
    liquidity: fills.map((f) => f.liquidity),
    status: s.order(r.clientOrderId).status,
  };
}

describe('order types end to end, fill model freqtrade (v1)', () => {
  it('market: fills at the next open, taker; both books agree to the cent', async () => {
    const s = withLong();
    expect(s.fills('L')[0]).toMatchObject({ lastPrice: 100, lastQuantity: 1, liquidity: 'taker', fee: 0.2, feeCurrency: 'USDT' });
    expect(s.types('L')).toEqual(['initialized', 'submitted', 'accepted', 'filled']);
    expect(e8(s.portfolio.total('USDT'))).toBe(e8(10_000 - 100 - 0.2));
    expect(s.portfolio.total('BTC')).toBe(1);
    await booksAgree(s);
  });

  it('limit: at the limit price when the bar range contains it (maker), also when marketable at the open (taker)', async () => {
    const s = withLong();
    const resting = run(s, req({ clientOrderId: 'b', side: 'buy', type: 'limit', quantity: 0.5, price: 98 }), [[100, 100.5, 97.5, 99]]);
    expect(resting).toMatchObject({ prices: [9800], liquidity: ['maker'], status: 'FILLED' });
    // Marketable at the open 100: Freqtrade fills a limit at its own price (101), taker.
    const crossing = run(s, req({ clientOrderId: 'x', side: 'buy', type: 'limit', quantity: 0.5, price: 101 }), [[100, 101.5, 99.5, 100]], 2);
    expect(crossing).toMatchObject({ prices: [10100], liquidity: ['taker'] });
    // Not reached: it waits (a sell limit above the whole bar).
    const waiting = run(s, req({ clientOrderId: 'w', side: 'sell', type: 'limit', quantity: 1, price: 110 }), [[100, 105, 99, 104]], 3);
    expect(waiting).toMatchObject({ types: ['initialized', 'submitted', 'accepted'], prices: [], status: 'ACCEPTED' });
    await booksAgree(s);
  });

  it('stop_market sell: at the trigger when the bar reaches it; at the open only when the whole bar is beyond it (Freqtrade)', async () => {
    let s = withLong();
    expect(run(s, req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }), [[100, 100, 94, 96]])).toMatchObject({
      types: ['initialized', 'submitted', 'accepted', 'triggered', 'filled'],
      prices: [9500],
      liquidity: ['taker'],
    });
    await booksAgree(s);
    s = withLong();
    // Opens below the stop and trades back up through it: Freqtrade's rule fills at the stop (95), not the open.
    expect(run(s, req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }), [[94, 96, 93, 95]]).prices).toEqual([9500]);
    s = withLong();
    // The whole bar below the stop: the open.
    expect(run(s, req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }), [[94, 94.5, 93, 94]]).prices).toEqual([9400]);
    // Not reached: waits, ACCEPTED.
    s = withLong();
    expect(run(s, req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }), [[100, 101, 95.01, 99]]).status).toBe('ACCEPTED');
  });

  it('stop_market buy fires at or above the trigger (a breakout)', async () => {
    const s = withLong();
    expect(run(s, req({ clientOrderId: 'sb', side: 'buy', type: 'stop_market', quantity: 1, triggerPrice: 105 }), [[100, 106, 99, 104]])).toMatchObject({
      prices: [10500],
      liquidity: ['taker'],
    });
    expect(s.portfolio.netQuantity('BTC/USDT')).toBe(2);
    await booksAgree(s);
  });

  it('stop_limit sell: triggers at the stop, then the limit rule on the same bar (fills at its limit); otherwise rests TRIGGERED and fills later as maker', async () => {
    let s = withLong();
    expect(
      run(s, req({ clientOrderId: 'sl', side: 'sell', type: 'stop_limit', quantity: 1, triggerPrice: 95, price: 94.5 }), [[100, 100, 94, 96]]),
    ).toMatchObject({ types: ['initialized', 'submitted', 'accepted', 'triggered', 'filled'], prices: [9450], liquidity: ['taker'] });
    s = withLong();
    const r = run(s, req({ clientOrderId: 'sl', side: 'sell', type: 'stop_limit', quantity: 1, triggerPrice: 95, price: 94.5 }), [[100, 100, 94.8, 96]]);
    expect(r).toMatchObject({ status: 'TRIGGERED', prices: [] });
    s.bar(2, 95, 96, 94, 95);
    expect(s.fills('sl').map((f) => [ticks(f.lastPrice), f.liquidity])).toEqual([[9450, 'maker']]);
    await booksAgree(s);
  });

  it('market_if_touched: sell fires at or above the trigger (at the open when the bar opens beyond it); buy at or below', async () => {
    let s = withLong();
    expect(run(s, req({ clientOrderId: 'tp', side: 'sell', type: 'market_if_touched', quantity: 1, triggerPrice: 105 }), [[100, 106, 99, 104]])).toMatchObject({
      types: ['initialized', 'submitted', 'accepted', 'triggered', 'filled'],
      prices: [10500],
    });
    s = withLong();
    expect(run(s, req({ clientOrderId: 'tp', side: 'sell', type: 'market_if_touched', quantity: 1, triggerPrice: 105 }), [[107, 108, 106, 107]]).prices).toEqual([10700]);
    s = withLong();
    expect(run(s, req({ clientOrderId: 'dip', side: 'buy', type: 'market_if_touched', quantity: 1, triggerPrice: 95 }), [[100, 100, 94, 96]]).prices).toEqual([9500]);
    await booksAgree(s);
  });

  it('limit_if_touched: trigger, then the limit rule on the same bar', async () => {
    let s = withLong();
    expect(
      run(s, req({ clientOrderId: 'lit', side: 'sell', type: 'limit_if_touched', quantity: 1, triggerPrice: 105, price: 104.5 }), [[100, 106, 99, 104]]),
    ).toMatchObject({ prices: [10450], status: 'FILLED' });
    s = withLong();
    expect(
      run(s, req({ clientOrderId: 'lit', side: 'buy', type: 'limit_if_touched', quantity: 1, triggerPrice: 95, price: 95.5 }), [[100, 100, 94, 96]]),
    ).toMatchObject({ prices: [9550], status: 'FILLED' });
    await booksAgree(s);
  });

  // Bar 1 (100, 101, 99.5, 100.5) ratchets the stop below 101; bar 2 (100.5, 103, 100.4, 102)
  // moves the best price to 103 and then tests the low 100.4 (Freqtrade: high first).
  const TRAIL_BARS: Array<[number, number, number, number]> = [
    [100, 101, 99.5, 100.5],
    [100.5, 103, 100.4, 102],
  ];

  it('trailing_stop_market sell with a price, bps and ticks offset: trigger = best - offset on the tick grid', async () => {
    const cases: Array<[Partial<OrderRequest>, number]> = [
      [{ trailingOffset: 2, trailingOffsetType: 'price' }, 10100], // 103 - 2
      [{ trailingOffset: 200, trailingOffsetType: 'bps' }, 10094], // 103 - 2.06
      [{ trailingOffset: 250, trailingOffsetType: 'ticks' }, 10050], // 103 - 2.50
    ];
    for (const [offset, cents] of cases) {
      const s = withLong();
      const r = run(s, req({ clientOrderId: 'ts', side: 'sell', type: 'trailing_stop_market', quantity: 1, ...offset }), TRAIL_BARS);
      expect(r, JSON.stringify(offset)).toMatchObject({ types: ['initialized', 'submitted', 'accepted', 'triggered', 'filled'], prices: [cents] });
      expect(ticks((s.last('ts') as { lastPrice: number }).lastPrice)).toBe(cents);
      await booksAgree(s);
    }
  });

  it('trailing_stop_market with an activation price: does not trail before the market reaches it', async () => {
    const s = withLong();
    const r = run(
      s,
      req({ clientOrderId: 'ts', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 2, trailingOffsetType: 'price', activationPrice: 103.5 }),
      TRAIL_BARS,
    );
    expect(r.status).toBe('ACCEPTED'); // the same bars fill it without activation (test above)
    s.bar(3, 102, 104, 101.9, 103); // activates at 104, stop 102, low 101.9
    expect(s.fills('ts').map((f) => ticks(f.lastPrice))).toEqual([10200]);
  });

  it('trailing_stop_limit sell: the limit is limitOffset below the trigger; fills at the limit', async () => {
    const s = withLong();
    const r = run(
      s,
      req({ clientOrderId: 'tsl', side: 'sell', type: 'trailing_stop_limit', quantity: 1, trailingOffset: 2, trailingOffsetType: 'price', limitOffset: 0.5 }),
      TRAIL_BARS,
    );
    expect(r).toMatchObject({ types: ['initialized', 'submitted', 'accepted', 'triggered', 'updated', 'filled'], prices: [10050] });
    expect(s.order('tsl')).toMatchObject({ triggerPrice: 101, price: 100.5 });
    await booksAgree(s);
  });

  it('trailing_stop_market buy trails the lowest price (above it)', async () => {
    const s = withLong();
    // bar 1: best 99 -> stop 101; bar 2: low 97 -> stop 99, high 99.5 reaches it.
    const r = run(s, req({ clientOrderId: 'tb', side: 'buy', type: 'trailing_stop_market', quantity: 1, trailingOffset: 2, trailingOffsetType: 'price' }), [
      [100, 100.5, 99, 99.5],
      [99.5, 99.5, 97, 98],
    ]);
    expect(r.prices).toEqual([9900]);
  });
});

describe('order types end to end, fill model ohlc_path', () => {
  it('limit marketable at the open fills at the open (better than the limit); a resting limit at its price', async () => {
    const s = withLong('ohlc_path');
    expect(run(s, req({ clientOrderId: 'x', side: 'buy', type: 'limit', quantity: 0.5, price: 101 }), [[100, 101.5, 99.5, 100]])).toMatchObject({
      prices: [10000],
      liquidity: ['taker'],
    });
    expect(run(s, req({ clientOrderId: 'b', side: 'buy', type: 'limit', quantity: 0.5, price: 98 }), [[100, 100.5, 97.5, 99]], 2)).toMatchObject({
      prices: [9800],
      liquidity: ['maker'],
    });
    await booksAgree(s);
  });

  it('stop gapped through at the open fills at the open, even when the bar trades back to the stop', async () => {
    const s = withLong('ohlc_path');
    expect(run(s, req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }), [[94, 96, 93, 95]]).prices).toEqual([9400]);
  });

  it('trailing stops follow the path: a bar that visits its low before its high does not hit the new stop', async () => {
    const s = withLong('ohlc_path');
    // Bar 2 walks 100.5 -> 100.4 (low first: nearer the open) -> 103 -> 102: the stop is still 99 at the low.
    const r = run(s, req({ clientOrderId: 'ts', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 2, trailingOffsetType: 'price' }), [
      [100, 101, 99.5, 100.5],
      [100.5, 103, 100.4, 102],
    ]);
    expect(r.status).toBe('ACCEPTED');
    expect((await s.venue.query('ts'))!.triggerPrice).toBe(101);
    s.bar(3, 102, 102.5, 100, 100.5); // high first (0.5 < 2), then down through 101
    expect(s.fills('ts').map((f) => ticks(f.lastPrice))).toEqual([10100]);
  });

  it('stop_limit released at its trigger fills at once if marketable there (taker), else when the path comes back (maker)', async () => {
    const s = withLong('ohlc_path');
    const r = run(s, req({ clientOrderId: 'sl', side: 'sell', type: 'stop_limit', quantity: 1, triggerPrice: 95, price: 95.5 }), [[97, 97.5, 94, 96]]);
    // Path 97 -> 97.5 -> 94 -> 96: triggers at 95, a sell limit 95.5 is not marketable at 95; it fills at 95.5 on the way back up.
    expect(r).toMatchObject({ prices: [9550], liquidity: ['maker'], status: 'FILLED' });
    expect(reasonOf(s.last('sl'))).toBeUndefined();
  });
});
