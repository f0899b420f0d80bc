/** Execution algorithms (TWAP, VWAP, iceberg) as parent orders over the execution engine. See docs/strategy-orders.md. */
export { ExecAlgorithms, type ExecAlgorithmsOptions } from './exec-algorithms.ts';
export { ExecAlgorithm, type AlgorithmHost, type ChildPricing } from './exec-algorithm.ts';
export { SlicedAlgorithm } from './sliced-algorithm.ts';
export { TwapAlgorithm, type TwapParams } from './twap.ts';
export { VwapAlgorithm, type VwapParams } from './vwap.ts';
export { IcebergAlgorithm, type IcebergParams } from './iceberg.ts';
export { intradayVolumeProfile, profileMass, type VolumeProfile } from './volume-profile.ts';
export { evenSlices, weightedSlices } from './slicing.ts';
export { shortfallBps, shortfallQuote } from './shortfall.ts';
export type { AlgorithmName, AlgorithmReport, AlgorithmStatus, ParentOrderParams, RemainderPolicy } from './types.ts';
