import type { OrderRequest } from '../../execution/types.ts';
import type { Accounts } from './accounts.ts';
import type { SimOrder } from './sim-order.ts';

/**
 * One reservation for a list of linked alternatives (OCO / OUO members, e.g. the take-profit and
 * the stop-loss of a bracket), as a spot exchange with native order lists reserves it: Binance
 * locks the base of a sell OCO once for both legs, because at most one leg can use it.
 *
 * Each member still computes its own requirement (SimOrder.lockAmount in lockCurrency); the
 * group locks, per currency, the LARGEST requirement of its open members instead of their sum.
 * A fill of one member may use everything the group holds (plus the free balance); the engine
 * then cancels (OCO) or shrinks (OUO) the others, which lowers the group's lock.
 *
 * Honest limit: between a fill of one member and the engine's cancel/resize reaching the venue
 * (latency, or an OCO whose partial fill changes nothing), the others' requirements can exceed
 * what is left, so the free balance can be negative for a while; an order that would then use
 * more than is there is refused INSUFFICIENT_BALANCE, never filled from nothing.
 *
 * Groups are built from what reaches the venue: `contingency` OCO/OUO and `linkedOrderIds`
 * (order-lists.ts sets them). OTO links (a parent and its children) are not alternatives and
 * are not grouped.
 */
export class LockGroup {
  readonly members: SimOrder[] = [];
  /** Currencies the group holds something in, and how much (parallel arrays: usually one entry). */
  private readonly ccys: string[] = [];
  private readonly held: number[] = [];

  /** What the group holds locked in `ccy` now. */
  heldIn(ccy: string): number {
    const k = this.ccys.indexOf(ccy);
    return k < 0 ? 0 : this.held[k]!;
  }

  /** Re-lock the largest requirement of the open members per currency (members' lockAmount is already updated). */
  sync(accounts: Accounts): void {
    for (const o of this.members) {
      if (o.lockAmount !== 0 && this.ccys.indexOf(o.lockCurrency) < 0) {
        this.ccys.push(o.lockCurrency);
        this.held.push(0);
      }
    }
    for (let k = 0; k < this.ccys.length; k++) {
      const ccy = this.ccys[k]!;
      let want = 0;
      for (const o of this.members) if (o.lockCurrency === ccy && o.lockAmount > want) want = o.lockAmount;
      const delta = want - this.held[k]!;
      if (delta > 0) accounts.lock(ccy, delta);
      else if (delta < 0) accounts.unlock(ccy, -delta);
      this.held[k] = want;
    }
  }
}

/** Whether a request is a member of an OCO / OUO list (its reservation is shared). */
export function sharesReservation(r: OrderRequest): boolean {
  return (r.contingency === 'OCO' || r.contingency === 'OUO') && (r.linkedOrderIds?.length ?? 0) > 0;
}

/** The groups of one venue, found by any member's client order id (members arrive one by one). */
export class LockGroups {
  private readonly byId = new Map<string, LockGroup>();

  /** Put an arriving OCO/OUO member into its list's group (created by the first member to arrive). */
  join(o: SimOrder): LockGroup {
    const ids = o.request.linkedOrderIds ?? [];
    let g = this.byId.get(o.clientOrderId);
    for (let k = 0; g === undefined && k < ids.length; k++) g = this.byId.get(ids[k]!);
    if (g === undefined) g = new LockGroup();
    this.byId.set(o.clientOrderId, g);
    for (const id of ids) if (!this.byId.has(id)) this.byId.set(id, g);
    g.members.push(o);
    return g;
  }
}
