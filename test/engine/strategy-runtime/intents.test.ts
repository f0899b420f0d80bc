import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import {
  entryQuantity,
  intentRequest,
  signalEntryIntent,
  signalEntryRequest,
  signalExitIntent,
  signalExitRequest,
  type SignalEntry,
  type SignalExit,
} from '../../../framework/engine/strategy-runtime/intents.ts';
import type { StrategyRuntime } from '../../../framework/engine/strategy-runtime/strategy-runtime.ts';
import type { CandleArgs, LimitOrderArgs, MarketOrderArgs } from '../../../framework/strategy/types.ts';
import { BTC, HookStrategy, PAIR, harness } from './helpers.ts';

const origin = (n: number) => ({ clientOrderId: `T-Sig-${n}`, strategyId: 'Sig' });

describe('signal intents: Freqtrade signals as order requests', () => {
  it('a long limit entry with a stake: buy, amount = stake / price floored to the lot grid, tag', () => {
    const r = signalEntryRequest({ pair: PAIR, side: 'long', stake: 1000, price: 100.5, orderType: 'limit', tag: 'golden' }, BTC, origin(1));
    // 1000 / 100.5 = 9.95024..., floored to 0.001 lots.
    expect(r).toStrictEqual({
      clientOrderId: 'T-Sig-1',
      instrumentId: PAIR,
      side: 'buy',
      type: 'limit',
      quantity: 9.95,
      price: 100.5,
      strategyId: 'Sig',
      tags: ['golden'],
    });
  });

  it('short entries sell; leverage scales the amount; PO becomes post-only, IOC stays a time in force', () => {
    const po = signalEntryRequest({ pair: PAIR, side: 'short', stake: 300, leverage: 3, price: 200, orderType: 'limit', timeInForce: 'PO' }, BTC, origin(2));
    expect(po).toMatchObject({ side: 'sell', quantity: 4.5, price: 200, postOnly: true });
    expect(po.timeInForce).toBeUndefined();
    const ioc = signalEntryRequest({ pair: PAIR, side: 'long', amount: 0.12345, price: 200, orderType: 'limit', timeInForce: 'IOC' }, BTC, origin(3));
    expect(ioc).toMatchObject({ side: 'buy', quantity: 0.123, timeInForce: 'IOC' });
    const mkt = signalEntryRequest({ pair: PAIR, side: 'long', stake: 50, price: 100, orderType: 'market' }, BTC, origin(4));
    expect(mkt).toStrictEqual({ clientOrderId: 'T-Sig-4', instrumentId: PAIR, side: 'buy', type: 'market', quantity: 0.5, strategyId: 'Sig' });
  });

  it('exits close the trade side, reduce-only by default, with the exit reason as tag', () => {
    const x = signalExitRequest({ pair: PAIR, side: 'long', amount: 0.5, price: 101, orderType: 'market', tag: 'roi' }, BTC, origin(5));
    expect(x).toStrictEqual({ clientOrderId: 'T-Sig-5', instrumentId: PAIR, side: 'sell', type: 'market', quantity: 0.5, strategyId: 'Sig', reduceOnly: true, tags: ['roi'] });
    const y = signalExitRequest({ pair: PAIR, side: 'short', amount: 0.5, price: 99, orderType: 'limit', reduceOnly: false }, BTC, origin(6));
    expect(y).toStrictEqual({ clientOrderId: 'T-Sig-6', instrumentId: PAIR, side: 'buy', type: 'limit', quantity: 0.5, price: 99, strategyId: 'Sig' });
  });

  it('the direct request builders give the intent path\'s request exactly, keys in the same order', () => {
    let n = 100;
    for (const orderType of ['limit', 'market'] as const) {
      for (const timeInForce of [undefined, 'GTC', 'IOC', 'FOK', 'PO'] as const) {
        for (const tag of [undefined, 'golden']) {
          for (const side of ['long', 'short'] as const) {
            const entry: SignalEntry = { pair: PAIR, side, stake: 1000, price: 100.5, orderType, ...(timeInForce ? { timeInForce } : {}), ...(tag ? { tag } : {}) };
            const a = signalEntryRequest(entry, BTC, origin(++n));
            const b = intentRequest(signalEntryIntent(entry, BTC), origin(n));
            expect(a).toStrictEqual(b);
            expect(Object.keys(a)).toEqual(Object.keys(b));
            for (const reduceOnly of [undefined, true, false]) {
              const exit: SignalExit = { pair: PAIR, side, amount: 0.5004, price: 99, orderType, ...(timeInForce ? { timeInForce } : {}), ...(tag ? { tag } : {}), ...(reduceOnly !== undefined ? { reduceOnly } : {}) };
              const x = signalExitRequest(exit, BTC, origin(++n));
              const y = intentRequest(signalExitIntent(exit, BTC), origin(n));
              expect(x).toStrictEqual(y);
              expect(Object.keys(x)).toEqual(Object.keys(y));
            }
          }
        }
      }
    }
  });

  it('refuses an entry with both or neither of stake and amount, or a stake without a price', () => {
    const base = { pair: PAIR, side: 'long' as const, price: 100, orderType: 'limit' as const };
    expect(() => entryQuantity({ ...base, stake: 1, amount: 1 }, BTC)).toThrow(UsageError);
    expect(() => entryQuantity(base, BTC)).toThrow(/exactly one of stake/);
    expect(() => entryQuantity({ ...base, stake: 10, price: 0 }, BTC)).toThrow(/price 0 must be > 0/);
  });
});

/**
 * The same trade twice: once from Freqtrade-style signals (runtime.enter / runtime.exit, as the
 * backtest runner calls them), once from a strategy's onCandle through this.orders. The
 * requests that reach the venue, and every event after, are identical.
 */
const ENTRY: SignalEntry = { pair: PAIR, side: 'long', stake: 1000, price: 100.5, orderType: 'limit', tag: 'golden' };
const EXIT: SignalExit = { pair: PAIR, side: 'long', amount: 9.95, price: 0, orderType: 'market', tag: 'exit_signal' };

class ByOrderApi extends HookStrategy {
  override onCandle(c: CandleArgs): void {
    if (c.index === 0) this.orders.limit({ pair: PAIR, side: 'buy', quantity: 9.95, price: 100.5, tag: 'golden' } satisfies LimitOrderArgs);
    if (c.index === 2) this.orders.market({ pair: PAIR, side: 'sell', quantity: 9.95, reduceOnly: true, tag: 'exit_signal' } satisfies MarketOrderArgs);
  }
}

function run(drive: (rt: StrategyRuntime, i: number) => void, strategy: HookStrategy) {
  const h = harness();
  const events: unknown[] = [];
  h.engine.subscribe((e) => events.push(e));
  const rt = h.addStrategy(strategy, 'Sig');
  const candles: Array<[number, number, number, number]> = [
    [100, 101, 99, 100.5],
    [100.6, 101, 100, 100.8],
    [101, 102, 100.5, 101.5],
    [102, 103, 101, 102.5],
  ];
  candles.forEach(([o, hi, l, c], i) => {
    h.candle(i, o, hi, l, c);
    drive(rt, i);
  });
  return { h, events };
}

describe('signals and the order API share one path', () => {
  it('produce identical venue requests and identical event streams', () => {
    class NoHooks extends HookStrategy {}
    const bySignal = run((rt, i) => {
      if (i === 0) rt.enter(ENTRY);
      if (i === 2) rt.exit(EXIT);
    }, new NoHooks());
    const byApi = run(() => undefined, new ByOrderApi());
    expect(bySignal.h.submits).toHaveLength(2);
    expect(bySignal.h.submits).toStrictEqual(byApi.h.submits);
    expect(bySignal.events).toStrictEqual(byApi.events);
    // And equal to what the pure functions say.
    expect(bySignal.h.submits[0]).toStrictEqual(signalEntryRequest(ENTRY, BTC, origin(1)));
    expect(bySignal.h.submits[1]).toStrictEqual(signalExitRequest(EXIT, BTC, origin(2)));
    // The round trip happened: bought at 100.5 on candle 1, sold at the open of candle 3.
    const pos = bySignal.h.portfolio.position(PAIR)!;
    expect(pos.quantity).toBe(0);
    expect(pos.realizedPnl).toBeCloseTo((102 - 100.5) * 9.95, 9);
  });
});
