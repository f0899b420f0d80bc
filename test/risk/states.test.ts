import { describe, expect, it } from 'vitest';
import { RISK_REASONS } from '../../framework/risk/reasons.ts';
import { T0, rig } from './helpers.ts';

function priced(opts: Parameters<typeof rig>[0] = {}) {
  const r = rig({ balances: { USDT: 100_000, BTC: 10, ETH: 100 }, ...opts });
  r.tick(0, 20_000);
  r.tick(0, 2_000, 'ETH/USDT');
  r.cycle();
  return r;
}

describe('trading states', () => {
  it('REDUCING lets only reducing orders through and cancels open entries at the next cycle', () => {
    const r = priced();
    r.open('buy', 1);
    const entry = r.order({ side: 'buy', type: 'limit', quantity: 0.5, price: 19_000 });
    const exit = r.order({ side: 'sell', type: 'limit', quantity: 1, price: 21_000 });
    r.risk.setState('REDUCING');
    expect(r.risk.state()).toBe('REDUCING');
    const more = r.order({ side: 'buy', quantity: 0.1 });
    expect(r.denial(more)).toEqual({
      reason: RISK_REASONS.REDUCING,
      message: `order ${more.clientOrderId}: the account is REDUCING (set to REDUCING by hand) and this buy of 0.1 BTC/USDT would increase |position| 1`,
    });
    expect(r.denial(r.order({ side: 'sell', quantity: 1.5 }))?.reason).toBe(RISK_REASONS.REDUCING); // flips: increases past zero
    expect(r.order({ side: 'sell', quantity: 0.4 }).status).toBe('ACCEPTED');
    expect(entry.status).toBe('ACCEPTED'); // cancels wait for the cycle, never inside the gate
    r.cycle();
    expect(entry.status).toBe('CANCELED');
    expect(exit.status).toBe('ACCEPTED');
    expect(r.risk.transitions()).toEqual([{ scope: 'account', from: 'ACTIVE', to: 'REDUCING', at: T0, cause: 'set to REDUCING by hand' }]);
  });

  it('HALTED denies everything new and cancels every open order of the scope; ACTIVE again lets orders through', () => {
    const r = priced();
    const a = r.order({ side: 'buy', type: 'limit', quantity: 0.5, price: 19_000 });
    r.risk.setState('HALTED');
    const o = r.order({ side: 'sell', quantity: 0.1 });
    expect(r.denial(o)).toEqual({ reason: RISK_REASONS.HALTED, message: `order ${o.clientOrderId}: trading is halted for the account (set to HALTED by hand)` });
    r.engine.modify(a.clientOrderId, { price: 19_100 });
    expect(a.events.at(-1)).toMatchObject({ type: 'modify_rejected', reason: RISK_REASONS.HALTED });
    r.cycle();
    expect(a.status).toBe('CANCELED');
    r.risk.setState('ACTIVE');
    expect(r.order({ side: 'buy', quantity: 0.1 }).status).toBe('ACCEPTED');
    expect(r.risk.transitions().map((t) => `${t.from}->${t.to}`)).toEqual(['ACTIVE->HALTED', 'HALTED->ACTIVE']);
  });

  it('halt_cancels_orders: false keeps open orders on HALTED', () => {
    const r = priced({ risk: { halt_cancels_orders: false } });
    const a = r.order({ side: 'buy', type: 'limit', quantity: 0.5, price: 19_000 });
    r.risk.setState('HALTED');
    r.cycle();
    expect(a.status).toBe('ACCEPTED');
  });

  it('a strategy state binds only that strategy; the account state binds all', () => {
    const r = priced();
    const s1 = r.order({ side: 'buy', type: 'limit', quantity: 0.5, price: 19_000, strategyId: 'S1' });
    const s2 = r.order({ side: 'buy', type: 'limit', quantity: 0.5, price: 19_000, strategyId: 'S2' });
    r.risk.setState('HALTED', 'S1');
    expect(r.risk.state('S1')).toBe('HALTED');
    expect(r.risk.effectiveState('S2')).toBe('ACTIVE');
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S1' }))?.message).toContain('halted for strategy S1');
    expect(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S2' }).status).toBe('ACCEPTED');
    r.cycle();
    expect([s1.status, s2.status]).toEqual(['CANCELED', 'ACCEPTED']);
    r.risk.setState('REDUCING');
    expect(r.risk.effectiveState('S2')).toBe('REDUCING');
    expect(r.risk.effectiveState('S1')).toBe('HALTED');
  });

  it('the worst of trips and the manual state wins; clearing one keeps the other', () => {
    const r = priced({ risk: { breakers: { order_rate: { max_per_minute: 1, action: 'reducing' } } } });
    r.order({ side: 'buy', quantity: 0.1 });
    r.order({ side: 'buy', quantity: 0.1 }); // second attempt in a minute: trips REDUCING
    expect(r.risk.state()).toBe('REDUCING');
    r.risk.setState('HALTED');
    expect(r.risk.state()).toBe('HALTED');
    r.risk.setState('ACTIVE');
    expect(r.risk.state()).toBe('REDUCING');
    expect(r.risk.resetBreaker('order_rate')).toBe(true);
    expect(r.risk.state()).toBe('ACTIVE');
    expect(r.risk.transitions().map((t) => t.to)).toEqual(['REDUCING', 'HALTED', 'REDUCING', 'ACTIVE']);
  });
});

describe('risk configuration', () => {
  it('a bad risk section is a ConfigError naming the key', () => {
    expect(() => rig({ risk: { max_order_notional: -1 } as never })).toThrow(/invalid risk configuration: risk\.max_order_notional: Too small/);
  });
});
