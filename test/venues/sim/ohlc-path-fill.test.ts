import { describe, expect, it } from 'vitest';
import { MIN, T0, req, setup, ticks } from './helpers.ts';

const path = { fill_model: 'ohlc_path' } as const;

describe('fill model "ohlc_path"', () => {
  it('walks open -> nearer extreme -> other extreme -> close; fills carry the time along the path', async () => {
    const s = setup({ config: path, barMs: MIN });
    await s.venue.submit(req({ clientOrderId: 'sell103', side: 'sell', type: 'limit', quantity: 1, price: 103 }));
    await s.venue.submit(req({ clientOrderId: 'buy99', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    // low is nearer (2 < 4): 100 -> 98 -> 104 -> 101, path length 2 + 6 + 3 = 11
    s.bar(0, 100, 104, 98, 101);
    const fills = s.events.filter((e) => e.type === 'filled');
    expect(fills.map((e) => e.clientOrderId)).toEqual(['buy99', 'sell103']);
    expect(s.fills('buy99')[0]!.ts).toBeCloseTo(T0 + (MIN * 1) / 11, 6);
    expect(s.fills('sell103')[0]!.ts).toBeCloseTo(T0 + (MIN * 7) / 11, 6);
    expect(s.fills('buy99')[0]!.liquidity).toBe('maker');
  });

  it('an equal distance to both extremes goes to the high first', async () => {
    const s = setup({ config: path });
    await s.venue.submit(req({ clientOrderId: 'buy', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    await s.venue.submit(req({ clientOrderId: 'sell', side: 'sell', type: 'limit', quantity: 1, price: 101 }));
    s.bar(0, 100, 102, 98, 100);
    expect(s.events.filter((e) => e.type === 'filled').map((e) => e.clientOrderId)).toEqual(['sell', 'buy']);
    expect(s.fills('sell')[0]!.ts).toBe(T0); // no bar duration given: everything at the open time
  });

  it('a resting limit gapped through fills at the open (better than its limit), as maker; freqtrade would not fill it', async () => {
    for (const fill_model of ['ohlc_path', 'freqtrade'] as const) {
      const s = setup({ config: { fill_model } });
      await s.venue.submit(req({ clientOrderId: 'r', side: 'buy', type: 'limit', quantity: 1, price: 100 }));
      s.bar(0, 105, 106, 104, 105);
      s.bar(1, 95, 97, 94, 96);
      if (fill_model === 'ohlc_path') {
        expect(ticks(s.fills('r')[0]!.lastPrice)).toBe(ticks(95));
        expect(s.fills('r')[0]!.liquidity).toBe('maker');
      } else {
        expect(s.fills('r')).toHaveLength(0);
      }
    }
  });

  it('a sell stop gapped through fills at the open (freqtrade: at the stop, since the high reaches it)', async () => {
    const prices: Record<string, number> = {};
    for (const fill_model of ['ohlc_path', 'freqtrade'] as const) {
      const s = setup({ config: { fill_model } });
      await s.venue.submit(req({ clientOrderId: 'st', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 95 }));
      s.bar(0, 94, 96, 93, 95);
      prices[fill_model] = ticks(s.fills('st')[0]!.lastPrice);
    }
    expect(prices).toEqual({ ohlc_path: ticks(94), freqtrade: ticks(95) });
  });

  it('stop_limit: triggered on the way down, rests (limit above the trigger), fills on the way back up as maker', async () => {
    const s = setup({ config: path });
    await s.venue.submit(req({ clientOrderId: 'sl', side: 'sell', type: 'stop_limit', quantity: 1, triggerPrice: 95, price: 96 }));
    // high nearer (1 < 6): 100 -> 101 -> 94 -> 97
    s.bar(0, 100, 101, 94, 97);
    expect(s.types('sl')).toEqual(['accepted', 'triggered', 'filled']);
    const f = s.fills('sl')[0]!;
    expect(ticks(f.lastPrice)).toBe(ticks(96));
    expect(f.liquidity).toBe('maker');
  });

  it('stop_limit released where its limit is marketable fills at the trigger as taker', async () => {
    const s = setup({ config: path });
    await s.venue.submit(req({ clientOrderId: 'sl', side: 'sell', type: 'stop_limit', quantity: 1, triggerPrice: 95, price: 94.5 }));
    s.bar(0, 100, 101, 94, 97);
    const f = s.fills('sl')[0]!;
    expect(ticks(f.lastPrice)).toBe(ticks(95));
    expect(f.liquidity).toBe('taker');
  });

  it('trailing stop ratchets along the path: low first means the stop is hit before the high is made', async () => {
    const prices: Record<string, number> = {};
    for (const fill_model of ['ohlc_path', 'freqtrade'] as const) {
      const s = setup({ config: { fill_model } });
      await s.venue.submit(req({ clientOrderId: 'tr', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 3 }));
      s.bar(0, 100, 110, 95, 108); // path: 100 -> 95 (nearer) -> 110 -> 108
      prices[fill_model] = ticks(s.fills('tr')[0]!.lastPrice);
    }
    // path: trigger 97 from the open, touched on the way down; freqtrade: ratchet to 110 first -> 107
    expect(prices).toEqual({ ohlc_path: ticks(97), freqtrade: ticks(107) });
  });

  it('trailing stop activates where the path reaches the activation price, then trails the high', async () => {
    const s = setup({ config: path });
    await s.venue.submit(
      req({ clientOrderId: 'tr', side: 'sell', type: 'trailing_stop_market', quantity: 1, trailingOffset: 2, activationPrice: 105 }),
    );
    s.bar(0, 100, 106, 99, 103); // 100 -> 99 -> 106 -> 103: active at 105, best 106, trigger 104
    expect(ticks(s.fills('tr')[0]!.lastPrice)).toBe(ticks(104));
  });

  it('trailing_stop_limit: limit = trigger - limitOffset at the trigger; the updated event reports it', async () => {
    const s = setup({ config: path });
    await s.venue.submit(
      req({ clientOrderId: 'tl', side: 'sell', type: 'trailing_stop_limit', quantity: 1, trailingOffset: 2, limitOffset: 1 }),
    );
    s.bar(0, 100, 100.5, 96, 99.5); // high first: best 100.5, trigger 98.5, limit 97.5; touched at 98.5: marketable
    expect(s.types('tl')).toEqual(['accepted', 'triggered', 'updated', 'filled']);
    const up = s.of('tl')[2]!;
    expect(up.type === 'updated' && up.price).toBe(97.5);
    expect(ticks(s.fills('tl')[0]!.lastPrice)).toBe(ticks(98.5));
  });

  it('market_if_touched buy fills at its trigger on the way down', async () => {
    const s = setup({ config: path });
    await s.venue.submit(req({ clientOrderId: 'mit', side: 'buy', type: 'market_if_touched', quantity: 1, triggerPrice: 98 }));
    s.bar(0, 100, 101, 97, 99);
    expect(ticks(s.fills('mit')[0]!.lastPrice)).toBe(ticks(98));
  });

  it('orders touched at the same price trade in arrival order', async () => {
    const s = setup({ config: path });
    await s.venue.submit(req({ clientOrderId: 'first', side: 'sell', type: 'limit', quantity: 1, price: 102 }));
    await s.venue.submit(req({ clientOrderId: 'second', side: 'sell', type: 'limit', quantity: 1, price: 102 }));
    s.bar(0, 100, 103, 99.5, 101);
    expect(s.events.filter((e) => e.type === 'filled').map((e) => e.clientOrderId)).toEqual(['first', 'second']);
  });

  it('an order placed from a fill event joins the walk at that point', async () => {
    const s = setup({ config: path });
    s.venue.subscribe((e) => {
      if (e.type === 'filled' && e.clientOrderId === 'entry') {
        void s.venue.submit(req({ clientOrderId: 'tp', side: 'sell', type: 'limit', quantity: 1, price: 103 }));
        void s.venue.submit(req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 97 }));
      }
    });
    await s.venue.submit(req({ clientOrderId: 'entry', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    s.bar(0, 100, 104, 98, 101); // 100 -> 98 (entry at 99) -> 104 (tp at 103) -> 101
    expect(ticks(s.fills('entry')[0]!.lastPrice)).toBe(ticks(99));
    expect(ticks(s.fills('tp')[0]!.lastPrice)).toBe(ticks(103));
    expect(s.fills('sl')).toHaveLength(0); // the path after the entry never came back to 97
    expect(s.types('sl')).toEqual(['accepted']);
  });

  it('IOC gets one chance at its first price: the open (freqtrade: its first bar)', async () => {
    for (const fill_model of ['ohlc_path', 'freqtrade'] as const) {
      const s = setup({ config: { fill_model } });
      await s.venue.submit(req({ clientOrderId: 'ioc', side: 'buy', type: 'limit', quantity: 1, price: 99, timeInForce: 'IOC' }));
      s.bar(0, 100, 101, 98, 100);
      if (fill_model === 'ohlc_path') {
        expect(s.types('ioc')).toEqual(['canceled']);
      } else {
        expect(s.types('ioc')).toEqual(['accepted', 'filled']);
      }
    }
  });
});
