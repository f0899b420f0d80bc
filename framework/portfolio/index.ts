export { Position } from './position.ts';
export type {
  FillEvent,
  PositionChange,
  PositionFill,
  PositionFillResult,
  PositionMode,
  PositionSide,
  PositionSnapshot,
} from './position.ts';
export { positionIdFor, positionIdTag, positionSideTag, sidePositionId } from './position-id.ts';
export { Portfolio, settleCurrency } from './portfolio.ts';
export type { AccountingMode, BalanceView, FillApplied, PortfolioOptions } from './portfolio.ts';
export { EquityCurve } from './equity-curve.ts';
export type { EquityCurveColumns, MaxDrawdown } from './equity-curve.ts';
export { PortfolioWallets } from './wallets.ts';
export type { PortfolioWalletsOptions } from './wallets.ts';
export { reconcile } from './reconciliation.ts';
export type {
  AccountState,
  Discrepancy,
  DiscrepancyKind,
  ReconcileAction,
  ReconcileOptions,
  ReconcileOrder,
} from './reconciliation.ts';
