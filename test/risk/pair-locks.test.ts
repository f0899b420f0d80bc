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
