/**
 * Order book throughput on a realistic mix: 60% passive limit adds near the touch, 30%
 * cancels of resting orders, 10% crossing orders (half market, half marketable limits), around
 * a mid path taken from the real BTC/USDT 5m closes of 2023 (../shared/data), 1 tick = 1 USD,
 * 1,000 operations per candle (linear interpolation between closes). The flow is generated once
 * (framework/venues/sim/book/synthetic-flow.ts, seeded) and replayed into a fresh book per run,
 * so only the book is timed. Crossing sizes steer the book to about 5,000 resting orders
 * (deep_book: the same mix at about 50,000). Median over several runs; one JSON line.
 *
 * ops_per_s is wall clock (median); ops_per_s_cpu divides by the process CPU time of the run
 * instead, which is steadier on this shared two-core machine (other jobs inflate wall time).
 *
 * Latency: one extra run times every operation with performance.now() (its own cost,
 * timer_overhead_ns, is included in the per-op figures).
 */
import { OrderBook } from '../framework/venues/sim/book/order-book.ts';
import {
  FLOW_ADD,
  FLOW_CANCEL,
  FLOW_CROSS_LIMIT,
  generateFlow,
  replayFlow,
} from '../framework/venues/sim/book/synthetic-flow.ts';
import type { OrderFlow } from '../framework/venues/sim/book/synthetic-flow.ts';
import type { FillSink, Side } from '../framework/venues/sim/book/types.ts';
import { readBinance5m } from '../test/helpers/shared-data.ts';
import { median, round } from './lib/real-candles.ts';

const OPS = Number(process.env.KEEL_BENCH_OPS ?? 2_000_000);
const RUNS = Number(process.env.KEEL_BENCH_RUNS ?? 7);
const OPS_PER_CANDLE = 1000;
const TICK_USD = 1;

function midPath(ops: number): Float64Array {
  const close = readBinance5m('BTC').close;
  const mid = new Float64Array(ops);
  for (let i = 0; i < ops; i++) {
    const c = Math.floor(i / OPS_PER_CANDLE) % (close.length - 1);
    const f = (i % OPS_PER_CANDLE) / OPS_PER_CANDLE;
    mid[i] = (close[c]! * (1 - f) + close[c + 1]! * f) / TICK_USD;
  }
  return mid;
}

class CountingSink implements FillSink {
  fills = 0;
  lots = 0;
  onFill(_m: number, _t: number, _p: number, q: number): void {
    this.fills++;
    this.lots += q;
  }
}

const tGen = performance.now();
const flow = generateFlow({ ops: OPS, seed: 42, midTicks: midPath(OPS) });
const generateMs = performance.now() - tGen;

// Throughput: a fresh book per run (pools grow during the first operations, as in real use).
function throughput(f: OrderFlow, runs: number): { wall: number[]; cpu: number[]; book: OrderBook } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let book = new OrderBook();
  for (let r = 0; r < runs + 1; r++) {
    const sink = new CountingSink();
    book = new OrderBook(sink);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    replayFlow(f, book);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (sink.fills !== f.fills || book.orderCount !== f.restingAtEnd) {
      throw new Error(`replay diverged: fills ${sink.fills} vs ${f.fills}, resting ${book.orderCount} vs ${f.restingAtEnd}`);
    }
    if (r === 0) continue; // run 0 warms the JIT
    wall.push(ms);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu, book };
}

const main = throughput(flow, RUNS);
const times = main.wall;
const book = main.book;
const medMs = median(times);
const opsPerS = OPS / (medMs / 1000);
const medCpuMs = median(main.cpu);

// The same mix on a deep book (about 50,000 resting orders instead of about 5,000).
const DEEP_OPS = Math.min(OPS, 1_000_000);
const deepFlow = generateFlow({ ops: DEEP_OPS, seed: 43, midTicks: midPath(DEEP_OPS), targetResting: 50_000 });
const deep = throughput(deepFlow, 3);

// Per-operation latency (one run, every op timed).
const lat = { add: [] as number[], cancel: [] as number[], cross: [] as number[] };
{
  const b = new OrderBook(new CountingSink());
  const { kind, id, side, priceTicks, qtyLots } = flow;
  for (let i = 0; i < flow.count; i++) {
    const k = kind[i]!;
    const t0 = performance.now();
    if (k === FLOW_ADD || k === FLOW_CROSS_LIMIT) b.addLimit(id[i]!, side[i] as Side, priceTicks[i]!, qtyLots[i]!);
    else if (k === FLOW_CANCEL) b.cancel(id[i]!);
    else b.addMarket(id[i]!, side[i] as Side, qtyLots[i]!);
    const dt = (performance.now() - t0) * 1e6;
    (k === FLOW_ADD ? lat.add : k === FLOW_CANCEL ? lat.cancel : lat.cross).push(dt);
  }
}
let timerOverhead: number;
{
  const xs: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const t0 = performance.now();
    xs.push((performance.now() - t0) * 1e6);
  }
  timerOverhead = median(xs);
}
function pct(xs: number[], p: number): number {
  const s = Float64Array.from(xs).sort();
  return round(s[Math.min(s.length - 1, Math.floor(p * s.length))]!, 0);
}
const all = [...lat.add, ...lat.cancel, ...lat.cross];

const n = flow.count;
process.stdout.write(
  `${JSON.stringify({
    bench: 'matching-engine',
    ops: OPS,
    runs: RUNS,
    ops_per_s: Math.round(opsPerS),
    ops_per_s_cpu: Math.round(OPS / (medCpuMs / 1000)),
    ops_per_s_best: Math.round(OPS / (Math.min(...times) / 1000)),
    median_ms: round(medMs),
    median_cpu_ms: round(medCpuMs),
    min_ms: round(Math.min(...times)),
    ns_per_op: round((medMs * 1e6) / OPS, 0),
    gap_vs_10M_per_s: round(10_000_000 / opsPerS, 1),
    mix: {
      add: round(flow.counts.add / n, 3),
      cancel: round(flow.counts.cancel / n, 3),
      cross: round((flow.counts.market + flow.counts.crossLimit) / n, 3),
      market: flow.counts.market,
      cross_limit: flow.counts.crossLimit,
    },
    fills: flow.fills,
    resting_at_end: flow.restingAtEnd,
    levels_at_end: { bids: book.levelCount(0), asks: book.levelCount(1) },
    deep_book: {
      ops: DEEP_OPS,
      resting_at_end: deepFlow.restingAtEnd,
      ops_per_s: Math.round(DEEP_OPS / (median(deep.wall) / 1000)),
      ops_per_s_cpu: Math.round(DEEP_OPS / (median(deep.cpu) / 1000)),
    },
    p50_ns: pct(all, 0.5),
    p99_ns: pct(all, 0.99),
    p999_ns: pct(all, 0.999),
    p50_ns_by_kind: { add: pct(lat.add, 0.5), cancel: pct(lat.cancel, 0.5), cross: pct(lat.cross, 0.5) },
    p99_ns_by_kind: { add: pct(lat.add, 0.99), cancel: pct(lat.cancel, 0.99), cross: pct(lat.cross, 0.99) },
    timer_overhead_ns: round(timerOverhead, 0),
    generate_ms: round(generateMs),
    mid_path: 'BTC/USDT 5m closes 2023, 1 tick = 1 USD, 1000 ops per candle',
    node: process.version,
  })}\n`,
);
