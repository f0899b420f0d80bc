import { IStrategy, IntParameter, ta, type DataFrame } from '../../framework/strategy/index.ts';

/**
 * SMA crossover, long only: enter when the fast SMA crosses above the slow one, exit when it
 * crosses back below. The quickstart's strategy; both periods are hyperoptable.
 */
export class SmaCross extends IStrategy {
  override timeframe = '5m';
  override minimalRoi = { '0': 10 }; // effectively off: exits come from the signal or the stop
  override stoploss = -0.1;
  override startupCandleCount = 30;

  buy_fast = new IntParameter(5, 30, { default: 10 });
  buy_slow = new IntParameter(20, 100, { default: 30 });

  // Drawn over the candles in the HTML report: the two SMAs at the default periods (every
  // period in range is computed, so these columns are always there).
  override plotConfig = { mainPlot: { sma_10: { color: '#2962ff' }, sma_30: { color: '#ff6d00' } } };

  override version(): string {
    return '1';
  }

  populateIndicators(df: DataFrame): void {
    // Every period in range, so hyperopt epochs reuse them instead of recomputing (only the
    // current value outside hyperopt).
    for (const p of new Set([...this.buy_fast.range, ...this.buy_slow.range])) {
      df.set(`sma_${p}`, ta.sma(df.get('close'), p));
    }
  }

  populateEntryTrend(df: DataFrame): void {
    const fast = df.get(`sma_${this.buy_fast.value}`);
    const slow = df.get(`sma_${this.buy_slow.value}`);
    df.assignWhere(fast.crossedAbove(slow).and(df.get('volume').gt(0)), { enter_long: 1, enter_tag: 'sma_cross_up' });
  }

  populateExitTrend(df: DataFrame): void {
    const fast = df.get(`sma_${this.buy_fast.value}`);
    const slow = df.get(`sma_${this.buy_slow.value}`);
    df.assignWhere(fast.crossedBelow(slow), { exit_long: 1, exit_tag: 'sma_cross_down' });
  }
}
