import {
  DecimalParameter,
  IStrategy,
  ta,
  type AdjustTradePositionArgs,
  type ConfirmTradeEntryArgs,
  type CustomExitArgs,
  type CustomStoplossArgs,
  type DataFrame,
  type PositionAdjustment,
} from '../../framework/strategy/index.ts';

const HOUR_MS = 3_600_000;

/**
 * Callbacks demo: the signal is a plain EMA pullback, and the trade is managed by callbacks:
 * - customStoploss: -8% at first, then a stop 2% under the price once 3% in profit
 *   (a hand-made trailing stop; the stop only ever moves up);
 * - customExit: give up on a trade that is still under water after 12 hours;
 * - adjustTradePosition: buy once more (DCA, same stake) when the trade is 4% down;
 * - confirmTradeEntry: refuse entries when the last closed candle had no volume.
 */
export class CallbacksDemo extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 0.06 };
  override stoploss = -0.08;
  override useCustomStoploss = true;
  override positionAdjustmentEnable = true;
  override maxEntryPositionAdjustment = 1;
  override startupCandleCount = 60;

  sell_trail_start = new DecimalParameter(0.01, 0.05, { default: 0.03, decimals: 3 });
  sell_trail_gap = new DecimalParameter(0.005, 0.03, { default: 0.02, decimals: 3 });
  buy_dca_drop = new DecimalParameter(-0.1, -0.02, { default: -0.04, decimals: 3 });

  populateIndicators(df: DataFrame): void {
    df.set('ema20', ta.ema(df.get('close'), 20));
    df.set('ema50', ta.ema(df.get('close'), 50));
  }

  populateEntryTrend(df: DataFrame): void {
    const trend = df.get('ema20').gt(df.get('ema50'));
    const pullback = df.get('close').crossedAbove(df.get('ema20'));
    df.assignWhere(trend.and(pullback).and(df.get('volume').gt(0)), { enter_long: 1, enter_tag: 'ema_pullback' });
  }

  populateExitTrend(df: DataFrame): void {
    df.assignWhere(df.get('ema20').crossedBelow(df.get('ema50')), { exit_long: 1, exit_tag: 'trend_end' });
  }

  override customStoploss({ currentProfit }: CustomStoplossArgs): number | undefined {
    // Relative to the current rate, as in Freqtrade: -0.02 = 2% below the price now.
    if (currentProfit >= this.sell_trail_start.value) return -this.sell_trail_gap.value;
    return undefined; // keep the strategy stoploss
  }

  override customExit({ trade, currentTime, currentProfit }: CustomExitArgs): string | undefined {
    if (currentTime - trade.openDate >= 12 * HOUR_MS && currentProfit < 0) return 'stale_loser';
    return undefined;
  }

  override adjustTradePosition({ trade, currentProfit }: AdjustTradePositionArgs): PositionAdjustment {
    if (trade.nrOfSuccessfulEntries === 1 && currentProfit <= this.buy_dca_drop.value) {
      return { stake: trade.stakeAmount, tag: 'dca_1' };
    }
    return undefined;
  }

  override confirmTradeEntry({ pair }: ConfirmTradeEntryArgs): boolean {
    const { df } = this.dp.getAnalyzedDataframe(pair);
    return df.length > 0 && df.get('volume').last() > 0;
  }
}
