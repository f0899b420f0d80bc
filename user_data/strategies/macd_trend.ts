import { IStrategy, IntParameter, ta, type DataFrame, type InformativeSpec } from '../../framework/strategy/index.ts';

/**
 * MACD trend with a 1h filter: trade the 5m MACD crossing above its signal only while the
 * closed 1h candle is above its EMA. The 1h columns arrive suffixed (ema_1h, close_1h) and
 * show only 1h candles that have closed, so there is no lookahead.
 */
export class MacdTrend extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 0.05, '120': 0.02, '480': 0 };
  override stoploss = -0.06;
  // 1h EMA(50) needs 50 hours of 5m candles to warm up: 50 * 12.
  override startupCandleCount = 600;

  buy_ema_1h = new IntParameter(20, 100, { default: 50, optimize: false });

  override informative(): InformativeSpec[] {
    return [
      {
        timeframe: '1h',
        populate: (df) => {
          df.set('ema', ta.ema(df.get('close'), this.buy_ema_1h.value));
        },
      },
    ];
  }

  populateIndicators(df: DataFrame): void {
    const m = ta.macd(df.get('close'), 12, 26, 9);
    df.set('macd', m.macd).set('macdsignal', m.signal).set('macdhist', m.hist);
  }

  populateEntryTrend(df: DataFrame): void {
    const uptrend = df.get('close_1h').gt(df.get('ema_1h'));
    const cond = df.get('macd').crossedAbove(df.get('macdsignal')).and(uptrend).and(df.get('volume').gt(0));
    df.assignWhere(cond, { enter_long: 1, enter_tag: 'macd_up_1h_trend' });
  }

  populateExitTrend(df: DataFrame): void {
    df.assignWhere(df.get('macd').crossedBelow(df.get('macdsignal')), { exit_long: 1, exit_tag: 'macd_down' });
  }
}
