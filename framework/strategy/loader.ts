import { UsageError, errorMessage } from '../core/errors.ts';
import type { KeelConfig } from '../config/schema.ts';
import type { IStrategy } from './strategy.ts';
import { collectParameters, type AnyParameter } from './parameters.ts';
import { StrategyLoadError, describeWhere, displayPath } from './errors.ts';
import { validateStrategy, type StrategyMetadata } from './metadata.ts';
import { applyConfigOverrides, applyParameterFile, parameterFilePath, readParameterFile } from './parameter-file.ts';
import { discoverStrategies, missingHookError, type StrategyDiscovery } from './registry.ts';

/**
 * Select a strategy by class name and make it ready to run: a fresh instance with its
 * parameters collected, its JSON parameter file applied, then the config overrides, and the
 * result validated. Precedence: class defaults < parameter file < config `strategy.parameters`.
 */

export interface LoadStrategyOptions {
  /** Directory searched (config `strategy.path`). */
  dir: string;
  /** Config `strategy.parameters`: parameter name -> value, plus minimal_roi, stoploss, trailing_*, max_open_trades. */
  parameterOverrides?: Record<string, unknown>;
  /** A discovery already made of `dir` (hyperopt loads one strategy many times). */
  discovery?: StrategyDiscovery;
}

export interface LoadedStrategy {
  strategy: IStrategy;
  /** Class name. */
  name: string;
  /** Absolute path of the file that defines the class. */
  file: string;
  /** Hyperoptable parameters by field name, with values from the parameter file and config applied. */
  parameters: Map<string, AnyParameter>;
  /** sha256 (hex) of the strategy file's text, stored with results to tell code versions apart. */
  sourceHash: string;
  /** Validated attributes after the parameter file and the config overrides. */
  metadata: StrategyMetadata;
  /** The parameter file that was applied, if there was one. */
  parameterFile: string | undefined;
}

export async function loadStrategy(name: string, opts: LoadStrategyOptions): Promise<LoadedStrategy> {
  const discovery = opts.discovery ?? (await discoverStrategies(opts.dir));
  const entry = discovery.strategies.find((s) => s.name === name);
  if (!entry) throw notFound(name, discovery);

  let strategy: IStrategy;
  try {
    strategy = new entry.cls();
  } catch (err) {
    throw new StrategyLoadError(`${describeWhere(entry.file, name)}: the constructor threw: ${errorMessage(err)}`, {
      file: entry.file,
      className: name,
      cause: err,
    });
  }
  const parameters = collectParameters(strategy, name);

  const pfPath = parameterFilePath(entry.file);
  const pf = readParameterFile(pfPath, name);
  if (pf) applyParameterFile(strategy, parameters, pf, pfPath);
  const overrides = opts.parameterOverrides ?? {};
  const hasOverrides = Object.keys(overrides).length > 0;
  if (hasOverrides) applyConfigOverrides(strategy, parameters, overrides);

  const sources = [pf ? displayPath(pfPath) : undefined, hasOverrides ? 'config strategy.parameters' : undefined].filter(Boolean);
  const metadata = validateStrategy(strategy, {
    file: entry.file,
    className: name,
    ...(sources.length > 0 ? { context: `after applying ${sources.join(' and ')}` } : {}),
  });
  // Freqtrade fills optional order types with defaults; the engine reads the complete table.
  strategy.orderTypes = metadata.orderTypes;
  strategy.orderTimeInForce = metadata.orderTimeInForce;

  return {
    strategy,
    name,
    file: entry.file,
    parameters,
    sourceHash: entry.sourceHash,
    metadata,
    parameterFile: pf ? pfPath : undefined,
  };
}

/**
 * The configured strategy: `name` (e.g. from --strategy) or config `strategy.name`, searched in
 * config `strategy.path`, with config `strategy.parameters` applied.
 */
export async function loadConfiguredStrategy(config: KeelConfig, name?: string): Promise<LoadedStrategy> {
  const selected = name ?? config.strategy.name;
  if (!selected) throw new UsageError('no strategy selected: pass --strategy <ClassName> or set strategy.name in the config');
  return loadStrategy(selected, { dir: config.strategy.path, parameterOverrides: config.strategy.parameters });
}

/** The most specific error for a name that is not selectable. */
function notFound(name: string, d: StrategyDiscovery): Error {
  const own = d.problems.find((p) => p.className === name);
  if (own) return own.error;
  const base = d.bases.find((b) => b.name === name);
  if (base) return missingHookError(base.file, name, base.missingHooks, {});
  const available = d.strategies.map((s) => s.name);
  const lower = name.toLowerCase();
  const near = available.filter((n) => n.toLowerCase() === lower || n.toLowerCase().includes(lower) || lower.includes(n.toLowerCase()));
  const parts = [`strategy "${name}" not found in ${displayPath(d.directory)}.`];
  parts.push(available.length > 0 ? `Available: ${available.join(', ')}.` : 'No strategy there loads.');
  if (near.length > 0) parts.push(`Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`);
  const broken = [...new Set(d.problems.filter((p) => !p.className).map((p) => displayPath(p.file)))];
  if (broken.length > 0) {
    parts.push(`${broken.length} file(s) could not be imported and may define it: ${broken.join(', ')} (run list-strategies for details).`);
  }
  const invalid = [...new Set(d.problems.flatMap((p) => (p.className ? [p.className] : [])))];
  if (invalid.length > 0) parts.push(`Classes with problems: ${invalid.join(', ')}.`);
  return new UsageError(parts.join(' '));
}
