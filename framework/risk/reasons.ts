/**
 * Reason codes of risk denials (machine-readable; each denial also carries one sentence with
 * the figures). They extend the engine's RejectReason, which is open to these codes.
 */
export const RISK_REASONS = {
  /** The account or the strategy is HALTED: nothing new. */
  HALTED: 'RISK_HALTED',
  /** The account or the strategy is REDUCING and the order would not reduce exposure. */
  REDUCING: 'RISK_REDUCING',
  /** Orders per second / per minute (sliding windows on the engine clock). */
  RATE_LIMIT: 'RISK_RATE_LIMIT',
  /** A reduce-only order that would increase |position| (or open one). */
  REDUCE_ONLY: 'RISK_REDUCE_ONLY',
  /** An entry on a pair (or all pairs) under a lock. */
  PAIR_LOCKED: 'RISK_PAIR_LOCKED',
  /** Notional of one order above max_order_notional. */
  MAX_NOTIONAL: 'RISK_MAX_NOTIONAL',
  /** Position per pair above max_position_notional / max_position_quantity. */
  MAX_POSITION: 'RISK_MAX_POSITION',
  /** Total exposure above max_total_exposure or max_exposure_ratio x equity. */
  MAX_EXPOSURE: 'RISK_MAX_EXPOSURE',
  /** One more open trade than max_open_trades. */
  MAX_OPEN_TRADES: 'RISK_MAX_OPEN_TRADES',
  /** Limit price too far from the last price (fat finger). */
  PRICE_DEVIATION: 'RISK_PRICE_DEVIATION',
  /** The free balance does not cover the order (reservation failed). */
  INSUFFICIENT_BALANCE: 'RISK_INSUFFICIENT_BALANCE',
  /** A notional check needs a price and none is known for the instrument. */
  NO_PRICE: 'RISK_NO_PRICE',
} as const;

export type RiskReason = (typeof RISK_REASONS)[keyof typeof RISK_REASONS];
