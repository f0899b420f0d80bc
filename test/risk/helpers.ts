/**
 * A real trading rig for the risk tests: SimClock, a venue, the ExecutionEngine with the
 * RiskManager as its gate, and a Portfolio fed by the engine's events. The venue is either the
 * simulated venue (Freqtrade fill model, no latency: market orders fill at the next bar's open)
 * or a hand venue that accepts everything and fills only when the test says `fill(...)`, for
 * checks that need exact positions without a market. Bars drive time: `bar(i, ...)` moves the
 * clock to minute i, matches the venue, and hands the close to the engine, the portfolio marks
 * and the risk manager.
 */
import type { SimClock } from '../../framework/core/clock.ts';
import type { RiskConfigInput } from '../../framework/config/risk-schema.ts';
import type { Order } from '../../framework/execution/order.ts';
import type {
  Balance,
  Instrument,
  OrderEvent,
  OrderModification,
  OrderRequest,
  VenueOrder,
  VenuePosition,
} from '../../framework/execution/types.ts';
import type { OrderEventListener, Venue } from '../../framework/execution/venue.ts';
import { RiskManager, type RiskManagerOptions } from '../../framework/risk/risk-manager.ts';
import { asEth, engineStack, MIN, SIM_BTC, T0 } from '../helpers/engine-stack.ts';

export { MIN, T0 } from '../helpers/engine-stack.ts';

export const BTC: Instrument = { ...SIM_BTC, takerFee: 0.001 };
export const ETH: Instrument = asEth(BTC);

/** Accepts every order at once; fills, cancels and rejections only when the test asks. */
export class HandVenue implements Venue {
  readonly id = 'hand';
  readonly capabilities = {
    orderTypes: ['market', 'limit', 'stop_market', 'stop_limit', 'market_if_touched', 'limit_if_touched', 'trailing_stop_market', 'trailing_stop_limit'] as const,
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTD', 'DAY'] as const,
    postOnly: true,
    reduceOnly: true,
    iceberg: true,
  };
  readonly requests = new Map<string, OrderRequest>();
  private listeners: OrderEventListener[] = [];
  private seq = 0;

  constructor(
    private readonly list: readonly Instrument[],
    private readonly clock: SimClock,
  ) {}

  instruments(): readonly Instrument[] {
    return this.list;
  }
  instrument(id: string): Instrument | undefined {
    return this.list.find((i) => i.id === id);
  }
  async submit(r: OrderRequest): Promise<void> {
    this.requests.set(r.clientOrderId, r);
    this.emit({ type: 'accepted', clientOrderId: r.clientOrderId, instrumentId: r.instrumentId, ts: this.clock.now(), venueOrderId: `H${++this.seq}` });
  }
  async cancel(id: string): Promise<void> {
    this.emit({ type: 'canceled', clientOrderId: id, instrumentId: this.requests.get(id)?.instrumentId ?? '', ts: this.clock.now() });
  }
  async modify(id: string, changes: OrderModification): Promise<void> {
    this.emit({ type: 'updated', clientOrderId: id, instrumentId: this.requests.get(id)?.instrumentId ?? '', ts: this.clock.now(), ...changes });
  }
  async query(): Promise<VenueOrder | undefined> {
    return undefined;
  }
  async openOrders(): Promise<VenueOrder[]> {
    return [];
  }
  async balances(): Promise<Balance[]> {
    return [];
  }
  async positions(): Promise<VenuePosition[]> {
    return [];
  }
  subscribe(l: OrderEventListener): () => void {
    this.listeners = [...this.listeners, l];
    return () => (this.listeners = this.listeners.filter((x) => x !== l));
  }
  fill(id: string, quantity: number, price: number): void {
    const r = this.requests.get(id)!;
    this.emit({
      type: 'filled',
      clientOrderId: id,
      instrumentId: r.instrumentId,
      ts: this.clock.now(),
      tradeId: `F${++this.seq}`,
      venueOrderId: 'H',
      side: r.side,
      lastQuantity: quantity,
      lastPrice: price,
      fee: 0,
      feeCurrency: 'USDT',
      liquidity: 'taker',
    });
  }
  reject(id: string): void {
    this.emit({ type: 'rejected', clientOrderId: id, instrumentId: this.requests.get(id)!.instrumentId, ts: this.clock.now(), reason: 'VENUE_ERROR', message: 'refused' });
  }
  private emit(e: OrderEvent): void {
    for (const l of this.listeners) l(e);
  }
}

export interface RigOptions {
  /** 'hand' (default): fills by hand; 'sim': the simulated venue. */
  venue?: 'hand' | 'sim';
  risk?: RiskConfigInput;
  balances?: Record<string, number>;
  instruments?: Instrument[];
  riskOptions?: Partial<RiskManagerOptions>;
  /** No portfolio: the risk manager measures only from events. */
  noPortfolio?: boolean;
}

export function rig(opts: RigOptions = {}) {
  const instruments = opts.instruments ?? [BTC, ETH];
  const balances = opts.balances ?? { USDT: 100_000 };
  const s = engineStack({
    instruments,
    start: T0 - MIN,
    balances,
    ...(opts.venue === 'sim' ? {} : { venue: (clock: SimClock) => new HandVenue(instruments, clock) }),
    portfolio: opts.noPortfolio ? false : {},
    gate: (portfolio) => new RiskManager({ config: opts.risk, timeframe: '1m', portfolio, signalFile: null, ...opts.riskOptions }),
  });
  const { clock, venue, sim, portfolio, engine, events } = s;
  const hand = sim ? undefined : (venue as HandVenue);
  const risk = s.gate as RiskManager;
  risk.attach(engine);
  let seq = 0;
  /** Bar at minute i for one instrument; every instrument given gets the same OHLC unless listed. */
  const bar = (i: number, o: number, h: number, l: number, c: number, id = 'BTC/USDT'): void => {
    const ts = T0 + i * MIN;
    s.barAt(id, ts, o, h, l, c, 1e9);
    risk.onPrice(id, c, ts);
  };
  /** A flat bar at price p (open = high = low = close). */
  const tick = (i: number, p: number, id = 'BTC/USDT') => bar(i, p, p, p, p, id);
  const cycle = () => risk.onCycle(clock.now());
  const order = (r: Partial<OrderRequest> & Pick<OrderRequest, 'side' | 'quantity'>): Order =>
    engine.submit({ clientOrderId: `T${++seq}`, instrumentId: 'BTC/USDT', type: 'market', ...r });
  const denial = (o: Order) => {
    const e = o.events[o.events.length - 1]!;
    return e.type === 'denied' ? { reason: e.reason, message: e.message } : undefined;
  };
  const position = (id = 'BTC/USDT') => portfolio?.netQuantity(id) ?? 0;
  /** Hand venue: fill the order (default: all of what is left, at its price or the last price). */
  const fill = (o: Order, quantity = o.leavesQuantity, price = o.price ?? engine.lastPrice(o.instrumentId)!) => hand!.fill(o.clientOrderId, quantity, price);
  /** Hand venue: a market order filled at once; returns it. */
  const open = (side: 'buy' | 'sell', quantity: number, extra: Partial<OrderRequest> = {}): Order => {
    const o = order({ side, quantity, ...extra });
    if (o.status !== 'DENIED') fill(o);
    return o;
  };
  return { clock, venue, sim, hand, portfolio, risk, engine, events, bar, tick, cycle, order, denial, position, fill, open };
}
