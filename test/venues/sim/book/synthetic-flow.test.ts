/**
 * The benchmark's order flow, driven by the real BTC/USDT 5m closes, replayed into OrderBook
 * and into the naive reference book: same fills, same final book. Also checks that the flow is
 * deterministic and has the mix it claims.
 */
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../../../framework/venues/sim/book/order-book.ts';
import {
  FLOW_ADD,
  FLOW_CANCEL,
  FLOW_MARKET,
  generateFlow,
  replayFlow,
} from '../../../../framework/venues/sim/book/synthetic-flow.ts';
import { BUY, SELL, type Side } from '../../../../framework/venues/sim/book/types.ts';
import { readBinance5m } from '../../../helpers/shared-data.ts';
import { RecordingSink } from './recording-sink.ts';
import { ReferenceBook } from './reference-book.ts';

const OPS = 20_000;

function realMid(): Float64Array {
  const close = readBinance5m('BTC').close;
  const mid = new Float64Array(OPS);
  for (let i = 0; i < OPS; i++) {
    const c = Math.floor(i / 200);
    const f = (i % 200) / 200;
    mid[i] = close[c]! * (1 - f) + close[c + 1]! * f; // 1 tick = 1 USD
  }
  return mid;
}

describe('synthetic order flow on real prices', () => {
  const mid = realMid();
  const flow = generateFlow({ ops: OPS, seed: 3, midTicks: mid, targetResting: 150 });

  it('is deterministic and has the requested mix', () => {
    const again = generateFlow({ ops: OPS, seed: 3, midTicks: mid, targetResting: 150 });
    expect(Buffer.from(again.priceTicks.buffer).equals(Buffer.from(flow.priceTicks.buffer))).toBe(true);
    expect(Buffer.from(again.id.buffer).equals(Buffer.from(flow.id.buffer))).toBe(true);
    expect(flow.counts.add / OPS).toBeCloseTo(0.6, 1);
    expect(flow.counts.cancel / OPS).toBeCloseTo(0.3, 1);
    expect((flow.counts.market + flow.counts.crossLimit) / OPS).toBeCloseTo(0.1, 1);
    expect(flow.fills).toBeGreaterThan(1000);
    // Prices follow the real path: the first adds sit within a few ticks of the first close.
    const first = flow.kind.indexOf(FLOW_ADD);
    expect(Math.abs(flow.priceTicks[first]! - mid[first]!)).toBeLessThan(50);
  });

  it('gives the same fills and the same book on OrderBook and the reference book', () => {
    const sink = new RecordingSink();
    const book = new OrderBook(sink);
    replayFlow(flow, book);
    expect(sink.fills().length).toBe(flow.fills);
    expect(book.orderCount).toBe(flow.restingAtEnd);

    const ref = new ReferenceBook();
    for (let i = 0; i < flow.count; i++) {
      const k = flow.kind[i]!;
      const side = flow.side[i] as Side;
      if (k === FLOW_CANCEL) ref.cancel(flow.id[i]!);
      else if (k === FLOW_MARKET) ref.addMarket(flow.id[i]!, side, flow.qtyLots[i]!);
      else ref.addLimit(flow.id[i]!, side, flow.priceTicks[i]!, flow.qtyLots[i]!);
    }
    expect(sink.events).toEqual(ref.events);
    expect(book.ordersOf(BUY)).toEqual(ref.ordersOf(BUY));
    expect(book.ordersOf(SELL)).toEqual(ref.ordersOf(SELL));
    expect(book.bestBid()).toBeLessThan(book.bestAsk());
  });
});
