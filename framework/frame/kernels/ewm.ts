/**
 * pandas `Series.ewm(com | span | alpha, adjust, min_periods, ignore_na).mean()`, replicating
 * pandas' own recurrence (pandas/_libs/window/aggregations.pyx `ewm`) operation for operation,
 * so results match pandas to the last bit or two:
 *   alpha = 1 / (1 + com), with com = (span - 1) / 2 or com = (1 - alpha) / alpha;
 *   adjust = true (default): weights (1 - alpha)^k normalised by their sum;
 *   adjust = false: y[i] = (1 - alpha) * y[i-1] + alpha * x[i];
 *   NaN inputs: with ignoreNa = false (default) they still age the old weight (pandas).
 * minPeriods counts non-NaN observations so far; pandas treats minPeriods 0 as 1.
 *
 * This is not TA-Lib's EMA, which is seeded with the SMA of the first `period` values;
 * the indicators module builds that on top.
 */
import { UsageError } from '../../core/errors.ts';
import { prepareOut } from './out.ts';

export interface EwmOptions {
  alpha?: number;
  span?: number;
  com?: number;
  adjust?: boolean;
  minPeriods?: number;
  ignoreNa?: boolean;
}

/** Center of mass from exactly one of com / span / alpha, with pandas' validation rules. */
export function ewmCom(opts: EwmOptions): number {
  const given = [opts.com, opts.span, opts.alpha].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new UsageError(`ewm: give exactly one of com, span or alpha (got ${given})`);
  }
  if (opts.com !== undefined) {
    if (!(opts.com >= 0)) throw new UsageError(`ewm: com must be >= 0, got ${opts.com}`);
    return opts.com;
  }
  if (opts.span !== undefined) {
    if (!(opts.span >= 1)) throw new UsageError(`ewm: span must be >= 1, got ${opts.span}`);
    return (opts.span - 1) / 2;
  }
  const alpha = opts.alpha!;
  if (!(alpha > 0 && alpha <= 1)) throw new UsageError(`ewm: alpha must be in (0, 1], got ${alpha}`);
  return (1 - alpha) / alpha;
}

export function ewmMean(x: Float64Array, opts: EwmOptions, out?: Float64Array): Float64Array {
  const com = ewmCom(opts);
  const adjust = opts.adjust ?? true;
  const ignoreNa = opts.ignoreNa ?? false;
  const mp = opts.minPeriods ?? 0;
  if (!Number.isInteger(mp) || mp < 0) {
    throw new UsageError(`ewm: minPeriods must be an integer >= 0, got ${mp}`);
  }
  const minp = Math.max(mp, 1);
  // Reading x[i] before writing o[i] makes in-place use (out === x) safe.
  const o = prepareOut('ewmMean', x, out, true);
  const n = x.length;
  if (n === 0) return o;

  const alpha = 1 / (1 + com);
  const oldWtFactor = 1 - alpha;
  const newWt = adjust ? 1 : alpha;

  let weighted = x[0]!;
  let nobs = weighted === weighted ? 1 : 0;
  o[0] = nobs >= minp ? weighted : NaN;
  let oldWt = 1;
  for (let i = 1; i < n; i++) {
    const cur = x[i]!;
    const isObs = cur === cur;
    if (isObs) nobs++;
    if (weighted === weighted) {
      if (isObs || !ignoreNa) {
        oldWt *= oldWtFactor;
        if (isObs) {
          // pandas skips the update when equal, which keeps constant series exact
          if (weighted !== cur) {
            weighted = oldWt * weighted + newWt * cur;
            weighted /= oldWt + newWt;
          }
          if (adjust) oldWt += newWt;
          else oldWt = 1;
        }
      }
    } else if (isObs) {
      weighted = cur;
    }
    o[i] = nobs >= minp ? weighted : NaN;
  }
  return o;
}
