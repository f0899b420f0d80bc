import type { HyperoptLoss, LossInput } from './types.ts';
import { MAX_LOSS } from './types.ts';

/** What one epoch scored. */
export interface LossResult {
  /** One value per objective. */
  values: number[];
  /** The epoch had fewer trades than --min-trades and got MAX_LOSS for every objective. */
  belowMinTrades: boolean;
  /** A value is NaN or infinite: the epoch counts as failed (samplers ignore it; it is never "best"). */
  failed: boolean;
}

/**
 * Score one epoch: MAX_LOSS for every objective when it made fewer than `minTrades` trades
 * (Freqtrade's rule: hodl-like parameter sets are cast away), else the loss's values. A loss
 * returning the wrong number of values is a bug in the loss and throws, naming it.
 */
export function evaluateLoss(loss: HyperoptLoss, input: LossInput, minTrades: number): LossResult {
  if (input.tradeCount < minTrades) return { values: new Array<number>(loss.objectives).fill(MAX_LOSS), belowMinTrades: true, failed: false };
  const raw = loss.compute(input);
  const values = typeof raw === 'number' ? [raw] : Array.isArray(raw) ? raw.map(Number) : [NaN];
  if (values.length !== loss.objectives) {
    throw new Error(`loss ${loss.name} returned ${values.length} value(s) but declares objectives = ${loss.objectives}`);
  }
  return { values, belowMinTrades: false, failed: values.some((v) => !Number.isFinite(v)) };
}
