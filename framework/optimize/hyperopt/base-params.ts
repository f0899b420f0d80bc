import type { ParameterFileParams } from '../../strategy/parameter-file.ts';
import type { AnyParameter } from '../../strategy/parameters.ts';
import type { IStrategy } from '../../strategy/strategy.ts';

/**
 * The strategy's settings when a run starts (class defaults < parameter file < config, as the
 * loader applied them), recorded in the results header. Workers, a resumed run and hyperopt-show
 * put them back on a freshly loaded strategy, so every epoch of a run backtests from the same
 * base even after the run exported new values to the parameter file.
 */
export function applyBaseParams(strategy: IStrategy, parameters: ReadonlyMap<string, AnyParameter>, base: ParameterFileParams): void {
  for (const [section, values] of Object.entries(base)) {
    if (values === undefined || section === 'roi' || section === 'stoploss' || section === 'trailing' || section === 'max_open_trades') continue;
    for (const [name, value] of Object.entries(values)) {
      const p = parameters.get(name);
      if (p) p.value = value;
    }
  }
  if (base.roi) strategy.minimalRoi = { ...base.roi };
  if (base.stoploss) strategy.stoploss = base.stoploss.stoploss;
  const t = base.trailing;
  if (t) {
    if (t.trailing_stop !== undefined) strategy.trailingStop = t.trailing_stop;
    if (t.trailing_stop_positive !== undefined) strategy.trailingStopPositive = t.trailing_stop_positive ?? undefined;
    if (t.trailing_stop_positive_offset !== undefined) strategy.trailingStopPositiveOffset = t.trailing_stop_positive_offset;
    if (t.trailing_only_offset_is_reached !== undefined) strategy.trailingOnlyOffsetIsReached = t.trailing_only_offset_is_reached;
  }
  strategy.maxOpenTrades = base.max_open_trades?.max_open_trades;
}
