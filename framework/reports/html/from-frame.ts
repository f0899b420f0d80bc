/**
 * ReportCandles from the frame a strategy's populate* hooks produced: the OHLCV columns and
 * the numeric columns its plotConfig names (shared, not copied). Columns the plotConfig names
 * but the frame lacks are left out; the report notes them.
 */
import type { DataFrame } from '../../frame/dataframe.ts';
import type { PlotConfig } from '../../strategy/types.ts';
import type { ReportCandles } from './chart-data.ts';

export function reportCandlesFromFrame(frame: DataFrame, plotConfig?: PlotConfig): ReportCandles {
  const wanted = [
    ...Object.keys(plotConfig?.mainPlot ?? {}),
    ...Object.values(plotConfig?.subplots ?? {}).flatMap((lines) => Object.keys(lines)),
  ];
  const columns: Record<string, Float64Array> = {};
  for (const name of wanted) {
    if (frame.has(name) && !frame.isTags(name)) columns[name] = frame.array(name);
  }
  return {
    timestamp: frame.array('date'),
    open: frame.array('open'),
    high: frame.array('high'),
    low: frame.array('low'),
    close: frame.array('close'),
    volume: frame.array('volume'),
    columns,
  };
}
