/**
 * Shared set-up for the simulated venue tests: one or two instruments on a 0.01 tick / 0.001
 * lot grid, a SimClock, a venue and the list of every event it delivered.
 */
import type { Instrument, OrderEvent } from '../../../framework/execution/types.ts';
import type { VenueCapabilities } from '../../../framework/execution/venue.ts';
import type { SimVenueConfigInput } from '../../../framework/config/sim-venue-schema.ts';
import { asEth, eventQueries, MIN, SIM_BTC, simVenue, T0 } from '../../helpers/engine-stack.ts';

export { MIN, req, T0, ticks } from '../../helpers/engine-stack.ts';

export const BTC: Instrument = SIM_BTC;
export const ETH: Instrument = asEth(BTC);

export interface SetupOptions {
  config?: SimVenueConfigInput;
  balances?: Record<string, number>;
  capabilities?: Partial<VenueCapabilities>;
  barMs?: number;
  instruments?: Instrument[];
  start?: number;
}

export function setup(opts: SetupOptions = {}) {
  const { clock, venue } = simVenue({
    instruments: opts.instruments ?? [BTC],
    start: opts.start ?? T0 - MIN,
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
  const balance = async (ccy: string) => (await venue.balances()).find((b) => b.currency === ccy);
  return { clock, venue, events, bar, ...eventQueries(events), balance };
}
