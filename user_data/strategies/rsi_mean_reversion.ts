import { IStrategy, IntParameter, ta, type DataFrame } from '../../framework/strategy/index.ts';

/**
 * RSI mean reversion: buy an oversold dip inside an uptrend (close above the 200 EMA), sell
 * when RSI is overbought, with a stepped ROI table and a fixed stop.
 */
export class RsiMeanReversion extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 0.04, '60': 0.02, '180': 0.01, '360': 0 };
  override stoploss = -0.05;
  override startupCandleCount = 200;

  buy_rsi = new IntParameter(10, 40, { default: 30 });
  sell_rsi = new IntParameter(60, 90, { default: 70 });

  populateIndicators(df: DataFrame): void {
    df.set('rsi', ta.rsi(df.get('close'), 14));
    df.set('ema200', ta.ema(df.get('close'), 200));
  }

  populateEntryTrend(df: DataFrame): void {
    const rsi = df.get('rsi');
    const cond = rsi.crossedBelow(this.buy_rsi.value).and(df.get('close').gt(df.get('ema200'))).and(df.get('volume').gt(0));
    df.assignWhere(cond, { enter_long: 1, enter_tag: 'rsi_oversold' });
  }

  populateExitTrend(df: DataFrame): void {
    df.assignWhere(df.get('rsi').crossedAbove(this.sell_rsi.value), { exit_long: 1, exit_tag: 'rsi_overbought' });
  }
}
