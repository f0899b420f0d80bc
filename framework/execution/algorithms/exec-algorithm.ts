import type { Clock } from '../../core/clock.ts';
import { UsageError, errorMessage } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { fromSteps, isOnStep, toSteps } from '../../core/precision.ts';
import type { ExecutionEngine } from '../execution-engine.ts';
import type { Instrument } from '../instrument.ts';
import type { Order } from '../order.ts';
import type { OrderEvent, OrderRequest, OrderSide, TimeInForce } from '../types.ts';
import { shortfallBps, shortfallQuote } from './shortfall.ts';
import type { AlgorithmName, AlgorithmReport, AlgorithmStatus, ParentOrderParams, RemainderPolicy } from './types.ts';

/** What an algorithm needs from its manager (ExecAlgorithms). */
export interface AlgorithmHost {
  readonly engine: ExecutionEngine;
  readonly clock: Clock;
  readonly log: Logger;
}

/** How children are priced: market orders, or limit orders at a fixed price. */
export interface ChildPricing {
  /** Limit price of every child; market children when omitted. */
  limitPrice?: number;
  /** Time in force of limit children (default GTC). */
  timeInForce?: Extract<TimeInForce, 'GTC' | 'DAY'>;
  postOnly?: boolean;
}

/**
 * The parent-order bookkeeping every algorithm shares: child submission with
 * execAlgorithmId / execAlgorithmParentId, the open-child set, the end-of-window remainder
 * policy, cancel, and the report. Subclasses decide when and how much to send.
 *
 * Quantities are whole lots internally (integers): children are on the lot grid by
 * construction and their sum is the parent quantity exactly.
 */
export abstract class ExecAlgorithm {
  readonly parentId: string;
  readonly algorithm: AlgorithmName;
  readonly instrument: Instrument;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly totalLots: number;
  readonly startedAt: number;
  readonly arrivalPrice: number;

  status: AlgorithmStatus = 'RUNNING';
  reason = '';
  endedAt = Number.NaN;
  slicesSent = 0;
  slicesFilled = 0;
  slicesFailed = 0;
  sweptQuantity = 0;

  protected readonly engine: ExecutionEngine;
  protected readonly clock: Clock;
  protected readonly log: Logger;
  protected readonly minLots: number;
  private readonly params: ParentOrderParams;
  private readonly remainder: RemainderPolicy;
  private readonly childIds: string[] = [];
  /** Children submitted and not yet seen in a terminal status. */
  private readonly openIds = new Set<string>();
  /** Children this algorithm asked to cancel (their cancel is not a lost slice). */
  private readonly cancelRequested = new Set<string>();
  private readonly timerName: string;
  private finishing = false;
  private swept = false;
  private childSeq = 0;

  constructor(host: AlgorithmHost, algorithm: AlgorithmName, parentId: string, params: ParentOrderParams) {
    this.engine = host.engine;
    this.clock = host.clock;
    this.log = host.log;
    this.algorithm = algorithm;
    this.parentId = parentId;
    this.params = params;
    const inst = host.engine.venue.instrument(params.instrumentId);
    if (!inst) throw new UsageError(`${algorithm} ${parentId}: unknown instrument ${params.instrumentId} on venue ${host.engine.venue.id}`);
    this.instrument = inst;
    if (params.side !== 'buy' && params.side !== 'sell') throw new UsageError(`${algorithm} ${parentId}: side '${String(params.side)}' is not 'buy' or 'sell'`);
    this.side = params.side;
    if (!(params.quantity > 0) || !isOnStep(params.quantity, inst.lotSize)) {
      throw new UsageError(`${algorithm} ${parentId}: quantity ${params.quantity} must be > 0 and a multiple of the lot size ${inst.lotSize} of ${inst.id}`);
    }
    this.quantity = params.quantity;
    this.totalLots = toSteps(params.quantity, inst.lotSize);
    this.minLots = Math.max(1, Math.ceil(toSteps(inst.minQuantity, inst.lotSize) - 1e-9));
    this.remainder = params.remainder ?? 'cancel';
    if (this.remainder !== 'cancel' && this.remainder !== 'sweep') {
      throw new UsageError(`${algorithm} ${parentId}: remainder '${String(this.remainder)}' is not 'cancel' or 'sweep'`);
    }
    this.startedAt = host.clock.now();
    this.arrivalPrice = params.arrivalPrice ?? host.engine.lastPrice(inst.id) ?? Number.NaN;
    this.timerName = `algo:${parentId}`;
  }

  /** Begin working the order (called by the manager once the algorithm is registered). */
  abstract start(): void;

  /** Children the plan expects (for the report). */
  protected abstract planned(): number;

  /** A child filled completely (while running). */
  protected onChildFilled(_order: Order): void {}

  /** A child closed without filling completely and not because this algorithm canceled it. */
  protected onChildLost(_order: Order, _event: OrderEvent): void {}

  get isRunning(): boolean {
    return this.status === 'RUNNING';
  }

  /** Filled quantity over every child, in lots. */
  filledLots(): number {
    let lots = 0;
    for (const id of this.childIds) {
      const o = this.engine.order(id);
      if (o && o.filledQuantity > 0) lots += toSteps(o.filledQuantity, this.instrument.lotSize);
    }
    return lots;
  }

  /** Lots neither filled nor working in an open child. */
  protected unassignedLots(): number {
    let lots = this.totalLots - this.filledLots();
    for (const id of this.openIds) {
      const o = this.engine.order(id);
      if (o) lots -= toSteps(o.leavesQuantity, this.instrument.lotSize);
    }
    return lots;
  }

  protected get openChildren(): number {
    return this.openIds.size;
  }

  /** Submit one child of `lots` lots (market, or limit at the pricing's price). */
  protected sendChild(lots: number, pricing: ChildPricing, sweep = false): void {
    const id = `${this.parentId}-E${++this.childSeq}`;
    const r: OrderRequest = {
      clientOrderId: id,
      instrumentId: this.instrument.id,
      side: this.side,
      type: pricing.limitPrice === undefined ? 'market' : 'limit',
      quantity: fromSteps(lots, this.instrument.lotSize),
      execAlgorithmId: this.algorithm,
      execAlgorithmParentId: this.parentId,
    };
    if (pricing.limitPrice !== undefined) {
      r.price = pricing.limitPrice;
      if (pricing.timeInForce !== undefined) r.timeInForce = pricing.timeInForce;
      if (pricing.postOnly) r.postOnly = true;
    }
    if (this.params.strategyId !== undefined) r.strategyId = this.params.strategyId;
    if (this.params.reduceOnly) r.reduceOnly = true;
    if (this.params.tags !== undefined) r.tags = [...this.params.tags];
    this.childIds.push(id);
    this.openIds.add(id); // before submit: a denial is delivered inside submit
    this.slicesSent++;
    if (sweep) this.sweptQuantity = r.quantity;
    this.engine.submit(r);
  }

  protected setTimer(at: number, fn: () => void): void {
    this.clock.setTimer(this.timerName, at, () => {
      if (this.isRunning) fn();
    });
  }

  /** Time is up: cancel the working children, then apply the remainder policy once they are closed. */
  protected endWindow(): void {
    if (!this.isRunning || this.finishing) return;
    this.finishing = true;
    this.clock.cancelTimer(this.timerName);
    this.cancelOpenChildren('algorithm window ended');
    this.settle();
  }

  /** Stop: cancel every working child, no sweep. Returns false when already stopped. */
  cancel(reason = 'parent canceled'): boolean {
    if (!this.isRunning) return false;
    this.finish('CANCELED', reason);
    this.cancelOpenChildren(reason);
    return true;
  }

  /** Stop because something went wrong (a lost iceberg slice): cancel the rest, no sweep. */
  protected abort(reason: string): void {
    if (!this.isRunning) return;
    this.finish('ENDED', reason);
    this.cancelOpenChildren(reason);
  }

  /** From the manager: an event of one of this algorithm's children. */
  handleChildEvent(event: OrderEvent, order: Order): void {
    const id = order.clientOrderId;
    switch (event.type) {
      case 'filled': {
        if (order.status !== 'FILLED') return;
        this.openIds.delete(id);
        this.slicesFilled++;
        if (!this.isRunning) return;
        if (this.filledLots() >= this.totalLots) {
          this.finish('COMPLETED', '');
          return;
        }
        if (this.finishing) this.settle();
        else this.onChildFilled(order);
        return;
      }
      case 'denied':
      case 'rejected':
      case 'canceled':
      case 'expired': {
        if (!this.openIds.delete(id)) return;
        if (event.type === 'denied' || event.type === 'rejected') {
          this.slicesFailed++;
          this.log.warn(`${this.algorithm} ${this.parentId}: child ${id} ${event.type}: ${event.reason} ${event.message}`);
        }
        if (!this.isRunning) return;
        if (this.finishing) this.settle();
        else if (!this.cancelRequested.has(id)) this.onChildLost(order, event);
        return;
      }
      default:
        return;
    }
  }

  report(): AlgorithmReport {
    const lot = this.instrument.lotSize;
    let lots = 0;
    let notional = 0;
    let fees = 0;
    for (const id of this.childIds) {
      const o = this.engine.order(id);
      if (!o || !(o.filledQuantity > 0)) continue;
      lots += toSteps(o.filledQuantity, lot);
      notional += o.filledQuantity * o.averageFillPrice;
      fees += o.feeTotal();
    }
    const filled = fromSteps(lots, lot);
    const avg = lots > 0 ? notional / filled : Number.NaN;
    return {
      algorithm: this.algorithm,
      parentId: this.parentId,
      instrumentId: this.instrument.id,
      side: this.side,
      status: this.status,
      reason: this.reason,
      quantity: this.quantity,
      filledQuantity: filled,
      remainingQuantity: fromSteps(this.totalLots - lots, lot),
      completion: lots / this.totalLots,
      averageFillPrice: avg,
      arrivalPrice: this.arrivalPrice,
      shortfallBps: shortfallBps(this.side, this.arrivalPrice, avg),
      shortfallQuote: shortfallQuote(this.side, this.arrivalPrice, avg, filled),
      fees,
      slicesPlanned: this.planned(),
      slicesSent: this.slicesSent,
      slicesFilled: this.slicesFilled,
      slicesFailed: this.slicesFailed,
      sweptQuantity: this.sweptQuantity,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      childOrderIds: [...this.childIds],
    };
  }

  /** After the window: once no child is working, sweep the remainder (policy 'sweep') or stop. */
  private settle(): void {
    if (!this.isRunning || this.openIds.size > 0) return;
    const left = this.totalLots - this.filledLots();
    if (left <= 0) return this.finish('COMPLETED', '');
    if (this.remainder === 'sweep' && !this.swept) {
      this.swept = true;
      this.sendChild(left, {}, true);
      if (this.openIds.size > 0 || !this.isRunning) return; // the sweep works (or its denial already settled it)
    }
    this.finish('ENDED', this.swept ? `sweep of the remainder did not fill completely` : `time up with ${fromSteps(left, this.instrument.lotSize)} unfilled`);
  }

  private cancelOpenChildren(reason: string): void {
    for (const id of [...this.openIds]) {
      const o = this.engine.order(id);
      if (!o || o.isClosed) continue;
      this.cancelRequested.add(id);
      this.engine.cancel(id, reason);
    }
  }

  private finish(status: Exclude<AlgorithmStatus, 'RUNNING'>, reason: string): void {
    if (!this.isRunning) return;
    this.status = status;
    this.reason = reason;
    this.endedAt = this.clock.now();
    this.clock.cancelTimer(this.timerName);
    const cb = this.params.onFinished;
    if (cb) {
      try {
        cb(this.report());
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, `${this.algorithm} ${this.parentId}: onFinished failed: ${errorMessage(err)}`);
      }
    }
  }
}
