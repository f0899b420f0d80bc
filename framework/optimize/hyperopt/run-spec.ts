import type { ParameterFileParams } from '../../strategy/parameter-file.ts';
import type { SamplerName } from '../samplers/types.ts';
import type { SearchSpace } from '../spaces/search-space.ts';
import { canonicalJson, sha256, type BacktestSettings } from './settings.ts';

/**
 * Everything that defines a hyperopt run, as plain data: written as the results file's header,
 * sent to every worker, and read back by --resume and hyperopt-show. Two runs with the same spec
 * and seed produce the same epochs.
 */
export interface HyperoptRunSpec {
  strategy: {
    name: string;
    /** Directory the strategy was found in (config strategy.path). */
    dir: string;
    /** The strategy's file (absolute) and the sha256 of its text. */
    file: string;
    sourceHash: string;
    /** Config strategy.parameters (applied by the loader, before baseParams). */
    parameterOverrides: Record<string, unknown>;
    /** The strategy's values when the run started (see base-params.ts). */
    baseParams: ParameterFileParams;
  };
  /** --spaces as given (normalised). */
  spaces: string[];
  searchSpace: SearchSpace;
  loss: { name: string; directory: string; objectives: number };
  sampler: { name: SamplerName; seed: number; options: Record<string, unknown> };
  minTrades: number;
  backtest: BacktestSettings;
  /** The resolved config (secrets redacted), handed to loss functions as LossInput.config. */
  configResolved: Record<string, unknown>;
}

/** sha256 of what decides a backtest besides the point: backtest settings, base values, min trades. */
export function configHash(spec: Pick<HyperoptRunSpec, 'backtest' | 'minTrades' | 'strategy'>): string {
  return sha256(
    canonicalJson({
      backtest: spec.backtest,
      minTrades: spec.minTrades,
      baseParams: spec.strategy.baseParams,
      parameterOverrides: spec.strategy.parameterOverrides,
    }),
  );
}
