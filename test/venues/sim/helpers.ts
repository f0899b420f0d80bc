/**
 * Shared set-up for the simulated venue tests: one or two instruments on a 0.01 tick / 0.001
 * lot grid, a SimClock, a venue and the list of every event it delivered.
 */
import { SimClock } from '../../../framework/core/clock.ts';
import type { Instrument, OrderEvent, OrderRequest } from '../../../framework/execution/types.ts';
import type { VenueCapabilities } from '../../../framework/execution/venue.ts';
import type { SimVenueConfigInput } from '../../../framework/config/sim-venue-schema.ts';
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
  makerFee: 0.001,
  takerFee: 0.002,
};

export const ETH: Instrument = { ...BTC, id: 'ETH/USDT', base: 'ETH' };

export interface SetupOptions {
  config?: SimVenueConfigInput;
  balances?: Record<string, number>;
  capabilities?: Partial<VenueCapabilities>;
  barMs?: number;
  instruments?: Instrument[];
  start?: number;
}

export function setup(opts: SetupOptions = {}) {
  const clock = new SimClock(opts.start ?? T0 - MIN);
  const venue = new SimVenue({
    instruments: opts.instruments ?? [BTC],
    clock,
    balances: opts.balances ?? { USDT: 100_000, BTC: 10 },
    config: opts.config,
    capabilities: opts.capabilities,
    barMs: opts.barMs,
  });
  const events: OrderEvent[] = [];
  venue.subscribe((e) => events.push(e));
  /** Bar i (open time T0 + i minutes): advance the clock to its open, then match it. */
  const bar = (i: number, o: number, h: number, l: number, c: number, v = 1000, id = 'BTC/USDT'): void => {
    const ts = T0 + i * MIN;
    if (clock.now() < ts) clock.advanceTo(ts);
    venue.onBarValues(id, ts, o, h, l, c, v);
  };
  const of = (id: string): OrderEvent[] => events.filter((e) => e.clientOrderId === id);
  const types = (id: string): string[] => of(id).map((e) => e.type);
  const fills = (id: string) => of(id).filter((e): e is Extract<OrderEvent, { type: 'filled' }> => e.type === 'filled');
  const last = (id: string): OrderEvent => {
    const xs = of(id);
    if (xs.length === 0) throw new Error(`no events for ${id}`);
    return xs[xs.length - 1]!;
  };
  const balance = async (ccy: string) => (await venue.balances()).find((b) => b.currency === ccy);
  return { clock, venue, events, bar, of, types, fills, last, balance };
}

export function req(r: Partial<OrderRequest> & Pick<OrderRequest, 'clientOrderId' | 'side' | 'type' | 'quantity'>): OrderRequest {
  return { instrumentId: 'BTC/USDT', ...r };
}

/** Price on the 0.01 grid as integer ticks, for exact comparisons. */
export function ticks(price: number): number {
  return Math.round(price / 0.01);
}
