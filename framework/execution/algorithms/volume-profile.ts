import { UsageError } from '../../core/errors.ts';
import type { Candles } from '../../data/candles.ts';

/**
 * The historical intraday volume profile VWAP follows: the share of a day's volume traded in
 * each time-of-day bucket (UTC), summed over many days of candles. Crypto trades around the
 * clock but not evenly: on Binance BTC/USDT 5m 2023 the hour from 15:00 UTC trades 6.8% of the
 * day's volume, the hour from 04:00 UTC 2.7%.
 */

const DAY_MS = 86_400_000;

export interface VolumeProfile {
  /** Bucket width; divides a day. */
  readonly bucketMs: number;
  /** Share of volume per bucket (bucket b = time of day [b * bucketMs, (b + 1) * bucketMs)); sums to 1. */
  readonly shares: Float64Array;
  /** Candles counted. */
  readonly candles: number;
}

/**
 * Build the profile from candles with open time in [from, to) (default: all). Each candle's
 * volume goes to the bucket of its open time, so candles must not be longer than a bucket.
 */
export function intradayVolumeProfile(candles: Candles, bucketMs: number, range: { from?: number; to?: number } = {}): VolumeProfile {
  if (!(bucketMs > 0) || DAY_MS % bucketMs !== 0) {
    throw new UsageError(`volume profile: bucket of ${bucketMs} ms must be > 0 and divide a day (${DAY_MS} ms)`);
  }
  const n = DAY_MS / bucketMs;
  const vol = new Float64Array(n);
  const ts = candles.timestamp;
  const v = candles.volume;
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  let counted = 0;
  let total = 0;
  let prev = -Infinity;
  let minSpacing = Infinity;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (t < from || t >= to) continue;
    if (t - prev < minSpacing) minSpacing = t - prev;
    prev = t;
    const x = v[i]!;
    if (!(x >= 0)) continue; // NaN or negative volume: not counted
    const tod = ((t % DAY_MS) + DAY_MS) % DAY_MS;
    vol[Math.floor(tod / bucketMs)]! += x;
    total += x;
    counted++;
  }
  if (counted > 1 && minSpacing > bucketMs) {
    throw new UsageError(`volume profile: candles are ${minSpacing} ms apart, longer than the bucket of ${bucketMs} ms; use a bucket of at least the candle length`);
  }
  if (!(total > 0)) throw new UsageError('volume profile: the candles in range have no volume');
  for (let b = 0; b < n; b++) vol[b] = vol[b]! / total;
  return { bucketMs, shares: vol, candles: counted };
}

/**
 * Expected share of a day's volume traded in [from, to): the bucket shares spread evenly over
 * each bucket's time, integrated over the interval (which may span midnight or several days).
 */
export function profileMass(p: VolumeProfile, from: number, to: number): number {
  let mass = 0;
  let t = from;
  const w = p.bucketMs;
  while (t < to) {
    const tod = ((t % DAY_MS) + DAY_MS) % DAY_MS;
    const b = Math.floor(tod / w);
    const bucketEnd = t - tod + (b + 1) * w;
    const end = bucketEnd < to ? bucketEnd : to;
    mass += (p.shares[b]! * (end - t)) / w;
    t = end;
  }
  return mass;
}
