/**
 * The equity curve as columns: one Float64Array per field, grown by doubling, so recording a
 * point per candle allocates nothing but the occasional larger buffer.
 * `drawdown` is the fraction below the running equity peak (0.25 = 25% under the peak).
 */

export interface EquityCurveColumns {
  ts: Float64Array;
  equity: Float64Array;
  realized: Float64Array;
  unrealized: Float64Array;
  fees: Float64Array;
  drawdown: Float64Array;
}

export interface MaxDrawdown {
  /** Largest fall from a running peak, in the valuation currency (0 when equity never fell). */
  amount: number;
  /** That fall as a fraction of its peak. */
  ratio: number;
  peakTs: number;
  troughTs: number;
  peakEquity: number;
  troughEquity: number;
  /** Largest drawdown fraction anywhere on the curve (may be at another point than `amount`). */
  maxRatio: number;
}

export class EquityCurve {
  private n = 0;
  private peak = Number.NEGATIVE_INFINITY;
  private cols: EquityCurveColumns;

  constructor(initialCapacity = 1024) {
    this.cols = allocate(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.n;
  }

  append(ts: number, equity: number, realized: number, unrealized: number, fees: number): void {
    if (this.n === this.cols.ts.length) this.grow();
    if (equity > this.peak) this.peak = equity;
    const c = this.cols;
    const i = this.n++;
    c.ts[i] = ts;
    c.equity[i] = equity;
    c.realized[i] = realized;
    c.unrealized[i] = unrealized;
    c.fees[i] = fees;
    c.drawdown[i] = this.peak > 0 ? (this.peak - equity) / this.peak : 0;
  }

  /** Views of the recorded points (no copy; valid until the next append grows the buffers). */
  columns(): EquityCurveColumns {
    const c = this.cols;
    const n = this.n;
    return {
      ts: c.ts.subarray(0, n),
      equity: c.equity.subarray(0, n),
      realized: c.realized.subarray(0, n),
      unrealized: c.unrealized.subarray(0, n),
      fees: c.fees.subarray(0, n),
      drawdown: c.drawdown.subarray(0, n),
    };
  }

  maxDrawdown(): MaxDrawdown {
    const { ts, equity, drawdown } = this.cols;
    const result: MaxDrawdown = {
      amount: 0,
      ratio: 0,
      peakTs: Number.NaN,
      troughTs: Number.NaN,
      peakEquity: Number.NaN,
      troughEquity: Number.NaN,
      maxRatio: 0,
    };
    let peakIdx = -1;
    for (let i = 0; i < this.n; i++) {
      const e = equity[i]!;
      if (peakIdx < 0 || e > equity[peakIdx]!) peakIdx = i;
      const fall = equity[peakIdx]! - e;
      if (fall > result.amount) {
        result.amount = fall;
        result.peakTs = ts[peakIdx]!;
        result.troughTs = ts[i]!;
        result.peakEquity = equity[peakIdx]!;
        result.troughEquity = e;
        result.ratio = equity[peakIdx]! > 0 ? fall / equity[peakIdx]! : 0;
      }
      if (drawdown[i]! > result.maxRatio) result.maxRatio = drawdown[i]!;
    }
    return result;
  }

  private grow(): void {
    const next = allocate(this.cols.ts.length * 2);
    for (const key of Object.keys(next) as (keyof EquityCurveColumns)[]) next[key].set(this.cols[key]);
    this.cols = next;
  }
}

function allocate(capacity: number): EquityCurveColumns {
  return {
    ts: new Float64Array(capacity),
    equity: new Float64Array(capacity),
    realized: new Float64Array(capacity),
    unrealized: new Float64Array(capacity),
    fees: new Float64Array(capacity),
    drawdown: new Float64Array(capacity),
  };
}
