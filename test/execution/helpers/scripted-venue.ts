import type { Instrument } from '../../../framework/execution/instrument.ts';
import type {
  Balance,
  LiquiditySide,
  OrderEvent,
  OrderModification,
  OrderRequest,
  OrderType,
  RejectReason,
  VenueOrder,
  VenuePosition,
} from '../../../framework/execution/types.ts';
import type { OrderEventListener, Venue, VenueCapabilities } from '../../../framework/execution/venue.ts';

export const BTC: Instrument = {
  id: 'BTC/USDT',
  venue: 'test',
  base: 'BTC',
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.001,
  minQuantity: 0.001,
  maxQuantity: 100,
  minNotional: 5,
  maxNotional: 1_000_000,
  makerFee: 0.001,
  takerFee: 0.002,
};

export const ALL_TYPES: readonly OrderType[] = [
  'market',
  'limit',
  'stop_market',
  'stop_limit',
  'market_if_touched',
  'limit_if_touched',
  'trailing_stop_market',
  'trailing_stop_limit',
];

export function capabilities(orderTypes: readonly OrderType[] = ALL_TYPES): VenueCapabilities {
  return { orderTypes, timeInForce: ['GTC', 'IOC', 'FOK', 'GTD', 'DAY'], postOnly: true, reduceOnly: true, iceberg: true };
}

/**
 * A venue whose answers the test scripts: by default it acknowledges submits, cancels and
 * modifies synchronously (as the simulated venue without latency does); with `auto*` off the
 * test sends the answers itself. Fills are sent by the test with `fill`.
 */
export class ScriptedVenue implements Venue {
  readonly id = 'test';
  capabilities: VenueCapabilities;
  autoAccept = true;
  autoCancel = true;
  autoModify = true;
  /** Next request of this kind fails (its promise rejects). */
  failNext: 'submit' | 'cancel' | 'modify' | undefined;
  readonly submits: OrderRequest[] = [];
  readonly cancels: string[] = [];
  readonly modifies: Array<{ id: string; changes: OrderModification }> = [];
  now = 0;
  private readonly listeners: OrderEventListener[] = [];
  private readonly instrumentsById = new Map<string, Instrument>();
  private venueIds = 0;
  private tradeIds = 0;

  constructor(instruments: Instrument[] = [BTC], caps: VenueCapabilities = capabilities()) {
    for (const i of instruments) this.instrumentsById.set(i.id, i);
    this.capabilities = caps;
  }

  setInstrument(i: Instrument): void {
    this.instrumentsById.set(i.id, i);
  }

  instruments(): readonly Instrument[] {
    return [...this.instrumentsById.values()];
  }

  instrument(id: string): Instrument | undefined {
    return this.instrumentsById.get(id);
  }

  submit(request: OrderRequest): Promise<void> {
    if (this.failNext === 'submit') {
      this.failNext = undefined;
      return Promise.reject(new Error('connection reset'));
    }
    this.submits.push(request);
    if (this.autoAccept) this.accept(request.clientOrderId, request.instrumentId);
    return Promise.resolve();
  }

  cancel(clientOrderId: string): Promise<void> {
    if (this.failNext === 'cancel') {
      this.failNext = undefined;
      return Promise.reject(new Error('timeout'));
    }
    this.cancels.push(clientOrderId);
    if (this.autoCancel) this.emit({ type: 'canceled', clientOrderId, instrumentId: this.instrumentOf(clientOrderId), ts: this.now });
    return Promise.resolve();
  }

  modify(clientOrderId: string, changes: OrderModification): Promise<void> {
    if (this.failNext === 'modify') {
      this.failNext = undefined;
      return Promise.reject(new Error('timeout'));
    }
    this.modifies.push({ id: clientOrderId, changes });
    if (this.autoModify) this.emit({ type: 'updated', clientOrderId, instrumentId: this.instrumentOf(clientOrderId), ts: this.now, ...changes });
    return Promise.resolve();
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

  subscribe(listener: OrderEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  // ---- scripting

  emit(event: OrderEvent): void {
    for (const l of this.listeners) l(event);
  }

  accept(clientOrderId: string, instrumentId = this.instrumentOf(clientOrderId)): void {
    this.emit({ type: 'accepted', clientOrderId, instrumentId, ts: this.now, venueOrderId: `V${++this.venueIds}` });
  }

  reject(clientOrderId: string, reason: RejectReason, message = 'refused'): void {
    this.emit({ type: 'rejected', clientOrderId, instrumentId: this.instrumentOf(clientOrderId), ts: this.now, reason, message });
  }

  fill(clientOrderId: string, quantity: number, price: number, liquidity: LiquiditySide = 'taker', tradeId = `T${++this.tradeIds}`): void {
    const req = this.lastRequest(clientOrderId);
    this.emit({
      type: 'filled',
      clientOrderId,
      instrumentId: req?.instrumentId ?? 'BTC/USDT',
      ts: this.now,
      tradeId,
      venueOrderId: 'V?',
      side: req?.side ?? 'buy',
      lastQuantity: quantity,
      lastPrice: price,
      fee: quantity * price * 0.001,
      feeCurrency: 'USDT',
      liquidity,
    });
  }

  lastRequest(clientOrderId: string): OrderRequest | undefined {
    for (let i = this.submits.length - 1; i >= 0; i--) if (this.submits[i]!.clientOrderId === clientOrderId) return this.submits[i];
    return undefined;
  }

  private instrumentOf(clientOrderId: string): string {
    return this.lastRequest(clientOrderId)?.instrumentId ?? 'BTC/USDT';
  }
}
