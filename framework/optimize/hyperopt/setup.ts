import { UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import { CandleStore } from '../../data/parquet-store.ts';
import { loadData, type LoadedData } from '../../engine/backtest/prepare-data.ts';
import { parameterSnapshot } from '../../strategy/parameter-file.ts';
import type { LoadedStrategy } from '../../strategy/loader.ts';
import { resolveLoss } from '../losses/index.ts';
import type { HyperoptLoss } from '../losses/types.ts';
import { createSampler, type SamplerOptions } from '../samplers/index.ts';
import type { Sampler, SamplerName } from '../samplers/types.ts';
import { buildSearchSpace, describeSearchSpace, markSearchedParameters, normalizeSpaceNames } from '../spaces/search-space.ts';
import { loadRunStrategy } from './epoch-runner.ts';
import { precomputeIndicators, type PrecomputedIndicators } from './indicators.ts';
import { readResultsFile, type ResultsFile } from './results-file.ts';
import { configHash, type HyperoptRunSpec } from './run-spec.ts';
import { canonicalJson, type BacktestSettings } from './settings.ts';
import { loadedFromShared, shareLoadedData, sharedBytes, type SharedLoadedData } from './shared-data.ts';

/**
 * Getting a run ready: the spec of a new run (strategy, search space, loss, sampler, settings),
 * or the spec of a run being resumed (checked against the strategy and data as they are now);
 * then the data, loaded once into shared memory, and the indicators, computed once.
 */

export interface NewRunInput {
  /** The strategy as the loader gave it (parameter file and config applied), not yet in hyperopt mode. */
  strategy: LoadedStrategy;
  strategyDir: string;
  parameterOverrides: Record<string, unknown>;
  spaces: readonly string[];
  loss: string;
  lossDirectory: string;
  sampler: string;
  seed: number;
  samplerOptions?: Record<string, unknown>;
  minTrades: number;
  backtest: BacktestSettings;
  configResolved: Record<string, unknown>;
}

export interface PreparedRun {
  spec: HyperoptRunSpec;
  strategy: LoadedStrategy;
  loss: HyperoptLoss;
  /** LoadedData over the shared memory (what the workers see too). */
  loaded: LoadedData;
  shared: SharedLoadedData;
  indicators: PrecomputedIndicators;
  dataHashes: Record<string, string>;
}

/** A fresh sampler for the spec (same name, seed and options give the same trials). */
export function samplerFor(spec: HyperoptRunSpec): Sampler {
  return createSampler(spec.sampler.name, spec.searchSpace.dimensions, {
    ...(spec.sampler.options as unknown as Partial<SamplerOptions>),
    seed: spec.sampler.seed,
    objectives: spec.loss.objectives,
  });
}

/**
 * The spec of a new run. Every input is checked before any data is loaded: unknown space, loss
 * or sampler, a strategy with nothing to optimize in the chosen spaces, a bad range.
 */
export async function newRunSpec(input: NewRunInput): Promise<HyperoptRunSpec> {
  const l = input.strategy;
  if (!Number.isSafeInteger(input.minTrades) || input.minTrades < 0) throw new UsageError(`--min-trades must be a whole number >= 0, got ${input.minTrades}`);
  const baseParams = parameterSnapshot(l.strategy, l.parameters);
  const searchSpace = buildSearchSpace(l.strategy, l.parameters, { spaces: input.spaces, timeframe: input.backtest.timeframe });
  const loss = await resolveLoss(input.loss, { directory: input.lossDirectory });
  const spec: HyperoptRunSpec = {
    strategy: {
      name: l.name,
      dir: input.strategyDir,
      file: l.file,
      sourceHash: l.sourceHash,
      parameterOverrides: input.parameterOverrides,
      baseParams,
    },
    spaces: normalizeSpaceNames(input.spaces),
    searchSpace,
    loss: { name: loss.name, directory: input.lossDirectory, objectives: loss.objectives },
    sampler: { name: input.sampler as SamplerName, seed: input.seed, options: input.samplerOptions ?? {} },
    minTrades: input.minTrades,
    backtest: input.backtest,
    configResolved: input.configResolved,
  };
  // Unknown sampler names and a single-objective sampler for a multi-objective loss fail here.
  samplerFor(spec);
  markSearchedParameters(searchSpace, l.parameters);
  return spec;
}

/** Load the data once into shared memory, hash it, and compute the indicators once. */
export async function prepareRun(spec: HyperoptRunSpec, strategy: LoadedStrategy): Promise<PreparedRun> {
  const log = getLogger('hyperopt');
  const b = spec.backtest;
  const loss = await resolveLoss(spec.loss.name, { directory: spec.loss.directory });
  const t0 = performance.now();
  const raw = await loadData(strategy.strategy, {
    store: new CandleStore(b.dataDir, b.exchange, b.tradingMode),
    pairs: b.pairs,
    timeframe: b.timeframe,
    timerange: b.timerange,
    startupCandles: b.startupCandles,
    canShort: b.tradingMode === 'futures' && strategy.strategy.canShort,
    load: b.load,
  });
  const shared = shareLoadedData(raw);
  const loaded = loadedFromShared(shared);
  const dataHashes: Record<string, string> = {};
  for (const p of shared.pairs) dataHashes[`${p.pair} ${b.timeframe}`] = p.dataHash;
  const t1 = performance.now();
  const indicators = precomputeIndicators(strategy.strategy, strategy.parameters, spec.searchSpace.parameterNames, loaded, b.timeframe);
  const t2 = performance.now();
  log.info(
    {
      pairs: loaded.pairs.length,
      candles: loaded.pairs.reduce((n, p) => n + p.candles.timestamp.length, 0),
      sharedMb: Math.round((sharedBytes(shared) + indicators.bytes) / 1048576),
      loadMs: Math.round(t1 - t0),
      indicatorsMs: Math.round(t2 - t1),
    },
    `hyperopt data loaded once into shared memory; indicators ${indicators.mode === 'shared' ? 'computed once per pair' : 'computed per value'}`,
  );
  if (indicators.mode === 'per-value') {
    log.warn(
      { parameters: indicators.valueDependent },
      `${spec.strategy.name}.populateIndicators reads ${indicators.valueDependent.map((n) => `${n}.value`).join(', ')}: ` +
        'indicators are computed for each distinct value of those parameters (cached per worker); ' +
        'compute them over .range instead to compute them once',
    );
  }
  for (const line of describeSearchSpace(spec.searchSpace)) log.info(`search space: ${line}`);
  return { spec, strategy, loss, loaded, shared, indicators, dataHashes };
}

/**
 * Reopen a run for --resume: the header's spec, the strategy checked against the recorded
 * source hash and search space, the data against the recorded hashes. Anything that changed is
 * an error naming it (results from different code or data cannot be mixed).
 */
export async function prepareResume(file: string): Promise<{ results: ResultsFile; prepared: PreparedRun }> {
  const results = readResultsFile(file);
  const { header } = results;
  const spec = header.spec;
  if (configHash(spec) !== header.configHash) {
    throw new UsageError(`hyperopt results ${file}: the header's settings do not match its config hash (edited by hand?); start a new run`);
  }
  const strategy = await loadRunStrategy(spec, 'error');
  const rebuilt = buildSearchSpace(strategy.strategy, strategy.parameters, { spaces: spec.spaces, timeframe: spec.backtest.timeframe });
  if (canonicalJson(rebuilt) !== canonicalJson(spec.searchSpace)) {
    throw new UsageError(
      `hyperopt results ${file}: strategy ${spec.strategy.name} now has another search space for --spaces ${spec.spaces.join(' ')} ` +
        `(${describeSearchSpace(rebuilt).join('; ')}); the run was made with (${describeSearchSpace(spec.searchSpace).join('; ')}): start a new run`,
    );
  }
  const prepared = await prepareRun(spec, strategy);
  for (const [key, hash] of Object.entries(header.dataHashes)) {
    const now = prepared.dataHashes[key];
    if (now !== hash) {
      throw new UsageError(
        `hyperopt results ${file}: the candles of ${key} ${now === undefined ? 'are no longer loaded' : 'changed'} since the run started ` +
          `(data hash ${now?.slice(0, 12) ?? '-'}, the run has ${hash.slice(0, 12)}); start a new run`,
      );
    }
  }
  return { results, prepared };
}
