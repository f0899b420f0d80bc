import type { Balance, Instrument, VenuePosition } from '../../execution/types.ts';
import { roundToStep } from '../../core/precision.ts';
import type { SimVenueConfig } from '../../config/sim-venue-schema.ts';

/**
 * Balances and positions held by the simulated venue (its own books, independent of the
 * engine's portfolio, so the venue can refuse an order the way an exchange would).
 *
 * cash (spot): a buy spends qty * price + fee of the quote currency and credits qty of the
 *   base; a sell needs the base and credits the quote minus the fee. Fees are in quote.
 * margin (futures-style): the quote currency is collateral; fills change a signed position per
 *   instrument; reducing realizes PnL into the quote balance; initial margin =
 *   |position| * averagePrice * contractSize / leverage is locked, as is the margin of open
 *   orders. Unrealized PnL is not part of the balance (a wallet balance, as exchanges report).
 *
 * Positions are tracked per instrument from fills in both modes (signed quantity, average
 * entry price); reduce-only checks use them.
 */

interface Money {
  total: number;
  locked: number;
}

interface Position {
  qty: number;
  avg: number;
  /** Initial margin locked for this position (margin accounts). */
  margin: number;
}

/** Relative slack for balance checks: stakes sized from the same balance must not fail on the last bit. */
const BALANCE_TOL = 1e-9;

export class Accounts {
  readonly type: SimVenueConfig['account']['type'];
  readonly leverage: number;
  private readonly money = new Map<string, Money>();
  private readonly pos = new Map<string, Position>();

  constructor(account: SimVenueConfig['account'], starting: Readonly<Record<string, number>>) {
    this.type = account.type;
    this.leverage = account.leverage;
    for (const [ccy, amount] of Object.entries(starting)) this.money.set(ccy, { total: amount, locked: 0 });
  }

  private get(ccy: string): Money {
    let m = this.money.get(ccy);
    if (!m) {
      m = { total: 0, locked: 0 };
      this.money.set(ccy, m);
    }
    return m;
  }

  free(ccy: string): number {
    const m = this.money.get(ccy);
    return m ? m.total - m.locked : 0;
  }

  /** Whether `need` fits into `available` (with a relative tolerance for float noise). */
  static fits(need: number, available: number): boolean {
    return need <= available + BALANCE_TOL * Math.max(1, Math.abs(need));
  }

  lock(ccy: string, amount: number): void {
    if (amount !== 0) this.get(ccy).locked += amount;
  }

  unlock(ccy: string, amount: number): void {
    if (amount === 0) return;
    const m = this.get(ccy);
    m.locked -= amount;
    if (Math.abs(m.locked) < 1e-12 * Math.max(1, m.total)) m.locked = 0;
  }

  /** Signed position quantity of an instrument (0 when flat). */
  position(instrumentId: string): number {
    return this.pos.get(instrumentId)?.qty ?? 0;
  }

  /**
   * What an order needs reserved: currency and amount, for `qty` at `price` (`feeRate` the worst
   * rate). Margin accounts: `increaseQty` is the part of qty that grows the position.
   */
  requirement(inst: Instrument, dir: 1 | -1, qty: number, price: number, feeRate: number, reduceOnly: boolean): { ccy: string; amount: number } {
    const cs = inst.contractSize ?? 1;
    if (this.type === 'cash') {
      if (dir > 0) return { ccy: inst.quote, amount: qty * price * cs * (1 + feeRate) };
      return { ccy: inst.base, amount: qty * cs };
    }
    const p = this.position(inst.id);
    const opposite = dir > 0 ? Math.max(0, -p) : Math.max(0, p);
    const increase = reduceOnly ? 0 : Math.max(0, qty - opposite);
    return { ccy: inst.quote, amount: (increase * price * cs) / this.leverage + qty * price * cs * feeRate };
  }

  /** Book a fill: cash flows (cash) or position, realized PnL and margin (margin); fee in quote. */
  applyFill(inst: Instrument, dir: 1 | -1, qty: number, price: number, fee: number): void {
    const cs = inst.contractSize ?? 1;
    const quote = this.get(inst.quote);
    const realized = this.updatePosition(inst, dir, qty, price);
    if (this.type === 'cash') {
      const base = this.get(inst.base);
      if (dir > 0) {
        quote.total -= qty * price * cs + fee;
        base.total += qty * cs;
      } else {
        quote.total += qty * price * cs - fee;
        base.total -= qty * cs;
      }
    } else {
      quote.total += realized - fee;
    }
  }

  private updatePosition(inst: Instrument, dir: 1 | -1, qty: number, price: number): number {
    let p = this.pos.get(inst.id);
    if (!p) {
      p = { qty: 0, avg: 0, margin: 0 };
      this.pos.set(inst.id, p);
    }
    const cs = inst.contractSize ?? 1;
    const signed = dir * qty;
    let realized = 0;
    if (p.qty === 0 || Math.sign(p.qty) === dir) {
      const n = Math.abs(p.qty) + qty;
      p.avg = (Math.abs(p.qty) * p.avg + qty * price) / n;
      p.qty = roundToStep(p.qty + signed, inst.lotSize);
    } else {
      const closing = Math.min(qty, Math.abs(p.qty));
      realized = (price - p.avg) * closing * cs * Math.sign(p.qty);
      const rest = qty - closing;
      p.qty = roundToStep(p.qty + signed, inst.lotSize);
      if (p.qty === 0) p.avg = 0;
      else if (rest > 0 && Math.sign(p.qty) === dir) p.avg = price;
    }
    if (this.type === 'margin') {
      const m = this.get(inst.quote);
      m.locked -= p.margin;
      p.margin = (Math.abs(p.qty) * p.avg * cs) / this.leverage;
      m.locked += p.margin;
    }
    return realized;
  }

  balances(): Balance[] {
    const out: Balance[] = [];
    for (const [currency, m] of this.money) out.push({ currency, total: m.total, free: m.total - m.locked, locked: m.locked });
    return out;
  }

  positions(): VenuePosition[] {
    const out: VenuePosition[] = [];
    for (const [instrumentId, p] of this.pos) if (p.qty !== 0) out.push({ instrumentId, quantity: p.qty, averagePrice: p.avg });
    return out;
  }
}
