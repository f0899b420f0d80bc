import { IStrategy, ta, type DataFrame } from '../../framework/strategy/index.ts';

/**
 * BIASED ON PURPOSE: do not trade this. A sample of the two most common kinds of lookahead
 * bias, shipped so that `run.ts lookahead-analysis --strategy BiasedLookahead` has something
 * to catch (docs/analysis-tools.md):
 *
 * - `next_close` = `close.shift(-1)`: the NEXT candle's close, unknown when this candle closes.
 *   The entry "buys before a rise" and the exit "sells before a drop" with it, so a backtest
 *   looks wonderful and live trading can never reproduce it.
 * - `close_norm` = close / the maximum close of the WHOLE series: the maximum includes candles
 *   in the future of every row (pandas' `df['close'].max()` in Freqtrade has the same bug).
 *
 * `sma20` is an honest indicator and must not be reported. The analysis names `next_close`
 * and `close_norm` and counts the entry and exit signals that vanish once the future is cut off.
 */
export class BiasedLookahead extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 10 };
  override stoploss = -0.1;
  override startupCandleCount = 20;

  override version(): string {
    return 'biased-on-purpose';
  }

  populateIndicators(df: DataFrame): void {
    const close = df.get('close');
    df.set('sma20', ta.sma(close, 20));
    df.set('next_close', close.shift(-1)); // lookahead: the future candle's close
    df.set('close_norm', close.div(close.max())); // lookahead: max over rows not yet known
  }

  populateEntryTrend(df: DataFrame): void {
    const close = df.get('close');
    const rise = df.get('next_close').gt(close.mul(1.002));
    df.assignWhere(rise.and(close.gt(df.get('sma20'))).and(df.get('volume').gt(0)), { enter_long: 1, enter_tag: 'knows_next_close' });
  }

  populateExitTrend(df: DataFrame): void {
    const drop = df.get('next_close').lt(df.get('close').mul(0.998));
    df.assignWhere(drop.or(df.get('close_norm').gt(0.99)), { exit_long: 1, exit_tag: 'knows_the_future' });
  }
}
