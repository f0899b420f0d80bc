/**
 * Pre-trade check cost per order: the time of one `RiskManager.check` (the gate the engine
 * calls for every submit, with the arguments of framework/execution/gate.ts) with every check
 * enabled at both scopes (account and strategy): state, reduce-only, order rate (per second
 * and per minute), order-rate breaker, pair locks (a handful of active locks on other pairs),
 * fat-finger deviation, order notional, position per pair (quantity and notional), total
 * exposure (absolute and share of equity), open trades, and the balance reservation in the
 * portfolio.
 *
 * Orders: limit buys and sells around the real BTC/USDT and ETH/USDT 5m closes of
 * ../shared/data (prices move every 20 orders), a quarter of them filled, each canceled 16
 * orders later; the order lifecycle (events to the risk manager and the portfolio) is not
 * timed. The engine clock advances 1 ms per order. Per repetition: a fresh risk manager and
 * portfolio, N orders, p50 / p99 of the per-check times; figures are medians over repetitions.
 * Prints one JSON line.
 */
import type { ExecutionEngineView, PreTradeContext } from '../framework/execution/gate.ts';
import type { Instrument } from '../framework/execution/instrument.ts';
import { Order } from '../framework/execution/order.ts';
import type { OrderEvent, OrderRequest } from '../framework/execution/types.ts';
import { floorToStep } from '../framework/core/precision.ts';
import { Portfolio } from '../framework/portfolio/portfolio.ts';
import { RiskManager } from '../framework/risk/risk-manager.ts';
import { median, readBinance5m, round } from './lib/real-candles.ts';

const N = Number(process.env.KEEL_BENCH_ORDERS ?? 200_000);
const REPS = Number(process.env.KEEL_BENCH_REPS ?? 5);
const T0 = Date.UTC(2023, 0, 1);

const base = (id: string, b: string): Instrument => ({
  id,
  venue: 'bench',
  base: b,
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.00001,
  minQuantity: 0.00001,
  makerFee: 0.001,
  takerFee: 0.001,
});
const INSTRUMENTS = [base('BTC/USDT', 'BTC'), base('ETH/USDT', 'ETH')];

const btc = readBinance5m('BTC').close;
const eth = readBinance5m('ETH').close;

function run(): { p50: number; p99: number; max: number; denied: number } {
  const portfolio = new Portfolio({ instruments: INSTRUMENTS, startingBalances: { USDT: 1e12, BTC: 1e6, ETH: 1e7 } });
  const risk = new RiskManager({
    timeframe: '5m',
    portfolio,
    signalFile: null,
    config: {
      max_order_notional: 1e6,
      max_position_notional: 1e9,
      max_position_quantity: { 'BTC/USDT': 1e5, '*': 1e6 },
      max_total_exposure: 1e10,
      max_exposure_ratio: 100,
      max_open_trades: 10,
      max_price_deviation_bps: 500,
      max_orders_per_second: 5_000,
      max_orders_per_minute: 200_000,
      breakers: { order_rate: { max_per_minute: 200_000 } },
      strategies: {
        S1: {
          max_position_notional: 1e9,
          max_position_quantity: { '*': 1e6 },
          max_total_exposure: 1e10,
          max_open_trades: 10,
          max_orders_per_second: 5_000,
        },
      },
    },
  });
  const s1Locks = risk.locksFor('S1');
  for (const p of ['XRP/USDT', 'SOL/USDT', 'ADA/USDT']) s1Locks.lockPair(p, T0 + 3_600_000 * 24 * 365, 'bench');
  risk.locks.lockPair('DOGE/USDT', T0 + 3_600_000 * 24 * 365, 'bench');

  const lastPrice = new Map<string, number>();
  const engineView: ExecutionEngineView = {
    order: () => undefined,
    openOrders: () => [],
    lastPrice: (id) => lastPrice.get(id),
  };
  const ctx: { -readonly [K in keyof PreTradeContext]: PreTradeContext[K] } = { action: 'submit', instrument: INSTRUMENTS[0]!, now: T0, engine: engineView };

  const live: Order[] = [];
  const emit = (order: Order, e: OrderEvent) => {
    order.apply(e);
    risk.onOrderEvent(e, order);
    portfolio.onOrderEvent(e);
  };
  const times = new Float64Array(N);
  let denied = 0;
  let bar = 0;
  for (let k = 0; k < N; k++) {
    const now = T0 + k;
    if (k % 20 === 0) {
      bar = (bar + 1) % btc.length;
      for (const [id, px] of [
        ['BTC/USDT', btc[bar]!],
        ['ETH/USDT', eth[bar]!],
      ] as const) {
        lastPrice.set(id, px);
        risk.onPrice(id, px, now);
        portfolio.mark(id, px, now);
      }
      if (k % 2_000 === 0) risk.onCycle(now);
    }
    const inst = INSTRUMENTS[k & 1]!;
    const px = lastPrice.get(inst.id)!;
    const buy = (k >> 1) % 2 === 0;
    const r: OrderRequest = {
      clientOrderId: `B${k}`,
      instrumentId: inst.id,
      side: buy ? 'buy' : 'sell',
      type: 'limit',
      quantity: floorToStep((100 + (k % 900)) / px, inst.lotSize),
      price: floorToStep(px * (buy ? 0.999 : 1.001), inst.tickSize),
      strategyId: 'S1',
    };
    ctx.instrument = inst;
    ctx.now = now;
    const t0 = performance.now();
    const d = risk.check(r, ctx);
    times[k] = performance.now() - t0;

    // Untimed: the order's life as the engine would report it.
    const order = new Order(r, now, { lotSize: inst.lotSize });
    risk.onOrderEvent(order.events[0]!, order);
    portfolio.onOrderEvent(order.events[0]!);
    if (d) {
      denied++;
      emit(order, { type: 'denied', clientOrderId: r.clientOrderId, instrumentId: r.instrumentId, ts: now, reason: d.reason, message: d.message });
      continue;
    }
    emit(order, { type: 'submitted', clientOrderId: r.clientOrderId, instrumentId: r.instrumentId, ts: now });
    emit(order, { type: 'accepted', clientOrderId: r.clientOrderId, instrumentId: r.instrumentId, ts: now, venueOrderId: `v${k}` });
    if (k % 4 === 0) {
      emit(order, {
        type: 'filled',
        clientOrderId: r.clientOrderId,
        instrumentId: r.instrumentId,
        ts: now,
        tradeId: `t${k}`,
        venueOrderId: `v${k}`,
        side: r.side,
        lastQuantity: r.quantity,
        lastPrice: r.price!,
        fee: 0,
        feeCurrency: 'USDT',
        liquidity: 'maker',
      });
    } else {
      live.push(order);
    }
    if (live.length > 16) {
      const old = live.shift()!;
      emit(old, { type: 'canceled', clientOrderId: old.clientOrderId, instrumentId: old.instrumentId, ts: now });
    }
  }
  const sorted = Array.from(times).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 1000;
  if (process.env.KEEL_BENCH_DEBUG) console.error(risk.denialCounts());
  return { p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1]! * 1000, denied: denied / N };
}

run(); // warm-up
const reps = Array.from({ length: REPS }, run);
process.stdout.write(
  `${JSON.stringify({
    bench: 'risk-check',
    orders: N,
    reps: REPS,
    checks: 'state, reduce-only, rate/s + rate/min, order-rate breaker, locks, price deviation, order notional, position qty + notional, exposure abs + ratio, open trades, balance reservation; account + strategy scope',
    p50_us: round(median(reps.map((r) => r.p50)), 3),
    p99_us: round(median(reps.map((r) => r.p99)), 3),
    max_us: round(median(reps.map((r) => r.max)), 1),
    denied_share: round(median(reps.map((r) => r.denied)), 4),
    goal_p99_us: 10,
  })}\n`,
);
