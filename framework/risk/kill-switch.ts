import type { Clock } from '../core/clock.ts';
import { UsageError, errorMessage } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Order } from '../execution/order.ts';
import { submitFlattenOrders, type FlattenEngine } from './flatten.ts';
import { consumeKillSignal, readKillSignal, type KillAction } from './kill-signal.ts';

/**
 * The kill switch: halt the account, cancel every open order, and with flatten close every
 * position; pulled in code (`kill`), by the signal file (checked each cycle), or by graceful
 * shutdown. The halt itself is a breaker trip of the risk manager ('kill_switch', reset by hand).
 */

/** What the risk manager needs of the engine it guards (ExecutionEngine satisfies it). */
export interface RiskEngineHandle extends FlattenEngine {
  readonly clock: Clock;
  cancel(clientOrderId: string, reason?: string): void;
}

export interface KillOptions {
  /** Also close every position with market (reduce-only where the venue has it) orders. */
  flatten?: boolean;
  /** Who pulled it, for the log: 'api', 'signal file', 'shutdown', ... */
  source?: string;
}

export interface KillReport {
  action: KillAction;
  /** Cancels issued. */
  canceled: number;
  /** Flatten orders submitted (their status tells whether the engine accepted them). */
  flattenOrders: Order[];
  /** Positions that could not be flattened, with the reason (e.g. below the minimum quantity). */
  notFlattened: { instrumentId: string; quantity: number; reason: string }[];
}

export interface ShutdownReport extends KillReport {
  /** True when no order was left open (and, with flatten, no position) before the timeout. */
  complete: boolean;
}

export interface KillSwitchHost {
  engine(): RiskEngineHandle | undefined;
  /** Put the account in HALTED (the 'kill_switch' trip). */
  halt(now: number, message: string, action: KillAction): void;
  /** Net positions to flatten. */
  positions(): { instrumentId: string; quantity: number }[];
  log: Logger;
}

export class KillSwitch {
  /** Orders the kill switch submitted: they pass the gate. */
  readonly own = new Set<string>();
  private flattening = false;
  private readonly failed = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private waitersQueued = false;

  constructor(private readonly host: KillSwitchHost) {}

  kill(options: KillOptions = {}): KillReport {
    const engine = this.requireEngine('kill');
    const action: KillAction = options.flatten ? 'flatten' : 'halt';
    const source = options.source ?? 'api';
    this.host.halt(engine.clock.now(), `kill switch (${source}): ${action}`, action);
    let canceled = 0;
    for (const o of engine.openOrders()) {
      if (this.own.has(o.clientOrderId) || o.status === 'PENDING_CANCEL') continue;
      engine.cancel(o.clientOrderId, 'kill switch');
      canceled++;
    }
    const report: KillReport = { action, canceled, flattenOrders: [], notFlattened: [] };
    if (options.flatten) {
      this.flattening = true;
      this.failed.clear();
      const res = submitFlattenOrders(engine, this.host.positions(), this.own, this.failed, this.host.log);
      report.flattenOrders = res.orders;
      report.notFlattened = res.notFlattened;
    }
    this.host.log.warn(
      { action, canceled, flattenOrders: report.flattenOrders.map((o) => o.clientOrderId), notFlattened: report.notFlattened },
      `kill switch (${source}): ${action}; ${canceled} order(s) canceled, ${report.flattenOrders.length} flatten order(s) submitted`,
    );
    return report;
  }

  /** Kill, then resolve once no order is open (and with flatten no position is left), or after timeoutMs of wall time. */
  shutdown(options: { flatten?: boolean; timeoutMs?: number } = {}): Promise<ShutdownReport> {
    const report = this.kill({ flatten: options.flatten, source: 'shutdown' });
    const done = () => this.requireEngine('shutdown').openOrders().length === 0 && (!options.flatten || this.host.positions().length === 0);
    if (done()) return Promise.resolve({ ...report, complete: true });
    return new Promise((resolve) => {
      const finish = (complete: boolean) => {
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve({ ...report, complete });
      };
      const waiter = () => {
        if (done()) finish(true);
      };
      const timer = setTimeout(() => finish(false), options.timeoutMs ?? 30_000);
      this.waiters.add(waiter);
    });
  }

  /** Each engine cycle: act on a signal file, and flatten what a partial fill left. */
  onCycle(now: number, signalFile: string | null): void {
    if (signalFile !== null) this.checkSignalFile(signalFile, now);
    const engine = this.host.engine();
    if (this.flattening && engine) submitFlattenOrders(engine, this.host.positions(), this.own, this.failed, this.host.log);
    this.notify();
  }

  /** Whether afterEvent has anything to do (the gate asks before calling: it runs per order event). */
  get busy(): boolean {
    return this.own.size !== 0 || this.waiters.size !== 0;
  }

  /** After an order event: shutdown waiters look once the event reached every listener (the portfolio comes after the gate). */
  afterEvent(clientOrderId: string, closed: boolean): void {
    if (closed && this.own.size !== 0) this.own.delete(clientOrderId);
    if (this.waiters.size > 0 && !this.waitersQueued) {
      this.waitersQueued = true;
      queueMicrotask(() => {
        this.waitersQueued = false;
        this.notify();
      });
    }
  }

  /** The kill was reset by hand: stop flattening. */
  reset(): void {
    this.flattening = false;
  }

  private notify(): void {
    if (this.waiters.size > 0) for (const w of [...this.waiters]) w();
  }

  private checkSignalFile(file: string, now: number): void {
    const signal = readKillSignal(file);
    if (!signal) return;
    const log = this.host.log;
    if (signal.unrecognized) log.error({ file, text: signal.text }, `kill signal file ${file} says "${signal.text}", not "halt" or "flatten": halting`);
    let moved = '';
    try {
      moved = consumeKillSignal(file, now);
    } catch (err) {
      log.error({ file, err: errorMessage(err) }, `kill signal file ${file} could not be renamed: ${errorMessage(err)}; it will be seen again`);
    }
    log.warn({ file, action: signal.action, moved }, `kill signal file ${file}: ${signal.action}${moved ? ` (renamed to ${moved})` : ''}`);
    if (!this.host.engine()) {
      this.host.halt(now, `kill switch (signal file): ${signal.action}`, signal.action);
      return;
    }
    this.kill({ flatten: signal.action === 'flatten', source: 'signal file' });
  }

  private requireEngine(what: string): RiskEngineHandle {
    const e = this.host.engine();
    if (!e) throw new UsageError(`risk manager ${what}: no engine attached; call riskManager.attach(engine) after creating the ExecutionEngine`);
    return e;
  }
}
