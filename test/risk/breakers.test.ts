import { describe, expect, it } from 'vitest';
import type { TradeRecord } from '../../framework/portfolio/trade-record.ts';
import { RISK_REASONS } from '../../framework/risk/reasons.ts';
import { MIN, T0, rig, type RigOptions } from './helpers.ts';

const DAY = 86_400_000;

function trade(over: Partial<TradeRecord>): TradeRecord {
  return {
    id: 1,
    pair: 'BTC/USDT',
    isShort: false,
    leverage: 1,
    openDate: T0,
    closeDate: T0 + 10 * MIN,
    openRate: 20_000,
    closeRate: 19_800,
    amount: 0.1,
    stakeAmount: 2_000,
    feeOpen: 0.001,
    feeClose: 0.001,
    feeOpenCost: 2,
    feeCloseCost: 1.98,
    profitRatio: -0.012,
    profitAbs: -23.98,
    exitReason: 'stop_loss',
    enterTag: null,
    exitTag: null,
    minRate: 19_700,
    maxRate: 20_100,
    initialStopLoss: 19_800,
    stopLoss: 19_800,
    isOpen: false,
    nrOfEntries: 1,
    nrOfExits: 1,
    ...over,
  };
}

/** Equity 100 000 USDT, then 2 BTC bought at 20 000 (no fees on the hand venue): equity moves 2 per 1 of price. */
function invested(risk: RigOptions['risk']) {
  const r = rig({ risk });
  r.tick(0, 20_000);
  r.tick(0, 2_000, 'ETH/USDT');
  r.cycle();
  r.open('buy', 2);
  r.cycle();
  return r;
}

describe('breaker: max daily loss', () => {
  it('trips when equity falls max_ratio below the UTC day start (realized + unrealized), not before; resets next day', () => {
    const r = invested({ breakers: { daily_loss: { max_ratio: 0.05 } } });
    r.tick(1, 17_600); // equity 95 200: -4.8%
    r.cycle();
    expect(r.risk.state()).toBe('ACTIVE');
    r.tick(2, 17_400); // equity 94 800: -5.2%
    r.cycle();
    expect(r.risk.state()).toBe('HALTED');
    const [trip] = r.risk.trips();
    expect(trip).toMatchObject({ breaker: 'daily_loss', scope: 'account', state: 'HALTED', reset: 'next_day', at: T0 + 2 * MIN });
    expect(trip!.message).toBe("equity 94800 is 5200 (5.2%) below the day's start 100000 (limits: - / 5%)");
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1 }))?.reason).toBe(RISK_REASONS.HALTED);
    // The next UTC day starts from the equity at its first cycle and clears the trip.
    r.tick(DAY / MIN, 17_400);
    r.cycle();
    expect(r.risk.state()).toBe('ACTIVE');
    expect(r.risk.transitions().map((t) => [t.to, t.at])).toEqual([
      ['HALTED', T0 + 2 * MIN],
      ['ACTIVE', T0 + DAY],
    ]);
    r.tick(DAY / MIN + 1, 16_000); // -2 800 from 94 800: -2.95%
    r.cycle();
    expect(r.risk.state()).toBe('ACTIVE');
  });

  it('max_abs with reset manual stays tripped across days until resetBreaker', () => {
    const r = invested({ breakers: { daily_loss: { max_abs: 1_000, reset: 'manual', action: 'reducing' } } });
    r.tick(1, 19_501); // -998
    r.cycle();
    expect(r.risk.state()).toBe('ACTIVE');
    r.tick(2, 19_500); // -1 000: reaches the limit
    r.cycle();
    expect(r.risk.state()).toBe('REDUCING');
    r.tick(DAY / MIN, 19_500);
    r.cycle();
    expect(r.risk.state()).toBe('REDUCING');
    expect(r.risk.resetBreaker('daily_loss')).toBe(true);
    expect(r.risk.state()).toBe('ACTIVE');
    expect(r.risk.resetBreaker('daily_loss')).toBe(false);
  });
});

describe('breaker: max drawdown', () => {
  it('trips at max_ratio below the equity peak; a manual reset restarts the peak at the current equity', () => {
    const r = invested({ breakers: { drawdown: { max_ratio: 0.1 } } });
    r.tick(1, 25_000); // equity 110 000: the peak
    r.cycle();
    r.tick(2, 20_000); // 100 000: 9.09% down
    r.cycle();
    expect(r.risk.state()).toBe('ACTIVE');
    r.tick(3, 19_500); // 99 000: 10% down
    r.cycle();
    expect(r.risk.state()).toBe('HALTED');
    expect(r.risk.trips()[0]!.message).toBe('equity 99000 is 10% below its peak 110000 (limit 10%)');
    r.tick(DAY / MIN, 19_500);
    r.cycle();
    expect(r.risk.state()).toBe('HALTED'); // reset: manual (the default for drawdown)
    r.risk.resetBreaker('drawdown');
    r.cycle();
    expect(r.risk.state()).toBe('ACTIVE');
  });

  it("measures a strategy's drawdown on its own PnL (start equity + realized + unrealized)", () => {
    const r = rig({ risk: { strategies: { S1: { breakers: { drawdown: { max_ratio: 0.01 } } } } } });
    r.tick(0, 20_000);
    r.cycle();
    r.open('buy', 1, { strategyId: 'S1' });
    r.open('buy', 2, { strategyId: 'S2' });
    r.tick(1, 19_100); // S1: -900 of 100 000 = 0.9%
    r.cycle();
    expect(r.risk.state('S1')).toBe('ACTIVE');
    r.tick(2, 18_900); // S1: -1 100 = 1.1%; S2 loses more but has no limit
    r.cycle();
    expect(r.risk.state('S1')).toBe('HALTED');
    expect(r.risk.state()).toBe('ACTIVE');
    expect(r.risk.trips()[0]).toMatchObject({ scope: 'S1', breaker: 'drawdown' });
    expect(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S2' }).status).toBe('ACCEPTED');
  });
});

describe('breaker: consecutive losses', () => {
  it('trips after max losing trades in a row; a win in between resets the count', () => {
    const r = invested({ breakers: { consecutive_losses: { max: 3 } } });
    r.risk.onTradeClosed(trade({ profitAbs: -10 }));
    r.risk.onTradeClosed(trade({ profitAbs: -10 }));
    r.risk.onTradeClosed(trade({ profitAbs: 5 }));
    r.risk.onTradeClosed(trade({ profitAbs: -10 }));
    r.risk.onTradeClosed(trade({ profitAbs: -10 }));
    expect(r.risk.state()).toBe('ACTIVE');
    r.risk.onTradeClosed(trade({ profitAbs: -10, pair: 'ETH/USDT' }));
    expect(r.risk.state()).toBe('HALTED');
    expect(r.risk.trips()[0]!.message).toBe('3 losing trades in a row (limit 3); last: ETH/USDT -10');
    r.tick(DAY / MIN, 20_000);
    r.cycle(); // next_day (default) clears it and the count
    expect(r.risk.state()).toBe('ACTIVE');
    r.risk.onTradeClosed(trade({ profitAbs: -10 }));
    expect(r.risk.state()).toBe('ACTIVE');
  });

  it("counts a strategy's own trades against its own limit", () => {
    const r = invested({ strategies: { S1: { breakers: { consecutive_losses: { max: 2, action: 'reducing' } } } } });
    r.risk.onTradeClosed(trade({ profitAbs: -1 }), 'S1');
    r.risk.onTradeClosed(trade({ profitAbs: -1 }), 'S2');
    expect(r.risk.state('S1')).toBe('ACTIVE');
    r.risk.onTradeClosed(trade({ profitAbs: -1 }), 'S1');
    expect(r.risk.state('S1')).toBe('REDUCING');
    expect(r.risk.state('S2')).toBe('ACTIVE');
  });
});

describe('breaker: orders per minute', () => {
  it('trips when more orders than the limit are attempted within 60 s (denied ones count), not when they are spread out', () => {
    const r = invested({ breakers: { order_rate: { max_per_minute: 5 } }, max_order_notional: 100_000 });
    for (let k = 0; k < 5; k++) {
      r.clock.advanceTo(T0 + 2 * MIN + k * 15_000); // 5 orders in 60 s: spread, never 6 in a window
      r.order({ side: 'buy', quantity: 0.01 });
    }
    r.clock.advanceTo(T0 + 2 * MIN + 75_000);
    expect(r.order({ side: 'buy', quantity: 0.01 }).status).toBe('ACCEPTED'); // the first left the window
    expect(r.risk.state()).toBe('ACTIVE');
    r.order({ side: 'buy', quantity: 100 }); // denied (notional), still an attempt
    const o = r.order({ side: 'buy', quantity: 0.01 });
    expect(r.risk.state()).toBe('HALTED');
    expect(r.denial(o)?.reason).toBe(RISK_REASONS.HALTED);
    expect(r.risk.trips()[0]!.message).toContain('more than 5 orders within 60 s');
  });
});

describe('breaker: stale market data', () => {
  it('trips REDUCING when an instrument gets no price for max_seconds of engine time and clears when prices resume', () => {
    const r = invested({ breakers: { stale_data: { max_seconds: 120 } } });
    r.tick(1, 20_000);
    r.tick(1, 2_000, 'ETH/USDT');
    r.cycle();
    r.tick(3, 20_000); // ETH silent for 2 minutes: not more than 120 s
    r.cycle();
    expect(r.risk.state()).toBe('ACTIVE');
    r.tick(4, 20_000); // ETH silent for 180 s
    r.cycle();
    expect(r.risk.state()).toBe('REDUCING');
    expect(r.risk.trips()[0]!.message).toBe('no price for ETH/USDT for 180 s (limit 120 s)');
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1 }))?.reason).toBe(RISK_REASONS.REDUCING);
    expect(r.order({ side: 'sell', quantity: 0.1 }).status).toBe('ACCEPTED');
    r.tick(5, 2_000, 'ETH/USDT');
    r.tick(5, 20_000);
    r.cycle();
    expect(r.risk.state()).toBe('ACTIVE');
  });
});
