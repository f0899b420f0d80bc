import type { OrderSide } from '../types.ts';

/**
 * Execution algorithms: a parent order that is worked by child orders over time (TWAP, VWAP)
 * or shown a slice at a time (iceberg). The parent exists only in the algorithm; every child is
 * an ordinary order through the execution engine (validation, risk gate, venue), tagged with
 * execAlgorithmId and execAlgorithmParentId.
 */

export type AlgorithmName = 'TWAP' | 'VWAP' | 'ICEBERG';

/**
 * What happens to the quantity still unfilled when the algorithm's time is up:
 * 'cancel' cancels the working children and stops; 'sweep' cancels them, then sends one market
 * order for the remainder.
 */
export type RemainderPolicy = 'cancel' | 'sweep';

/**
 * RUNNING while working; COMPLETED when the whole quantity filled; ENDED when it stopped with
 * a remainder (time up under 'cancel', a sweep that did not fill, an iceberg slice lost);
 * CANCELED when the parent was canceled.
 */
export type AlgorithmStatus = 'RUNNING' | 'COMPLETED' | 'ENDED' | 'CANCELED';

/** Fields every algorithm takes. */
export interface ParentOrderParams {
  instrumentId: string;
  side: OrderSide;
  /** Total quantity; on the instrument's lot grid. */
  quantity: number;
  /** The strategy the children belong to (risk scope, client id counter, onOrderEvent routing). */
  strategyId?: string;
  tags?: string[];
  reduceOnly?: boolean;
  /** The benchmark of the shortfall report. Default: the engine's last price of the instrument at start. */
  arrivalPrice?: number;
  /** Default 'cancel'. */
  remainder?: RemainderPolicy;
  /** Called once when the algorithm stops (COMPLETED, ENDED or CANCELED). */
  onFinished?: (report: AlgorithmReport) => void;
}

/** Arrival price vs average fill: the implementation shortfall of the parent order. */
export interface AlgorithmReport {
  algorithm: AlgorithmName;
  parentId: string;
  instrumentId: string;
  side: OrderSide;
  status: AlgorithmStatus;
  /** Why it ENDED or was CANCELED (empty when COMPLETED or RUNNING). */
  reason: string;
  quantity: number;
  filledQuantity: number;
  remainingQuantity: number;
  /** filledQuantity / quantity, 0..1. */
  completion: number;
  /** Quantity-weighted average fill price over every child; NaN before the first fill. */
  averageFillPrice: number;
  /** NaN when no price was known at start and none was given. */
  arrivalPrice: number;
  /**
   * Implementation shortfall in basis points, signed so that positive is a cost: buy
   * (avg - arrival) / arrival * 1e4, sell (arrival - avg) / arrival * 1e4. NaN without fills or arrival price.
   */
  shortfallBps: number;
  /** The same cost in quote currency: sign * (avg - arrival) * filledQuantity (fees not included). */
  shortfallQuote: number;
  /** Fees of every child, summed over currencies as charged (quote currency on the simulated venue). */
  fees: number;
  slicesPlanned: number;
  /** Children submitted, the sweep included. */
  slicesSent: number;
  /** Children completely filled. */
  slicesFilled: number;
  /** Children denied by the engine/risk or rejected by the venue. */
  slicesFailed: number;
  /** Quantity sent as the final market sweep (0 without one). */
  sweptQuantity: number;
  startedAt: number;
  /** NaN while running. */
  endedAt: number;
  childOrderIds: string[];
}
