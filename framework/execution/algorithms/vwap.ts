import { UsageError } from '../../core/errors.ts';
import type { AlgorithmHost, ChildPricing } from './exec-algorithm.ts';
import { SlicedAlgorithm } from './sliced-algorithm.ts';
import { weightedSlices } from './slicing.ts';
import type { ParentOrderParams } from './types.ts';
import { profileMass, type VolumeProfile } from './volume-profile.ts';

export interface VwapParams extends ParentOrderParams, ChildPricing {
  durationMs: number;
  /** Historical intraday volume profile (intradayVolumeProfile over past candles). */
  profile: VolumeProfile;
  /** Time between slices; default the profile's bucket width. */
  sliceMs?: number;
}

/**
 * VWAP: slices at every sliceMs over the window, each sized by the share of the historical
 * intraday volume expected in its interval (profileMass), so the order trades more when the
 * market usually does. Sizes are rounded on the lot grid by cumulative rounding (each within a
 * lot of its share, the sum exact); slices below the minimum quantity are carried forward.
 */
export class VwapAlgorithm extends SlicedAlgorithm {
  /** Expected volume share of each slice interval, normalised to sum 1 (for reports and tests). */
  readonly weights: Float64Array;

  constructor(host: AlgorithmHost, parentId: string, params: VwapParams) {
    super(host, 'VWAP', parentId, params, params);
    const { durationMs, profile } = params;
    const sliceMs = params.sliceMs ?? profile.bucketMs;
    if (!(durationMs > 0)) throw new UsageError(`VWAP ${parentId}: durationMs ${durationMs} must be > 0`);
    if (!(sliceMs > 0)) throw new UsageError(`VWAP ${parentId}: sliceMs ${sliceMs} must be > 0`);
    const start = this.startedAt;
    const end = start + durationMs;
    const n = Math.ceil(durationMs / sliceMs);
    const times: number[] = [];
    const w = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const t = start + k * sliceMs;
      times.push(t);
      w[k] = profileMass(profile, t, Math.min(t + sliceMs, end));
      sum += w[k]!;
    }
    if (!(sum > 0)) throw new UsageError(`VWAP ${parentId}: the volume profile expects no volume between ${new Date(start).toISOString()} and ${new Date(end).toISOString()}`);
    for (let k = 0; k < n; k++) w[k] = w[k]! / sum;
    this.weights = w;
    this.setSchedule(times, weightedSlices(this.totalLots, w, this.minLots), end);
  }
}
