import { ConfigError, ExchangeError } from '../core/errors.ts';
import { fromSteps, isOnStep, toSteps } from '../core/precision.ts';
import type { Instrument } from '../execution/instrument.ts';
import type { OrderEvent, OrderSide } from '../execution/types.ts';

/**
 * One position: the signed quantity of an instrument held through fills, its quantity-weighted
 * average entry price, realized PnL, fees, and unrealized PnL at a mark price.
 *
 * Quantity is kept as a signed integer number of lots (instrument.lotSize), so adding and
 * removing fills never drifts by float noise; `quantity` converts back to a clean decimal.
 * Only linear instruments are modelled (PnL in the quote currency, which is also the settle
 * currency of a linear future).
 *
 * Fees:
 * - in the quote currency: added to `fees`.
 * - in the base currency (a spot venue taking its fee out of the bought coin): the fee leaves
 *   the holding, so the position shrinks by the fee at the fill price, exactly as if that much
 *   had been sold at the fill price and the proceeds paid as a quote fee (fee * price is added
 *   to `fees`, and the "sale" realizes (price - average) * fee). The quantity stays on the lot
 *   grid: what remains is truncated toward zero to whole lots, and the sub-lot remainder is
 *   `dust` (base units) - it stays in the wallet but cannot be traded, as on a real exchange.
 * - in any other currency (e.g. BNB): recorded in `commissions` only; `fees` cannot value it
 *   without a price, the portfolio debits that currency's balance.
 */

/** A 'filled' order event, the only event that changes a position. */
export type FillEvent = Extract<OrderEvent, { type: 'filled' }>;

/** What a position needs from a fill (a FillEvent satisfies it). */
export interface PositionFill {
  side: OrderSide;
  lastQuantity: number;
  lastPrice: number;
  /** Fee amount, in feeCurrency; may be negative (maker rebate). */
  fee: number;
  feeCurrency: string;
  ts: number;
  /** For error messages only. */
  clientOrderId?: string;
  tradeId?: string;
}

export type PositionSide = 'long' | 'short' | 'flat';

/** netting: one signed position per instrument; hedging: long and short positions side by side. */
export type PositionMode = 'netting' | 'hedging';

/** How a fill changed a position (for onPositionChanged-style events). */
export type PositionChange = 'opened' | 'increased' | 'reduced' | 'closed' | 'flipped' | 'unchanged';

export interface PositionFillResult {
  change: PositionChange;
  /** Signed quantity before the fill. */
  previousQuantity: number;
  /** Realized PnL of this fill (quote currency, before fees). */
  realizedPnl: number;
  /** Fee of this fill valued in the quote currency (0 for a fee in another currency). */
  fee: number;
}

/** A plain copy of a position's state, for reports, persistence and tests. */
export interface PositionSnapshot {
  id: string;
  instrumentId: string;
  side: PositionSide;
  quantity: number;
  averagePrice: number;
  realizedPnl: number;
  fees: number;
  commissions: Record<string, number>;
  dust: number;
  openedTs: number;
  lastTs: number;
  fillCount: number;
}

export class Position {
  readonly id: string;
  readonly instrument: Instrument;
  private readonly lotSize: number;
  private readonly contractSize: number;
  private lots = 0;
  private avgPrice = 0;
  private realized = 0;
  private feesQuote = 0;
  private dustBase = 0;
  // Fees per currency: most positions pay in one currency, kept in two fields; the Map is made
  // when a second currency is charged or when `commissions` is read (then it is the record).
  private commissionsByCurrency: Map<string, number> | undefined;
  private commissionCurrency: string | undefined;
  private commissionAmount = 0;
  private opened = Number.NaN;
  private last = Number.NaN;
  private fills = 0;

  constructor(id: string, instrument: Instrument) {
    if (!(instrument.lotSize > 0)) {
      throw new ConfigError(`instrument ${instrument.id}: lotSize must be > 0, got ${instrument.lotSize}`);
    }
    const cs = instrument.contractSize ?? 1;
    if (!(cs > 0)) throw new ConfigError(`instrument ${instrument.id}: contractSize must be > 0, got ${cs}`);
    this.id = id;
    this.instrument = instrument;
    this.lotSize = instrument.lotSize;
    this.contractSize = cs;
  }

  get instrumentId(): string {
    return this.instrument.id;
  }

  /** Signed quantity (+ long, - short), on the lot grid. */
  get quantity(): number {
    return fromSteps(this.lots, this.lotSize);
  }

  /** Signed quantity in whole lots (exact integer). */
  get quantityLots(): number {
    return this.lots;
  }

  get side(): PositionSide {
    return this.lots > 0 ? 'long' : this.lots < 0 ? 'short' : 'flat';
  }

  get isOpen(): boolean {
    return this.lots !== 0;
  }

  /** Quantity-weighted average entry price of the open quantity; 0 when flat. */
  get averagePrice(): number {
    return this.avgPrice;
  }

  /** Realized PnL in the quote currency, before fees. */
  get realizedPnl(): number {
    return this.realized;
  }

  /** Fees in the quote currency (quote fees + base fees valued at their fill price). */
  get fees(): number {
    return this.feesQuote;
  }

  /** Sub-lot base quantity cut off by base-currency fees (signed; stays in the wallet). */
  get dust(): number {
    return this.dustBase;
  }

  /** Raw fee amounts per currency as the venue charged them. */
  get commissions(): ReadonlyMap<string, number> {
    return (this.commissionsByCurrency ??= this.commissionMap());
  }

  private commissionMap(): Map<string, number> {
    return this.commissionCurrency === undefined ? new Map() : new Map([[this.commissionCurrency, this.commissionAmount]]);
  }

  private addCommission(currency: string, fee: number): void {
    let map = this.commissionsByCurrency;
    if (map === undefined) {
      if (this.commissionCurrency === undefined || this.commissionCurrency === currency) {
        this.commissionCurrency = currency;
        this.commissionAmount += fee;
        return;
      }
      map = this.commissionsByCurrency = this.commissionMap();
    }
    map.set(currency, (map.get(currency) ?? 0) + fee);
  }

  /** Time of the first fill of the current open quantity (NaN when flat). */
  get openedTs(): number {
    return this.opened;
  }

  get lastTs(): number {
    return this.last;
  }

  get fillCount(): number {
    return this.fills;
  }

  /** Unrealized PnL in the quote currency at `mark`. */
  unrealizedPnl(mark: number): number {
    if (this.lots === 0) return 0;
    return (mark - this.avgPrice) * this.lots * this.lotSize * this.contractSize;
  }

  /** Signed notional value in the quote currency at `mark`. */
  notional(mark: number): number {
    return this.lots * this.lotSize * this.contractSize * mark;
  }

  /** Entry notional of the open quantity (|quantity| * average price * contract size). */
  costBasis(): number {
    return Math.abs(this.lots) * this.lotSize * this.contractSize * this.avgPrice;
  }

  /** realized + unrealized at `mark` - fees: the position's whole PnL in the quote currency. */
  totalPnl(mark: number): number {
    return this.realized + this.unrealizedPnl(mark) - this.feesQuote;
  }

  /** Apply one fill (validated first: a refused fill changes nothing) and say what it changed. */
  apply(fill: PositionFill): PositionFillResult {
    const before = this.lots;
    const realizedBefore = this.realized;
    const feesBefore = this.feesQuote;
    this.applyOnly(fill); // validates the fill before anything else changes
    return {
      change: classify(before, this.lots),
      previousQuantity: fromSteps(before, this.lotSize),
      realizedPnl: this.realized - realizedBefore,
      fee: this.feesQuote - feesBefore,
    };
  }

  /** apply() without its result (for callers that do not read it: no object, no quantity printing per fill). */
  applyOnly(fill: PositionFill): void {
    if (!(fill.lastQuantity > 0) || !Number.isFinite(fill.lastQuantity)) {
      throw new ExchangeError(`${this.where(fill)}: quantity must be a positive number, got ${fill.lastQuantity}`);
    }
    if (!(fill.lastPrice > 0) || !Number.isFinite(fill.lastPrice)) {
      throw new ExchangeError(`${this.where(fill)}: price must be a positive number, got ${fill.lastPrice}`);
    }
    if (!Number.isFinite(fill.fee)) throw new ExchangeError(`${this.where(fill)}: fee must be a finite number, got ${fill.fee}`);
    if (!isOnStep(fill.lastQuantity, this.lotSize)) {
      throw new ExchangeError(
        `${this.where(fill)}: quantity ${fill.lastQuantity} is not on the lot grid ${this.lotSize} of ${this.instrument.id}`,
      );
    }

    const before = this.lots;
    const fillLots = toSteps(fill.lastQuantity, this.lotSize);
    this.trade(fill.side === 'buy' ? fillLots : -fillLots, fill.lastPrice);

    if (fill.fee !== 0) {
      const cur = fill.feeCurrency;
      this.addCommission(cur, fill.fee);
      if (cur === this.instrument.quote) {
        this.feesQuote += fill.fee;
      } else if (cur === this.instrument.base) {
        this.applyBaseFee(fill.fee, fill.lastPrice);
      }
    }

    this.fills++;
    this.last = fill.ts;
    if (this.lots === 0) this.opened = Number.NaN;
    else if (before === 0 || Math.sign(before) !== Math.sign(this.lots)) this.opened = fill.ts;
  }

  /** The fill named in error messages (a method, not a closure: apply runs on every fill). */
  private where(fill: PositionFill): string {
    return `fill${fill.tradeId ? ` ${fill.tradeId}` : ''}${fill.clientOrderId ? ` of order ${fill.clientOrderId}` : ''} on ${this.instrument.id}`;
  }

  /**
   * A base-currency fee leaves the holding: trade the position down to the lot-grid quantity
   * that remains (truncated toward zero) at the fill price, and keep the sub-lot rest as dust.
   */
  private applyBaseFee(fee: number, price: number): void {
    const unit = this.lotSize * this.contractSize;
    const exact = this.lots - fee / unit;
    const nearest = Math.round(exact);
    // A fee of whole lots lands a hair off the grid in binary; that is the grid point, not dust.
    const onGrid = Math.abs(exact - nearest) <= 1e-9 * Math.max(1, Math.abs(exact));
    const gridLots = onGrid ? nearest : Math.trunc(exact);
    this.trade(gridLots - this.lots, price);
    if (!onGrid) this.dustBase += (exact - gridLots) * unit;
    this.feesQuote += fee * price;
  }

  /** Signed lots at a price: increase (new average), reduce (realize), or flip through zero. */
  private trade(deltaLots: number, price: number): void {
    if (deltaLots === 0) return;
    const q = this.lots;
    const unit = this.lotSize * this.contractSize;
    if (q === 0 || Math.sign(q) === Math.sign(deltaLots)) {
      const held = Math.abs(q);
      const add = Math.abs(deltaLots);
      this.avgPrice = (this.avgPrice * held + price * add) / (held + add);
      this.lots = q + deltaLots;
      return;
    }
    const closeLots = Math.min(Math.abs(deltaLots), Math.abs(q));
    this.realized += Math.sign(q) * (price - this.avgPrice) * closeLots * unit;
    this.lots = q + deltaLots;
    if (this.lots === 0) this.avgPrice = 0;
    else if (Math.sign(this.lots) !== Math.sign(q)) this.avgPrice = price; // flipped: the rest opens here
  }

  snapshot(): PositionSnapshot {
    return {
      id: this.id,
      instrumentId: this.instrument.id,
      side: this.side,
      quantity: this.quantity,
      averagePrice: this.avgPrice,
      realizedPnl: this.realized,
      fees: this.feesQuote,
      commissions: Object.fromEntries(this.commissions),
      dust: this.dustBase,
      openedTs: this.opened,
      lastTs: this.last,
      fillCount: this.fills,
    };
  }
}

function classify(before: number, after: number): PositionChange {
  if (before === after) return 'unchanged';
  if (before === 0) return 'opened';
  if (after === 0) return 'closed';
  if (Math.sign(before) !== Math.sign(after)) return 'flipped';
  return Math.abs(after) > Math.abs(before) ? 'increased' : 'reduced';
}
