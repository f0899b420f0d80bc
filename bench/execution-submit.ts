/**
 * Signal -> order submitted to the venue, in-process: the time from building an order request
 * for a signal to `engine.submit` returning with the venue's answer applied (validation, order
 * creation, state machine, venue call, synchronous acceptance, event delivery to one
 * subscriber). Limit buys a little under the real BTC/USDT 5m close of ../shared/data, so they
 * rest and each submit is a full accept path; each order is cancelled 16 orders later (not
 * measured) so the venue holds a realistic handful of resting orders.
 *
 * Two venues: a minimal in-bench venue that accepts synchronously (the engine's own cost) and
 * the simulated venue (framework/venues/sim/sim-venue.ts, zero latency: its arrival checks
 * and book insertion included). Per repetition: a fresh engine + venue, N submits, p50/p99 of
 * the per-submit times; the figures are medians over repetitions. Prints one JSON line.
 */
import { SimClock } from '../framework/core/clock.ts';
import { floorToStep } from '../framework/core/precision.ts';
import { ExecutionEngine } from '../framework/execution/execution-engine.ts';
import type { Instrument } from '../framework/execution/instrument.ts';
import type {
  Balance,
  OrderEvent,
  OrderModification,
  OrderRequest,
  VenueOrder,
  VenuePosition,
} from '../framework/execution/types.ts';
import type { OrderEventListener, Venue, VenueCapabilities } from '../framework/execution/venue.ts';
import { SimVenue } from '../framework/venues/sim/sim-venue.ts';
import { median, realCandles, round } from './lib/real-candles.ts';

const N = Number(process.env.KEEL_BENCH_ORDERS ?? 20_000);
const REPS = Number(process.env.KEEL_BENCH_REPS ?? 7);

const BTC: Instrument = {
  id: 'BTC/USDT',
  venue: 'bench',
  base: 'BTC',
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.00001,
  minQuantity: 0.00001,
  maxQuantity: 9000,
  minNotional: 5,
  makerFee: 0.001,
  takerFee: 0.001,
};

/** Accepts (and cancels) every order synchronously, like an exchange with zero latency. */
class InstantVenue implements Venue {
  readonly id = 'instant';
  readonly capabilities: VenueCapabilities = {
    orderTypes: ['market', 'limit'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTD'],
    postOnly: true,
    reduceOnly: true,
    iceberg: false,
  };
  private listener: OrderEventListener | undefined;
  private seq = 0;
  private readonly resolved = Promise.resolve();
  instruments(): readonly Instrument[] {
    return [BTC];
  }
  instrument(id: string): Instrument | undefined {
    return id === BTC.id ? BTC : undefined;
  }
  submit(r: OrderRequest): Promise<void> {
    const e: OrderEvent = { type: 'accepted', clientOrderId: r.clientOrderId, instrumentId: r.instrumentId, ts: 0, venueOrderId: `v${++this.seq}` };
    this.listener?.(e);
    return this.resolved;
  }
  cancel(clientOrderId: string): Promise<void> {
    this.listener?.({ type: 'canceled', clientOrderId, instrumentId: BTC.id, ts: 0 });
    return this.resolved;
  }
  modify(_id: string, _c: OrderModification): Promise<void> {
    return this.resolved;
  }
  query(): Promise<VenueOrder | undefined> {
    return Promise.resolve(undefined);
  }
  openOrders(): Promise<VenueOrder[]> {
    return Promise.resolve([]);
  }
  balances(): Promise<Balance[]> {
    return Promise.resolve([]);
  }
  positions(): Promise<VenuePosition[]> {
    return Promise.resolve([]);
  }
  subscribe(l: OrderEventListener): () => void {
    this.listener = l;
    return () => (this.listener = undefined);
  }
}

const candles = realCandles(N);
const t0 = candles.timestamp[0]!;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** One repetition: N signals -> submits; returns per-submit microseconds and how many were accepted. */
function run(makeVenue: (clock: SimClock) => Venue & { onBarValues?: SimVenue['onBarValues'] }): { us: Float64Array; accepted: number } {
  const clock = new SimClock(t0);
  const venue = makeVenue(clock);
  const engine = new ExecutionEngine({ venue, clock });
  let accepted = 0;
  let closed = 0;
  engine.subscribe((e, o) => {
    if (e.type === 'accepted') accepted++;
    else if (e.type === 'canceled' || (e.type === 'filled' && o?.status === 'FILLED')) closed++;
  });
  const us = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const ts = candles.timestamp[i]!;
    const close = candles.close[i]!;
    clock.advanceTo(ts);
    engine.onPrice(BTC.id, close, ts);
    venue.onBarValues?.(BTC.id, ts, candles.open[i]!, candles.high[i]!, candles.low[i]!, close, candles.volume[i]!);
    const start = process.hrtime.bigint();
    // The signal -> intent translation is part of the measured path.
    const request: OrderRequest = {
      clientOrderId: engine.ids.next('bench'),
      instrumentId: BTC.id,
      side: 'buy',
      type: 'limit',
      quantity: 0.001,
      price: floorToStep(close * 0.98, BTC.tickSize),
      strategyId: 'bench',
    };
    engine.submit(request);
    us[i] = Number(process.hrtime.bigint() - start) / 1000;
    // Keep a realistic handful of resting orders (not N) at the venue; not measured.
    if (i >= 16) engine.cancel(`${engine.ids.prefix}-bench-${i - 15}`);
  }
  engine.dispose();
  // Every order accepted; all but the last 16 cancelled or (sim venue, a 2% dip) filled.
  if (accepted !== N || closed < N - 16) throw new Error(`bench: ${accepted} accepted, ${closed} closed of ${N}`);
  return { us, accepted };
}

function measure(makeVenue: Parameters<typeof run>[0]) {
  run(makeVenue); // warm-up
  const p50: number[] = [];
  const p99: number[] = [];
  const p999: number[] = [];
  let accepted = 0;
  for (let r = 0; r < REPS; r++) {
    const { us, accepted: a } = run(makeVenue);
    accepted = a;
    us.sort();
    p50.push(percentile(us, 0.5));
    p99.push(percentile(us, 0.99));
    p999.push(percentile(us, 0.999));
  }
  return { p50_us: round(median(p50), 2), p99_us: round(median(p99), 2), p999_us: round(median(p999), 1), accepted_per_rep: accepted };
}

const instant = measure(() => new InstantVenue());
const sim = measure((clock) => new SimVenue({ instruments: [BTC], clock, balances: { USDT: 1e12 } }));

process.stdout.write(
  `${JSON.stringify({
    bench: 'execution-submit',
    orders_per_rep: N,
    reps: REPS,
    data: 'BTC/USDT 5m 2023 closes (../shared/data/binance_5m_2023)',
    target_p99_us: 100,
    instant_venue: instant,
    sim_venue: sim,
  })}\n`,
);
