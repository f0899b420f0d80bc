import { describe, expect, it } from 'vitest';
import { PairLockRegistry } from '../../framework/risk/pair-locks.ts';

describe('PairLockRegistry', () => {
  it('locks a pair and side until a time, globally with *, and unlocks', () => {
    const locks = new PairLockRegistry();
    locks.lockPair('BTC/USDT', 1000, 'cooldown', 'long');
    expect(locks.isPairLocked('BTC/USDT', 999, 'long')).toBe(true);
    expect(locks.isPairLocked('BTC/USDT', 999, 'short')).toBe(false);
    expect(locks.isPairLocked('BTC/USDT', 999)).toBe(true);
    expect(locks.isPairLocked('BTC/USDT', 1000, 'long')).toBe(false); // the end is exclusive
    expect(locks.isPairLocked('ETH/USDT', 999)).toBe(false);

    locks.lockPair('*', 2000, 'max drawdown');
    expect(locks.isPairLocked('ETH/USDT', 1500, 'short')).toBe(true);
    expect(locks.activeLocks(1500)).toEqual([{ pair: '*', until: 2000, reason: 'max drawdown', side: '*' }]);

    locks.unlockPair('*');
    expect(locks.isPairLocked('ETH/USDT', 1500)).toBe(false);
    locks.unlockPair('BTC/USDT', 'short');
    expect(locks.isPairLocked('BTC/USDT', 500, 'long')).toBe(true);
    locks.unlockPair('BTC/USDT');
    expect(locks.isPairLocked('BTC/USDT', 500, 'long')).toBe(false);
  });
});

describe('PairLockRegistry: candle rounding and queries for protections', () => {
  const m = 60_000;
  it('rounds lock ends up to the next candle of its timeframe', () => {
    const locks = new PairLockRegistry({ timeframe: '1h' });
    expect(locks.lockPair('BTC/USDT', 90 * m).until).toBe(120 * m);
    expect(locks.lockPair('ETH/USDT', 120 * m).until).toBe(180 * m);
  });

  it('coveredAt is end-inclusive and side-aware like Freqtrade; isGlobalLock; unlockReason; prune', () => {
    const locks = new PairLockRegistry();
    locks.lockPair('BTC/USDT', 100, 'a', 'long');
    locks.lockPair('*', 50, 'b');
    expect(locks.coveredAt('BTC/USDT', 100, 'long')).toBe(true);
    expect(locks.coveredAt('BTC/USDT', 101, 'long')).toBe(false);
    expect(locks.coveredAt('BTC/USDT', 100, '*')).toBe(false); // a '*' query sees only '*' locks
    expect(locks.coveredAt('ETH/USDT', 50, 'short')).toBe(true); // the global lock covers every pair
    expect(locks.coveredAt('*', 50, '*')).toBe(true);
    expect(locks.isGlobalLock(49)).toBe(true);
    expect(locks.isGlobalLock(50)).toBe(false);
    locks.unlockReason('b');
    expect(locks.isGlobalLock(0)).toBe(false);
    locks.prune(100);
    expect(locks.allLocks()).toEqual([]);
  });
});
