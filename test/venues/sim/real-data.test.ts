import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../framework/core/clock.ts';
import { ceilToStep, floorToStep } from '../../../framework/core/precision.ts';
import type { Instrument, OrderEvent } from '../../../framework/execution/types.ts';
import { SimVenue } from '../../../framework/venues/sim/sim-venue.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';

/**
 * Real candles (Binance BTC/USDT 5m 2023): limit orders placed every 97 bars, 0.5% away from
 * the close, against an independent replay of each fill model's rule for resting limits.
 */
const candles = readBinance5m('BTC');
const N = 20_000;
const inst: Instrument = {
  id: 'BTC/USDT',
  venue: 'sim',
  base: 'BTC',
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.00001,
  minQuantity: 0.00001,
  makerFee: 0.001,
  takerFee: 0.001,
};

interface Placed {
  id: string;
  side: 'buy' | 'sell';
  price: number;
  after: number;
}

function run(fill_model: 'freqtrade' | 'ohlc_path') {
  const clock = new SimClock(candles.timestamp[0]!);
  const venue = new SimVenue({ instruments: [inst], clock, balances: { USDT: 1e9, BTC: 1e4 }, config: { fill_model } });
  const fills = new Map<string, { bar: number; price: number }>();
  let bar = 0;
  venue.subscribe((e: OrderEvent) => {
    if (e.type === 'filled') fills.set(e.clientOrderId, { bar, price: e.lastPrice });
  });
  const placed: Placed[] = [];
  for (let i = 0; i < N; i++) {
    bar = i;
    clock.advanceTo(candles.timestamp[i]!);
    venue.onBar(inst.id, i, candles);
    if (i % 97 === 0) {
      const c = candles.close[i]!;
      const buy = { id: `b${i}`, side: 'buy' as const, price: floorToStep(c * 0.995, 0.01), after: i };
      const sell = { id: `s${i}`, side: 'sell' as const, price: ceilToStep(c * 1.005, 0.01), after: i };
      for (const p of [buy, sell]) {
        placed.push(p);
        void venue.submit({ clientOrderId: p.id, instrumentId: inst.id, side: p.side, type: 'limit', quantity: 0.01, price: p.price });
      }
    }
  }
  return { fills, placed };
}

function replay(fill_model: 'freqtrade' | 'ohlc_path', p: Placed): { bar: number; price: number } | undefined {
  const { open, high, low } = candles;
  for (let j = p.after + 1; j < N; j++) {
    if (fill_model === 'freqtrade') {
      if (low[j]! <= p.price && p.price <= high[j]!) return { bar: j, price: p.price };
    } else if (p.side === 'buy' ? low[j]! <= p.price : high[j]! >= p.price) {
      const gap = p.side === 'buy' ? open[j]! < p.price : open[j]! > p.price;
      return { bar: j, price: gap ? open[j]! : p.price };
    }
  }
  return undefined;
}

describe('sim venue on real candles', () => {
  for (const fill_model of ['freqtrade', 'ohlc_path'] as const) {
    it(`${fill_model}: every resting limit fills on the bar and at the price the rule gives`, () => {
      const { fills, placed } = run(fill_model);
      expect(placed.length).toBeGreaterThan(400);
      let filled = 0;
      for (const p of placed) {
        const want = replay(fill_model, p);
        expect({ id: p.id, got: fills.get(p.id) }).toEqual({ id: p.id, got: want });
        if (want) filled++;
      }
      expect(filled).toBeGreaterThan(placed.length * 0.8);
    });
  }
});
