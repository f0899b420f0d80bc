/**
 * The simulated venue's bar fill path: 1M real candles (Binance BTC/USDT + ETH/USDT 5m 2023
 * laid end to end) through SimVenue.onBar with a few resting orders, per fill model; median of
 * several runs, ns per bar. Allocation pressure: heap growth per bar and GC count during one
 * run (gc exposed through v8 flags), which must be ~0 for "no per-candle object allocation".
 * A last scenario trades (a limit round trip every 100 bars) to show the cost with events.
 * Prints one JSON line.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SimClock } from '../framework/core/clock.ts';
import { floorToStep } from '../framework/core/precision.ts';
import type { Candles } from '../framework/data/candles.ts';
import type { Instrument } from '../framework/execution/types.ts';
import { SimVenue } from '../framework/venues/sim/sim-venue.ts';
import { median, realCandles, round } from './lib/real-candles.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const N = 1_000_000;
const REPS = 5;
const candles = realCandles(N);
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

type Scenario = 'idle' | 'resting' | 'trading';

function makeVenue(fill_model: 'freqtrade' | 'ohlc_path', scenario: Scenario): { venue: SimVenue; clock: SimClock; fills: { n: number } } {
  const clock = new SimClock(candles.timestamp[0]! - 300_000);
  const venue = new SimVenue({ instruments: [inst], clock, balances: { USDT: 1e12, BTC: 1e6 }, config: { fill_model } });
  const fills = { n: 0 };
  venue.subscribe((e) => {
    if (e.type === 'filled') fills.n++;
  });
  if (scenario !== 'idle') {
    // Four orders that rest through the whole run: far limits, a far stop and a far if-touched.
    const far = [
      { clientOrderId: 'lb', side: 'buy', type: 'limit', price: 1 },
      { clientOrderId: 'ls', side: 'sell', type: 'limit', price: 10_000_000 },
      { clientOrderId: 'st', side: 'sell', type: 'stop_market', triggerPrice: 1 },
      { clientOrderId: 'mit', side: 'sell', type: 'market_if_touched', triggerPrice: 10_000_000 },
    ] as const;
    for (const o of far) void venue.submit({ instrumentId: inst.id, quantity: 0.001, ...o });
  }
  return { venue, clock, fills };
}

function drive(venue: SimVenue, clock: SimClock, c: Candles, scenario: Scenario): void {
  const ts = c.timestamp;
  let k = 0;
  for (let i = 0; i < N; i++) {
    clock.advanceTo(ts[i]!);
    venue.onBar(inst.id, i, c);
    if (scenario === 'trading' && i % 100 === 0) {
      const p = c.close[i]!;
      void venue.submit({ clientOrderId: `b${k}`, instrumentId: inst.id, side: 'buy', type: 'limit', quantity: 0.01, price: floorToStep(p * 0.999, 0.01) });
      void venue.submit({ clientOrderId: `s${k++}`, instrumentId: inst.id, side: 'sell', type: 'limit', quantity: 0.01, price: floorToStep(p * 1.001, 0.01) });
    }
  }
}

function measure(fill_model: 'freqtrade' | 'ohlc_path', scenario: Scenario) {
  const times: number[] = [];
  let fills = 0;
  for (let r = 0; r < REPS + 1; r++) {
    const { venue, clock, fills: f } = makeVenue(fill_model, scenario);
    const t0 = performance.now();
    drive(venue, clock, candles, scenario);
    const dt = performance.now() - t0;
    if (r > 0) times.push(dt); // first run warms up the JIT
    fills = f.n;
  }
  // Allocation pressure: one more run between forced GCs, counting collections during it.
  const { venue, clock } = makeVenue(fill_model, scenario);
  let gcs = 0;
  const obs = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  gc();
  obs.observe({ entryTypes: ['gc'] });
  const h0 = process.memoryUsage().heapUsed;
  drive(venue, clock, candles, scenario);
  const h1 = process.memoryUsage().heapUsed;
  obs.disconnect();
  return {
    ns_per_bar: round((median(times) * 1e6) / N, 1),
    min_ns_per_bar: round((Math.min(...times) * 1e6) / N, 1),
    heap_growth_bytes_per_bar: round(Math.max(0, h1 - h0) / N, 3),
    gc_count: gcs,
    fills,
  };
}

const out: Record<string, unknown> = { bench: 'sim-venue-bars', bars: N, reps: REPS };
for (const model of ['freqtrade', 'ohlc_path'] as const) {
  for (const scenario of ['idle', 'resting', 'trading'] as const) {
    out[`${model}_${scenario}`] = measure(model, scenario);
  }
}
out.note = 'idle = no orders; resting = 4 far resting orders (limit buy/sell, stop, MIT); trading = limit round trip every 100 bars';
console.log(JSON.stringify(out));
