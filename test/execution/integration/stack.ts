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
import type { PreTradeGate } from '../../../framework/execution/gate.ts';
import type { Order } from '../../../framework/execution/order.ts';
import type { Instrument, OrderEvent } from '../../../framework/execution/types.ts';
import type { VenueCapabilities } from '../../../framework/execution/venue.ts';
import type { SimVenueConfigInput } from '../../../framework/config/sim-venue-schema.ts';
import type { Portfolio } from '../../../framework/portfolio/portfolio.ts';
import { asEth, engineStack, eventQueries, MIN, SIM_BTC, T0 } from '../../helpers/engine-stack.ts';

export { MIN, req, T0, ticks, type Fill } from '../../helpers/engine-stack.ts';

export const BTC: Instrument = { ...SIM_BTC, minNotional: 5 };
export const ETH: Instrument = asEth(BTC);

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

export function stack(opts: StackOptions = {}) {
  const balances = opts.balances ?? { USDT: 10_000 };
  const accounting = opts.accounting ?? 'cash';
  const { gate } = opts;
  const s = engineStack({
    instruments: [BTC, ETH],
    start: T0 - MIN,
    balances,
    config: { ...opts.config, account: { ...opts.config?.account, type: accounting } },
    capabilities: opts.capabilities,
    barMs: opts.barMs ?? MIN,
    portfolio: { accounting, valuationCurrency: 'USDT' },
    gate: typeof gate === 'function' ? (p) => gate(p!) : gate,
    idPrefix: 'IT',
  });
  const { clock, engine } = s;
  const venue = s.sim!;
  const portfolio = s.portfolio!;
  /** Every event the engine delivered, in delivery order, with the order's status at delivery. */
  const log = s.events;
  const refused: Array<{ event: OrderEvent; error: Error }> = [];
  engine.subscribeRefused((event, error) => refused.push({ event, error }));

  const bar = (i: number, o: number, h: number, l: number, c: number, v = 1_000, id = 'BTC/USDT'): void => s.barAt(id, T0 + i * MIN, o, h, l, c, v);
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
  return { clock, venue, engine, portfolio, log, statusAt: s.statusAt, refused, bar, ...eventQueries(log), order, venueBalance, snapshot };
}

export type Stack = ReturnType<typeof stack>;

/** The reason code of a refusal event (denied, rejected, cancel_rejected, modify_rejected). */
export function reasonOf(e: OrderEvent): string | undefined {
  return 'reason' in e ? e.reason : undefined;
}

/** Amount as integer 1e-8 units (exact to well below a cent). */
export function e8(x: number): number {
  return Math.round(x * 1e8);
}
