/**
 * The simulated venue's bar fill path: 1M real candles (Binance BTC/USDT + ETH/USDT 5m 2023
 * laid end to end) through SimVenue.onBar, per fill model, with no orders, with four far
 * resting orders, and trading (a limit round trip every 100 bars). Median of several runs,
 * ns per bar, the clock advanced to each bar as the backtest runner does.
 *
 * Allocation pressure, from one more run between forced GCs with v8.GCProfiler: bytes
 * allocated per bar (heap growth + what the GCs during the run freed) and the GC count, for
 * the venue alone and with SimClock.advanceTo in the loop. "No per-candle object allocation"
 * means ~0 bytes per bar for the venue alone in the idle and resting scenarios.
 * Prints one JSON line.
 */
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

interface Counts {
  fills: number;
  open: number;
  /** Sum of open-order counts sampled every 1000 bars. */
  openSampled: number;
  samples: number;
}

function makeVenue(fill_model: 'freqtrade' | 'ohlc_path', scenario: Scenario): { venue: SimVenue; clock: SimClock; fills: Counts } {
  const clock = new SimClock(candles.timestamp[0]! - 300_000);
  const venue = new SimVenue({ instruments: [inst], clock, balances: { USDT: 1e12, BTC: 1e6 }, config: { fill_model } });
  const fills: Counts = { fills: 0, open: 0, openSampled: 0, samples: 0 };
  venue.subscribe((e) => {
    if (e.type === 'accepted') fills.open++;
    else if (e.type === 'filled') {
      fills.fills++;
      fills.open--; // every order here fills in one piece
    }
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

function drive(venue: SimVenue, clock: SimClock | null, c: Candles, scenario: Scenario, counts?: Counts): void {
  const ts = c.timestamp;
  let k = 0;
  for (let i = 0; i < N; i++) {
    if (clock) clock.advanceTo(ts[i]!);
    venue.onBar(inst.id, i, c);
    if (counts && i % 1000 === 0) {
      counts.openSampled += counts.open;
      counts.samples++;
    }
    if (scenario === 'trading' && i % 100 === 0) {
      const p = c.close[i]!;
      void venue.submit({ clientOrderId: `b${k}`, instrumentId: inst.id, side: 'buy', type: 'limit', quantity: 0.01, price: floorToStep(p * 0.999, 0.01) });
      void venue.submit({ clientOrderId: `s${k++}`, instrumentId: inst.id, side: 'sell', type: 'limit', quantity: 0.01, price: floorToStep(p * 1.001, 0.01) });
    }
  }
}

/** Bytes allocated per bar and GC count over one run (venue alone, or with the clock). */
function allocation(fill_model: 'freqtrade' | 'ohlc_path', scenario: Scenario, withClock: boolean) {
  const { venue, clock } = makeVenue(fill_model, scenario);
  gc();
  const prof = new v8.GCProfiler();
  prof.start();
  const h0 = process.memoryUsage().heapUsed;
  drive(venue, withClock ? clock : null, candles, scenario);
  const h1 = process.memoryUsage().heapUsed;
  const stats = prof.stop().statistics;
  let freed = 0;
  for (const g of stats) freed += g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize;
  return { bytes_per_bar: round(Math.max(0, h1 - h0 + freed) / N, 2), gcs: stats.length };
}

function measure(fill_model: 'freqtrade' | 'ohlc_path', scenario: Scenario) {
  const times: number[] = [];
  let counts: Counts | undefined;
  for (let r = 0; r < REPS + 1; r++) {
    const { venue, clock, fills: f } = makeVenue(fill_model, scenario);
    const t0 = performance.now();
    drive(venue, clock, candles, scenario, f);
    const dt = performance.now() - t0;
    if (r > 0) times.push(dt); // the first run warms up the JIT
    counts = f;
  }
  const venueOnly = allocation(fill_model, scenario, false);
  const withClock = allocation(fill_model, scenario, true);
  return {
    ns_per_bar: round((median(times) * 1e6) / N, 1),
    min_ns_per_bar: round((Math.min(...times) * 1e6) / N, 1),
    alloc_bytes_per_bar_venue: venueOnly.bytes_per_bar,
    gcs_venue: venueOnly.gcs,
    alloc_bytes_per_bar_with_clock: withClock.bytes_per_bar,
    fills: counts!.fills,
    avg_open_orders: round(counts!.openSampled / counts!.samples, 1),
  };
}

const out: Record<string, unknown> = { bench: 'sim-venue-bars', bars: N, reps: REPS };
for (const model of ['freqtrade', 'ohlc_path'] as const) {
  for (const scenario of ['idle', 'resting', 'trading'] as const) {
    out[`${model}_${scenario}`] = measure(model, scenario);
  }
}
out.note =
  'idle = no orders; resting = 4 far resting orders (limit buy/sell, stop, MIT); trading = limit round trip every 100 bars (events allocate); with_clock includes SimClock.advanceTo per bar';
console.log(JSON.stringify(out));
