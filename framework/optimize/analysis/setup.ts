/**
 * What both analysis commands do before analyzing: load the configured strategy (discovering
 * the strategy directory once, so fresh instances per run are cheap) and its candles.
 */
import { UsageError } from '../../core/errors.ts';
import type { Pair } from '../../core/pair.ts';
import type { KeelConfig } from '../../config/schema.ts';
import { CandleStore } from '../../data/parquet-store.ts';
import { loadStrategy, type LoadedStrategy } from '../../strategy/loader.ts';
import { discoverStrategies } from '../../strategy/registry.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import { loadAnalysisData, type AnalysisData } from './data.ts';

export interface PreparedAnalysis {
  loaded: LoadedStrategy;
  /** A new instance of the same strategy with the same parameters (one per analysis run). */
  freshStrategy: () => Promise<IStrategy>;
  data: AnalysisData;
  pairs: Pair[];
}

export async function prepareAnalysis(config: KeelConfig, opts: { strategy?: string; pairs: Pair[] }): Promise<PreparedAnalysis> {
  const name = opts.strategy ?? config.strategy.name;
  if (!name) throw new UsageError('no strategy selected: pass --strategy <ClassName> or set strategy.name in the config');
  if (opts.pairs.length === 0) throw new UsageError('no pairs: pass --pairs or set exchange.pair_whitelist in the config');
  const discovery = await discoverStrategies(config.strategy.path);
  const load = (): Promise<LoadedStrategy> =>
    loadStrategy(name, { dir: config.strategy.path, parameterOverrides: config.strategy.parameters, discovery });
  const loaded = await load();
  const store = new CandleStore(config.data.directory, config.exchange.name, config.exchange.trading_mode, { columnCache: config.data.column_cache });
  const data = await loadAnalysisData(loaded.strategy, {
    store,
    pairs: opts.pairs,
    timeframe: loaded.strategy.timeframe,
    load: { fillGaps: config.data.fill_gaps, check: config.data.check_on_load },
  });
  return { loaded, freshStrategy: async () => (await load()).strategy, data, pairs: opts.pairs };
}
