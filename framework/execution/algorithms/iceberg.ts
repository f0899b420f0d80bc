import { UsageError } from '../../core/errors.ts';
import { isOnStep, toSteps } from '../../core/precision.ts';
import type { Order } from '../order.ts';
import type { OrderEvent } from '../types.ts';
import { ExecAlgorithm, type AlgorithmHost } from './exec-algorithm.ts';
import type { ParentOrderParams } from './types.ts';

export interface IcebergParams extends ParentOrderParams {
  /** Limit price of every slice. */
  price: number;
  /** Visible quantity: each child shows this much (the last one what is left). */
  displayQuantity: number;
  /** Optional window: at start + durationMs the remainder policy applies. Default: until filled or canceled. */
  durationMs?: number;
  postOnly?: boolean;
}

/**
 * Iceberg: one limit child of displayQuantity at a time at the parent's price; when it fills
 * completely the next one is shown (the refill), until the whole quantity is filled. Partial
 * fills do not refill (an exchange refills when the visible part is consumed). A slice that is
 * rejected, denied, expired or canceled by someone else stops the iceberg (ENDED): showing the
 * next slice into the same condition would only repeat it.
 */
export class IcebergAlgorithm extends ExecAlgorithm {
  private readonly price: number;
  private readonly displayLots: number;
  private readonly durationMs: number | undefined;
  private readonly postOnly: boolean;

  constructor(host: AlgorithmHost, parentId: string, params: IcebergParams) {
    super(host, 'ICEBERG', parentId, params);
    const lot = this.instrument.lotSize;
    if (!(params.price > 0)) throw new UsageError(`ICEBERG ${parentId}: price ${params.price} must be > 0`);
    if (!(params.displayQuantity > 0) || !isOnStep(params.displayQuantity, lot)) {
      throw new UsageError(`ICEBERG ${parentId}: displayQuantity ${params.displayQuantity} must be > 0 and a multiple of the lot size ${lot}`);
    }
    this.displayLots = toSteps(params.displayQuantity, lot);
    if (this.displayLots < this.minLots) {
      throw new UsageError(`ICEBERG ${parentId}: displayQuantity ${params.displayQuantity} is below the minimum quantity ${this.instrument.minQuantity} of ${this.instrument.id}`);
    }
    if (params.durationMs !== undefined && !(params.durationMs > 0)) throw new UsageError(`ICEBERG ${parentId}: durationMs ${params.durationMs} must be > 0`);
    this.price = params.price;
    this.durationMs = params.durationMs;
    this.postOnly = params.postOnly ?? false;
  }

  protected planned(): number {
    return Math.ceil(this.totalLots / this.displayLots);
  }

  start(): void {
    if (this.durationMs !== undefined) this.setTimer(this.startedAt + this.durationMs, () => this.endWindow());
    this.showNext();
  }

  protected override onChildFilled(_order: Order): void {
    if (this.openChildren === 0) this.showNext();
  }

  protected override onChildLost(order: Order, event: OrderEvent): void {
    const why = 'reason' in event && event.reason !== undefined ? `: ${event.reason}` : '';
    this.abort(`slice ${order.clientOrderId} was ${event.type}${why}`);
  }

  private showNext(): void {
    const left = this.unassignedLots();
    if (left <= 0) return;
    // A last slice below the minimum quantity would be denied: show it with this one.
    const lots = left - this.displayLots < this.minLots ? left : this.displayLots;
    this.sendChild(lots, { limitPrice: this.price, postOnly: this.postOnly });
  }
}
