import { describe, expect, it } from 'vitest';
import { PriceLadder } from '../../../../framework/venues/sim/book/price-ladder.ts';

function fill(ladder: PriceLadder, prices: number[]): void {
  for (const p of prices) {
    const pos = ladder.find(p);
    if (pos < 0) ladder.insertAt(-pos - 1, p, p * 10);
  }
}

describe('PriceLadder', () => {
  it('bids: best (highest) price first by rank, lookups across the linear and binary ranges', () => {
    const bids = new PriceLadder(1, 2);
    const prices = Array.from({ length: 50 }, (_, i) => (i * 37) % 101);
    fill(bids, prices);
    const sorted = [...new Set(prices)].sort((a, b) => b - a);
    expect(bids.size).toBe(sorted.length);
    expect(Array.from({ length: bids.size }, (_, r) => bids.priceAt(r))).toEqual(sorted);
    for (const p of sorted) expect(bids.values[bids.find(p)]).toBe(p * 10);
    expect(bids.find(1000)).toBeLessThan(0);
    expect(bids.find(-5)).toBe(-1);
    expect(Number.isNaN(bids.priceAt(bids.size))).toBe(true);
    expect(bids.valueAt(bids.size)).toBe(-1);
  });

  it('asks: best (lowest) price first; removal keeps order', () => {
    const asks = new PriceLadder(-1);
    fill(asks, [105, 101, 103, 102, 104, -3]);
    expect(asks.priceAt(0)).toBe(-3);
    asks.removeAt(asks.find(-3));
    asks.removeAt(asks.find(103));
    expect(Array.from({ length: asks.size }, (_, r) => asks.priceAt(r))).toEqual([101, 102, 104, 105]);
    asks.clear();
    expect(asks.size).toBe(0);
  });
});
