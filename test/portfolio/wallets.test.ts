import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../framework/core/errors.ts';
import { Portfolio } from '../../framework/portfolio/portfolio.ts';
import { PortfolioWallets } from '../../framework/portfolio/wallets.ts';
import { BTC_PERP, BTC_USDT, ETH_USDT, fill } from './fixtures.ts';

function spotWithTwoTrades(): Portfolio {
  const pf = new Portfolio({ instruments: [BTC_USDT, ETH_USDT], startingBalances: { USDT: 1000 } });
  pf.applyFill(fill(BTC_USDT, 'buy', 0.01, 20000, { fee: 0.2 })); // 200 tied up
  pf.applyFill(fill(ETH_USDT, 'buy', 1, 100)); // 100 tied up
  return pf; // free USDT 699.8
}

describe('PortfolioWallets (Freqtrade stake rules)', () => {
  it('applies tradable_balance_ratio to free + tied up, then subtracts what is tied up', () => {
    const pf = spotWithTwoTrades();
    const w = new PortfolioWallets(pf, { stakeCurrency: 'USDT', tradableBalanceRatio: 0.99 });
    expect(w.getFree('USDT')).toBeCloseTo(699.8, 9);
    expect(w.getTotal('USDT')).toBeCloseTo(699.8, 9);
    expect(w.getUsed('USDT')).toBe(0);
    expect(w.getFree('BTC')).toBe(0.01);
    expect(w.getStakeInTrades()).toBeCloseTo(300, 9);
    expect(w.getTotalStakeAmount()).toBeCloseTo((300 + 699.8) * 0.99, 9); // 989.802
    expect(w.getAvailableStakeAmount()).toBeCloseTo(989.802 - 300, 9);

    const half = new PortfolioWallets(pf, { stakeCurrency: 'USDT', tradableBalanceRatio: 0.5 });
    expect(half.getTotalStakeAmount()).toBeCloseTo(499.9, 9);
    expect(half.getAvailableStakeAmount()).toBeCloseTo(199.9, 9);
  });

  it('counts a reservation as used and not free', () => {
    const pf = spotWithTwoTrades();
    pf.reserve('open-buy', 'USDT', 100);
    const w = new PortfolioWallets(pf, { stakeCurrency: 'USDT', tradableBalanceRatio: 1 });
    expect(w.getUsed('USDT')).toBe(100);
    expect(w.getFree('USDT')).toBeCloseTo(599.8, 9);
    expect(w.getTotal('USDT')).toBeCloseTo(699.8, 9);
    expect(w.getTotalStakeAmount()).toBeCloseTo(899.8, 9);
    expect(w.getAvailableStakeAmount()).toBeCloseTo(599.8, 9); // min(899.8 - 300, 599.8)
  });

  it('with available_capital: capital + closed profit, capped by the free balance', () => {
    const pf = spotWithTwoTrades();
    pf.applyFill(fill(BTC_USDT, 'sell', 0.01, 21000, { fee: 0.21 })); // +10 realized
    const w = new PortfolioWallets(pf, { stakeCurrency: 'USDT', availableCapital: 500 });
    expect(w.getStakeInTrades()).toBeCloseTo(100, 9);
    // 500 + 10 - 0.2 - 0.21
    expect(w.getTotalStakeAmount()).toBeCloseTo(509.59, 9);
    expect(w.getAvailableStakeAmount()).toBeCloseTo(409.59, 9);
    const tight = new PortfolioWallets(pf, { stakeCurrency: 'USDT', availableCapital: 5000 });
    expect(tight.getAvailableStakeAmount()).toBeCloseTo(pf.free('USDT'), 9); // 909.59
  });

  it('in margin accounting the stake of a trade is its initial margin', () => {
    const pf = new Portfolio({ instruments: [BTC_PERP], startingBalances: { USDT: 1000 }, accounting: 'margin', leverage: 3 });
    pf.applyFill(fill(BTC_PERP, 'buy', 10, 30000)); // notional 3000, margin 1000 / ... = 1000
    const w = new PortfolioWallets(pf, { stakeCurrency: 'USDT', tradableBalanceRatio: 1 });
    expect(w.getStakeInTrades()).toBeCloseTo(1000, 9);
    expect(w.getUsed('USDT')).toBeCloseTo(1000, 9);
    expect(w.getFree('USDT')).toBeCloseTo(0, 9);
    expect(w.getAvailableStakeAmount()).toBeCloseTo(0, 9);
  });

  it('rejects a ratio outside (0, 1]', () => {
    const pf = spotWithTwoTrades();
    expect(() => new PortfolioWallets(pf, { stakeCurrency: 'USDT', tradableBalanceRatio: 1.5 })).toThrow(ConfigError);
    expect(() => new PortfolioWallets(pf, { stakeCurrency: 'USDT', availableCapital: 0 })).toThrow(/available_capital/);
  });
});
