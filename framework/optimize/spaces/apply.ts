import { UsageError } from '../../core/errors.ts';
import { pyRound } from '../../reports/py-format.ts';
import { parameterSnapshot, type ParameterFileParams, type TrailingParams } from '../../strategy/parameter-file.ts';
import type { AnyParameter } from '../../strategy/parameters.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import { generateRoiTable, generateTrailingParams } from './builtin.ts';
import { isValidValue, type ParamValue, type Point } from './dimensions.ts';
import type { SearchSpace } from './search-space.ts';
import { strategyHooks } from './strategy-hooks.ts';

/**
 * Turning a point of the search space into strategy settings: for the backtest of an epoch
 * (applyPoint), for the results file (pointDetails = Freqtrade's params_details) and for the
 * strategy's parameter file (exportParameters).
 */

/** Settings that decide how max_open_trades is read (Freqtrade's generate_optimizer). */
export interface ApplyContext {
  /** The config's stake_amount: with "unlimited", -1 / 0 fall back to the config's max_open_trades. */
  stakeAmount?: number | 'unlimited';
  /** The config's max_open_trades (used only with an unlimited stake). */
  configMaxOpenTrades?: number;
}

/** Throw unless `point` holds a legal value for every dimension of `space` (and nothing else). */
export function checkPoint(space: SearchSpace, point: Record<string, unknown>, where = 'point'): asserts point is Point {
  for (const d of space.dimensions) {
    if (!(d.name in point)) throw new UsageError(`${where}: missing a value for ${d.name}`);
    if (!isValidValue(d, point[d.name])) throw new UsageError(`${where}: ${d.name} = ${JSON.stringify(point[d.name])} is outside its space`);
  }
  for (const k of Object.keys(point)) {
    if (!(k in space.spaceOf)) throw new UsageError(`${where}: ${k} is not a dimension of this search space (${space.spaces.join(', ')})`);
  }
}

/** minimalRoi from the roi dimensions (the strategy's generateRoiTable if it has one), keys as strings. */
export function roiTableFor(strategy: object, point: Point): Record<string, number> {
  const hooks = strategyHooks(strategy);
  const raw = (hooks.generateRoiTable ?? generateRoiTable)(point);
  const table: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    const minutes = Number(k);
    if (!Number.isInteger(minutes) || minutes < 0 || typeof v !== 'number' || !Number.isFinite(v)) {
      throw new UsageError(
        `strategy ${strategy.constructor.name}: generateRoiTable returned ${JSON.stringify(k)}: ${JSON.stringify(v)}; ` +
          'expected whole minutes >= 0 -> finite profit ratios',
      );
    }
    table[String(minutes)] = v;
  }
  return table;
}

export function trailingFor(strategy: object, point: Point): TrailingParams {
  const hooks = strategyHooks(strategy);
  return (hooks.generateTrailingParams ?? generateTrailingParams)(point);
}

/** max_open_trades as the strategy gets it: -1 and 0 mean unlimited (-1); Freqtrade's unlimited-stake rule. */
export function maxOpenTradesFor(point: Point, ctx: ApplyContext = {}): number {
  let v = point['max_open_trades'] as number;
  if (ctx.stakeAmount === 'unlimited' && (v === -1 || v === 0) && ctx.configMaxOpenTrades !== undefined) v = ctx.configMaxOpenTrades;
  return v === 0 || v === -1 || !Number.isFinite(v) ? -1 : v;
}

/**
 * Set the strategy up for one epoch: parameter values, then minimalRoi, stoploss, trailing
 * and maxOpenTrades for the built-in spaces being searched. Values are checked by the
 * parameters' own setters.
 */
export function applyPoint(
  strategy: IStrategy,
  parameters: ReadonlyMap<string, AnyParameter>,
  space: SearchSpace,
  point: Point,
  ctx: ApplyContext = {},
): void {
  for (const name of space.parameterNames) {
    const p = parameters.get(name);
    if (!p) throw new UsageError(`strategy ${space.strategy} has no parameter ${name} (the search space was built from another strategy)`);
    p.value = point[name];
  }
  if (space.spaces.includes('roi')) strategy.minimalRoi = roiTableFor(strategy, point);
  if (space.spaces.includes('stoploss')) strategy.stoploss = point['stoploss'] as number;
  if (space.spaces.includes('trailing')) {
    const t = trailingFor(strategy, point);
    if (t.trailing_stop !== undefined) strategy.trailingStop = t.trailing_stop;
    if (t.trailing_stop_positive !== undefined) strategy.trailingStopPositive = t.trailing_stop_positive ?? undefined;
    if (t.trailing_stop_positive_offset !== undefined) strategy.trailingStopPositiveOffset = t.trailing_stop_positive_offset;
    if (t.trailing_only_offset_is_reached !== undefined) strategy.trailingOnlyOffsetIsReached = t.trailing_only_offset_is_reached;
  }
  if (space.spaces.includes('trades')) strategy.maxOpenTrades = maxOpenTradesFor(point, ctx);
}

/** Freqtrade's round_dict(d, 13): floats rounded to 13 decimals, everything else unchanged. */
function round13<T extends Record<string, unknown>>(d: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) out[k] = typeof v === 'number' && !Number.isInteger(v) ? pyRound(v, 13) : v;
  return out as T;
}

/**
 * Freqtrade's params_details of an epoch: the searched values by section, in the parameter
 * file's shape (buy/sell/protection/custom: name -> value; roi: the table; stoploss;
 * trailing: the four attributes; max_open_trades), floats rounded to 13 decimals.
 */
export function pointDetails(strategy: object, space: SearchSpace, point: Point, ctx: ApplyContext = {}): ParameterFileParams {
  const details: ParameterFileParams = {};
  for (const s of space.spaces) {
    switch (s) {
      case 'roi':
        details.roi = round13(roiTableFor(strategy, point));
        break;
      case 'stoploss':
        details.stoploss = round13({ stoploss: point['stoploss'] as number });
        break;
      case 'trailing':
        details.trailing = round13(trailingFor(strategy, point) as Record<string, unknown>) as TrailingParams;
        break;
      case 'trades':
        details.max_open_trades = { max_open_trades: maxOpenTradesFor(point, ctx) };
        break;
      default: {
        const section: Record<string, ParamValue> = {};
        for (const d of space.dimensions) if (space.spaceOf[d.name] === s) section[d.name] = point[d.name]!;
        details[s] = round13(section);
      }
    }
  }
  return details;
}

/**
 * The `params` to write to the strategy's parameter file for the chosen epoch: every current
 * value of the strategy (Freqtrade's params_not_optimized) with the epoch's details on top.
 * Applies the point to `strategy` on the way.
 */
export function exportParameters(
  strategy: IStrategy,
  parameters: ReadonlyMap<string, AnyParameter>,
  space: SearchSpace,
  point: Point,
  ctx: ApplyContext = {},
): ParameterFileParams {
  applyPoint(strategy, parameters, space, point, ctx);
  const params = parameterSnapshot(strategy, parameters as Map<string, AnyParameter>);
  const details = pointDetails(strategy, space, point, ctx);
  for (const [section, values] of Object.entries(details)) {
    if (values === undefined) continue;
    // roi replaces the table as a whole; the other sections merge key by key.
    params[section] = section === 'roi' ? { ...values } : { ...(params[section] ?? {}), ...values };
  }
  return params;
}
