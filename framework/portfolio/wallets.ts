import { ConfigError } from '../core/errors.ts';
import type { Wallets } from '../strategy/context.ts';
import type { Portfolio } from './portfolio.ts';

/**
 * The strategy's `wallets` (Freqtrade's Wallets) over a Portfolio, with Freqtrade's stake rules:
 *
 *   tied up   = stake in open positions of the stake currency (Portfolio.stakeInPositions:
 *               entry cost in cash accounting, initial margin in margin accounting)
 *   total     = (tied up + free) * tradable_balance_ratio
 *               or, with available_capital: available_capital + closed profit
 *   available = min(total - tied up, free)
 *
 * Keeping the ratio on (tied up + free) rather than on free alone is Freqtrade's point: stakes
 * do not shrink with every trade opened. "Closed profit" is the realized PnL minus all fees of
 * the positions quoted in the stake currency (Freqtrade counts only closed trades' fees; the
 * difference is the entry fees of trades still open).
 */

export interface PortfolioWalletsOptions {
  stakeCurrency: string;
  /** Share of the balance the bot may use, 0 < r <= 1 (config stake.tradable_balance_ratio). Default 0.99. */
  tradableBalanceRatio?: number;
  /** Fixed starting capital instead of the wallet balance (Freqtrade's available_capital). */
  availableCapital?: number;
}

export class PortfolioWallets implements Wallets {
  readonly stakeCurrency: string;
  readonly tradableBalanceRatio: number;
  readonly availableCapital: number | undefined;

  constructor(
    private readonly portfolio: Portfolio,
    options: PortfolioWalletsOptions,
  ) {
    const ratio = options.tradableBalanceRatio ?? 0.99;
    if (!(ratio > 0 && ratio <= 1)) throw new ConfigError(`tradable_balance_ratio must be in (0, 1], got ${ratio}`);
    if (options.availableCapital !== undefined && !(options.availableCapital > 0)) {
      throw new ConfigError(`available_capital must be > 0, got ${options.availableCapital}`);
    }
    this.stakeCurrency = options.stakeCurrency;
    this.tradableBalanceRatio = ratio;
    this.availableCapital = options.availableCapital;
  }

  getFree(currency: string): number {
    return this.portfolio.free(currency);
  }

  getUsed(currency: string): number {
    return this.portfolio.locked(currency) + this.portfolio.marginUsed(currency);
  }

  getTotal(currency: string): number {
    return this.portfolio.total(currency);
  }

  /** Stake tied up in open positions (Freqtrade's Trade.total_open_trades_stakes()). */
  getStakeInTrades(): number {
    return this.portfolio.stakeInPositions(this.stakeCurrency);
  }

  getTotalStakeAmount(): number {
    if (this.availableCapital !== undefined) {
      let closedProfit = 0;
      for (const p of this.portfolio.positions()) {
        if (p.instrument.quote === this.stakeCurrency) closedProfit += p.realizedPnl - p.fees;
      }
      return this.availableCapital + closedProfit;
    }
    return (this.getStakeInTrades() + this.getFree(this.stakeCurrency)) * this.tradableBalanceRatio;
  }

  getAvailableStakeAmount(): number {
    return Math.min(this.getTotalStakeAmount() - this.getStakeInTrades(), this.getFree(this.stakeCurrency));
  }
}
