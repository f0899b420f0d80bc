import type { Instrument } from '../../execution/instrument.ts';

/**
 * Stake sizing as Freqtrade's Wallets and Exchange compute it.
 *
 * The stake wallet is Freqtrade's dry-run / backtest wallet: the stake currency balance is
 *   free     = starting balance + profit of closed trades + realized profit of open trades
 *              - stake of open trades
 *   total    = (stake of open trades + free) x tradable_balance_ratio
 *              (or available_capital + closed profit)
 *   available = min(total - stake of open trades, free)
 * Entry fees of open trades are NOT taken out until the trade closes (they are part of its
 * profit), exactly as in Freqtrade; the simulated venue's own balance check still applies.
 */

export interface StakeSettings {
  /** A fixed stake per trade, or 'unlimited' (split the balance over max_open_trades). */
  amount: number | 'unlimited';
  tradableBalanceRatio: number;
  startingBalance: number;
  /** Freqtrade's available_capital; undefined = use the balance. */
  availableCapital?: number;
}

export class StakeWallet {
  /** Sum of profit_abs of closed trades (Freqtrade's bt_total_profit). */
  closedProfit = 0;
  /** Maintained by the trade manager: stake and realized profit of the trades still open. */
  tiedUp = 0;
  openRealized = 0;

  constructor(readonly settings: StakeSettings) {}

  free(): number {
    return this.settings.startingBalance + this.closedProfit + this.openRealized - this.tiedUp;
  }

  totalStakeAmount(): number {
    if (this.settings.availableCapital !== undefined) return this.settings.availableCapital + this.closedProfit;
    return (this.tiedUp + this.free()) * this.settings.tradableBalanceRatio;
  }

  availableStakeAmount(): number {
    return Math.min(this.totalStakeAmount() - this.tiedUp, this.free());
  }

  /**
   * get_trade_stake_amount: the configured stake, or for 'unlimited'
   * min((available + tied up) / max_open_trades, available). Undefined when the available
   * balance is below the stake (Freqtrade's DependencyException: no trade).
   */
  tradeStakeAmount(maxOpenTrades: number): number | undefined {
    const available = this.availableStakeAmount();
    let stake: number;
    if (this.settings.amount === 'unlimited') {
      if (maxOpenTrades === 0) stake = 0;
      else stake = Math.min((available + this.tiedUp) / maxOpenTrades, available);
    } else stake = this.settings.amount;
    if (available < stake) return undefined;
    return Math.max(stake, 0);
  }

  /**
   * validate_stake_amount: 0 for no trade; raised to the minimum stake (at most +30%), capped at
   * the maximum and at the available balance (and, for a position increase, at max - current).
   */
  validateStakeAmount(stake: number, minStake: number | undefined, maxStake: number, tradeStake: number | undefined): number {
    if (!(stake > 0)) return 0;
    let maxAllowed = Math.min(maxStake, this.availableStakeAmount());
    if (tradeStake) maxAllowed = Math.min(maxAllowed, maxStake - tradeStake);
    if (minStake !== undefined && minStake > maxAllowed) return 0;
    if (minStake !== undefined && stake < minStake) {
      if (stake * 1.3 < minStake) return 0;
      stake = minStake;
    }
    if (stake > maxAllowed) stake = maxAllowed;
    return stake;
  }
}

/** Freqtrade's DEFAULT_AMOUNT_RESERVE_PERCENT. */
const AMOUNT_RESERVE_PERCENT = 0.05;

/**
 * Exchange.get_min_pair_stake_amount: the larger of the minimum cost (x the stop-loss reserve
 * 1.05 / (1 - |stoploss|), capped to [1, 1.5]) and the minimum amount x price (x 1.05), divided
 * by the leverage; undefined when the market has no minimum.
 */
export function minPairStake(inst: Instrument, price: number, stoploss: number, leverage: number): number | undefined {
  const margin = 1 + AMOUNT_RESERVE_PERCENT;
  let slReserve = Math.abs(stoploss) !== 1 ? margin / (1 - Math.abs(stoploss)) : 1.5;
  slReserve = Math.max(Math.min(slReserve, 1.5), 1);
  let limit = Number.NaN;
  const cs = inst.contractSize ?? 1;
  if (inst.minNotional !== undefined && inst.minNotional > 0) limit = inst.minNotional * slReserve;
  if (inst.minQuantity > 0) {
    const v = inst.minQuantity * cs * price * margin;
    if (!(limit >= v)) limit = v;
  }
  return limit === limit ? limit / leverage : undefined;
}

/** Exchange.get_max_pair_stake_amount: the smaller of the maximum cost and maximum amount x price, / leverage; Infinity without limits. */
export function maxPairStake(inst: Instrument, price: number, leverage: number): number {
  let limit = Infinity;
  const cs = inst.contractSize ?? 1;
  if (inst.maxNotional !== undefined) limit = Math.min(limit, inst.maxNotional);
  if (inst.maxQuantity !== undefined) limit = Math.min(limit, inst.maxQuantity * cs * price);
  return limit / leverage;
}
