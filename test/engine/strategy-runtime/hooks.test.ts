import { describe, expect, it } from 'vitest';
import { RiskManager } from '../../../framework/risk/risk-manager.ts';
import { callbackFailures } from '../../../framework/strategy/callbacks.ts';
import type { CandleArgs, OrderUpdate, PositionChangedArgs, TimerArgs } from '../../../framework/strategy/types.ts';
import { HookStrategy, PAIR, T0, TF, harness } from './helpers.ts';

const MIN = 60_000;

class TimerStrategy extends HookStrategy {
  fired: Array<TimerArgs & { now: number }> = [];
  orderId = '';
  override onCandle(c: CandleArgs): void {
    if (c.index !== 0) return;
    this.orders.setTimer('check', c.time + 7 * MIN);
    this.orders.setTimer('never', c.time + 1 * MIN);
    this.orders.cancelTimer('never');
  }
  override onTimer(t: TimerArgs): void {
    this.fired.push({ ...t, now: this.orders.now() });
    this.orderId = this.orders.market({ pair: PAIR, side: 'buy', quantity: 0.1, tag: 'timer' });
  }
}

describe('StrategyRuntime: timers', () => {
  it('fires onTimer at its time on the engine clock; a canceled timer never fires; orders from it fill on the next candle', () => {
    const h = harness();
    const s = new TimerStrategy();
    h.addStrategy(s, 'Tim');
    h.candle(0, 100, 101, 99, 100); // close T0+5m: timer for T0+12m
    h.candle(1, 100, 101, 99, 100); // T0+5m .. T0+10m: nothing yet
    expect(s.fired).toEqual([]);
    h.candle(2, 100, 101, 99, 100); // T0+10m .. T0+15m: fires at T0+12m, after the venue matched candle 2
    expect(s.fired).toEqual([{ name: 'check', time: T0 + 12 * MIN, now: T0 + 12 * MIN }]);
    const order = h.engine.order(s.orderId)!;
    expect(order.status).toBe('SUBMITTED');
    h.candle(3, 102, 103, 101, 102.5);
    expect(order.status).toBe('FILLED');
    expect(order.averageFillPrice).toBe(102); // the open of candle 3
    expect(s.fired).toHaveLength(1);
  });

  it('stop() cancels pending timers and stops routing events', () => {
    const h = harness();
    const s = new TimerStrategy();
    const rt = h.addStrategy(s, 'Tim');
    h.candle(0, 100, 101, 99, 100);
    rt.stop();
    h.candle(1, 100, 101, 99, 100);
    h.candle(2, 100, 101, 99, 100);
    expect(s.fired).toEqual([]);
    expect(h.clock.nextTimerAt()).toBe(Infinity);
  });
});

class Throwing extends HookStrategy {
  candles: number[] = [];
  events = 0;
  positions: PositionChangedArgs[] = [];
  override onCandle(c: CandleArgs): void {
    this.candles.push(c.index);
    if (c.index === 0) throw new Error('boom on candle 0');
    if (c.index === 1) this.orders.market({ pair: c.pair, side: 'buy', quantity: 1 });
  }
  override onOrderEvent(_u: OrderUpdate): void {
    this.events++;
    throw new Error('bad event handler');
  }
  override onPositionChanged(p: PositionChangedArgs): void {
    this.positions.push(p);
  }
}

describe('StrategyRuntime: a hook that throws', () => {
  it('is logged with strategy, hook and pair, and skipped; the run and the other hooks go on', async () => {
    const h = harness();
    const s = new Throwing();
    h.addStrategy(s, 'Thr');
    h.candle(0, 100, 101, 99, 100);
    h.candle(1, 100, 101, 99, 100);
    h.candle(2, 100.5, 101, 99, 100);
    expect(s.candles).toEqual([0, 1, 2]);
    // initialized, submitted, accepted, filled: every one threw, every one was delivered.
    expect(s.events).toBe(4);
    expect(s.positions.map((p) => [p.change, p.quantity])).toEqual([['opened', 1]]);
    expect(h.portfolio.position(PAIR)!.quantity).toBe(1);
    expect(callbackFailures(s, 'onCandle')).toBe(1);
    expect(callbackFailures(s, 'onOrderEvent')).toBe(4);
    await h.flushLog();
    const warn = h.logLines.filter((l) => l.level === 40);
    expect(warn.find((l) => l.callback === 'onCandle')).toMatchObject({ strategy: 'Throwing', pair: PAIR, failures: 1 });
    expect(String(warn.find((l) => l.callback === 'onCandle')!.msg)).toContain('boom on candle 0');
    expect(warn.filter((l) => l.callback === 'onOrderEvent')).toHaveLength(4);
    expect(h.engine.stats.listenerErrors).toBe(0); // the runtime contained it; the engine never saw it
  });
});

describe('StrategyRuntime: candles and context', () => {
  it('onCandle gets the candle; a strategy without onCandle is never called', () => {
    const h = harness();
    const seen: CandleArgs[] = [];
    class WithCandle extends HookStrategy {
      override onCandle(c: CandleArgs): void {
        seen.push(c);
      }
    }
    class Silent extends HookStrategy {}
    const silent = new Silent();
    h.addStrategy(new WithCandle(), 'C');
    const rt = h.addStrategy(silent, 'S');
    h.candle(4, 100, 102, 98, 101, 55);
    expect(seen).toEqual([{ pair: PAIR, index: 4, time: T0 + 5 * TF, open: 100, high: 102, low: 98, close: 101, volume: 55 }]);
    expect(silent.context).toBe(rt.context);
    expect(silent.orders).toBe(rt.orders);
    expect(silent.wallets.getAvailableStakeAmount()).toBeCloseTo(10_000 * 0.99, 9);
  });

  it('the context does not expose the engine or the venue', () => {
    const h = harness();
    class Curious extends HookStrategy {}
    const s = new Curious();
    h.addStrategy(s, 'Cur');
    const reachable = JSON.stringify(Object.keys(s.orders)) + JSON.stringify(Object.keys(s.context));
    expect(reachable).not.toMatch(/engine|venue|portfolio/);
    expect((s.orders as unknown as Record<string, unknown>).engine).toBeUndefined();
  });

  it('two runtimes cannot share a strategy id, and ids with "-" are refused', () => {
    const h = harness();
    class X extends HookStrategy {}
    h.addStrategy(new X(), 'Same');
    expect(() => h.addStrategy(new X(), 'Same')).toThrow(/already running/);
    expect(() => h.addStrategy(new X(), 'a-b')).toThrow(/contains '-'/);
  });
});

class LockThenBuy extends HookStrategy {
  updates: OrderUpdate[] = [];
  override onCandle(c: CandleArgs): void {
    if (c.index === 0) this.context.locks.lockPair(c.pair, c.time + 10 * MIN, 'cooldown');
    if (c.index === 0 || c.index === 2 || c.index === 3) this.orders.market({ pair: c.pair, side: 'buy', quantity: 1 });
  }
  override onOrderEvent(u: OrderUpdate): void {
    if (u.type === 'denied' || u.type === 'submitted') this.updates.push(u);
  }
}

describe('StrategyRuntime behind the real RiskManager', () => {
  it("a lock the strategy sets through its context makes the risk gate deny its entries until the lock ends", () => {
    let risk!: RiskManager;
    const h2 = harness({ gate: (portfolio) => (risk = new RiskManager({ timeframe: '5m', portfolio, signalFile: null })) });
    risk.attach(h2.engine);
    const s2 = new LockThenBuy();
    const rt = h2.addStrategy(s2, 'Lock', risk.locksFor('Lock'));
    expect(rt.context.locks).toBe(risk.locksFor('Lock'));
    // Lock at T0+5m for 10 minutes: rounded up to the next candle open, T0+20m.
    h2.candle(0, 100, 101, 99, 100);
    h2.candle(1, 100, 101, 99, 100);
    h2.candle(2, 100, 101, 99, 100); // close T0+15m: still locked
    h2.candle(3, 100, 101, 99, 100); // close T0+20m: the lock has ended
    expect(s2.updates.map((u) => [u.clientOrderId, u.type, u.status, u.reason])).toEqual([
      ['T-Lock-1', 'denied', 'DENIED', 'RISK_PAIR_LOCKED'],
      ['T-Lock-2', 'denied', 'DENIED', 'RISK_PAIR_LOCKED'],
      ['T-Lock-3', 'submitted', 'SUBMITTED', undefined],
    ]);
  });
});

describe('StrategyRuntime: start', () => {
  it('awaits an async botStart once; one that rejects is logged and the runtime still runs', async () => {
    const h = harness();
    class Starts extends HookStrategy {
      starts = 0;
      override async botStart(): Promise<void> {
        await new Promise((r) => setImmediate(r));
        this.starts++;
      }
    }
    class FailsToStart extends HookStrategy {
      seen = 0;
      override async botStart(): Promise<void> {
        throw new Error('model file missing');
      }
      override onCandle(): void {
        this.seen++;
      }
    }
    const ok = new Starts();
    const rt = h.addStrategy(ok, 'Ok');
    await rt.start();
    await rt.start();
    expect(ok.starts).toBe(1);
    const bad = new FailsToStart();
    await h.addStrategy(bad, 'Bad').start();
    h.candle(0, 100, 101, 99, 100);
    expect(bad.seen).toBe(1);
    expect(callbackFailures(bad, 'botStart')).toBe(1);
  });
});
