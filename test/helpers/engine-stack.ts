/**
 * The real engine stack the venue, execution, risk, algorithm and strategy-runtime tests build:
 * a SimClock, a venue (the simulated one, or a test's own), the ExecutionEngine (optionally
 * behind a gate) and a Portfolio fed by the engine's events, plus the queries over delivered
 * events those tests share. Each test folder's helpers.ts adds what is its own (the risk
 * manager, strategy runtimes, exec algorithms) on top of this one set-up.
 */
import type { SimVenueConfigInput } from '../../framework/config/sim-venue-schema.ts';
import { SimClock } from '../../framework/core/clock.ts';
import { ExecutionEngine } from '../../framework/execution/execution-engine.ts';
import type { PreTradeGate } from '../../framework/execution/gate.ts';
import { ClientOrderIdGenerator } from '../../framework/execution/ids.ts';
import type { Instrument, OrderEvent, OrderRequest } from '../../framework/execution/types.ts';
import type { Venue, VenueCapabilities } from '../../framework/execution/venue.ts';
import { Portfolio, type PortfolioOptions } from '../../framework/portfolio/portfolio.ts';
import { SimVenue } from '../../framework/venues/sim/sim-venue.ts';

/** 2024-01-01 00:00 UTC: the tests' bar i opens at T0 + i * (bar length). */
export const T0 = Date.UTC(2024, 0, 1);
export const MIN = 60_000;

/** Spot BTC/USDT on the sim venue: 0.01 tick, 0.001 lot, maker 0.1 %, taker 0.2 %. */
export const SIM_BTC: Instrument = {
  id: 'BTC/USDT',
  venue: 'sim',
  base: 'BTC',
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.001,
  minQuantity: 0.001,
  makerFee: 0.001,
  takerFee: 0.002,
};

/** The same instrument as ETH/USDT. */
export function asEth(btc: Instrument): Instrument {
  return { ...btc, id: 'ETH/USDT', base: 'ETH' };
}

export interface SimVenueSetup {
  instruments: readonly Instrument[];
  balances: Record<string, number>;
  /** Clock start (epoch ms). */
  start: number;
  config?: SimVenueConfigInput;
  capabilities?: Partial<VenueCapabilities>;
  barMs?: number;
}

/** A SimClock at `start` and a simulated venue on it. */
export function simVenue(o: SimVenueSetup): { clock: SimClock; venue: SimVenue } {
  const clock = new SimClock(o.start);
  return { clock, venue: simVenueOn(clock, o) };
}

function simVenueOn(clock: SimClock, o: SimVenueSetup): SimVenue {
  return new SimVenue({
    instruments: o.instruments,
    clock,
    balances: o.balances,
    config: o.config,
    capabilities: o.capabilities,
    barMs: o.barMs,
  });
}

export interface EngineStackOptions extends SimVenueSetup {
  /** Another venue instead of the simulated one (the risk tests' hand venue). */
  venue?: (clock: SimClock) => Venue;
  /** Portfolio options besides instruments and balances; false: no portfolio. */
  portfolio?: Omit<PortfolioOptions, 'instruments' | 'startingBalances'> | false;
  /** Feed the portfolio from the engine's events (default true; false when a router does it). */
  feedPortfolio?: boolean;
  /** A gate, or a factory given the portfolio (a gate that reserves balances needs it). */
  gate?: PreTradeGate | ((portfolio: Portfolio | undefined) => PreTradeGate);
  /** Client order id prefix (default: the generator's own). */
  idPrefix?: string;
}

/**
 * Clock, venue, engine and portfolio wired as the runner wires them. `events` holds every
 * event the engine delivered, in delivery order (`statusAt`: the order's status at delivery);
 * `submits` every request as it reached the venue. `barAt` drives one candle the way the
 * backtest runner does: the clock moves to the candle's open (due timers fire: latency,
 * expiries, algorithm slices), the simulated venue matches it, the engine's emulator sees it,
 * and the portfolio marks the close.
 */
export function engineStack(o: EngineStackOptions) {
  const clock = new SimClock(o.start);
  const sim = o.venue ? undefined : simVenueOn(clock, o);
  const venue: Venue = sim ?? o.venue!(clock);
  const submits = recordSubmits(venue);
  const portfolio = o.portfolio === false ? undefined : new Portfolio({ instruments: o.instruments, startingBalances: o.balances, ...o.portfolio });
  const gate = typeof o.gate === 'function' ? o.gate(portfolio) : o.gate;
  const engine = new ExecutionEngine({
    venue,
    clock,
    gate,
    ids: o.idPrefix === undefined ? undefined : new ClientOrderIdGenerator(o.idPrefix),
  });
  const events: OrderEvent[] = [];
  const statusAt: (string | undefined)[] = [];
  const feed = portfolio !== undefined && o.feedPortfolio !== false ? portfolio : undefined;
  engine.subscribe((event, order) => {
    feed?.onOrderEvent(event);
    events.push(event);
    statusAt.push(order?.status);
  });
  const barAt = (id: string, ts: number, op: number, h: number, l: number, c: number, v: number): void => {
    if (clock.now() < ts) clock.advanceTo(ts);
    sim?.onBarValues(id, ts, op, h, l, c, v);
    engine.onBar(id, op, h, l, c, ts);
    portfolio?.mark(id, c, ts);
  };
  return { clock, venue, sim, engine, gate, portfolio, events, statusAt, submits, barAt };
}

/** Every request as it reaches the venue (wraps venue.submit). */
export function recordSubmits(venue: Venue): OrderRequest[] {
  const submits: OrderRequest[] = [];
  const submit = venue.submit.bind(venue);
  venue.submit = (r: OrderRequest) => {
    submits.push(r);
    return submit(r);
  };
  return submits;
}

export type Fill = Extract<OrderEvent, { type: 'filled' }>;

/** Queries by client order id over a list of delivered events. */
export function eventQueries(events: readonly OrderEvent[]) {
  const of = (id: string): OrderEvent[] => events.filter((e) => e.clientOrderId === id);
  const types = (id: string): string[] => of(id).map((e) => e.type);
  const fills = (id: string): Fill[] => of(id).filter((e): e is Fill => e.type === 'filled');
  const last = (id: string): OrderEvent => {
    const xs = of(id);
    if (xs.length === 0) throw new Error(`no events for ${id}`);
    return xs[xs.length - 1]!;
  };
  return { of, types, fills, last };
}

/** A request on BTC/USDT with the given fields. */
export function req(r: Partial<OrderRequest> & Pick<OrderRequest, 'clientOrderId' | 'side' | 'type' | 'quantity'>): OrderRequest {
  return { instrumentId: 'BTC/USDT', ...r };
}

/** Price on the 0.01 grid as integer ticks, for exact comparisons. */
export function ticks(price: number): number {
  return Math.round(price / 0.01);
}
