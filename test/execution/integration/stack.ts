/**
 * The real execution stack for integration tests: SimClock, SimVenue (bar fill models), the
 * ExecutionEngine and a Portfolio fed by the engine's event stream. No scripted venue: every
 * event comes out of the venue's matching and accounting.
 *
 * `bar(i, o, h, l, c)` drives one 1-minute candle the way the backtest runner does: the clock
 * moves to the candle's open (due timers fire: latency, expiries), the venue matches the
 * candle, the engine's emulator sees it (open -> nearer extreme -> other extreme -> close), and
 * the portfolio marks the close.
 */
import { SimClock } from '../../../framework/core/clock.ts';
import { ExecutionEngine } from '../../../framework/execution/execution-engine.ts';
import type { PreTradeGate } from '../../../framework/execution/gate.ts';
import { ClientOrderIdGenerator } from '../../../framework/execution/ids.ts';
import type { Order } from '../../../framework/execution/order.ts';
import type { Instrument, OrderEvent, OrderRequest } from '../../../framework/execution/types.ts';
import type { VenueCapabilities } from '../../../framework/execution/venue.ts';
import type { SimVenueConfigInput } from '../../../framework/config/sim-venue-schema.ts';
import { Portfolio } from '../../../framework/portfolio/portfolio.ts';
import { SimVenue } from '../../../framework/venues/sim/sim-venue.ts';

/** 2024-01-01 00:00 UTC: bar i opens at T0 + i * MIN. */
export const T0 = Date.UTC(2024, 0, 1);
export const MIN = 60_000;

export const BTC: Instrument = {
  id: 'BTC/USDT',
  venue: 'sim',
  base: 'BTC',
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.001,
  minQuantity: 0.001,
  minNotional: 5,
  makerFee: 0.001,
  takerFee: 0.002,
};

export const ETH: Instrument = { ...BTC, id: 'ETH/USDT', base: 'ETH' };

export interface StackOptions {
  /** sim_venue config; `account.type` is set from `accounting`. */
  config?: SimVenueConfigInput;
  balances?: Record<string, number>;
  capabilities?: Partial<VenueCapabilities>;
  /** cash (spot, default) or margin, on both the venue and the portfolio. */
  accounting?: 'cash' | 'margin';
  /** A gate, or a factory given the portfolio (a gate that reserves balances needs it). */
  gate?: PreTradeGate | ((portfolio: Portfolio) => PreTradeGate);
  /** Bar duration for intrabar time (ohlc_path); default one minute. */
  barMs?: number;
}

export type Fill = Extract<OrderEvent, { type: 'filled' }>;

export function stack(opts: StackOptions = {}) {
  const clock = new SimClock(T0 - MIN);
  const balances = opts.balances ?? { USDT: 10_000 };
  const accounting = opts.accounting ?? 'cash';
  const venue = new SimVenue({
    instruments: [BTC, ETH],
    clock,
    balances,
    config: { ...opts.config, account: { ...opts.config?.account, type: accounting } },
    capabilities: opts.capabilities,
    barMs: opts.barMs ?? MIN,
  });
  const portfolio = new Portfolio({ instruments: [BTC, ETH], startingBalances: balances, accounting, valuationCurrency: 'USDT' });
  const gate = typeof opts.gate === 'function' ? opts.gate(portfolio) : opts.gate;
  const engine = new ExecutionEngine({ venue, clock, gate, ids: new ClientOrderIdGenerator('IT') });
  /** Every event the engine delivered, in delivery order, with the order's status at delivery. */
  const log: OrderEvent[] = [];
  const statusAt: (string | undefined)[] = [];
  const refused: Array<{ event: OrderEvent; error: Error }> = [];
  engine.subscribe((event, order) => {
    log.push(event);
    statusAt.push(order?.status);
    portfolio.onOrderEvent(event);
  });
  engine.subscribeRefused((event, error) => refused.push({ event, error }));

  const bar = (i: number, o: number, h: number, l: number, c: number, v = 1_000, id = 'BTC/USDT'): void => {
    const ts = T0 + i * MIN;
    if (clock.now() < ts) clock.advanceTo(ts);
    venue.onBarValues(id, ts, o, h, l, c, v);
    engine.onBar(id, o, h, l, c, ts);
    portfolio.mark(id, c, ts);
  };
  const of = (id: string): OrderEvent[] => log.filter((e) => e.clientOrderId === id);
  const types = (id: string): string[] => of(id).map((e) => e.type);
  const fills = (id: string): Fill[] => of(id).filter((e): e is Fill => e.type === 'filled');
  const last = (id: string): OrderEvent => {
    const xs = of(id);
    if (xs.length === 0) throw new Error(`no events for ${id}`);
    return xs[xs.length - 1]!;
  };
  const order = (id: string): Order => {
    const o = engine.order(id);
    if (!o) throw new Error(`no order ${id}`);
    return o;
  };
  const venueBalance = async (ccy: string) => (await venue.balances()).find((b) => b.currency === ccy) ?? { currency: ccy, total: 0, free: 0, locked: 0 };
  /** Everything that must not move when a request is refused. */
  const snapshot = async () => ({
    engineOpen: engine.openOrders().map((o) => `${o.clientOrderId}:${o.status}`),
    statuses: engine.orders().map((o) => `${o.clientOrderId}:${o.status}:${o.filledQuantity}`),
    venueOpen: (await venue.openOrders()).map((o) => `${o.clientOrderId}:${o.status}:${o.filledQuantity}`),
    venueBalances: await venue.balances(),
    venuePositions: await venue.positions(),
    portfolioBalances: portfolio.balances(),
    portfolioReservations: engine.orders().map((o) => portfolio.reservation(o.clientOrderId)),
    portfolioPositions: portfolio.netPositions(),
  });
  return { clock, venue, engine, portfolio, log, statusAt, refused, bar, of, types, fills, last, order, venueBalance, snapshot };
}

export type Stack = ReturnType<typeof stack>;

/** A request on BTC/USDT with the given fields. */
export function req(r: Partial<OrderRequest> & Pick<OrderRequest, 'clientOrderId' | 'side' | 'type' | 'quantity'>): OrderRequest {
  return { instrumentId: 'BTC/USDT', ...r };
}

/** The reason code of a refusal event (denied, rejected, cancel_rejected, modify_rejected). */
export function reasonOf(e: OrderEvent): string | undefined {
  return 'reason' in e ? e.reason : undefined;
}

/** Price as integer cents (0.01 ticks), for exact comparisons. */
export function ticks(price: number): number {
  return Math.round(price / 0.01);
}

/** Amount as integer 1e-8 units (exact to well below a cent). */
export function e8(x: number): number {
  return Math.round(x * 1e8);
}
