import { UsageError } from '../../core/errors.ts';
import type { AnyParameter } from '../../strategy/parameters.ts';
import { BUILTIN_SPACES, defaultBuiltinSpace, generateRoiTable, generateTrailingParams, type BuiltinSpace } from './builtin.ts';
import {
  categoricalDim,
  checkDimension,
  decimalDim,
  describeDimension,
  gridCount,
  gridValue,
  intDim,
  realDim,
  type Dimension,
  type ParamValue,
} from './dimensions.ts';
import { strategyHooks } from './strategy-hooks.ts';

/**
 * The search space of one hyperopt run: the dimensions of the chosen spaces, built from the
 * strategy's parameters (buy, sell, protection and custom spaces, filtered by `optimize`) and
 * the built-in roi / stoploss / trailing / trades spaces (or the strategy's overrides).
 *
 * Space names follow Freqtrade: `default` = every space except trailing, protection and trades;
 * `all` = every space. A space named explicitly must contribute at least one dimension; a
 * parameter space only implied by default/all and empty in this strategy is skipped quietly.
 */

/** Spaces of strategy parameters that Freqtrade knows by name (others are "custom" spaces). */
export const PARAMETER_SPACES = ['buy', 'sell', 'protection'] as const;
/** Spaces that `default` leaves out (Freqtrade's HyperoptTools.has_space). */
const NOT_IN_DEFAULT = new Set(['trailing', 'protection', 'trades']);
const BUILTIN_SET = new Set<string>(BUILTIN_SPACES);

/** Plain data (no functions): it travels to worker threads and into results files unchanged. */
export interface SearchSpace {
  strategy: string;
  timeframe: string;
  /** The space names as requested (after splitting and de-duplication). */
  requested: string[];
  /** Spaces that contribute dimensions, in Freqtrade's order (buy, sell, protection, roi, stoploss, trailing, trades, custom). */
  spaces: string[];
  dimensions: Dimension[];
  /** Space of each dimension, by dimension name. */
  spaceOf: Record<string, string>;
  /** Dimensions that are strategy parameters (the others belong to built-in spaces). */
  parameterNames: string[];
}

export interface BuildSpaceOptions {
  /** Space names as given on the command line; empty means ["default"]. Entries may hold several names separated by spaces or commas. */
  spaces: readonly string[];
  /** The timeframe being optimized (scales the roi space); default: the strategy's. */
  timeframe?: string;
}

/** Every name `--spaces` accepts for this strategy: built-in names, default, all, then the strategy's custom spaces. */
export function validSpaceNames(parameters: ReadonlyMap<string, AnyParameter>): string[] {
  return ['buy', 'sell', 'protection', ...BUILTIN_SPACES, 'default', 'all', ...customSpaces(parameters)];
}

function customSpaces(parameters: ReadonlyMap<string, AnyParameter>): string[] {
  const out: string[] = [];
  for (const p of parameters.values()) {
    const s = String(p.space);
    if (!(PARAMETER_SPACES as readonly string[]).includes(s) && !BUILTIN_SET.has(s) && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Split "buy sell,roi" style entries and drop repeats, keeping the order. */
export function normalizeSpaceNames(spaces: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of spaces) {
    for (const name of entry.split(/[\s,]+/)) if (name !== '' && !out.includes(name)) out.push(name);
  }
  return out.length > 0 ? out : ['default'];
}

/** Freqtrade's has_space: is `space` searched when `requested` were asked for? */
export function hasSpace(requested: readonly string[], space: string): boolean {
  if (requested.includes(space) || requested.includes('all')) return true;
  return !NOT_IN_DEFAULT.has(space) && requested.includes('default');
}

/** The search dimension of one strategy parameter (Freqtrade's Parameter.get_space). */
export function parameterDimension(p: AnyParameter): Dimension {
  const name = p.name;
  const where = `parameter ${name}: `;
  const q = p as unknown as { low: number; high: number; decimals: number; categories: readonly ParamValue[] };
  switch (p.kind) {
    case 'int':
      return checkDimension(intDim(name, q.low, q.high), where);
    case 'decimal':
      return checkDimension(decimalDim(name, q.low, q.high, q.decimals), where);
    case 'real':
      return checkDimension(realDim(name, q.low, q.high), where);
    case 'categorical':
      return checkDimension(categoricalDim(name, q.categories), where);
    case 'boolean':
      return checkDimension(categoricalDim(name, [true, false]), where);
  }
}

/**
 * Build the search space for `strategy` (an instance, with its parameters collected by
 * collectParameters). Unknown space names, an explicitly chosen space without optimizable
 * parameters, a space with no dimension at all and a bad override are UsageErrors naming the
 * strategy and the space or dimension.
 */
export function buildSearchSpace(
  strategy: object & { timeframe: string },
  parameters: ReadonlyMap<string, AnyParameter>,
  opts: BuildSpaceOptions,
): SearchSpace {
  const strategyName = strategy.constructor.name;
  const timeframe = opts.timeframe ?? strategy.timeframe;
  const requested = normalizeSpaceNames(opts.spaces);
  const valid = validSpaceNames(parameters);
  const unknown = requested.filter((s) => !valid.includes(s));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown hyperopt space${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => JSON.stringify(s)).join(', ')} ` +
        `for strategy ${strategyName}: valid spaces are ${valid.join(', ')}`,
    );
  }

  const hooks = strategyHooks(strategy);
  const order = [...PARAMETER_SPACES, ...BUILTIN_SPACES, ...customSpaces(parameters)];
  const space: SearchSpace = { strategy: strategyName, timeframe, requested, spaces: [], dimensions: [], spaceOf: {}, parameterNames: [] };

  const add = (spaceName: string, dims: Dimension[]): void => {
    for (const d of dims) {
      const prior = space.spaceOf[d.name];
      if (prior !== undefined) {
        throw new UsageError(
          `strategy ${strategyName}: hyperopt dimension ${d.name} appears in space "${prior}" and in space "${spaceName}"; dimension names must be unique`,
        );
      }
      space.spaceOf[d.name] = spaceName;
      space.dimensions.push(d);
    }
    space.spaces.push(spaceName);
  };

  for (const name of order) {
    if (!hasSpace(requested, name)) continue;
    const explicit = requested.includes(name);
    if (BUILTIN_SET.has(name)) {
      const dims = builtinDimensions(name as BuiltinSpace, strategyName, timeframe, hooks);
      if (dims.length === 0) {
        if (explicit) throw new UsageError(`strategy ${strategyName}: hyperoptSpace('${name}') returned no dimensions, but space "${name}" was chosen`);
        continue;
      }
      add(name, dims);
      continue;
    }
    const inSpace = [...parameters.values()].filter((p) => String(p.space) === name);
    const searched = inSpace.filter((p) => p.optimize);
    if (searched.length === 0) {
      if (explicit) {
        const fixed = inSpace.map((p) => p.name);
        throw new UsageError(
          `strategy ${strategyName} has no parameter to optimize in space "${name}"` +
            (fixed.length > 0 ? ` (${fixed.join(', ')} ${fixed.length > 1 ? 'have' : 'has'} optimize: false)` : '') +
            `: remove "${name}" from --spaces or declare a parameter with space: '${name}'`,
        );
      }
      continue;
    }
    add(name, searched.map((p) => parameterDimension(p)));
    for (const p of searched) space.parameterNames.push(p.name);
  }

  if (space.dimensions.length === 0) {
    const counts = [...parameters.values()].reduce<Record<string, number>>((acc, p) => {
      if (p.optimize) acc[String(p.space)] = (acc[String(p.space)] ?? 0) + 1;
      return acc;
    }, {});
    const have = Object.entries(counts).map(([s, n]) => `${s} (${n})`);
    throw new UsageError(
      `strategy ${strategyName}: nothing to optimize in spaces ${requested.join(', ')}: ` +
        (have.length > 0 ? `its optimizable parameters are in ${have.join(', ')}` : 'it declares no optimizable parameter') +
        `; choose other --spaces (valid: ${valid.join(', ')})`,
    );
  }
  return space;
}

function builtinDimensions(
  name: BuiltinSpace,
  strategyName: string,
  timeframe: string,
  hooks: ReturnType<typeof strategyHooks>,
): Dimension[] {
  const defaults = defaultBuiltinSpace(name, timeframe);
  if (!hooks.hyperoptSpace) return defaults;
  const where = `strategy ${strategyName}: hyperoptSpace('${name}'): `;
  const given = hooks.hyperoptSpace(name, { timeframe, defaults: defaultBuiltinSpace(name, timeframe) });
  if (given === undefined || given === null) return defaults;
  if (!Array.isArray(given)) throw new UsageError(`${where}expected an array of dimensions or undefined, got ${typeof given}`);
  const dims = given.map((d) => checkDimension(d, where));
  if (dims.length === 0) return dims;
  // The space must be usable by the generator that will read it: try it on the lowest point.
  const low: Record<string, ParamValue> = {};
  for (const d of dims) low[d.name] = gridCount(d) === Infinity ? (d as { low: number }).low : gridValue(d, 0);
  try {
    if (name === 'roi') (hooks.generateRoiTable ?? generateRoiTable)(low);
    if (name === 'trailing') (hooks.generateTrailingParams ?? generateTrailingParams)(low);
  } catch (err) {
    const hook = name === 'roi' ? 'generateRoiTable' : 'generateTrailingParams';
    throw new UsageError(
      `${where}the dimensions ${dims.map((d) => d.name).join(', ')} do not fit ${hook} (${(err as Error).message}); ` +
        `define ${hook} on the strategy as well`,
    );
  }
  if (name === 'stoploss' && !dims.some((d) => d.name === 'stoploss')) throw new UsageError(`${where}needs a dimension named stoploss`);
  if (name === 'trades' && !dims.some((d) => d.name === 'max_open_trades')) throw new UsageError(`${where}needs a dimension named max_open_trades`);
  return dims;
}

/**
 * Hyperopt mode for the parameters: those searched get `inHyperopt` (their `range` becomes the
 * full range, so indicators can be precomputed for every value), the others leave it.
 */
export function markSearchedParameters(space: SearchSpace, parameters: ReadonlyMap<string, AnyParameter>): void {
  const searched = new Set(space.parameterNames);
  for (const [name, p] of parameters) p.inHyperopt = searched.has(name);
}

/** One line per dimension, "buy_fast (buy): int 5..20", for the start-of-run log and hyperopt-show. */
export function describeSearchSpace(space: SearchSpace): string[] {
  return space.dimensions.map((d) => `${d.name} (${space.spaceOf[d.name]}): ${describeDimension(d)}`);
}
