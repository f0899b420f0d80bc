import { describe, expect, it } from 'vitest';
import type { TradeRecord } from '../../framework/portfolio/trade-record.ts';
import { PairLockRegistry } from '../../framework/risk/pair-locks.ts';
import { ProtectionManager } from '../../framework/risk/protection-manager.ts';
import { globalStop, maxDrawdownOfRatios, resolveProtection, stopPerPair, tradesClosedAfter } from '../../framework/risk/protections.ts';
import { RISK_REASONS } from '../../framework/risk/reasons.ts';
import type { ProtectionSpec } from '../../framework/strategy/types.ts';
import { MIN, T0, rig } from './helpers.ts';

/** hh:mm on 2024-01-01 UTC. */
const at = (hh: number, mm: number) => Date.UTC(2024, 0, 1, hh, mm);

let nextId = 1;
function trade(pair: string, close: number, profitRatio: number, exitReason = 'stop_loss', isShort = false): TradeRecord {
  return {
    id: nextId++,
    pair,
    isShort,
    leverage: 1,
    openDate: close - 30 * MIN,
    closeDate: close,
    openRate: 100,
    closeRate: 100 * (1 + profitRatio),
    amount: 1,
    stakeAmount: 100,
    feeOpen: 0,
    feeClose: 0,
    feeOpenCost: 0,
    feeCloseCost: 0,
    profitRatio,
    profitAbs: 100 * profitRatio,
    exitReason,
    enterTag: null,
    exitTag: null,
    minRate: 90,
    maxRate: 110,
    initialStopLoss: null,
    stopLoss: null,
    isOpen: false,
    nrOfEntries: 1,
    nrOfExits: 1,
  };
}

/** Run a protection set after the last of `trades` closed (5m candles), return the registry. */
function evaluate(specs: ProtectionSpec[], trades: TradeRecord[], now = trades[trades.length - 1]!.closeDate) {
  const locks = new PairLockRegistry({ timeframe: '5m' });
  const pm = new ProtectionManager(specs, '5m', locks);
  let added: ReturnType<ProtectionManager['onTradeClosed']> = [];
  for (const t of trades) added = pm.onTradeClosed(t, t === trades[trades.length - 1] ? now : t.closeDate);
  return { locks, added, pm };
}

describe('lock ends on the candle grid (Freqtrade timeframe_to_next_date)', () => {
  it('rounds up to the next candle open; a time on an open moves a whole candle', () => {
    const locks = new PairLockRegistry({ timeframe: '5m' });
    expect(locks.lockEnd(at(10, 2))).toBe(at(10, 5));
    expect(locks.lockEnd(at(10, 5))).toBe(at(10, 10));
    expect(new PairLockRegistry().lockEnd(at(10, 2))).toBe(at(10, 2));
  });
});

describe('CooldownPeriod', () => {
  it('locks the pair of a trade closed within stop_duration, until its close + stop_duration, rounded up', () => {
    const { locks, added } = evaluate([{ method: 'CooldownPeriod', stopDuration: 30 }], [trade('BTC/USDT', at(10, 0), 0.01, 'roi')]);
    // 10:00 + 30 min = 10:30, on a candle open -> 10:35.
    expect(added).toEqual([{ pair: 'BTC/USDT', until: at(10, 35), side: '*', reason: 'Cooldown period for 30 minutes.' }]);
    expect(locks.isPairLocked('BTC/USDT', at(10, 35) - 1)).toBe(true);
    expect(locks.isPairLocked('BTC/USDT', at(10, 35))).toBe(false);
    expect(locks.isPairLocked('ETH/USDT', at(10, 10))).toBe(false);
  });

  it('in candles: 2 x 5m after a 10:02 close ends at 10:15; a trade closed stop_duration ago or earlier locks nothing', () => {
    expect(evaluate([{ method: 'CooldownPeriod', stopDurationCandles: 2 }], [trade('BTC/USDT', at(10, 2), 0.01)]).added[0]!.until).toBe(at(10, 15));
    expect(evaluate([{ method: 'CooldownPeriod', stopDuration: 30 }], [trade('BTC/USDT', at(10, 0), 0.01)], at(10, 30)).added).toEqual([]);
  });
});

describe('StoplossGuard', () => {
  const spec: ProtectionSpec = { method: 'StoplossGuard', tradeLimit: 2, lookbackPeriod: 60, stopDuration: 60 };

  it('locks all pairs after trade_limit stoploss exits with profit < required_profit in the lookback window', () => {
    const trades = [
      trade('BTC/USDT', at(9, 10), -0.02), // outside the window (now 10:20 - 60 min = 9:20)
      trade('ETH/USDT', at(10, 0), -0.03),
      trade('BTC/USDT', at(10, 20), -0.01, 'trailing_stop_loss'),
    ];
    const { added, locks } = evaluate([spec], trades);
    // Latest of the counted trades 10:20 + 60 min = 11:20 -> 11:25.
    expect(added).toEqual([{ pair: '*', until: at(11, 25), side: '*', reason: '2 stoplosses in 60 min, locking for 60 min.' }]);
    expect(locks.isPairLocked('XRP/USDT', at(11, 24), 'short')).toBe(true);
    // When the 10:00 trade closed, the 9:10 one was still in its window (after 9:00): a first global
    // lock until 11:00 -> 11:05. BTC alone never had two stoplosses in a window: no pair lock.
    expect(locks.allLocks().map((l) => [l.pair, l.until])).toEqual([
      ['*', at(11, 5)],
      ['*', at(11, 25)],
    ]);
  });

  it('does not count other exits, a profit of exactly 0, or profits at or above required_profit', () => {
    const p = resolveProtection({ ...spec, requiredProfit: -0.01 }, '5m');
    const trades = [
      trade('ETH/USDT', at(10, 0), -0.03, 'roi'),
      trade('ETH/USDT', at(10, 5), 0, 'stop_loss'),
      trade('ETH/USDT', at(10, 6), -0.01, 'stop_loss'), // not < -0.01
      trade('ETH/USDT', at(10, 7), -0.05, 'stop_loss'),
    ];
    expect(globalStop(p, trades, at(10, 7), 'long')).toBeNull();
    expect(globalStop(p, [...trades, trade('BTC/USDT', at(10, 8), -0.02, 'stoploss_on_exchange')], at(10, 8), 'long')).not.toBeNull();
  });

  it('only_per_pair locks the pair, never all pairs; only_per_side counts and locks one side', () => {
    const perPair = evaluate([{ ...spec, onlyPerPair: true }], [trade('BTC/USDT', at(10, 0), -0.02), trade('BTC/USDT', at(10, 10), -0.02)]);
    expect(perPair.added.map((l) => [l.pair, l.until])).toEqual([['BTC/USDT', at(11, 15)]]);

    const sides = [trade('BTC/USDT', at(10, 0), -0.02, 'stop_loss', true), trade('BTC/USDT', at(10, 10), -0.02)];
    const p = resolveProtection({ ...spec, onlyPerSide: true }, '5m');
    expect(stopPerPair(p, sides, 'BTC/USDT', at(10, 10), 'long')).toBeNull();
    const both = [...sides, trade('BTC/USDT', at(10, 12), -0.02)];
    expect(stopPerPair(p, both, 'BTC/USDT', at(10, 12), 'long')).toMatchObject({ pair: 'BTC/USDT', side: 'long', until: at(11, 12) });
  });
});

describe('MaxDrawdown', () => {
  const spec: ProtectionSpec = { method: 'MaxDrawdown', lookbackPeriod: 120, tradeLimit: 3, stopDuration: 60, maxAllowedDrawdown: 0.1 };

  it('locks all pairs when the drawdown of closed profit ratios in the window passes max_allowed_drawdown', () => {
    const trades = [trade('BTC/USDT', at(9, 0), 0.05, 'roi'), trade('ETH/USDT', at(9, 30), -0.1, 'roi'), trade('BTC/USDT', at(10, 0), -0.05, 'roi')];
    // Cumulative 0.05, -0.05, -0.10 against a high of 0.05: drawdown 0.15.
    expect(maxDrawdownOfRatios(trades)).toBeCloseTo(0.15, 12);
    const { added } = evaluate([spec], trades);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ pair: '*', side: '*', until: at(11, 5) });
    expect(added[0]!.reason).toMatch(/^0\.15\d* passed 0\.1 in 120 minutes, locking for 60 minutes\.$/);
    expect(evaluate([{ ...spec, maxAllowedDrawdown: 0.2 }], trades).added).toEqual([]);
    expect(evaluate([{ ...spec, tradeLimit: 4 }], trades).added).toEqual([]);
  });

  it('measures from zero when the window starts with losses (Freqtrade adds a zero row)', () => {
    expect(maxDrawdownOfRatios([trade('A/B', at(9, 0), -0.08), trade('A/B', at(9, 5), -0.05)])).toBeCloseTo(0.13, 12);
    expect(maxDrawdownOfRatios([trade('A/B', at(9, 0), 0.08), trade('A/B', at(9, 5), 0.05)])).toBe(0);
  });
});

describe('LowProfitPairs', () => {
  const spec: ProtectionSpec = { method: 'LowProfitPairs', lookbackPeriod: 60, tradeLimit: 2, stopDuration: 60, requiredProfit: 0 };

  it('locks a pair whose summed profit ratio in the window is below required_profit', () => {
    const { added } = evaluate([spec], [trade('ETH/USDT', at(9, 50), -0.5, 'roi'), trade('BTC/USDT', at(10, 0), -0.01, 'roi'), trade('BTC/USDT', at(10, 10), 0.005, 'roi')]);
    // BTC: -0.01 + 0.005 < 0 -> until 10:10 + 60 = 11:10 -> 11:15. ETH has one trade (< trade_limit).
    expect(added).toEqual([{ pair: 'BTC/USDT', until: at(11, 15), side: '*', reason: '-0.005 < 0 in 60 minutes, locking for 60 minutes.' }]);
    expect(evaluate([spec], [trade('BTC/USDT', at(10, 0), -0.01, 'roi'), trade('BTC/USDT', at(10, 10), 0.02, 'roi')]).added).toEqual([]);
  });

  it('only_per_side sums one side but counts every trade against trade_limit, as Freqtrade does', () => {
    const p = resolveProtection({ ...spec, onlyPerSide: true }, '5m');
    const trades = [trade('BTC/USDT', at(10, 0), -0.05, 'roi', true), trade('BTC/USDT', at(10, 10), 0.01, 'roi')];
    expect(stopPerPair(p, trades, 'BTC/USDT', at(10, 10), 'long')).toBeNull(); // long sum +0.01
    expect(stopPerPair(p, trades, 'BTC/USDT', at(10, 10), 'short')).toMatchObject({ side: 'short', until: at(11, 10) });
  });
});

describe('protection manager', () => {
  it('the window excludes a trade closed exactly lookback ago, and an existing lock covering the end prevents a duplicate', () => {
    const trades = [trade('BTC/USDT', at(9, 0), -0.1), trade('BTC/USDT', at(10, 0), -0.1)];
    expect(tradesClosedAfter(trades, at(9, 0)).map((t) => t.closeDate)).toEqual([at(10, 0)]);
    const { pm, locks } = evaluate([{ method: 'CooldownPeriod', stopDuration: 30 }], [trades[1]!]);
    pm.onTradeClosed(trade('BTC/USDT', at(10, 1), 0.1), at(10, 1)); // 10:31 -> 10:35: covered by the 10:35 lock
    expect(locks.allLocks()).toHaveLength(1);
    pm.onTradeClosed(trade('BTC/USDT', at(10, 6), 0.1), at(10, 6)); // 10:36 -> 10:40: a new lock
    expect(locks.allLocks().map((l) => l.until)).toEqual([at(10, 35), at(10, 40)]);
  });

  it('runs inside the risk manager: strategy protections lock its pairs, config protections (snake_case) lock the account', () => {
    const r = rig({
      balances: { USDT: 100_000, BTC: 10 },
      risk: { protections: [{ method: 'StoplossGuard', trade_limit: 2, lookback_period_candles: 10, stop_duration_candles: 3 }] },
    });
    r.risk.registerStrategy('S1', { protections: [{ method: 'CooldownPeriod', stopDuration: 5 }] });
    r.tick(0, 20_000);
    r.clock.advanceTo(T0 + 2 * MIN);
    r.risk.onTradeClosed(trade('BTC/USDT', T0 + 2 * MIN, -0.01), 'S1'); // cooldown until 00:07 -> 00:08 (1m candles)
    r.clock.advanceTo(T0 + 8 * MIN - 1);
    const denied = r.order({ side: 'buy', quantity: 0.1, strategyId: 'S1' });
    expect(r.denial(denied)?.reason).toBe(RISK_REASONS.PAIR_LOCKED);
    expect(r.denial(denied)?.message).toContain(`locked until ${new Date(T0 + 8 * MIN).toISOString()} (Cooldown period for 5 minutes.)`);
    expect(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S2' }).status).toBe('ACCEPTED');
    r.clock.advanceTo(T0 + 8 * MIN);
    expect(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S1' }).status).toBe('ACCEPTED');
    // A second stoploss within 10 candles: the account's StoplossGuard locks everything for 3 candles.
    r.risk.onTradeClosed(trade('ETH/USDT', T0 + 8 * MIN, -0.02), 'S2');
    expect(r.risk.locks.activeLocks(T0 + 8 * MIN)).toEqual([{ pair: '*', until: T0 + 12 * MIN, side: '*', reason: '2 stoplosses in 10 min, locking for 3 min.' }]);
    expect(r.denial(r.order({ side: 'buy', quantity: 0.1, strategyId: 'S2' }))?.reason).toBe(RISK_REASONS.PAIR_LOCKED);
  });

  it('protectionsEnabled: false (backtests without --enable-protections) records no locks', () => {
    const r = rig({ riskOptions: { protectionsEnabled: false }, risk: { protections: [{ method: 'CooldownPeriod' }] } });
    r.risk.onTradeClosed(trade('BTC/USDT', T0, -0.01));
    expect(r.risk.locks.allLocks()).toEqual([]);
  });
});
