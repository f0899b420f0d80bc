import { UsageError } from '../../core/errors.ts';
import { fromSteps } from '../../core/precision.ts';
import type { AlgorithmHost, ChildPricing } from './exec-algorithm.ts';
import { SlicedAlgorithm } from './sliced-algorithm.ts';
import { evenSlices } from './slicing.ts';
import type { ParentOrderParams } from './types.ts';

export interface TwapParams extends ParentOrderParams, ChildPricing {
  /** Window length; slices are spread evenly over it. */
  durationMs: number;
  /** Number of slices N: slice k goes at start + floor(k * durationMs / N). */
  slices: number;
}

/**
 * TWAP: N equal slices at equal intervals over the window, the first at once. Sizes are
 * floor(quantity / N) on the lot grid, the last slice taking the remainder. The window ends at
 * start + durationMs (one interval after the last slice), where the remainder policy applies.
 */
export class TwapAlgorithm extends SlicedAlgorithm {
  constructor(host: AlgorithmHost, parentId: string, params: TwapParams) {
    super(host, 'TWAP', parentId, params, params);
    const { durationMs, slices } = params;
    if (!(durationMs > 0)) throw new UsageError(`TWAP ${parentId}: durationMs ${durationMs} must be > 0`);
    if (!Number.isInteger(slices) || slices < 1) throw new UsageError(`TWAP ${parentId}: slices ${slices} must be a positive integer`);
    const lots = evenSlices(this.totalLots, slices);
    if (lots[0]! < this.minLots) {
      throw new UsageError(
        `TWAP ${parentId}: ${slices} slices of ${params.quantity} are ${fromSteps(lots[0]!, this.instrument.lotSize)} each, below the minimum quantity ${this.instrument.minQuantity} of ${this.instrument.id}; use at most ${Math.floor(this.totalLots / this.minLots)} slices`,
      );
    }
    const start = this.startedAt;
    const times = lots.map((_, k) => start + Math.floor((k * durationMs) / slices));
    this.setSchedule(times, lots, start + durationMs);
  }
}
