/**
 * Everything a strategy author imports, from one place (Freqtrade's `freqtrade.strategy`):
 *
 *   import { IStrategy, IntParameter, ta, qtpylib, type DataFrame, type PairMetadata } from '../../framework/strategy/index.ts';
 */
export { IStrategy } from './strategy.ts';
export type { InformativeSpec, PopulateResult, StrategyClass } from './strategy.ts';
export {
  IntParameter,
  DecimalParameter,
  RealParameter,
  CategoricalParameter,
  BooleanParameter,
  type ParameterSpace,
  type ParameterOptions,
} from './parameters.ts';
export type * from './types.ts';
export type { DataProvider, Wallets, PairLocks, PairLock, StrategyContext } from './context.ts';
export { DataFrame, Series, BoolSeries, allOf, anyOf } from '../frame/index.ts';
export * as ta from '../indicators/index.ts';
export { qtpylib } from '../indicators/index.ts';
