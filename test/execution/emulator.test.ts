import { describe, expect, it } from 'vitest';
import { SimClock } from '../../framework/core/clock.ts';
import { ExecutionEngine } from '../../framework/execution/execution-engine.ts';
import { highFirst, isTriggeredAt, trailingLimitPrice, trailingTrigger } from '../../framework/execution/trailing.ts';
import type { OrderRequest, OrderSide, OrderType } from '../../framework/execution/types.ts';
import { readBinance5m } from '../helpers/shared-data.ts';
import { BTC, ScriptedVenue, capabilities } from './helpers/scripted-venue.ts';

describe('trigger rules', () => {
  // [type, side, trigger, price, fires]
  const rows: Array<[OrderType, OrderSide, number, number, boolean]> = [];
  const stops: OrderType[] = ['stop_market', 'stop_limit', 'trailing_stop_market', 'trailing_stop_limit'];
  const touched: OrderType[] = ['market_if_touched', 'limit_if_touched'];
  for (const t of stops) {
    rows.push([t, 'buy', 100, 100.01, true], [t, 'buy', 100, 100, true], [t, 'buy', 100, 99.99, false]);
    rows.push([t, 'sell', 100, 99.99, true], [t, 'sell', 100, 100, true], [t, 'sell', 100, 100.01, false]);
  }
  for (const t of touched) {
    rows.push([t, 'buy', 100, 99.99, true], [t, 'buy', 100, 100, true], [t, 'buy', 100, 100.01, false]);
    rows.push([t, 'sell', 100, 100.01, true], [t, 'sell', 100, 100, true], [t, 'sell', 100, 99.99, false]);
  }
  it.each(rows)('%s %s trigger %d at price %d fires: %s', (type, side, trigger, price, fires) => {
    expect(isTriggeredAt(type, side, trigger, price, 0.01)).toBe(fires);
  });

  it('treats 0.1 + 0.2 as touching a 0.3 trigger', () => {
    expect(isTriggeredAt('stop_market', 'buy', 0.3, 0.1 + 0.2, 0.1)).toBe(true);
    expect(isTriggeredAt('stop_market', 'sell', 0.1 + 0.2, 0.3, 0.1)).toBe(true);
  });

  it('trailing arithmetic: price, bps and ticks offsets on the tick grid, rounded away from the market', () => {
    expect(trailingTrigger('sell', 100, 2.5, 'price', 0.01)).toBe(97.5);
    expect(trailingTrigger('buy', 100, 2.5, 'price', 0.01)).toBe(102.5);
    expect(trailingTrigger('sell', 100, 15, 'ticks', 0.01)).toBe(99.85);
    expect(trailingTrigger('sell', 123.45, 33, 'bps', 0.01)).toBe(123.04); // 123.45 * 0.0033 = 0.407... -> 123.0426 floored
    expect(trailingTrigger('buy', 123.45, 33, 'bps', 0.01)).toBe(123.86); // 123.8574 ceiled
    expect(trailingLimitPrice('sell', 97.5, 0.5, 'price', 0.01)).toBe(97);
    expect(trailingLimitPrice('buy', 102.5, 10, 'ticks', 0.01)).toBe(102.6);
  });

  it('visits the nearer extreme of a bar first (high on a tie)', () => {
    expect(highFirst(100, 101, 95)).toBe(true);
    expect(highFirst(100, 106, 99)).toBe(false);
    expect(highFirst(100, 102, 98)).toBe(true);
  });
});

function setup(orderTypes: OrderType[] = ['market', 'limit']) {
  const venue = new ScriptedVenue([{ ...BTC, minNotional: undefined }], capabilities(orderTypes));
  const clock = new SimClock(1_700_000_000_000);
  const engine = new ExecutionEngine({ venue, clock });
  const log: string[] = [];
  engine.subscribe((e) => log.push(e.type === 'updated' ? `updated:${e.triggerPrice}${e.price !== undefined ? `/${e.price}` : ''}` : e.type));
  return { venue, clock, engine, log };
}

function req(over: Partial<OrderRequest> & Pick<OrderRequest, 'type' | 'side'>): OrderRequest {
  return { clientOrderId: 'X', instrumentId: 'BTC/USDT', quantity: 0.5, ...over };
}

describe('emulated triggers (venue takes only market and limit)', () => {
  const cases: Array<{ type: OrderType; side: OrderSide; trigger: number; price?: number; quiet: number[]; fire: number; as: 'market' | 'limit' }> = [
    { type: 'stop_market', side: 'sell', trigger: 100, quiet: [101, 100.01, 150], fire: 99.99, as: 'market' },
    { type: 'stop_market', side: 'buy', trigger: 100, quiet: [99, 99.99, 50], fire: 100, as: 'market' },
    { type: 'stop_limit', side: 'buy', trigger: 100, price: 100.5, quiet: [99.5], fire: 100.2, as: 'limit' },
    { type: 'stop_limit', side: 'sell', trigger: 100, price: 99.5, quiet: [100.5], fire: 99.8, as: 'limit' },
    { type: 'market_if_touched', side: 'buy', trigger: 95, quiet: [100, 95.01], fire: 94, as: 'market' },
    { type: 'market_if_touched', side: 'sell', trigger: 105, quiet: [100, 104.99], fire: 105, as: 'market' },
    { type: 'limit_if_touched', side: 'buy', trigger: 95, price: 94.5, quiet: [96], fire: 95, as: 'limit' },
    { type: 'limit_if_touched', side: 'sell', trigger: 105, price: 105.5, quiet: [104], fire: 106, as: 'limit' },
  ];
  it.each(cases)('$type $side at $trigger: quiet at $quiet, fires at $fire as $as', (c) => {
    const { venue, engine, log } = setup();
    const o = engine.submit(req({ type: c.type, side: c.side, triggerPrice: c.trigger, price: c.price }));
    expect(o.status).toBe('EMULATED');
    expect(venue.submits).toHaveLength(0);
    for (const p of c.quiet) engine.onPrice('BTC/USDT', p);
    expect(o.status).toBe('EMULATED');
    engine.onPrice('BTC/USDT', c.fire);
    expect(o.status).toBe('ACCEPTED');
    expect(log).toEqual(['initialized', 'emulated', 'released', 'submitted', 'accepted']);
    expect(o.events.find((e) => e.type === 'released')).toMatchObject({ releasedPrice: c.fire });
    const sent = venue.submits[0]!;
    expect(sent).toMatchObject({ clientOrderId: 'X', type: c.as, side: c.side, quantity: 0.5 });
    expect(sent.triggerPrice).toBeUndefined();
    expect(sent.price).toBe(c.as === 'limit' ? c.price : undefined);
    expect(o.venueRequest).toBe(sent);
    expect(o.type).toBe(c.type);
    expect(engine.emulatedOrders()).toHaveLength(0);
  });

  it('emulate: true holds a stop the venue supports natively', () => {
    const { venue, engine } = setup(['market', 'limit', 'stop_market']);
    const native = engine.submit(req({ clientOrderId: 'N', type: 'stop_market', side: 'sell', triggerPrice: 90 }));
    const emulated = engine.submit(req({ clientOrderId: 'E', type: 'stop_market', side: 'sell', triggerPrice: 90, emulate: true }));
    expect([native.status, emulated.status]).toEqual(['ACCEPTED', 'EMULATED']);
    expect(venue.submits.map((r) => [r.clientOrderId, r.type])).toEqual([['N', 'stop_market']]);
  });

  it('cancel and modify of an emulated order happen in the engine', () => {
    const { venue, engine } = setup();
    const o = engine.submit(req({ type: 'stop_market', side: 'sell', triggerPrice: 100 }));
    engine.modify('X', { triggerPrice: 95 });
    expect([o.status, o.triggerPrice]).toEqual(['EMULATED', 95]);
    engine.onPrice('BTC/USDT', 99);
    expect(o.status).toBe('EMULATED');
    engine.cancel('X');
    expect(o.status).toBe('CANCELED');
    engine.onPrice('BTC/USDT', 90);
    expect(o.status).toBe('CANCELED');
    expect(venue.submits).toHaveLength(0);
    expect(venue.cancels).toHaveLength(0);
    expect(engine.emulatedOrders()).toHaveLength(0);
  });

  it('a GTD emulated order expires in the engine at its expire time', () => {
    const { clock, engine } = setup();
    const o = engine.submit(req({ type: 'stop_market', side: 'sell', triggerPrice: 100, timeInForce: 'GTD', expireTime: clock.now() + 60_000 }));
    clock.advanceTo(clock.now() + 59_999);
    expect(o.status).toBe('EMULATED');
    clock.advanceTo(clock.now() + 1);
    expect(o.status).toBe('EXPIRED');
    engine.onPrice('BTC/USDT', 50);
    expect(o.status).toBe('EXPIRED');
  });

  it('bars: gaps release at the open, moves inside the bar at the trigger', () => {
    const { engine } = setup();
    const gap = engine.submit(req({ clientOrderId: 'G', type: 'stop_market', side: 'sell', triggerPrice: 100 }));
    const inside = engine.submit(req({ clientOrderId: 'I', type: 'stop_market', side: 'buy', triggerPrice: 103 }));
    engine.onBar('BTC/USDT', 98, 104, 97, 101);
    expect(gap.events.find((e) => e.type === 'released')).toMatchObject({ releasedPrice: 98 });
    expect(inside.events.find((e) => e.type === 'released')).toMatchObject({ releasedPrice: 103 });
  });

  it('bars: the path order decides which of two triggers fires first', () => {
    // Open 100, high 101 (nearer), low 95: the buy stop at 101 fires before the sell stop at 96.
    const a = setup();
    a.engine.submit(req({ clientOrderId: 'S', type: 'stop_market', side: 'sell', triggerPrice: 96 }));
    a.engine.submit(req({ clientOrderId: 'B', type: 'stop_market', side: 'buy', triggerPrice: 101 }));
    a.engine.onBar('BTC/USDT', 100, 101, 95, 99);
    expect(a.venue.submits.map((r) => r.clientOrderId)).toEqual(['B', 'S']);
    // Open 100, low 99 (nearer), high 105: the sell stop fires first.
    const b = setup();
    b.engine.submit(req({ clientOrderId: 'B', type: 'stop_market', side: 'buy', triggerPrice: 104 }));
    b.engine.submit(req({ clientOrderId: 'S', type: 'stop_market', side: 'sell', triggerPrice: 99 }));
    b.engine.onBar('BTC/USDT', 100, 105, 99, 104);
    expect(b.venue.submits.map((r) => r.clientOrderId)).toEqual(['S', 'B']);
  });
});

describe('trailing stops (emulated)', () => {
  it('sell, price offset: the trigger follows the high and never moves down; fires on the pullback', () => {
    const { venue, engine, log } = setup();
    const o = engine.submit(req({ type: 'trailing_stop_market', side: 'sell', trailingOffset: 2, trailingOffsetType: 'price' }));
    const path = [100, 101, 103, 102, 101.5, 104, 103, 102.01];
    const triggers: Array<number | undefined> = [];
    for (const p of path) {
      engine.onPrice('BTC/USDT', p);
      triggers.push(o.triggerPrice);
    }
    expect(triggers).toEqual([98, 99, 101, 101, 101, 102, 102, 102]);
    expect(o.status).toBe('EMULATED');
    engine.onPrice('BTC/USDT', 102);
    expect(o.status).toBe('ACCEPTED');
    expect(venue.submits[0]).toMatchObject({ type: 'market', side: 'sell' });
    expect(log.filter((l) => l.startsWith('updated'))).toEqual(['updated:98', 'updated:99', 'updated:101', 'updated:102']);
  });

  it('buy, ticks offset: the trigger follows the low and never moves up; fires on the bounce', () => {
    const { engine } = setup();
    const o = engine.submit(req({ type: 'trailing_stop_market', side: 'buy', trailingOffset: 50, trailingOffsetType: 'ticks' }));
    const triggers: Array<number | undefined> = [];
    for (const p of [100, 99, 97.2, 97.5, 96.9, 97.3]) {
      engine.onPrice('BTC/USDT', p);
      triggers.push(o.triggerPrice);
    }
    expect(triggers).toEqual([100.5, 99.5, 97.7, 97.7, 97.4, 97.4]);
    expect(o.status).toBe('EMULATED');
    engine.onPrice('BTC/USDT', 97.41);
    expect(o.status).toBe('ACCEPTED');
  });

  it('bps offset and an initial trigger: a looser computed trigger does not replace a tighter given one', () => {
    const { engine } = setup();
    const o = engine.submit(req({ type: 'trailing_stop_market', side: 'sell', triggerPrice: 99.5, trailingOffset: 100, trailingOffsetType: 'bps' }));
    engine.onPrice('BTC/USDT', 100); // 1% below 100 = 99 < 99.5: keep 99.5
    expect(o.triggerPrice).toBe(99.5);
    engine.onPrice('BTC/USDT', 101); // 101 - 1.01 = 99.99 > 99.5
    expect(o.triggerPrice).toBe(99.99);
    engine.onPrice('BTC/USDT', 99.99);
    expect(o.status).toBe('ACCEPTED');
  });

  it('activation price: no trailing until the market reaches it', () => {
    const { engine } = setup();
    const o = engine.submit(req({ type: 'trailing_stop_market', side: 'sell', trailingOffset: 1, trailingOffsetType: 'price', activationPrice: 105 }));
    for (const p of [100, 90, 104.99]) engine.onPrice('BTC/USDT', p);
    expect([o.status, o.triggerPrice, o.trailingActivated]).toEqual(['EMULATED', undefined, false]);
    engine.onPrice('BTC/USDT', 105);
    expect([o.triggerPrice, o.trailingActivated]).toEqual([104, true]);
    engine.onPrice('BTC/USDT', 107);
    expect(o.triggerPrice).toBe(106);
    engine.onPrice('BTC/USDT', 106);
    expect(o.status).toBe('ACCEPTED');
  });

  it('buy activation works the other way: trailing starts when the market falls to it', () => {
    const { engine } = setup();
    const o = engine.submit(req({ type: 'trailing_stop_market', side: 'buy', trailingOffset: 1, trailingOffsetType: 'price', activationPrice: 95 }));
    engine.onPrice('BTC/USDT', 100);
    engine.onPrice('BTC/USDT', 110);
    expect(o.triggerPrice).toBeUndefined();
    engine.onPrice('BTC/USDT', 94);
    expect(o.triggerPrice).toBe(95);
  });

  it('trailing_stop_limit keeps its limit at limitOffset beyond the trigger and is released as that limit', () => {
    const { venue, engine, log } = setup();
    const o = engine.submit(
      req({ type: 'trailing_stop_limit', side: 'sell', trailingOffset: 2, trailingOffsetType: 'price', limitOffset: 0.5 }),
    );
    engine.onPrice('BTC/USDT', 100);
    expect([o.triggerPrice, o.price]).toEqual([98, 97.5]);
    engine.onPrice('BTC/USDT', 110);
    expect([o.triggerPrice, o.price]).toEqual([108, 107.5]);
    engine.onPrice('BTC/USDT', 107.9);
    expect(venue.submits[0]).toMatchObject({ type: 'limit', price: 107.5, side: 'sell', quantity: 0.5 });
    expect(log).toContain('updated:108/107.5');
  });

  it('on bars, the trigger ratchets at the extremes along the path and fires on the way back', () => {
    // Open 100 -> high 104 (a tie: high first) -> low 96 -> close 97: the trigger rises to 102 at the
    // high, and the fall to the low crosses it, so the order is released at 102.
    const { venue, engine } = setup();
    const o = engine.submit(req({ type: 'trailing_stop_market', side: 'sell', trailingOffset: 2, trailingOffsetType: 'price' }));
    engine.onBar('BTC/USDT', 100, 104, 96, 97);
    expect(o.triggerPrice).toBe(102);
    expect(o.events.find((e) => e.type === 'released')).toMatchObject({ releasedPrice: 102 });
    expect(venue.submits).toHaveLength(1);
    // Low first: open 100 -> low 99 -> high 103 -> close 103: trigger 97 then 101; never crossed.
    const b = setup();
    const p = b.engine.submit(req({ type: 'trailing_stop_market', side: 'sell', trailingOffset: 2, trailingOffsetType: 'price' }));
    b.engine.onBar('BTC/USDT', 100, 103, 99, 103);
    expect([p.status, p.triggerPrice]).toEqual(['EMULATED', 101]);
  });
});

describe('trailing stop on real candles (BTC/USDT 5m 2023)', () => {
  const candles = readBinance5m('BTC');

  /** Independent reference: walk each bar's path, ratchet the highest price seen, fire when crossed. */
  function reference(startBar: number, offsetBps: number): { bar: number; trigger: number } {
    let high = -Infinity;
    let trigger = -Infinity;
    for (let i = startBar; i < candles.timestamp.length; i++) {
      const o = candles.open[i]!;
      const h = candles.high[i]!;
      const l = candles.low[i]!;
      const path = h - o <= o - l ? [o, h, l, candles.close[i]!] : [o, l, h, candles.close[i]!];
      for (const p of path) {
        if (p > high) high = p;
        const t = Math.floor(Math.round((high * (1 - offsetBps / 10_000)) / 0.01 * 1e6) / 1e6) * 0.01;
        if (t > trigger + 1e-9) trigger = Number(t.toFixed(2));
        if (p <= trigger + 1e-8) return { bar: i, trigger };
      }
    }
    return { bar: -1, trigger };
  }

  it.each([
    [0, 50],
    [1000, 100],
    [50_000, 200],
    [90_000, 35],
  ])('from bar %d with a %d bps trail, releases on the same bar and at the same trigger as the reference', (start, bps) => {
    const { venue, engine } = setup();
    const o = engine.submit(req({ type: 'trailing_stop_market', side: 'sell', trailingOffset: bps, trailingOffsetType: 'bps' }));
    const expected = reference(start, bps);
    expect(expected.bar).toBeGreaterThan(start);
    let releasedAt = -1;
    for (let i = start; i < candles.timestamp.length && releasedAt < 0; i++) {
      engine.onBar('BTC/USDT', candles.open[i]!, candles.high[i]!, candles.low[i]!, candles.close[i]!, candles.timestamp[i]!);
      if (o.status !== 'EMULATED') releasedAt = i;
    }
    expect(releasedAt).toBe(expected.bar);
    expect(o.triggerPrice).toBe(expected.trigger);
    expect(venue.submits).toHaveLength(1);
    expect(o.events.find((e) => e.type === 'released')?.ts).toBe(candles.timestamp[expected.bar]);
  });
});
