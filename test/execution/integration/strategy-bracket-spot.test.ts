/**
 * The gap the strategy-runtime work reported, closed: a bracket placed with `this.orders.bracket`
 * on a cash (spot) account. Both exits reach the venue (one reservation of the base for the OUO
 * pair) and either one closes the position.
 */
import { describe, expect, it } from 'vitest';
import type { CandleArgs } from '../../../framework/strategy/types.ts';
import { HookStrategy, PAIR, harness } from '../../engine/strategy-runtime/helpers.ts';

class BracketOnFirstCandle extends HookStrategy {
  ids: { entry: string; takeProfit: string; stopLoss: string } | undefined;
  override onCandle(c: CandleArgs): void {
    if (c.index === 0) {
      this.ids = this.orders.bracket({ pair: c.pair, side: 'buy', quantity: 1, entryPrice: 100, takeProfitPrice: 110, stopLossPrice: 95 });
    }
  }
}

describe('strategy bracket on a spot account', () => {
  it('the stop-loss is live next to the take-profit; a stop hit sells the coin and cancels the take-profit', async () => {
    const h = harness({ account: 'cash' });
    const s = new BracketOnFirstCandle();
    h.addStrategy(s, 'Brk');
    h.candle(0, 100, 101, 99, 100);
    h.candle(1, 100, 100.5, 99.8, 100.2); // entry fills at 100 (taker: the open equals its limit)
    const { takeProfit, stopLoss } = s.ids!;
    expect(h.engine.order(takeProfit)!.status).toBe('ACCEPTED');
    expect(h.engine.order(stopLoss)!.status).toBe('ACCEPTED');
    expect((await h.venue.balances()).find((b) => b.currency === 'BTC')).toMatchObject({ total: 1, locked: 1 });
    h.candle(2, 99, 99.5, 94, 95.5); // the stop at 95
    expect(h.engine.order(stopLoss)!).toMatchObject({ status: 'FILLED', averageFillPrice: 95 });
    expect(h.engine.order(takeProfit)!.status).toBe('CANCELED');
    expect(h.portfolio.position(PAIR)!.quantity).toBe(0);
    expect(h.portfolio.total('BTC')).toBe(0);
    // 10000 - 100 - 0.2 (entry: taker, the open equals its limit) + 95 - 0.19 (taker stop)
    expect(h.portfolio.total('USDT')).toBeCloseTo(9_994.61, 9);
    expect((await h.venue.balances()).find((b) => b.currency === 'BTC')).toMatchObject({ total: 0, locked: 0 });
  });

  it('the take-profit fills: the stop-loss is canceled and the base reservation freed', async () => {
    const h = harness({ account: 'cash' });
    const s = new BracketOnFirstCandle();
    h.addStrategy(s, 'Brk');
    h.candle(0, 100, 101, 99, 100);
    h.candle(1, 100, 100.5, 99.8, 100.2);
    h.candle(2, 101, 111, 100, 110);
    expect(h.engine.order(s.ids!.takeProfit)!.status).toBe('FILLED');
    expect(h.engine.order(s.ids!.stopLoss)!.status).toBe('CANCELED');
    expect((await h.venue.balances()).find((b) => b.currency === 'BTC')).toMatchObject({ total: 0, locked: 0 });
    expect(h.portfolio.total('USDT')).toBeCloseTo(10_000 - 100 - 0.2 + 110 - 0.11, 9);
  });
});
