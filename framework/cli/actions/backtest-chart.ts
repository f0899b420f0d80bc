/**
 * The HTML report's chart input from a finished backtest: per pair, the backtested candles
 * (startup rows trimmed) with the indicator columns the strategy's plotConfig names.
 */
import type { BacktestOutcome } from '../../engine/backtest/runner.ts';
import type { DataFrame } from '../../frame/index.ts';
import type { ReportCandles } from '../../reports/html/chart-data.ts';
import { reportCandlesFromFrame } from '../../reports/html/from-frame.ts';
import { HistoricalDataProvider } from '../../strategy/historical-data-provider.ts';
import type { IStrategy } from '../../strategy/strategy.ts';

/**
 * The analyzed frames come from the strategy's data provider (`strategy.dp`), where the runner
 * left them for the strategy's callbacks; BacktestOutcome itself carries only the OHLCV. The
 * provider caps frames at its clock, which stops at the last candle's open, so it is moved
 * past the end first (the run is over; nothing reads it any more). A pair whose frame cannot
 * be had or does not line up with the backtested candles is charted without indicators.
 */
export function chartCandles(strategy: IStrategy, outcome: BacktestOutcome): Record<string, ReportCandles> {
  const dp = (strategy.context as IStrategy['context'] | undefined)?.dataProvider;
  if (dp instanceof HistoricalDataProvider) dp.setNow(Infinity);
  const out: Record<string, ReportCandles> = {};
  for (const pair of outcome.pairs) {
    const candles = outcome.candles.get(pair);
    if (candles === undefined) continue;
    const n = candles.timestamp.length;
    let frame: DataFrame | undefined;
    try {
      frame = dp?.getAnalyzedDataframe(pair).df;
    } catch {
      frame = undefined;
    }
    const rows = frame !== undefined && frame.length >= n ? frame.slice(frame.length - n) : undefined;
    const aligned = rows !== undefined && n > 0 && rows.dates[0] === candles.timestamp[0] && rows.dates[n - 1] === candles.timestamp[n - 1];
    out[pair] = aligned ? reportCandlesFromFrame(rows, strategy.plotConfig) : { ...candles, columns: {} };
  }
  return out;
}
