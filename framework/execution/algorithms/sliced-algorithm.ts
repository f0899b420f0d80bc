import { ExecAlgorithm, type AlgorithmHost, type ChildPricing } from './exec-algorithm.ts';
import type { AlgorithmName, ParentOrderParams } from './types.ts';

/**
 * A parent worked by a fixed schedule of slices (TWAP, VWAP): slice k of lots[k] lots is sent
 * at times[k] on the clock's timers (slices due now are sent at once); at `end` the window
 * closes and the remainder policy applies. Empty slices are skipped.
 */
export abstract class SlicedAlgorithm extends ExecAlgorithm {
  private times: number[] = [];
  private lots: number[] = [];
  private next = 0;
  private end = 0;
  private readonly pricing: ChildPricing;

  constructor(host: AlgorithmHost, algorithm: AlgorithmName, parentId: string, params: ParentOrderParams, pricing: ChildPricing) {
    super(host, algorithm, parentId, params);
    this.pricing = pricing;
  }

  /** The schedule: times (ascending), lots per slice, and the window end (>= the last time). */
  protected setSchedule(times: number[], lots: number[], end: number): void {
    this.times = times;
    this.lots = lots;
    this.end = end;
  }

  /** Slice times and sizes in lots as planned (for tests and reports). */
  schedule(): { times: readonly number[]; lots: readonly number[]; end: number } {
    return { times: this.times, lots: this.lots, end: this.end };
  }

  protected planned(): number {
    let n = 0;
    for (const l of this.lots) if (l > 0) n++;
    return n;
  }

  start(): void {
    this.pump();
  }

  private pump(): void {
    const now = this.clock.now();
    while (this.isRunning && this.next < this.times.length && this.times[this.next]! <= now) {
      const lots = this.lots[this.next++]!;
      if (lots > 0) this.sendChild(lots, this.pricing);
    }
    if (!this.isRunning) return;
    if (this.next < this.times.length) this.setTimer(this.times[this.next]!, () => this.pump());
    else if (this.end <= now) this.endWindow();
    else this.setTimer(this.end, () => this.endWindow());
  }
}
