/**
 * Determinism: the same inputs give the same event log, byte for byte - client order ids,
 * venue order ids, trade ids, times, prices, fees and the order of events - with latency,
 * partial fills, contingencies and emulation all in play.
 */
import { describe, expect, it } from 'vitest';
import { MIN, T0, req, stack } from './stack.ts';

function scenario(): { log: string; balances: string; ids: string[] } {
  const s = stack({
    config: { fill_model: 'ohlc_path', latency: { order_ms: 150, ack_ms: 40, cancel_ms: 90 }, participation: { max_ratio: 0.002 }, slippage: { model: 'fixed_bps', bps: 3 } },
    capabilities: { orderTypes: ['market', 'limit', 'stop_market', 'stop_limit'] },
  });
  const id = () => s.engine.ids.next('S');
  const entry = id();
  const tp = id();
  const sl = id();
  s.engine.submitBracket({
    entry: req({ clientOrderId: entry, side: 'buy', type: 'limit', quantity: 2, price: 100 }),
    takeProfit: req({ clientOrderId: tp, side: 'sell', type: 'limit', quantity: 2, price: 104 }),
    stopLoss: req({ clientOrderId: sl, side: 'sell', type: 'trailing_stop_market', quantity: 2, trailingOffset: 150, trailingOffsetType: 'bps' }),
  });
  const dip = id();
  s.engine.submit(req({ clientOrderId: dip, side: 'buy', type: 'market_if_touched', quantity: 1, triggerPrice: 97 })); // emulated
  // A deterministic but irregular path.
  let p = 100;
  for (let i = 0; i < 40; i++) {
    const o = p;
    const h = o + ((i * 37) % 11) / 10 + 0.3;
    const l = o - ((i * 53) % 13) / 10 - 0.2;
    const c = Math.round((l + ((i * 29) % 7) / 7 * (h - l)) * 100) / 100;
    s.bar(i, o, Math.round(h * 100) / 100, Math.round(l * 100) / 100, c, 500 + ((i * 71) % 300));
    if (i === 10) s.engine.modify(tp, { price: 103.5 });
    if (i === 20) s.engine.cancel(dip);
    p = c;
  }
  s.clock.advanceTo(T0 + 41 * MIN);
  return {
    log: JSON.stringify(s.log),
    balances: JSON.stringify([s.portfolio.balances(), s.portfolio.positions().map((x) => x.snapshot())]),
    ids: [entry, tp, sl, dip],
  };
}

describe('determinism', () => {
  it('the same run twice gives identical event logs and books', () => {
    const a = scenario();
    const b = scenario();
    expect(a.ids).toEqual(['IT-S-1', 'IT-S-2', 'IT-S-3', 'IT-S-4']);
    expect(a.log.length).toBeGreaterThan(1_000); // a real run: many events
    expect(JSON.parse(a.log).filter((e: { type: string }) => e.type === 'filled').length).toBeGreaterThan(2);
    expect(b.log).toBe(a.log);
    expect(b.balances).toBe(a.balances);
  });
});
