/** Freqtrade's trade logic as order decisions, shared by backtest and (later) paper / live runners. */
export { TradeManager } from './trade-manager.ts';
export { Trade, TradeOrder } from './trade.ts';
export { StakeWallet, minPairStake, maxPairStake } from './stake.ts';
export type { StakeSettings } from './stake.ts';
export { priceToPrecision, amountToPrecision, round8, ROUND_DOWN, ROUND_UP, ROUND_HALF_UP } from './freqtrade-precision.ts';
export type { CandleRow, OrderPort, TradeManagerOptions, TradeManagerStats, UnfilledTimeout, RejectedSignal } from './types.ts';
