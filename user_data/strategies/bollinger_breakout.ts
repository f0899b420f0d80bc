import { DecimalParameter, IStrategy, ta, type DataFrame } from '../../framework/strategy/index.ts';

/**
 * Bollinger breakout: enter when the close breaks above the upper band on rising volume,
 * exit when it falls back below the middle band. Trailing stop once in profit.
 */
export class BollingerBreakout extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 0.1 };
  override stoploss = -0.04;
  override trailingStop = true;
  override trailingStopPositive = 0.01;
  override trailingStopPositiveOffset = 0.02;
  override trailingOnlyOffsetIsReached = true;
  override startupCandleCount = 40;

  buy_bb_std = new DecimalParameter(1.5, 3, { default: 2, decimals: 1 });

  populateIndicators(df: DataFrame): void {
    const bb = ta.bbands(df.get('close'), 20, this.buy_bb_std.value, this.buy_bb_std.value);
    df.set('bb_upper', bb.upper).set('bb_middle', bb.middle).set('bb_lower', bb.lower);
    df.set('volume_mean', df.get('volume').rolling(20).mean());
  }

  populateEntryTrend(df: DataFrame): void {
    const close = df.get('close');
    const cond = close.crossedAbove(df.get('bb_upper')).and(df.get('volume').gt(df.get('volume_mean').mul(1.5)));
    df.assignWhere(cond, { enter_long: 1, enter_tag: 'bb_breakout' });
  }

  populateExitTrend(df: DataFrame): void {
    df.assignWhere(df.get('close').crossedBelow(df.get('bb_middle')), { exit_long: 1, exit_tag: 'below_middle' });
  }
}
