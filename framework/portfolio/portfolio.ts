import { ConfigError, DataError, UsageError } from '../core/errors.ts';
import { fromSteps, toSteps } from '../core/precision.ts';
import { IdMap } from '../execution/id-map.ts';
import type { Instrument } from '../execution/instrument.ts';
import type { Balance, OrderEvent, OrderRequest, VenuePosition } from '../execution/types.ts';
import { EquityCurve, type MaxDrawdown } from './equity-curve.ts';
import { positionIdFor } from './position-id.ts';
import { Position, type PositionFill, type PositionFillResult, type PositionMode } from './position.ts';

/**
 * Balances, positions, marks and the equity curve of one account.
 *
 * Accounting:
 * - 'cash' (spot, the default): a fill moves money. A buy debits the quote currency by
 *   price * quantity and credits the base currency by the quantity; a sell the reverse; the fee
 *   is debited from whatever currency it was charged in (so a base-currency fee on a buy leaves
 *   quantity - fee in the wallet). Equity = every balance valued at mark prices. A sell without
 *   holdings leaves a negative base balance: preventing that is the risk manager's job.
 * - 'margin' (futures / margin, linear contracts): opening a position moves no money; only
 *   realized PnL and fees hit the settle currency (the quote currency of a linear contract).
 *   Equity = balances + unrealized PnL of open positions. The initial margin of open positions
 *   (entry notional / leverage) is counted as used in the settle currency.
 *
 * Reservations: the risk manager calls reserve(clientOrderId, currency, amount, quantity) when
 * an order is submitted and release(clientOrderId) when it is canceled; fills of a reserved
 * order release the reserved amount pro rata of the quantity, so a fully filled order holds
 * nothing. onOrderEvent does the release on canceled/expired/rejected/denied by itself.
 */

export type AccountingMode = 'cash' | 'margin';

export interface PortfolioOptions {
  instruments: readonly Instrument[];
  /** Opening balances per currency, e.g. { USDT: 1000 }. */
  startingBalances: Readonly<Record<string, number>>;
  /** netting (default): one position per instrument; hedging: long and short side by side. */
  mode?: PositionMode;
  accounting?: AccountingMode;
  /**
   * Currency equity and PnL totals are reported in. Default: the quote currency all instruments
   * share, else the only starting balance currency.
   */
  valuationCurrency?: string;
  /** margin accounting: leverage of open positions (initial margin = notional / leverage). Default 1. */
  leverage?: number;
  /** Initial capacity of the equity curve buffers (they grow as needed). */
  curveCapacity?: number;
}

/** A fill applied to a position. */
export interface FillApplied extends PositionFillResult {
  position: Position;
}

export interface BalanceView {
  currency: string;
  total: number;
  /** total - locked - margin used. */
  free: number;
  /** Reserved for open orders. */
  locked: number;
  /** margin accounting: initial margin of open positions settled in this currency. */
  marginUsed: number;
}

interface Reservation {
  currency: string;
  amount: number;
  /** Remaining order quantity the amount covers; NaN when not given (then only release() frees it). */
  remaining: number;
}

interface Route {
  positionId: string;
  quantityLots: number;
  filledLots: number;
}

/** Events that end an order without a (full) fill: its reservation and route go. */
function isTerminalType(type: string): boolean {
  return type === 'canceled' || type === 'expired' || type === 'rejected' || type === 'denied';
}

export class Portfolio {
  readonly mode: PositionMode;
  readonly accounting: AccountingMode;
  readonly valuationCurrency: string;
  readonly leverage: number;
  readonly curve: EquityCurve;

  private readonly instrumentList: Instrument[] = [];
  private readonly instrumentIndex = new Map<string, number>();
  private readonly marks: number[] = [];
  private readonly markTimes: number[] = [];

  private readonly currencies: string[] = [];
  private readonly currencyIndex = new Map<string, number>();
  private readonly totals: number[] = [];
  private readonly lockedAmounts: number[] = [];
  private readonly lockCounts: number[] = [];
  private readonly reservations = new IdMap<Reservation>();

  private readonly positionList: Position[] = [];
  private readonly positionsById = new Map<string, Position>();
  private readonly routes = new Map<string, Route>();
  // Per instrument index, cached on first use (fills only: no lookup by name per fill). The
  // currency entries themselves are still created when first used, in the same order as before.
  private readonly quoteIdx: number[] = [];
  private readonly baseIdx: number[] = [];
  /** Netting mode: the instrument's position (same object as positionsById.get(instrument id)). */
  private readonly netPos: (Position | undefined)[] = [];
  /** to -> from -> instruments that price one in the other: index + 1, negated when inverted (to/from). */
  private rateRoutes = new Map<string, Map<string, number[]>>();

  constructor(options: PortfolioOptions) {
    this.mode = options.mode ?? 'netting';
    this.accounting = options.accounting ?? 'cash';
    this.leverage = options.leverage ?? 1;
    if (!(this.leverage > 0)) throw new ConfigError(`portfolio leverage must be > 0, got ${this.leverage}`);
    for (const inst of options.instruments) this.addInstrument(inst);
    for (const [currency, amount] of Object.entries(options.startingBalances)) {
      if (!Number.isFinite(amount)) {
        throw new ConfigError(`portfolio starting balance of ${currency} must be a finite number, got ${amount}`);
      }
      this.totals[this.currencyIdx(currency)] = amount;
    }
    this.valuationCurrency = options.valuationCurrency ?? defaultValuationCurrency(options);
    this.curve = new EquityCurve(options.curveCapacity);
  }

  // ---- instruments and marks ------------------------------------------------------------

  addInstrument(instrument: Instrument): void {
    if (this.instrumentIndex.has(instrument.id)) return;
    if (this.accounting === 'margin' && settleCurrency(instrument) !== instrument.quote) {
      throw new ConfigError(
        `instrument ${instrument.id}: settles in ${settleCurrency(instrument)}, not its quote currency; ` +
          'inverse contracts are not supported by margin accounting',
      );
    }
    this.rateRoutes = new Map();
    this.instrumentIndex.set(instrument.id, this.instrumentList.length);
    this.instrumentList.push(instrument);
    this.marks.push(Number.NaN);
    this.markTimes.push(Number.NaN);
    this.quoteIdx.push(-1);
    this.baseIdx.push(-1);
    this.netPos.push(undefined);
  }

  instrument(id: string): Instrument | undefined {
    const i = this.instrumentIndex.get(id);
    return i === undefined ? undefined : this.instrumentList[i];
  }

  /** Set the mark price of an instrument (last close, last trade or mid), used for valuation. */
  mark(instrumentId: string, price: number, ts: number): void {
    const i = this.instrumentIdx(instrumentId, 'mark');
    if (!(price > 0) || !Number.isFinite(price)) {
      throw new DataError(`mark price of ${instrumentId} at ${ts} must be a positive number, got ${price}`);
    }
    this.marks[i] = price;
    this.markTimes[i] = ts;
  }

  /** Index of an instrument for markAtRow (stable for the portfolio's life), or -1. */
  instrumentIndexOf(instrumentId: string): number {
    return this.instrumentIndex.get(instrumentId) ?? -1;
  }

  /**
   * mark() by instrument index (instrumentIndexOf) at at.close / at.time: the per-candle path of
   * a backtest, with the price and time read from the candle row (V8 boxes doubles passed as
   * arguments to a call it does not inline).
   */
  markAtRow(index: number, at: { readonly close: number; readonly time: number }): void {
    const price = at.close;
    if (!(price > 0) || !Number.isFinite(price) || this.marks[index] === undefined) {
      this.mark(this.instrumentList[index]?.id ?? String(index), price, at.time);
      return;
    }
    this.marks[index] = price;
    this.markTimes[index] = at.time;
  }

  markPrice(instrumentId: string): number | undefined {
    const i = this.instrumentIndex.get(instrumentId);
    if (i === undefined) return undefined;
    const p = this.marks[i]!;
    return Number.isNaN(p) ? undefined : p;
  }

  markTime(instrumentId: string): number | undefined {
    const i = this.instrumentIndex.get(instrumentId);
    if (i === undefined) return undefined;
    const t = this.markTimes[i]!;
    return Number.isNaN(t) ? undefined : t;
  }

  // ---- order events and fills -----------------------------------------------------------

  /**
   * Feed every order event here (the engine's event stream): 'initialized' remembers which
   * position the order's fills go to, 'filled' applies the fill, canceled / expired /
   * rejected / denied release the order's reservation. Returns the fill result for fills.
   */
  onOrderEvent(event: OrderEvent): FillApplied | undefined {
    switch (event.type) {
      case 'initialized':
        this.registerOrder(event.request);
        return undefined;
      case 'filled':
        return this.applyFill(event);
      case 'updated': {
        const route = this.routes.get(event.clientOrderId);
        const inst = this.instrument(event.instrumentId);
        if (route && inst && event.quantity !== undefined) route.quantityLots = toSteps(event.quantity, inst.lotSize);
        return undefined;
      }
      default:
        if (isTerminalType(event.type)) {
          this.release(event.clientOrderId);
          this.routes.delete(event.clientOrderId);
        }
        return undefined;
    }
  }

  /** Remember the position an order's fills belong to (see position-id.ts); hedging mode needs it. */
  registerOrder(request: OrderRequest): void {
    if (this.mode === 'netting') return; // always the instrument's one position
    const inst = this.instrument(request.instrumentId);
    this.routes.set(request.clientOrderId, {
      positionId: positionIdFor(request, this.mode),
      quantityLots: inst ? toSteps(request.quantity, inst.lotSize) : Number.POSITIVE_INFINITY,
      filledLots: 0,
    });
  }

  /**
   * Apply one fill: the position (by `positionId`, else the registered order's route, else in
   * netting mode the instrument's position), the balances, and the order's reservation.
   */
  applyFill(fill: PositionFill & { instrumentId: string; clientOrderId: string }, positionId?: string): FillApplied {
    const ii = this.instrumentIndex.get(fill.instrumentId);
    if (ii === undefined) this.instrumentIdx(fill.instrumentId, `fill of order ${fill.clientOrderId}`); // throws
    const inst = this.instrumentList[ii!]!;
    const fillLots = toSteps(fill.lastQuantity, inst.lotSize);
    const route = this.routes.size === 0 ? undefined : this.routes.get(fill.clientOrderId);
    const id = positionId ?? route?.positionId ?? this.unroutedPositionId(fill.clientOrderId, fill.instrumentId);
    // Netting, unrouted: the instrument's position by index (the same object the map holds).
    const byIndex = positionId === undefined && route === undefined && this.mode === 'netting';
    const known = (byIndex ? this.netPos[ii!] : undefined) ?? this.positionsById.get(id);
    if (known && known.instrumentId !== inst.id) {
      throw new UsageError(
        `fill of order ${fill.clientOrderId} on ${inst.id} was routed to position ${id}, which holds ${known.instrumentId}`,
      );
    }
    const position = known ?? new Position(id, inst);
    const result = position.apply(fill); // validates the fill before anything else changes
    if (!known) {
      this.positionsById.set(id, position);
      this.positionList.push(position);
    }
    if (byIndex) this.netPos[ii!] = position;
    if (route) {
      route.filledLots += fillLots;
      if (route.filledLots >= route.quantityLots) this.routes.delete(fill.clientOrderId);
    }

    if (this.accounting === 'cash') {
      const units = fill.lastQuantity * (inst.contractSize ?? 1);
      const notional = fill.lastPrice * units;
      const sign = fill.side === 'buy' ? 1 : -1;
      let qi = this.quoteIdx[ii!]!;
      if (qi < 0) this.quoteIdx[ii!] = qi = this.currencyIdx(inst.quote);
      this.totals[qi] = this.totals[qi]! + -sign * notional;
      let bi = this.baseIdx[ii!]!;
      if (bi < 0) this.baseIdx[ii!] = bi = this.currencyIdx(inst.base);
      this.totals[bi] = this.totals[bi]! + sign * units;
      if (fill.fee !== 0) {
        if (fill.feeCurrency === inst.quote) this.totals[qi] = this.totals[qi]! + -fill.fee;
        else this.addBalance(fill.feeCurrency, -fill.fee);
      }
    } else {
      this.addBalance(inst.quote, result.realizedPnl - result.fee);
      if (fill.fee !== 0 && fill.feeCurrency !== inst.quote && fill.feeCurrency !== inst.base) {
        this.addBalance(fill.feeCurrency, -fill.fee);
      }
    }

    this.consumeReservation(fill.clientOrderId, fillLots, inst.lotSize);
    // The result is a fresh object of this call: add the position to it rather than copying it.
    const applied = result as FillApplied;
    applied.position = position;
    return applied;
  }

  private unroutedPositionId(clientOrderId: string, instrumentId: string): string {
    if (this.mode === 'netting') return instrumentId;
    throw new UsageError(
      `hedging mode: the fill of order ${clientOrderId} cannot be routed to a position: ` +
        "feed the order's 'initialized' event to onOrderEvent, call registerOrder, or pass positionId to applyFill",
    );
  }

  // ---- positions ------------------------------------------------------------------------

  position(id: string): Position | undefined {
    return this.positionsById.get(id);
  }

  /** Every position ever opened (flat ones included), in order of creation. */
  positions(): readonly Position[] {
    return this.positionList;
  }

  openPositions(): Position[] {
    return this.positionList.filter((p) => p.isOpen);
  }

  positionsOf(instrumentId: string): Position[] {
    return this.positionList.filter((p) => p.instrumentId === instrumentId);
  }

  /** Net signed quantity of an instrument over all its positions. */
  netQuantity(instrumentId: string): number {
    const inst = this.instrument(instrumentId);
    if (!inst) return 0;
    let lots = 0;
    for (const p of this.positionList) if (p.instrumentId === instrumentId) lots += p.quantityLots;
    return fromSteps(lots, inst.lotSize);
  }

  /**
   * Net positions per instrument as a netting venue reports them (for reconciliation). With
   * hedged positions the average price is sum(signed quantity * average) / net quantity, which
   * is only meaningful for comparison with a venue that nets the same way.
   */
  netPositions(): VenuePosition[] {
    const out: VenuePosition[] = [];
    for (const inst of this.instrumentList) {
      let lots = 0;
      let signedCost = 0;
      for (const p of this.positionList) {
        if (p.instrumentId !== inst.id || !p.isOpen) continue;
        lots += p.quantityLots;
        signedCost += p.quantityLots * p.averagePrice;
      }
      if (lots === 0) continue;
      out.push({
        instrumentId: inst.id,
        quantity: fromSteps(lots, inst.lotSize),
        averagePrice: signedCost / lots,
      });
    }
    return out;
  }

  // ---- balances and reservations --------------------------------------------------------

  total(currency: string): number {
    const i = this.currencyIndex.get(currency);
    return i === undefined ? 0 : this.totals[i]!;
  }

  locked(currency: string): number {
    const i = this.currencyIndex.get(currency);
    return i === undefined ? 0 : this.lockedAmounts[i]!;
  }

  free(currency: string): number {
    return this.total(currency) - this.locked(currency) - this.marginUsed(currency);
  }

  /** margin accounting: initial margin (entry notional / leverage) of open positions settled in currency. */
  marginUsed(currency: string): number {
    if (this.accounting !== 'margin') return 0;
    let sum = 0;
    for (const p of this.positionList) {
      if (p.isOpen && p.instrument.quote === currency) sum += p.costBasis() / this.leverage;
    }
    return sum;
  }

  /**
   * Stake tied up in open positions whose quote currency is `currency`: their entry cost in
   * cash accounting, their initial margin in margin accounting (Freqtrade's open trade stakes).
   */
  stakeInPositions(currency: string): number {
    let sum = 0;
    for (const p of this.positionList) {
      if (p.isOpen && p.instrument.quote === currency) sum += p.costBasis();
    }
    return this.accounting === 'margin' ? sum / this.leverage : sum;
  }

  balance(currency: string): BalanceView {
    const total = this.total(currency);
    const locked = this.locked(currency);
    const marginUsed = this.marginUsed(currency);
    return { currency, total, free: total - locked - marginUsed, locked, marginUsed };
  }

  /** Every currency's balance, in the venue's shape (locked includes margin used). */
  balances(): Balance[] {
    return this.currencies.map((currency) => {
      const b = this.balance(currency);
      return { currency, total: b.total, free: b.free, locked: b.locked + b.marginUsed };
    });
  }

  /** Credit (positive) or debit (negative) a balance outside trading: deposits, funding payments. */
  adjustBalance(currency: string, delta: number): void {
    if (!Number.isFinite(delta)) throw new UsageError(`balance adjustment of ${currency} must be finite, got ${delta}`);
    this.addBalance(currency, delta);
  }

  /**
   * Lock `amount` of `currency` for an open order. `quantity` (the order's remaining quantity)
   * lets fills release the lock pro rata; without it only release() frees it. Reserving again
   * under the same clientOrderId replaces the earlier reservation (a modify). Returns false and
   * changes nothing when the free balance (plus what this order already holds) is short.
   */
  reserve(clientOrderId: string, currency: string, amount: number, quantity?: number): boolean {
    if (!(amount >= 0) || !Number.isFinite(amount)) {
      throw new UsageError(`reservation for order ${clientOrderId}: amount must be >= 0, got ${amount}`);
    }
    const previous = this.reservations.get(clientOrderId);
    const heldHere = previous && previous.currency === currency ? previous.amount : 0;
    if (amount > this.free(currency) + heldHere + 1e-12 * Math.max(1, amount)) return false;
    if (previous) this.unlock(previous.currency, previous.amount);
    if (quantity !== undefined && !(quantity > 0)) {
      throw new UsageError(`reservation for order ${clientOrderId}: quantity must be > 0, got ${quantity}`);
    }
    this.reservations.set(clientOrderId, { currency, amount, remaining: quantity ?? Number.NaN });
    const i = this.currencyIdx(currency);
    this.lockedAmounts[i] = this.lockedAmounts[i]! + amount;
    this.lockCounts[i] = this.lockCounts[i]! + 1;
    return true;
  }

  /** Free an order's reservation; returns the amount released (0 if there was none). */
  release(clientOrderId: string): number {
    if (this.reservations.size === 0) return 0;
    const r = this.reservations.get(clientOrderId);
    if (!r) return 0;
    this.reservations.delete(clientOrderId);
    this.unlock(r.currency, r.amount);
    return r.amount;
  }

  reservation(clientOrderId: string): { currency: string; amount: number } | undefined {
    const r = this.reservations.get(clientOrderId);
    return r ? { currency: r.currency, amount: r.amount } : undefined;
  }

  /** A fill of a reserved order frees the reserved amount in proportion to the quantity filled. */
  private consumeReservation(clientOrderId: string, fillLots: number, lotSize: number): void {
    if (this.reservations.size === 0) return;
    const r = this.reservations.get(clientOrderId);
    if (!r || Number.isNaN(r.remaining)) return;
    const remainingLots = toSteps(r.remaining, lotSize);
    if (fillLots >= remainingLots) {
      // release(clientOrderId), without looking the reservation up again
      this.reservations.delete(clientOrderId);
      this.unlock(r.currency, r.amount);
      return;
    }
    const freed = (r.amount * fillLots) / remainingLots;
    r.amount -= freed;
    r.remaining = fromSteps(remainingLots - fillLots, lotSize);
    const i = this.currencyIdx(r.currency);
    this.lockedAmounts[i] = this.lockedAmounts[i]! - freed;
  }

  private unlock(currency: string, amount: number): void {
    const i = this.currencyIdx(currency);
    this.lockCounts[i] = this.lockCounts[i]! - 1;
    // The last reservation gone means nothing is locked: snap away accumulated float noise.
    this.lockedAmounts[i] = this.lockCounts[i] === 0 ? 0 : this.lockedAmounts[i]! - amount;
  }

  private addBalance(currency: string, delta: number): void {
    const i = this.currencyIdx(currency);
    this.totals[i] = this.totals[i]! + delta;
  }

  private currencyIdx(currency: string): number {
    let i = this.currencyIndex.get(currency);
    if (i === undefined) {
      i = this.currencies.length;
      this.currencyIndex.set(currency, i);
      this.currencies.push(currency);
      this.totals.push(0);
      this.lockedAmounts.push(0);
      this.lockCounts.push(0);
    }
    return i;
  }

  private instrumentIdx(id: string, what: string): number {
    const i = this.instrumentIndex.get(id);
    if (i === undefined) {
      throw new UsageError(`${what}: unknown instrument ${id}; add it to the portfolio's instruments first`);
    }
    return i;
  }

  // ---- valuation ------------------------------------------------------------------------

  /** `amount` of `from` in `to` at mark prices of a direct pair (from/to or to/from). */
  convert(amount: number, from: string, to: string): number {
    if (from === to || amount === 0) return amount;
    const candidates = this.rateRoute(from, to);
    for (let k = 0; k < candidates.length; k++) {
      const code = candidates[k]!;
      const px = this.marks[Math.abs(code) - 1]!;
      if (!Number.isNaN(px)) return code > 0 ? amount * px : amount / px;
    }
    if (candidates.length > 0) {
      const first = this.instrumentList[Math.abs(candidates[0]!) - 1]!;
      throw new DataError(`cannot value ${from} in ${to}: no mark price for ${first.id} yet (call portfolio.mark first)`);
    }
    throw new ConfigError(
      `cannot value ${from} in ${to}: no instrument ${from}/${to} or ${to}/${from} among the portfolio's instruments ` +
        '(only direct pairs to the valuation currency are supported)',
    );
  }

  private rateRoute(from: string, to: string): number[] {
    let byFrom = this.rateRoutes.get(to);
    if (!byFrom) this.rateRoutes.set(to, (byFrom = new Map()));
    let candidates = byFrom.get(from);
    if (!candidates) {
      candidates = [];
      for (let k = 0; k < this.instrumentList.length; k++) {
        const inst = this.instrumentList[k]!;
        if (inst.base === from && inst.quote === to) candidates.push(k + 1);
        else if (inst.base === to && inst.quote === from) candidates.push(-(k + 1));
      }
      byFrom.set(from, candidates);
    }
    return candidates;
  }

  /** Account value in `currency`: balances at mark prices (+ unrealized PnL in margin accounting). */
  equity(currency = this.valuationCurrency): number {
    let sum = 0;
    for (let i = 0; i < this.currencies.length; i++) sum += this.convert(this.totals[i]!, this.currencies[i]!, currency);
    if (this.accounting === 'margin') sum += this.unrealizedPnl(currency);
    return sum;
  }

  /** Realized PnL of all positions (before fees) in `currency`. */
  realizedPnl(currency = this.valuationCurrency): number {
    let sum = 0;
    for (const p of this.positionList) sum += this.convert(p.realizedPnl, p.instrument.quote, currency);
    return sum;
  }

  /** Unrealized PnL of open positions at their marks, in `currency`; an open position without a mark is an error. */
  unrealizedPnl(currency = this.valuationCurrency): number {
    let sum = 0;
    for (const p of this.positionList) {
      if (!p.isOpen) continue;
      sum += this.convert(p.unrealizedPnl(this.markOf(p)), p.instrument.quote, currency);
    }
    return sum;
  }

  /** Fees of all positions valued in `currency` (fees charged in a third currency are not included). */
  fees(currency = this.valuationCurrency): number {
    let sum = 0;
    for (const p of this.positionList) sum += this.convert(p.fees, p.instrument.quote, currency);
    return sum;
  }

  private markOf(p: Position): number {
    const px = this.marks[this.instrumentIndex.get(p.instrumentId)!]!;
    if (Number.isNaN(px)) {
      throw new DataError(`no mark price for ${p.instrumentId}: open position ${p.id} cannot be valued (call portfolio.mark first)`);
    }
    return px;
  }

  // ---- equity curve ---------------------------------------------------------------------

  /** Append a point to the equity curve at `ts` (equity, realized, unrealized, fees, drawdown). */
  record(ts: number): void {
    this.curve.append(ts, this.equity(), this.realizedPnl(), this.unrealizedPnl(), this.fees());
  }

  maxDrawdown(): MaxDrawdown {
    return this.curve.maxDrawdown();
  }
}

/** Settle currency of an instrument: the part after ':' in BASE/QUOTE:SETTLE, else its quote. */
export function settleCurrency(instrument: Instrument): string {
  const colon = instrument.id.lastIndexOf(':');
  return colon >= 0 && colon < instrument.id.length - 1 ? instrument.id.slice(colon + 1) : instrument.quote;
}

function defaultValuationCurrency(options: PortfolioOptions): string {
  const quotes = new Set(options.instruments.map((i) => i.quote));
  if (quotes.size === 1) return [...quotes][0]!;
  const balances = Object.keys(options.startingBalances);
  if (balances.length === 1) return balances[0]!;
  throw new ConfigError(
    'portfolio valuationCurrency is required when instruments have several quote currencies ' +
      `(${[...quotes].join(', ')}) and there is not exactly one starting balance`,
  );
}
