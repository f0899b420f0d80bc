import { fromSteps } from '../core/precision.ts';
import type { ExecutionEngineView } from '../execution/gate.ts';
import type { Instrument } from '../execution/instrument.ts';
import type { OrderRequest } from '../execution/types.ts';
import type { Denial } from '../execution/validation.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import { fmt, pct, REL_EPS } from './format.ts';
import type { InstrumentTable } from './instruments.ts';
import { positionQuantityLimit } from './limits.ts';
import { RISK_REASONS } from './reasons.ts';
import type { RiskScope } from './scope.ts';

/**
 * The checks that look at what an order adds to a scope (position per pair, total exposure,
 * open trades) and the balance reservation. Pure arithmetic on integer lots and the last
 * prices; no allocation unless an order is denied.
 */

export type Deny = (reason: string, message: string) => Denial;

export interface ScopeCheck {
  table: InstrumentTable;
  scope: RiskScope;
  /** "the account" / "strategy X", for messages. */
  who: string;
  i: number;
  dir: 1 | -1;
  /** Lots the order adds to the open orders of its side. */
  addLots: number;
  /** Price the order is valued at, undefined when none is known. */
  px: number | undefined;
  r: OrderRequest;
  engine: ExecutionEngineView | undefined;
  equity: () => number;
  openTrades: (scope: RiskScope) => number;
  deny: Deny;
}

export function noPriceDenial(deny: Deny, r: OrderRequest): Denial {
  return deny(RISK_REASONS.NO_PRICE, `order ${r.clientOrderId}: no last price for ${r.instrumentId}, so the notional of this ${r.type} order cannot be checked`);
}

/** Position per pair, total exposure and open trades of one scope after the order, worst case. */
export function scopeDenial(c: ScopeCheck): Denial | null {
  const { table: t, scope, i, dir, addLots, px, r, who, deny } = c;
  const l = scope.limits;
  const lot = t.lotSize[i]!;
  const pos = scope.pos[i]!;
  const buy = scope.pendBuy[i]!;
  const sell = scope.pendSell[i]!;
  const worstLots = dir > 0 ? pos + buy + addLots : -(pos - sell - addLots);

  const qLimit = positionQuantityLimit(l, r.instrumentId);
  if (qLimit !== Infinity && worstLots * lot > qLimit * (1 + REL_EPS)) {
    return deny(
      RISK_REASONS.MAX_POSITION,
      `order ${r.clientOrderId}: ${who} position in ${r.instrumentId} could reach ${fmt(fromSteps(worstLots, lot))} (position ${fmt(fromSteps(pos, lot))}, open ${r.side}s ${fmt(fromSteps(dir > 0 ? buy : sell, lot))}, this order ${r.quantity}); max_position_quantity is ${fmt(qLimit)}`,
    );
  }
  if (l.maxPositionNotional !== Infinity || l.maxTotalExposure !== Infinity || l.maxExposureRatio !== Infinity) {
    if (px === undefined) return noPriceDenial(deny, r);
    const worstNotional = worstLots * lot * t.multiplier[i]! * px * t.quoteRate[i]!;
    if (worstNotional > l.maxPositionNotional * (1 + REL_EPS)) {
      return deny(
        RISK_REASONS.MAX_POSITION,
        `order ${r.clientOrderId}: ${who} position in ${r.instrumentId} could reach a notional of ${fmt(worstNotional)} (${fmt(fromSteps(worstLots, lot))} x ${px}); max_position_notional is ${fmt(l.maxPositionNotional)}`,
      );
    }
    if (l.maxTotalExposure !== Infinity || l.maxExposureRatio !== Infinity) {
      const total = exposureWith(c, px);
      if (total > l.maxTotalExposure * (1 + REL_EPS)) {
        return deny(
          RISK_REASONS.MAX_EXPOSURE,
          `order ${r.clientOrderId}: ${who} exposure would reach ${fmt(total)} with this order; max_total_exposure is ${fmt(l.maxTotalExposure)}`,
        );
      }
      if (l.maxExposureRatio !== Infinity) {
        const equity = c.equity();
        if (equity > 0 && total > l.maxExposureRatio * equity * (1 + REL_EPS)) {
          return deny(
            RISK_REASONS.MAX_EXPOSURE,
            `order ${r.clientOrderId}: ${who} exposure would reach ${fmt(total)} = ${pct(total / equity)} of equity ${fmt(equity)}; max_exposure_ratio is ${pct(l.maxExposureRatio)}`,
          );
        }
      }
    }
  }
  if (l.maxOpenTrades !== Infinity && pos === 0 && buy === 0 && sell === 0) {
    const open = c.openTrades(scope);
    if (open >= l.maxOpenTrades) {
      return deny(
        RISK_REASONS.MAX_OPEN_TRADES,
        `order ${r.clientOrderId}: ${who} already has ${open} open trade(s) and this order would open another on ${r.instrumentId}; max_open_trades is ${l.maxOpenTrades}`,
      );
    }
  }
  return null;
}

/** Sum over pairs of max(|position + open buys|, |position - open sells|) x price, with the order added. */
function exposureWith(c: ScopeCheck, px: number): number {
  const { table: t, scope, i, dir, addLots } = c;
  let total = 0;
  for (let j = 0; j < scope.pos.length; j++) {
    const p = scope.pos[j]!;
    let b = scope.pendBuy[j]!;
    let s = scope.pendSell[j]!;
    if (j === i) {
      if (dir > 0) b += addLots;
      else s += addLots;
    }
    const worst = Math.max(Math.abs(p + b), Math.abs(p - s));
    if (worst === 0) continue;
    const price = j === i ? px : t.priceAt(j, c.engine);
    if (!(price > 0)) continue;
    total += worst * t.lotSize[j]! * t.multiplier[j]! * price * t.quoteRate[j]!;
  }
  return total;
}

/**
 * Reserve in the portfolio what the part of an order that adds exposure needs: cash accounts
 * quantity x price x (1 + fee) of the quote for a buy and the base quantity for a sell; margin
 * accounts notional / leverage + fee. `leavesLots` is the order's remaining quantity, so fills
 * free the reservation pro rata. A denial when the free balance is short.
 */
export function reserveBalance(
  pf: Portfolio,
  r: OrderRequest,
  inst: Instrument,
  incLots: number,
  leavesLots: number,
  px: number | undefined,
  deny: Deny,
): Denial | null {
  const lot = inst.lotSize;
  const units = incLots * lot * (inst.contractSize ?? 1);
  const fee = Math.max(inst.takerFee, inst.makerFee, 0);
  let currency: string;
  let amount: number;
  if (pf.accounting === 'cash' && r.side === 'sell') {
    currency = inst.base;
    amount = units;
  } else {
    if (px === undefined || !(px > 0)) return noPriceDenial(deny, r);
    currency = inst.quote;
    amount = pf.accounting === 'cash' ? units * px * (1 + fee) : (units * px) / pf.leverage + units * px * fee;
  }
  const quantity = leavesLots * lot;
  if (!(quantity > 0) || pf.reserve(r.clientOrderId, currency, amount, quantity)) return null;
  const held = pf.reservation(r.clientOrderId);
  const free = pf.free(currency) + (held && held.currency === currency ? held.amount : 0);
  return deny(
    RISK_REASONS.INSUFFICIENT_BALANCE,
    `order ${r.clientOrderId}: needs ${fmt(amount)} ${currency} (${r.side} ${fmt(units)} ${inst.base}${px !== undefined ? ` at ${px}` : ''}) but only ${fmt(free)} ${currency} is free`,
  );
}
