import { describe, expect, it } from 'vitest';
import { ExecAlgorithms } from '../../../framework/execution/algorithms/exec-algorithms.ts';
import type { CandleArgs, OrderUpdate, PositionChangedArgs } from '../../../framework/strategy/types.ts';
import { BTC, HookStrategy, PAIR, T0, TF, harness } from './helpers.ts';

/** Records every hook call. */
abstract class Recording extends HookStrategy {
  updates: OrderUpdate[] = [];
  positions: PositionChangedArgs[] = [];
  override onOrderEvent(u: OrderUpdate): void {
    this.updates.push(u);
  }
  override onPositionChanged(p: PositionChangedArgs): void {
    this.positions.push(p);
  }
  of(id: string): string[] {
    return this.updates.filter((u) => u.clientOrderId === id).map((u) => u.type);
  }
}

class BracketOnFirstCandle extends Recording {
  ids: { entry: string; takeProfit: string; stopLoss: string } | undefined;
  override onCandle(c: CandleArgs): void {
    if (c.index === 0) {
      this.ids = this.orders.bracket({ pair: c.pair, side: 'buy', quantity: 1, entryPrice: 100, takeProfitPrice: 110, stopLossPrice: 95, tag: 'brk' });
    }
  }
}

/*
 * Brackets run on a margin account: on a cash (spot) account the venue reserves the base for the
 * take-profit, and the stop-loss then finds no free base (as on a real spot exchange without a
 * native OCO order).
 */
describe('StrategyRuntime end to end: bracket from onCandle (freqtrade fill model, margin account)', () => {
  it('enters at the limit, exits at the take-profit, cancels the stop; hooks see every step', () => {
    const h = harness({ account: 'margin' });
    const s = new BracketOnFirstCandle();
    h.addStrategy(s, 'Brk');
    h.candle(0, 100, 101, 99, 100); // bracket placed at the close
    expect(s.ids).toEqual({ entry: 'T-Brk-1', takeProfit: 'T-Brk-2', stopLoss: 'T-Brk-3' });
    // The three requests carry the strategy id and the tag; the exits are reduce-only and wait for the entry.
    const entry = h.engine.order('T-Brk-1')!;
    expect(entry.request).toMatchObject({ instrumentId: PAIR, side: 'buy', type: 'limit', price: 100, quantity: 1, strategyId: 'Brk', tags: ['brk'] });
    expect(h.engine.order('T-Brk-2')!.request).toMatchObject({ side: 'sell', type: 'limit', price: 110, reduceOnly: true, tags: ['brk', 'take_profit'] });
    expect(h.engine.order('T-Brk-3')!.request).toMatchObject({ side: 'sell', type: 'stop_market', triggerPrice: 95, reduceOnly: true, tags: ['brk', 'stop_loss'] });
    expect(h.submits.map((r) => r.clientOrderId)).toEqual(['T-Brk-1']);

    h.candle(1, 100.5, 101, 99.5, 100); // low <= 100 <= high: the entry fills at 100 (maker: the open was above it)
    expect(entry.status).toBe('FILLED');
    expect(entry.averageFillPrice).toBe(100);
    expect(h.submits.map((r) => r.clientOrderId)).toEqual(['T-Brk-1', 'T-Brk-2', 'T-Brk-3']);
    expect(h.portfolio.position(PAIR)!.quantity).toBe(1);
    expect(s.positions).toEqual([{ pair: PAIR, time: T0 + TF, quantity: 1, averagePrice: 100, realizedPnl: 0, change: 'opened' }]);
    const fill = s.updates.find((u) => u.clientOrderId === 'T-Brk-1' && u.type === 'filled')!;
    expect(fill).toMatchObject({ status: 'FILLED', side: 'buy', quantity: 1, filledQuantity: 1, averagePrice: 100, lastQuantity: 1, lastPrice: 100, tags: ['brk'] });
    expect(s.orders.position(PAIR)).toEqual({ pair: PAIR, quantity: 1, averagePrice: 100, unrealizedPnl: 0, realizedPnl: 0 });

    h.candle(2, 101, 111, 100, 110); // the take-profit at 110 fills; the stop is canceled (OUO)
    expect(h.engine.order('T-Brk-2')!.status).toBe('FILLED');
    expect(h.engine.order('T-Brk-3')!.status).toBe('CANCELED');
    expect(s.of('T-Brk-1')).toEqual(['initialized', 'submitted', 'accepted', 'filled']);
    expect(s.of('T-Brk-2')).toEqual(['initialized', 'submitted', 'accepted', 'filled']);
    expect(s.of('T-Brk-3')).toEqual(['initialized', 'submitted', 'accepted', 'pending_cancel', 'canceled']);
    expect(s.positions.map((p) => p.change)).toEqual(['opened', 'closed']);
    expect(s.positions[1]).toEqual({ pair: PAIR, time: T0 + 2 * TF, quantity: 0, averagePrice: 0, realizedPnl: 10, change: 'closed' });
    // Margin: realized 10, fees 0.1 (maker 0.1% of 100) + 0.11 (of 110).
    expect(h.portfolio.total('USDT')).toBeCloseTo(10_000 + 10 - 0.1 - 0.11, 9);
    expect(s.orders.openOrders()).toEqual([]);
  });

  it('a bracket whose stop is hit: exit at the stop price, take-profit canceled', () => {
    const h = harness({ account: 'margin' });
    const s = new BracketOnFirstCandle();
    h.addStrategy(s, 'Brk');
    h.candle(0, 100, 101, 99, 100);
    h.candle(1, 100, 100.5, 99.8, 100.2); // entry fills at 100 (open == limit)
    h.candle(2, 99, 99.5, 94, 95.5); // low 94 <= stop 95: fills at 95
    expect(h.engine.order('T-Brk-3')!.status).toBe('FILLED');
    expect(h.engine.order('T-Brk-3')!.averageFillPrice).toBe(95);
    expect(h.engine.order('T-Brk-2')!.status).toBe('CANCELED');
    expect(s.positions.map((p) => [p.change, p.quantity, p.realizedPnl])).toEqual([
      ['opened', 1, 0],
      ['closed', 0, -5],
    ]);
  });
});

class LimitManager extends Recording {
  id = '';
  override onCandle(c: CandleArgs): void {
    if (c.index === 0) this.id = this.orders.limit({ pair: c.pair, side: 'buy', quantity: 0.5, price: 90, tag: 'dip' });
    if (c.index === 1) this.orders.modify(this.id, { price: 91 });
    if (c.index === 2) {
      this.orders.cancel('no-such-order');
      this.orders.cancel(this.id);
    }
  }
}

describe('StrategyRuntime end to end: limit order managed from onCandle', () => {
  it('modify and cancel reach the venue; an unknown id gets cancel_rejected UNKNOWN_ORDER', () => {
    const h = harness();
    const s = new LimitManager();
    h.addStrategy(s, 'Lim');
    h.candle(0, 100, 101, 99, 100);
    expect(s.orders.openOrders(PAIR)).toEqual([
      expect.objectContaining({ clientOrderId: s.id, type: 'accepted', status: 'ACCEPTED', quantity: 0.5, filledQuantity: 0, tags: ['dip'] }),
    ]);
    h.candle(1, 100, 101, 98, 99); // 90 not reached; modified to 91 at the close
    expect(h.engine.order(s.id)!.price).toBe(91);
    expect(s.of(s.id)).toEqual(['initialized', 'submitted', 'accepted', 'pending_update', 'updated']);
    h.candle(2, 99, 100, 95, 96);
    expect(h.engine.order(s.id)!.status).toBe('CANCELED');
    expect(s.updates.find((u) => u.clientOrderId === 'no-such-order')).toMatchObject({ type: 'cancel_rejected', reason: 'UNKNOWN_ORDER' });
    expect(s.of(s.id).slice(-2)).toEqual(['pending_cancel', 'canceled']);
    expect(s.positions).toEqual([]);
    expect(h.portfolio.locked('USDT')).toBe(0);
  });

  it("a strategy cannot cancel, modify or list another strategy's orders", () => {
    const h = harness();
    const a = new LimitManager();
    class Intruder extends Recording {
      target = '';
      override onCandle(c: CandleArgs): void {
        if (c.index === 1) {
          this.orders.cancel(this.target);
          this.orders.modify(this.target, { price: 80 });
          this.orders.cancelAll();
        }
      }
    }
    const b = new Intruder();
    h.addStrategy(a, 'A');
    h.addStrategy(b, 'B');
    h.candle(0, 100, 101, 99, 100);
    b.target = a.id;
    expect(b.orders.openOrders()).toEqual([]);
    h.candle(1, 100, 101, 98, 99);
    expect(b.updates.map((u) => [u.type, u.reason])).toEqual([
      ['cancel_rejected', 'UNKNOWN_ORDER'],
      ['modify_rejected', 'UNKNOWN_ORDER'],
    ]);
    // A's order was only touched by A's own modify.
    expect(h.engine.order(a.id)!.price).toBe(91);
    expect(h.engine.order(a.id)!.status).toBe('ACCEPTED');
  });
});

class TrailingAfterEntry extends Recording {
  stopId = '';
  override onCandle(c: CandleArgs): void {
    if (c.index === 0) this.orders.market({ pair: c.pair, side: 'buy', quantity: 2 });
  }
  override onPositionChanged(p: PositionChangedArgs): void {
    super.onPositionChanged(p);
    if (p.change === 'opened') {
      this.stopId = this.orders.trailingStop({ pair: p.pair, side: 'sell', quantity: p.quantity, offset: 2, offsetType: 'price', reduceOnly: true, tag: 'trail' });
    }
  }
}

describe('StrategyRuntime end to end: trailing stop placed from onPositionChanged (ohlc_path fill model)', () => {
  it('ratchets along the candle path and exits 2 below the best price', () => {
    const h = harness({ fillModel: 'ohlc_path' });
    const s = new TrailingAfterEntry();
    h.addStrategy(s, 'Trail');
    h.candle(0, 100, 101, 99, 100);
    // Candle 1: market fills at the open 100; the stop starts 2 below it (98). Path 100 -> 99.5 (low
    // first: nearer) -> 104 (stop 102) -> 103: not hit.
    h.candle(1, 100, 104, 99.5, 103);
    expect(h.engine.order(s.stopId)!.request).toMatchObject({ type: 'trailing_stop_market', trailingOffset: 2, trailingOffsetType: 'price', reduceOnly: true, side: 'sell', quantity: 2 });
    expect(h.engine.order(s.stopId)!.isClosed).toBe(false);
    // Candle 2: 103.5 -> 103 (low first; stop still 102) -> 108 (stop 106) -> 107: not hit.
    h.candle(2, 103.5, 108, 103, 107);
    expect(h.engine.order(s.stopId)!.isClosed).toBe(false);
    // Candle 3: 107 -> 109 (high first, nearer; stop 107) -> 104: hits 107 on the way down.
    h.candle(3, 107, 109, 104, 105);
    const stop = h.engine.order(s.stopId)!;
    expect(stop.status).toBe('FILLED');
    expect(stop.averageFillPrice).toBe(107);
    expect(s.positions.map((p) => [p.change, p.quantity, p.realizedPnl])).toEqual([
      ['opened', 2, 0],
      ['closed', 0, 14],
    ]);
    expect(s.of(s.stopId)).toContain('triggered');
  });
});

class OcoAfterEntry extends Recording {
  legs: [string, string] | undefined;
  override onCandle(c: CandleArgs): void {
    if (c.index === 0) this.orders.market({ pair: c.pair, side: 'buy', quantity: 1 });
  }
  override onPositionChanged(p: PositionChangedArgs): void {
    super.onPositionChanged(p);
    if (p.change === 'opened') {
      this.legs = this.orders.oco(
        { pair: p.pair, side: 'sell', quantity: 1, price: 104, tag: 'tp' },
        { pair: p.pair, side: 'sell', quantity: 1, triggerPrice: 97, tag: 'sl' },
      );
    }
  }
}

describe('StrategyRuntime end to end: OCO exits and refusals', () => {
  it('an OCO of a limit and a stop: the stop fills, the limit is canceled', () => {
    const h = harness({ account: 'margin' });
    const s = new OcoAfterEntry();
    h.addStrategy(s, 'Oco');
    h.candle(0, 100, 101, 99, 100);
    h.candle(1, 100, 101, 99, 100); // entry fills at the open; the OCO is placed during the bar
    const [tp, sl] = s.legs!;
    expect(h.engine.order(tp)!.request).toMatchObject({ type: 'limit', price: 104, contingency: 'OCO', linkedOrderIds: [sl], tags: ['tp'] });
    expect(h.engine.order(sl)!.request).toMatchObject({ type: 'stop_market', triggerPrice: 97, contingency: 'OCO', linkedOrderIds: [tp], tags: ['sl'] });
    h.candle(2, 99, 99.5, 96, 96.5);
    expect(h.engine.order(sl)!.status).toBe('FILLED');
    expect(h.engine.order(sl)!.averageFillPrice).toBe(97);
    expect(h.engine.order(tp)!.status).toBe('CANCELED');
    expect(s.positions.map((p) => [p.change, p.realizedPnl])).toEqual([
      ['opened', 0],
      ['closed', -3],
    ]);
  });

  it('an order the engine refuses arrives as a denied update with the reason code, and never reaches the venue', () => {
    const h = harness();
    class OffGrid extends Recording {
      override onCandle(c: CandleArgs): void {
        if (c.index === 0) this.orders.limit({ pair: c.pair, side: 'buy', quantity: 1, price: 99.999 });
      }
    }
    const s = new OffGrid();
    h.addStrategy(s, 'Off');
    h.candle(0, 100, 101, 99, 100);
    // Both events of the one submit are delivered after it: status is the order's status at delivery.
    expect(s.updates.map((u) => [u.type, u.status, u.reason])).toEqual([
      ['initialized', 'DENIED', undefined],
      ['denied', 'DENIED', 'PRICE_NOT_ON_TICK'],
    ]);
    expect(h.submits).toEqual([]);
  });
});

describe('StrategyRuntime with an execution algorithm', () => {
  it("children placed for the strategy reach its onOrderEvent and onPositionChanged", () => {
    const h = harness();
    const algos = new ExecAlgorithms({ engine: h.engine });
    class Twapper extends Recording {
      override onCandle(c: CandleArgs): void {
        if (c.index === 0) algos.twap({ instrumentId: c.pair, side: 'buy', quantity: 0.3, durationMs: 3 * TF, slices: 3, strategyId: 'Tw' });
      }
    }
    const s = new Twapper();
    h.addStrategy(s, 'Tw');
    for (let i = 0; i < 5; i++) h.candle(i, 100 + i, 101 + i, 99 + i, 100.5 + i);
    // Parent T-Tw-1; slices at the close of candle 0 and every 5 minutes: fill at the opens of candles 1, 2, 3.
    expect(s.updates.filter((u) => u.type === 'filled').map((u) => [u.clientOrderId, u.lastPrice])).toEqual([
      ['T-Tw-1-E1', 101],
      ['T-Tw-1-E2', 102],
      ['T-Tw-1-E3', 103],
    ]);
    expect(s.positions.map((p) => [p.change, p.quantity])).toEqual([
      ['opened', 0.1],
      ['increased', 0.2],
      ['increased', 0.3],
    ]);
    expect(algos.reports()[0]).toMatchObject({ status: 'COMPLETED', filledQuantity: 0.3 });
    expect(algos.reports()[0]!.averageFillPrice).toBeCloseTo(102, 12);
  });
});
