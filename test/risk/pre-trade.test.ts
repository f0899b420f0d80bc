import { describe, expect, it } from 'vitest';
import { RISK_REASONS } from '../../framework/risk/reasons.ts';
import { MIN, T0, rig } from './helpers.ts';

/** Prices: BTC 20 000, ETH 2 000 at minute 0; the wallet holds coins too, so spot sells can open "shorts". */
function priced(opts: Parameters<typeof rig>[0] = {}) {
  const r = rig({ balances: { USDT: 100_000, BTC: 10, ETH: 100 }, ...opts });
  r.tick(0, 20_000);
  r.tick(0, 2_000, 'ETH/USDT');
  r.cycle();
  return r;
}

describe('pre-trade checks: max notional per order', () => {
  it('denies an order above max_order_notional (market orders valued at the last price) and passes one at the limit', () => {
    const r = priced({ risk: { max_order_notional: 30_000 } });
    expect(r.order({ side: 'buy', quantity: 1.5 }).status).toBe('ACCEPTED'); // 30 000: at the limit
    const big = r.order({ side: 'buy', quantity: 1.6 });
    expect(big.status).toBe('DENIED');
    expect(r.denial(big)).toEqual({
      reason: RISK_REASONS.MAX_NOTIONAL,
      message: `order ${big.clientOrderId}: notional 32000 (1.6 x 20000) is above max_order_notional 30000`,
    });
    const limit = r.order({ side: 'buy', type: 'limit', quantity: 2, price: 14_000 }); // 28 000 at its own price
    expect(limit.status).toBe('ACCEPTED');
    expect(r.risk.denialCounts()).toEqual({ RISK_MAX_NOTIONAL: 1 });
  });

  it('denies a market order whose notional cannot be known (no price yet) with RISK_NO_PRICE', () => {
    const r = rig({ risk: { max_order_notional: 30_000 } });
    const o = r.order({ side: 'buy', quantity: 1 });
    expect(r.denial(o)?.reason).toBe(RISK_REASONS.NO_PRICE);
    expect(r.denial(o)?.message).toContain('no last price for BTC/USDT');
  });
});

describe('pre-trade checks: position per pair', () => {
  it('max_position_quantity counts the position, open orders on the same side and the new order', () => {
    const r = priced({ risk: { max_position_quantity: { 'BTC/USDT': 1, '*': 10 } } });
    r.open('buy', 0.6);
    expect(r.position()).toBe(0.6);
    const rest = r.order({ side: 'buy', type: 'limit', quantity: 0.4, price: 19_000 });
    expect(rest.status).toBe('ACCEPTED'); // 0.6 + 0.4 = 1: at the limit
    const more = r.order({ side: 'buy', quantity: 0.001 });
    expect(r.denial(more)).toEqual({
      reason: RISK_REASONS.MAX_POSITION,
      message: `order ${more.clientOrderId}: the account position in BTC/USDT could reach 1.001 (position 0.6, open buys 0.4, this order 0.001); max_position_quantity is 1`,
    });
    // Reducing orders are never limited; ETH falls under '*'.
    expect(r.order({ side: 'sell', quantity: 0.6 }).status).toBe('ACCEPTED');
    expect(r.order({ side: 'buy', quantity: 10, instrumentId: 'ETH/USDT' }).status).toBe('ACCEPTED');
    expect(r.denial(r.order({ side: 'buy', quantity: 0.001, instrumentId: 'ETH/USDT' }))?.reason).toBe(RISK_REASONS.MAX_POSITION);
    // A modify that adds quantity is checked for what it adds; one that shrinks passes.
    r.engine.modify(rest.clientOrderId, { quantity: 0.5 });
    expect(rest.events.at(-1)).toMatchObject({ type: 'modify_rejected', reason: RISK_REASONS.MAX_POSITION });
    r.engine.modify(rest.clientOrderId, { quantity: 0.3 });
    expect(rest.quantity).toBe(0.3);
    // Canceling the resting buy frees its room.
    r.engine.cancel(rest.clientOrderId);
    expect(r.order({ side: 'buy', quantity: 0.4 }).status).toBe('ACCEPTED');
  });

  it('max_position_notional applies to shorts as well, and a sell that flips a long counts only past zero', () => {
    const r = priced({ risk: { max_position_notional: 30_000 } });
    r.open('buy', 1); // 20 000 long
    expect(r.order({ side: 'buy', quantity: 0.5 }).status).toBe('ACCEPTED'); // 1.5 x 20 000 = 30 000
    const flip = r.order({ side: 'sell', quantity: 3.5 }); // from +1 (+0.5 pending buy does not count for sells) to -2.5 = 50 000 short
    expect(r.denial(flip)?.reason).toBe(RISK_REASONS.MAX_POSITION);
    expect(r.denial(flip)?.message).toContain('could reach a notional of 50000 (2.5 x 20000); max_position_notional is 30000');
    expect(r.order({ side: 'sell', quantity: 2.5 }).status).toBe('ACCEPTED'); // to -1.5 = 30 000
  });
});

describe('pre-trade checks: total exposure', () => {
  it('max_total_exposure sums |position| notional over pairs, open orders included', () => {
    const r = priced({ risk: { max_total_exposure: 35_000 } });
    r.open('buy', 1); // BTC 20 000
    r.open('buy', 5, { instrumentId: 'ETH/USDT' }); // ETH 10 000
    expect(r.order({ side: 'buy', type: 'limit', quantity: 2, price: 2_000, instrumentId: 'ETH/USDT' }).status).toBe('ACCEPTED'); // 34 000
    const o = r.order({ side: 'buy', quantity: 0.1 }); // + 2 000
    expect(r.denial(o)).toEqual({
      reason: RISK_REASONS.MAX_EXPOSURE,
      message: `order ${o.clientOrderId}: the account exposure would reach 36000 with this order; max_total_exposure is 35000`,
    });
    expect(r.order({ side: 'buy', quantity: 0.05 }).status).toBe('ACCEPTED'); // 35 000
  });

  it('max_exposure_ratio compares with the equity of the portfolio', () => {
    const r = priced({ balances: { USDT: 100_000 }, risk: { max_exposure_ratio: 0.5 } }); // equity 100 000 -> 50 000
    r.open('buy', 2); // 40 000
    r.cycle();
    const o = r.order({ side: 'buy', quantity: 0.6 }); // 52 000
    expect(r.denial(o)?.reason).toBe(RISK_REASONS.MAX_EXPOSURE);
    expect(r.denial(o)?.message).toMatch(/exposure would reach 52000 = 52% of equity 100000; max_exposure_ratio is 50%$/);
    expect(r.order({ side: 'buy', quantity: 0.5 }).status).toBe('ACCEPTED');
  });
});

describe('pre-trade checks: open trades', () => {
  it('max_open_trades counts pairs with a position or a pending entry', () => {
    const r = priced({ risk: { max_open_trades: 1 } });
    const entry = r.order({ side: 'buy', type: 'limit', quantity: 1, price: 19_000 });
    expect(entry.status).toBe('ACCEPTED');
    expect(r.order({ side: 'buy', quantity: 0.5 }).status).toBe('ACCEPTED'); // same pair: not a new trade
    const eth = r.order({ side: 'buy', quantity: 1, instrumentId: 'ETH/USDT' });
    expect(r.denial(eth)).toEqual({
      reason: RISK_REASONS.MAX_OPEN_TRADES,
      message: `order ${eth.clientOrderId}: the account already has 1 open trade(s) and this order would open another on ETH/USDT; max_open_trades is 1`,
    });
    r.engine.cancelAll();
    expect(r.order({ side: 'buy', quantity: 1, instrumentId: 'ETH/USDT' }).status).toBe('ACCEPTED');
  });

  it('uses the engine count when a callback is given', () => {
    let open = 0;
    const r = priced({ risk: { max_open_trades: 2 }, riskOptions: { openTrades: () => open } });
    open = 1;
    expect(r.order({ side: 'buy', quantity: 1 }).status).toBe('ACCEPTED');
    open = 2;
    expect(r.denial(r.order({ side: 'buy', quantity: 1, instrumentId: 'ETH/USDT' }))?.reason).toBe(RISK_REASONS.MAX_OPEN_TRADES);
  });
});

describe('pre-trade checks: fat-finger price deviation', () => {
  it('denies a limit price too far from the last price, in bps; market orders and stops are not judged by it', () => {
    const r = priced({ risk: { max_price_deviation_bps: 100 } });
    expect(r.order({ side: 'buy', type: 'limit', quantity: 0.1, price: 20_150 }).status).toBe('ACCEPTED'); // 75 bps
    expect(r.order({ side: 'sell', type: 'limit', quantity: 0.1, price: 19_800 }).status).toBe('ACCEPTED'); // 100 bps: at the limit
    const fat = r.order({ side: 'buy', type: 'limit', quantity: 0.1, price: 22_000 });
    expect(r.denial(fat)).toEqual({
      reason: RISK_REASONS.PRICE_DEVIATION,
      message: `order ${fat.clientOrderId}: limit price 22000 is 1000 bps from the last price 20000 of BTC/USDT (limit 100 bps)`,
    });
    expect(r.order({ side: 'buy', quantity: 0.1 }).status).toBe('ACCEPTED');
    expect(r.order({ side: 'sell', type: 'stop_market', quantity: 0.1, triggerPrice: 15_000 }).status).not.toBe('DENIED');
  });

  it('checks a modified limit price too', () => {
    const r = priced({ risk: { max_price_deviation_bps: 100 } });
    const o = r.order({ side: 'buy', type: 'limit', quantity: 0.1, price: 19_900 });
    r.engine.modify(o.clientOrderId, { price: 10_000 });
    expect(o.events.at(-1)).toMatchObject({ type: 'modify_rejected', reason: RISK_REASONS.PRICE_DEVIATION });
    r.engine.modify(o.clientOrderId, { price: 19_950 });
    expect(o.price).toBe(19_950);
  });
});

describe('pre-trade checks: available balance', () => {
  it('reserves on submit, denies what the free balance cannot cover, releases on cancel, rejection and fills', () => {
    const r = priced({ balances: { USDT: 100_000 } });
    const pf = r.portfolio!;
    const a = r.order({ side: 'buy', type: 'limit', quantity: 4, price: 20_000 }); // 80 000 + 0.1% fee = 80 080
    expect(a.status).toBe('ACCEPTED');
    expect(pf.locked('USDT')).toBeCloseTo(80_080, 6);
    const b = r.order({ side: 'buy', type: 'limit', quantity: 1, price: 20_000 }); // needs 20 020, free 19 920
    expect(r.denial(b)).toEqual({
      reason: RISK_REASONS.INSUFFICIENT_BALANCE,
      message: `order ${b.clientOrderId}: needs 20020 USDT (buy 1 BTC at 20000) but only 19920 USDT is free`,
    });
    // A partial fill frees its share: half filled -> half of the reservation left.
    r.fill(a, 2, 20_000);
    expect(pf.locked('USDT')).toBeCloseTo(40_040, 6);
    r.engine.cancel(a.clientOrderId);
    expect(pf.locked('USDT')).toBe(0);
    const c = r.order({ side: 'buy', type: 'limit', quantity: 1, price: 20_000 });
    expect(c.status).toBe('ACCEPTED');
    r.hand!.reject(c.clientOrderId);
    expect(c.status).toBe('REJECTED');
    expect(pf.locked('USDT')).toBe(0);
    // Selling what is held reserves nothing (it reduces), a spot "short" needs the base currency.
    expect(r.order({ side: 'sell', type: 'limit', quantity: 2, price: 21_000 }).status).toBe('ACCEPTED');
    expect(r.denial(r.order({ side: 'sell', type: 'limit', quantity: 0.5, price: 21_000, instrumentId: 'ETH/USDT' }))?.reason).toBe(
      RISK_REASONS.INSUFFICIENT_BALANCE,
    );
  });

  it('check_balance: false reserves nothing', () => {
    const r = priced({ risk: { check_balance: false } });
    expect(r.order({ side: 'buy', type: 'limit', quantity: 10, price: 20_000 }).status).toBe('ACCEPTED');
    expect(r.portfolio!.locked('USDT')).toBe(0);
  });
});

describe('pre-trade checks: order rate', () => {
  it('allows max_orders_per_second in any second of engine time and denies the next', () => {
    const r = priced({ risk: { max_orders_per_second: 3, max_orders_per_minute: 5 } });
    for (let k = 0; k < 3; k++) expect(r.order({ side: 'buy', quantity: 0.01 }).status).toBe('ACCEPTED');
    const fourth = r.order({ side: 'buy', quantity: 0.01 });
    expect(r.denial(fourth)?.reason).toBe(RISK_REASONS.RATE_LIMIT);
    expect(r.denial(fourth)?.message).toBe(
      `order ${fourth.clientOrderId}: 3 orders of the account already in the last second (limit 3 per second); next allowed at ${new Date(T0 + 1000).toISOString()}`,
    );
    r.clock.advanceTo(T0 + 999);
    expect(r.denial(r.order({ side: 'buy', quantity: 0.01 }))?.reason).toBe(RISK_REASONS.RATE_LIMIT);
    r.clock.advanceTo(T0 + 1000);
    expect(r.order({ side: 'buy', quantity: 0.01 }).status).toBe('ACCEPTED');
    r.clock.advanceTo(T0 + 3000);
    expect(r.order({ side: 'buy', quantity: 0.01 }).status).toBe('ACCEPTED'); // 5 in the minute
    r.clock.advanceTo(T0 + 5000);
    expect(r.denial(r.order({ side: 'buy', quantity: 0.01 }))?.message).toContain('limit 5 per minute');
    r.clock.advanceTo(T0 + MIN);
    expect(r.order({ side: 'buy', quantity: 0.01 }).status).toBe('ACCEPTED'); // the first three left the window
  });
});

describe('pre-trade checks: reduce-only', () => {
  it('a reduce-only order must not increase |position|', () => {
    const r = priced();
    expect(r.denial(r.order({ side: 'sell', quantity: 0.5, reduceOnly: true }))?.message).toContain('but there is no position');
    r.open('buy', 1);
    expect(r.order({ side: 'sell', quantity: 0.5, reduceOnly: true }).status).toBe('ACCEPTED');
    expect(r.order({ side: 'sell', quantity: 1, reduceOnly: true }).status).toBe('ACCEPTED');
    const past = r.order({ side: 'sell', quantity: 1.5, reduceOnly: true });
    expect(r.denial(past)).toEqual({
      reason: RISK_REASONS.REDUCE_ONLY,
      message: `order ${past.clientOrderId}: reduce-only sell of 1.5 BTC/USDT would take the position 1 past zero`,
    });
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1, reduceOnly: true }))?.reason).toBe(RISK_REASONS.REDUCE_ONLY);
  });

  it('bracket children are judged against the position their entry opens', () => {
    const r = priced({ risk: { max_position_quantity: { 'BTC/USDT': 1 } } });
    const { entry, takeProfit, stopLoss } = r.engine.submitBracket({
      entry: { clientOrderId: 'E', instrumentId: 'BTC/USDT', side: 'buy', type: 'limit', quantity: 1, price: 19_900 },
      takeProfit: { clientOrderId: 'TP', instrumentId: 'BTC/USDT', side: 'sell', type: 'limit', quantity: 1, price: 21_000, reduceOnly: true },
      stopLoss: { clientOrderId: 'SL', instrumentId: 'BTC/USDT', side: 'sell', type: 'stop_market', quantity: 1, triggerPrice: 19_000, reduceOnly: true },
    });
    expect([entry.status, takeProfit.status, stopLoss.status]).toEqual(['ACCEPTED', 'INITIALIZED', 'INITIALIZED']);
  });
});

describe('pre-trade checks: pair locks', () => {
  it('a lock blocks entries on its pair and side until its end; exits pass; * locks every pair', () => {
    const r = priced();
    r.open('buy', 1);
    // Lock ends round up to the next candle (1m here), as in Freqtrade.
    r.risk.locks.lockPair('BTC/USDT', T0 + 10 * MIN - 1, 'manual');
    const o = r.order({ side: 'buy', quantity: 0.1 });
    expect(r.denial(o)).toEqual({
      reason: RISK_REASONS.PAIR_LOCKED,
      message: `order ${o.clientOrderId}: BTC/USDT (long) is locked until ${new Date(T0 + 10 * MIN).toISOString()} (manual)`,
    });
    expect(r.order({ side: 'sell', quantity: 0.5 }).status).toBe('ACCEPTED');
    expect(r.order({ side: 'buy', quantity: 1, instrumentId: 'ETH/USDT' }).status).toBe('ACCEPTED');
    r.risk.locks.lockPair('*', T0 + 5 * MIN, 'all', 'short');
    expect(r.denial(r.order({ side: 'sell', quantity: 5, instrumentId: 'ETH/USDT' }))?.reason).toBe(RISK_REASONS.PAIR_LOCKED); // 1 long -> 4 short
    expect(r.order({ side: 'buy', quantity: 1, instrumentId: 'ETH/USDT' }).status).toBe('ACCEPTED');
    r.clock.advanceTo(T0 + 10 * MIN);
    expect(r.order({ side: 'buy', quantity: 0.1 }).status).toBe('ACCEPTED');
  });

  it("a strategy's own locks bind only that strategy", () => {
    const r = priced();
    r.risk.locksFor('S1').lockPair('BTC/USDT', T0 + 10 * MIN, 'cooldown');
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S1' }))?.reason).toBe(RISK_REASONS.PAIR_LOCKED);
    expect(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S2' }).status).toBe('ACCEPTED');
  });
});

describe('pre-trade checks: per-strategy limits', () => {
  it("measures a strategy's section on its own orders and fills, in addition to the account's", () => {
    const r = priced({
      risk: {
        max_order_notional: 10_000,
        max_position_quantity: { 'BTC/USDT': 2 },
        strategies: { S1: { max_position_quantity: { 'BTC/USDT': 0.5 }, max_order_notional: 50_000 }, S3: { max_order_notional: null } },
      },
    });
    r.open('buy', 0.5, { strategyId: 'S1' }); // 10 000: S1's own order limit is 50 000
    const s1 = r.order({ side: 'buy', quantity: 0.1, strategyId: 'S1' });
    expect(r.denial(s1)?.message).toContain('strategy S1 position in BTC/USDT could reach 0.6');
    expect(r.denial(r.order({ side: 'buy', quantity: 0.6, strategyId: 'S2' }))?.reason).toBe(RISK_REASONS.MAX_NOTIONAL); // S2: global 10 000
    r.open('buy', 0.5, { strategyId: 'S2' });
    r.open('buy', 0.5, { strategyId: 'S2' });
    r.open('buy', 0.5, { strategyId: 'S2' }); // account 2.0
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S2' }))?.message).toContain('the account position in BTC/USDT could reach 2.1');
    expect(r.order({ side: 'sell', quantity: 0.5, strategyId: 'S1' }).status).toBe('ACCEPTED');
    // null in a strategy section turns the order-level limit off for that strategy.
    expect(r.order({ side: 'sell', quantity: 1, strategyId: 'S3' }).status).toBe('ACCEPTED');
  });
});

