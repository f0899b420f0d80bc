import { UsageError } from '../core/errors.ts';
import { nearlyEqual, roundToStep } from '../core/precision.ts';
import type { Order } from './order.ts';
import type { ContingencyType, OrderEvent, OrderRequest } from './types.ts';

/**
 * Linked orders (NautilusTrader's contingency types):
 * - OTO (one-triggers-other): the parent's `linkedOrderIds` are children, held in the engine
 *   (status INITIALIZED) until the parent fills. The first fill activates them with the filled
 *   quantity; later fills grow them. A parent closed without any fill cancels its held
 *   children; a parent closed after a partial fill keeps them (they protect the position).
 * - OCO (one-cancels-other): when a member fills completely or is cancelled/expired/rejected,
 *   the other members are cancelled. A partial fill changes nothing.
 * - OUO (one-updates-other): a fill of one member reduces the others by the same quantity;
 *   a member with nothing left is cancelled. Cancelling one member leaves the others.
 * A bracket is OTO(entry -> [take-profit, stop-loss]) with the two children OUO (or OCO).
 *
 * Quantities: a member's target quantity is its base (its requested quantity, or the parent's
 * filled quantity for a child) minus, for OUO, what the other members have filled.
 */
export interface ContingencyHost {
  order(clientOrderId: string): Order | undefined;
  /** Send a held child with `quantity`; `final` = the parent will not fill more (deny if invalid). */
  activate(child: Order, quantity: number, final: boolean): void;
  /** Change an open order's quantity (locally or by a venue modify). */
  resize(order: Order, quantity: number): void;
  cancel(clientOrderId: string, reason: string): void;
  lotSize(instrumentId: string): number;
}

interface Group {
  type: 'OCO' | 'OUO';
  members: string[];
}

export class ContingencyManager {
  private readonly parentOf = new Map<string, string>();
  private readonly childrenOf = new Map<string, string[]>();
  /**
   * Whether any order was ever linked (childrenOf or groupOf has an entry; they never shrink).
   * onEvent has nothing to do before: the engine asks this first (one call less per event).
   */
  hasLinks = false;
  private readonly groupOf = new Map<string, Group>();
  private readonly baseQuantity = new Map<string, number>();

  constructor(private readonly host: ContingencyHost) {}

  /**
   * Structural checks of a list before any order of it is created: ids unique and new, every
   * link points inside the list and is mirrored, linked orders share the instrument. Throws
   * UsageError (a programming mistake, not a market decision).
   */
  static checkList(requests: readonly OrderRequest[], exists: (id: string) => boolean): void {
    const byId = new Map<string, OrderRequest>();
    for (const r of requests) {
      if (!r.clientOrderId) throw new UsageError('order list: every order needs a clientOrderId');
      if (byId.has(r.clientOrderId)) throw new UsageError(`order list: clientOrderId ${r.clientOrderId} appears twice`);
      if (exists(r.clientOrderId)) throw new UsageError(`order list: clientOrderId ${r.clientOrderId} is already used by an order in the engine`);
      byId.set(r.clientOrderId, r);
    }
    const fail = (r: OrderRequest, what: string): never => {
      throw new UsageError(`order list: order ${r.clientOrderId}: ${what}`);
    };
    for (const r of requests) {
      const c: ContingencyType | undefined = r.contingency;
      if (c !== undefined && c !== 'OTO' && c !== 'OCO' && c !== 'OUO') fail(r, `contingency '${String(c)}' is not OTO, OCO or OUO`);
      const links = r.linkedOrderIds ?? [];
      if (c !== undefined && links.length === 0) fail(r, `contingency ${c} needs linkedOrderIds`);
      if (c === undefined && links.length > 0) fail(r, 'linkedOrderIds given without a contingency type');
      for (const id of links) {
        const other = byId.get(id);
        if (!other) return fail(r, `linked order ${id} is not in the list`);
        if (id === r.clientOrderId) fail(r, 'links to itself');
        if (other.instrumentId !== r.instrumentId) fail(r, `linked order ${id} is on ${other.instrumentId}, not ${r.instrumentId}`);
        if (c === 'OTO') {
          if (other.parentOrderId !== r.clientOrderId) fail(r, `child ${id} must have parentOrderId ${r.clientOrderId}`);
        } else {
          if (other.contingency !== c || !(other.linkedOrderIds ?? []).includes(r.clientOrderId)) {
            fail(r, `linked order ${id} must also be ${c} and link back to ${r.clientOrderId}`);
          }
          // A group is every member linked to every other one (one group per order).
          const mine = new Set([r.clientOrderId, ...links]);
          const theirs = new Set([id, ...(other.linkedOrderIds ?? [])]);
          if (mine.size !== theirs.size || [...mine].some((m) => !theirs.has(m))) {
            fail(r, `${c} group differs between ${r.clientOrderId} and ${id}: every member must link to every other one`);
          }
          if (other.parentOrderId !== r.parentOrderId) fail(r, `linked order ${id} must have the same parent`);
        }
      }
      if (r.parentOrderId !== undefined) {
        const parent = byId.get(r.parentOrderId);
        if (!parent) return fail(r, `parent ${r.parentOrderId} is not in the list`);
        if (parent.contingency !== 'OTO' || !(parent.linkedOrderIds ?? []).includes(r.clientOrderId)) {
          fail(r, `parent ${r.parentOrderId} must be OTO and list this order in its linkedOrderIds`);
        }
      }
    }
  }

  /** Record the links of a list that passed `checkList`. */
  register(requests: readonly OrderRequest[]): void {
    for (const r of requests) {
      if (r.contingency === 'OTO' || r.contingency === 'OCO' || r.contingency === 'OUO') this.hasLinks = true;
      this.baseQuantity.set(r.clientOrderId, r.quantity);
      if (r.parentOrderId !== undefined) this.parentOf.set(r.clientOrderId, r.parentOrderId);
      if (r.contingency === 'OTO') this.childrenOf.set(r.clientOrderId, [...(r.linkedOrderIds ?? [])]);
      if ((r.contingency === 'OCO' || r.contingency === 'OUO') && !this.groupOf.has(r.clientOrderId)) {
        const group: Group = { type: r.contingency, members: [r.clientOrderId, ...(r.linkedOrderIds ?? [])] };
        for (const id of group.members) this.groupOf.set(id, group);
      }
    }
  }

  /** The OTO parent of a child (children are held in INITIALIZED until the parent fills). */
  parentId(clientOrderId: string): string | undefined {
    return this.parentOf.get(clientOrderId);
  }

  children(clientOrderId: string): readonly string[] {
    return this.childrenOf.get(clientOrderId) ?? [];
  }

  linked(clientOrderId: string): readonly string[] {
    const g = this.groupOf.get(clientOrderId);
    return g ? g.members.filter((m) => m !== clientOrderId) : [];
  }

  /** React to an event already applied to `order`. */
  onEvent(order: Order, event: OrderEvent): void {
    // Most runs link no orders at all: no lookups per event then.
    if (!this.hasLinks) return;
    const id = order.clientOrderId;
    const kids = this.childrenOf.get(id);
    const group = this.groupOf.get(id);
    if (!kids && !group) return;

    if (event.type === 'filled') {
      if (kids) for (const k of kids) this.sync(k);
      if (group) {
        if (group.type === 'OCO') {
          if (order.status === 'FILLED') this.cancelOthers(group, id, `OCO: ${id} filled`);
        } else {
          for (const m of group.members) if (m !== id) this.sync(m);
        }
      }
      return;
    }
    if (event.type === 'canceled' || event.type === 'expired' || event.type === 'rejected' || event.type === 'denied') {
      if (kids) {
        if (order.filledQuantity === 0) {
          for (const k of kids) this.cancelIfOpen(k, `OTO: parent ${id} ${event.type} without a fill`);
        } else {
          for (const k of kids) this.sync(k); // deferred activations become final
        }
      }
      if (group?.type === 'OCO') this.cancelOthers(group, id, `OCO: ${id} ${event.type}`);
    }
  }

  /** Target quantity of a member/child (see the class comment), on the lot grid. */
  targetQuantity(order: Order): number {
    const id = order.clientOrderId;
    const parentId = this.parentOf.get(id);
    let base = parentId !== undefined ? (this.host.order(parentId)?.filledQuantity ?? 0) : (this.baseQuantity.get(id) ?? order.quantity);
    const group = this.groupOf.get(id);
    if (group?.type === 'OUO') {
      for (const m of group.members) if (m !== id) base -= this.host.order(m)?.filledQuantity ?? 0;
    }
    return roundToStep(Math.max(0, base), this.host.lotSize(order.instrumentId));
  }

  private sync(memberId: string): void {
    const m = this.host.order(memberId);
    if (!m || m.isClosed) return;
    const target = this.targetQuantity(m);
    const parentId = this.parentOf.get(memberId);
    const parent = parentId !== undefined ? this.host.order(parentId) : undefined;
    const nothingLeft = target <= m.filledQuantity || nearlyEqual(target, m.filledQuantity);
    if (m.status === 'INITIALIZED' && parent) {
      if (parent.filledQuantity === 0) return;
      if (nothingLeft) this.host.cancel(memberId, 'OUO: no quantity left');
      else this.host.activate(m, target, parent.isClosed);
      return;
    }
    if (nothingLeft) {
      this.host.cancel(memberId, 'OUO: no quantity left');
    } else if (!nearlyEqual(target, m.quantity)) {
      this.host.resize(m, target);
    }
  }

  private cancelOthers(group: Group, except: string, reason: string): void {
    for (const m of group.members) if (m !== except) this.cancelIfOpen(m, reason);
  }

  private cancelIfOpen(id: string, reason: string): void {
    const o = this.host.order(id);
    if (o && o.isOpen && o.status !== 'PENDING_CANCEL') this.host.cancel(id, reason);
  }
}
