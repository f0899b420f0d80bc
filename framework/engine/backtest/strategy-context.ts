import type { Portfolio } from '../../portfolio/portfolio.ts';
import type { Wallets } from '../../strategy/context.ts';
import type { StakeWallet } from '../trade-manager/stake.ts';

/**
 * The strategy's `wallets` in a backtest: Freqtrade's stake wallet for the stake currency (the
 * balance the trade manager sizes stakes from, so a strategy reading it sees what Freqtrade's
 * `self.wallets` shows), the portfolio for every other currency.
 */
export function stakeWallets(wallet: StakeWallet, stakeCurrency: string, portfolio: Portfolio): Wallets {
  return {
    getFree: (c) => (c === stakeCurrency ? wallet.free() : portfolio.free(c)),
    getUsed: (c) => (c === stakeCurrency ? wallet.tiedUp : portfolio.locked(c)),
    getTotal: (c) => (c === stakeCurrency ? wallet.free() + wallet.tiedUp : portfolio.total(c)),
    getAvailableStakeAmount: () => wallet.availableStakeAmount(),
    getTotalStakeAmount: () => wallet.totalStakeAmount(),
  };
}
