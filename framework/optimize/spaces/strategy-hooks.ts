import type { TrailingParams } from '../../strategy/parameter-file.ts';
import type { BuiltinSpace } from './builtin.ts';
import type { Dimension, ParamValue } from './dimensions.ts';

/**
 * Optional methods a strategy may define to change the built-in spaces (Freqtrade's nested
 * `class HyperOpt` with roi_space / stoploss_space / trailing_space / max_open_trades_space /
 * generate_roi_table / generate_trailing_params). Hyperopt looks for them by name (duck typing),
 * so they work without being declared on IStrategy:
 *
 *   class MyStrategy extends IStrategy {
 *     hyperoptSpace(name: BuiltinSpace, ctx: HyperoptSpaceContext) {
 *       if (name === 'stoploss') return [decimalDim('stoploss', -0.15, -0.03, 3)];
 *       return undefined; // keep Keel's (= Freqtrade's) definition
 *     }
 *   }
 *
 * A roi override with other dimension names than roi_t1..3 / roi_p1..3 must also define
 * generateRoiTable; a trailing override with other names must define generateTrailingParams.
 */
export interface HyperoptSpaceContext {
  /** The timeframe being optimized (the roi space scales with it). */
  timeframe: string;
  /** Keel's default dimensions of this space, to copy and adjust. */
  defaults: Dimension[];
}

export interface HyperoptStrategyHooks {
  /** Dimensions of a built-in space, or undefined to keep the default. */
  hyperoptSpace?(name: BuiltinSpace, ctx: HyperoptSpaceContext): Dimension[] | undefined | null;
  /** minimalRoi from the roi dimensions (keys: whole minutes). */
  generateRoiTable?(params: Record<string, ParamValue>): Record<string | number, number>;
  /** The four trailing attributes from the trailing dimensions. */
  generateTrailingParams?(params: Record<string, ParamValue>): TrailingParams;
}

/** The hooks a strategy instance defines (methods found by name; anything else is ignored). */
export function strategyHooks(strategy: object): HyperoptStrategyHooks {
  const s = strategy as Record<string, unknown>;
  const hooks: HyperoptStrategyHooks = {};
  if (typeof s['hyperoptSpace'] === 'function') hooks.hyperoptSpace = (s['hyperoptSpace'] as NonNullable<HyperoptStrategyHooks['hyperoptSpace']>).bind(strategy);
  if (typeof s['generateRoiTable'] === 'function') hooks.generateRoiTable = (s['generateRoiTable'] as NonNullable<HyperoptStrategyHooks['generateRoiTable']>).bind(strategy);
  if (typeof s['generateTrailingParams'] === 'function') {
    hooks.generateTrailingParams = (s['generateTrailingParams'] as NonNullable<HyperoptStrategyHooks['generateTrailingParams']>).bind(strategy);
  }
  return hooks;
}
