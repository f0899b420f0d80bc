export { RiskManager } from './risk-manager.ts';
export type { RiskManagerOptions } from './risk-manager.ts';
export { KillSwitch } from './kill-switch.ts';
export type { KillOptions, KillReport, RiskEngineHandle, ShutdownReport } from './kill-switch.ts';
export { RISK_REASONS } from './reasons.ts';
export type { RiskReason } from './reasons.ts';
export { PairLockRegistry } from './pair-locks.ts';
export type { PairLockRegistryOptions } from './pair-locks.ts';
export { ProtectionManager } from './protection-manager.ts';
export {
  globalStop,
  maxDrawdownOfRatios,
  protectionSpecFromConfig,
  resolveProtection,
  stopPerPair,
  STOPLOSS_EXIT_REASONS,
} from './protections.ts';
export type { Protection, ProtectionLock, ProtectionMethod } from './protections.ts';
export { STATE_RANK } from './trading-state.ts';
export type { BreakerName, StateTransition, TradingState, Trip } from './trading-state.ts';
export { DEFAULT_SIGNAL_FILE, parseKillSignal, readKillSignal, consumeKillSignal, writeKillSignal } from './kill-signal.ts';
export type { KillAction, KillSignal } from './kill-signal.ts';
export { watchRiskConfig } from './hot-reload.ts';
export type { ReloadOutcome, RiskConfigWatcher, WatchRiskConfigOptions } from './hot-reload.ts';
export { SlidingWindowCounter } from './sliding-window.ts';
