import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../framework/core/errors.ts';
import { MatchingEngine } from '../../../../framework/venues/sim/book/matching-engine.ts';
import { BUY, SELL } from '../../../../framework/venues/sim/book/types.ts';
import { lotsToQty, priceToTicks, qtyToLots, ticksToPrice } from '../../../../framework/venues/sim/book/units.ts';
import { RecordingSink } from './recording-sink.ts';

describe('MatchingEngine', () => {
  it('keeps one independent book per instrument, each with its own sink', () => {
    const engine = new MatchingEngine();
    const btc = new RecordingSink();
    const eth = new RecordingSink();
    engine.addBook('BTC/USDT', btc);
    engine.addBook('ETH/USDT', eth);
    engine.book('BTC/USDT').addLimit(1, SELL, 100, 1);
    engine.book('ETH/USDT').addLimit(1, BUY, 100, 1); // same id, other book: fine
    engine.book('BTC/USDT').addLimit(2, BUY, 100, 1);
    expect(btc.fills()).toHaveLength(1);
    expect(eth.events).toEqual([]);
    expect(engine.instrumentIds()).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(engine.findBook('XRP/USDT')).toBeUndefined();
    expect(() => engine.book('XRP/USDT')).toThrow(UsageError);
    expect(() => engine.book('XRP/USDT')).toThrow(/no book for instrument XRP\/USDT; known: BTC\/USDT, ETH\/USDT/);
    expect(() => engine.addBook('BTC/USDT')).toThrow(/already exists/);
    expect(engine.removeBook('ETH/USDT')).toBe(true);
  });
});

describe('units', () => {
  it('converts decimal prices and quantities to exact integer steps and back', () => {
    expect(priceToTicks(16541.77, 0.01)).toBe(1654177);
    expect(priceToTicks(0.1 + 0.2, 0.1)).toBe(3); // 0.30000000000000004 is on the grid
    expect(qtyToLots(0.00123, 0.00001)).toBe(123);
    expect(ticksToPrice(1654177, 0.01)).toBe(16541.77);
    expect(lotsToQty(123, 0.00001)).toBe(0.00123);
  });

  it('refuses values off the grid, non-finite values and bad steps, naming the value', () => {
    expect(() => priceToTicks(100.005, 0.01)).toThrow(/price 100.005 is not a multiple of the tick size 0.01/);
    expect(() => qtyToLots(Number.NaN, 0.1)).toThrow(/quantity NaN is not a finite number/);
    expect(() => qtyToLots(1, 0)).toThrow(/lot size 0 must be a positive number/);
    expect(() => priceToTicks(1e300, 1e-8, 'trigger price')).toThrow(/trigger price .* too many to count exactly/);
  });
});
