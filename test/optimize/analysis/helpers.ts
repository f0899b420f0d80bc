/** Shared set-up of the analysis tests: strategies from a directory and the bundled candles. */
import path from 'node:path';
import { parseTimerange } from '../../../framework/core/timerange.ts';
import { CandleStore } from '../../../framework/data/parquet-store.ts';
import { loadAnalysisData, pairWindow, type PairWindow } from '../../../framework/optimize/analysis/data.ts';
import { loadStrategy } from '../../../framework/strategy/loader.ts';
import { discoverStrategies } from '../../../framework/strategy/registry.ts';
import type { IStrategy } from '../../../framework/strategy/strategy.ts';
import { REPO_ROOT } from '../../helpers/tmp.ts';

export const SAMPLE_DIR = path.join(REPO_ROOT, 'user_data/strategies');
export const FIXTURE_DIR = path.join(REPO_ROOT, 'test/fixtures/strategies-analysis');
/** The bundled quickstart data: BTC/USDT and ETH/USDT 5m, 2023. */
export const STORE = new CandleStore(path.join(REPO_ROOT, 'user_data/data'), 'binance');

export interface Subject {
  strategy: IStrategy;
  freshStrategy: () => Promise<IStrategy>;
  windows: PairWindow[];
}

/** A strategy (fresh instance per call of freshStrategy) and its windows over a timerange of the bundled data. */
export async function subject(name: string, dir: string, timerange: string, pairs: string[], startup?: number): Promise<Subject> {
  const discovery = await discoverStrategies(dir);
  const load = async (): Promise<IStrategy> => (await loadStrategy(name, { dir, discovery })).strategy;
  const strategy = await load();
  const data = await loadAnalysisData(strategy, { store: STORE, pairs, timeframe: strategy.timeframe, load: { check: false } });
  const range = parseTimerange(timerange);
  const windows = pairs.map((p) => pairWindow(data, p, range, startup ?? strategy.startupCandleCount));
  return { strategy, freshStrategy: load, windows };
}
