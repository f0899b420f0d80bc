import type { Clock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { getLogger, type Logger } from '../../core/logger.ts';
import type { ExecutionEngine } from '../execution-engine.ts';
import type { Order } from '../order.ts';
import type { OrderEvent } from '../types.ts';
import type { AlgorithmHost, ExecAlgorithm } from './exec-algorithm.ts';
import { IcebergAlgorithm, type IcebergParams } from './iceberg.ts';
import { TwapAlgorithm, type TwapParams } from './twap.ts';
import type { AlgorithmReport } from './types.ts';
import { VwapAlgorithm, type VwapParams } from './vwap.ts';

export interface ExecAlgorithmsOptions {
  engine: ExecutionEngine;
  /** Default: the engine's clock (its timers schedule the slices). */
  clock?: Clock;
  logger?: Logger;
}

/**
 * Runs execution algorithms on one execution engine: starts them, routes their children's
 * events to them (one engine subscription, a lookup by execAlgorithmParentId per event), and
 * keeps them for reports.
 *
 *   const algos = new ExecAlgorithms({ engine });
 *   const twap = algos.twap({ instrumentId: 'BTC/USDT', side: 'buy', quantity: 1, durationMs: 3_600_000, slices: 12 });
 *   ...
 *   algos.cancel(twap.parentId);        // stops scheduling, cancels the working children
 *   twap.report();                      // arrival vs average fill, slices, completion
 *
 * Parent ids come from the engine's id generator (`engine.ids.next(strategyId ?? algorithm)`);
 * children are `<parentId>-E<k>`, deterministic like every client order id.
 */
export class ExecAlgorithms {
  readonly engine: ExecutionEngine;
  private readonly host: AlgorithmHost;
  private readonly algos = new Map<string, ExecAlgorithm>();
  private readonly unsubscribe: () => void;

  constructor(options: ExecAlgorithmsOptions) {
    this.engine = options.engine;
    this.host = { engine: options.engine, clock: options.clock ?? options.engine.clock, log: options.logger ?? getLogger('execution') };
    this.unsubscribe = this.engine.subscribe((event, order) => this.route(event, order));
  }

  twap(params: TwapParams): TwapAlgorithm {
    return this.launch(new TwapAlgorithm(this.host, this.nextId(params.strategyId, 'TWAP'), params));
  }

  vwap(params: VwapParams): VwapAlgorithm {
    return this.launch(new VwapAlgorithm(this.host, this.nextId(params.strategyId, 'VWAP'), params));
  }

  iceberg(params: IcebergParams): IcebergAlgorithm {
    return this.launch(new IcebergAlgorithm(this.host, this.nextId(params.strategyId, 'ICEBERG'), params));
  }

  get(parentId: string): ExecAlgorithm | undefined {
    return this.algos.get(parentId);
  }

  /** Cancel a parent: no more slices, working children canceled. Unknown id -> UsageError. */
  cancel(parentId: string, reason?: string): boolean {
    const a = this.algos.get(parentId);
    if (!a) throw new UsageError(`no execution algorithm with parent id ${parentId}`);
    return a.cancel(reason);
  }

  /** Cancel every running parent (e.g. on shutdown or kill). */
  cancelAll(reason?: string): number {
    let n = 0;
    for (const a of this.algos.values()) if (a.cancel(reason)) n++;
    return n;
  }

  running(): ExecAlgorithm[] {
    return [...this.algos.values()].filter((a) => a.isRunning);
  }

  reports(): AlgorithmReport[] {
    return [...this.algos.values()].map((a) => a.report());
  }

  dispose(): void {
    this.unsubscribe();
  }

  private nextId(strategyId: string | undefined, algorithm: string): string {
    return this.engine.ids.next(strategyId ?? algorithm);
  }

  private launch<A extends ExecAlgorithm>(algo: A): A {
    this.algos.set(algo.parentId, algo);
    algo.start();
    return algo;
  }

  private route(event: OrderEvent, order: Order | undefined): void {
    const parentId = order?.request.execAlgorithmParentId;
    if (parentId === undefined) return;
    this.algos.get(parentId)?.handleChildEvent(event, order!);
  }
}
