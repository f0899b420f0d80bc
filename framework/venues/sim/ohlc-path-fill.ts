import type { FillModel, MarketState, MatchHost } from './fill-model.ts';
import { activationSense, awaitsTrigger, limitSense, reaches, triggerLevel, trailSee, trigSense } from './order-rules.ts';
import { EXEC_MARKET, type SimOrder, TRIG_TRAILING } from './sim-order.ts';

/**
 * Fill model "ohlc_path": the price walks open -> nearer extreme -> other extreme -> close,
 * in straight segments. The nearer extreme is the one closer to the open; on a tie the high
 * comes first. Every order is checked at the open (resting orders: the gap since the last bar;
 * new orders: their first price), then along each segment in the order the prices are touched:
 *
 *  - a price seen at a point (the open, or where an order arrives) fills a marketable limit at
 *    that price (a gap fill, better than the limit), fires a trigger already passed at that
 *    price (a stop gapped through fills at the open), fills a market order;
 *  - along a segment, a limit fills at its limit price when the price reaches it, a trigger
 *    fires at its trigger price and the released market order fills there (plus slippage);
 *  - trailing stops ratchet along the path: the best price is updated at every turning point,
 *    activation happens where the path reaches the activation price;
 *  - a stop-limit / if-touched-limit released at its trigger fills at once if marketable there
 *    (taker), else rests and fills when the path later reaches its limit (maker).
 * Orders touched at the same price trade in arrival order.
 *
 * Intrabar time (when the bar duration is known): the walk moves at constant speed over the bar,
 * so the point at distance d of the total path length L is at time ts + barMs * d / L. Orders
 * arriving with latency join the walk at the point of their arrival time; cancels and expiries
 * take effect there; fill events carry that time. Without a bar duration everything is at ts.
 *
 * Prices and times live in fields, not arguments: see MarketState (no boxing, no allocation).
 */
export class OhlcPathFillModel implements FillModel {
  readonly name = 'ohlc_path';
  private readonly host: MatchHost;
  private readonly P = new Float64Array(4);
  private readonly cum = new Float64Array(4);
  // The walk in progress (one bar of one instrument at a time).
  private m: MarketState | null = null;
  private cursor = 0;
  private cursorDist = 0;
  private barMs = 0;
  private total = 0;
  /** Segment being walked: from `from` (exclusive, the cursor) to `segB` (inclusive). */
  private from = 0;
  private segB = 0;
  /** Result of `touches`: the level where the order is reached. */
  private level = 0;

  constructor(host: MatchHost) {
    this.host = host;
  }

  describe(): Record<string, unknown> {
    return {
      name: 'ohlc_path',
      version: 1,
      path: 'open -> nearer extreme -> other extreme -> close (tie: high first)',
      limit: 'limit price when touched; the point price when already beyond it (gap)',
      stop: 'trigger price when touched; the point price when gapped through',
      trailing: 'ratchets along the path',
      intrabar_time: 'constant speed over the bar when the bar duration is known',
    };
  }

  bar(m: MarketState, barMs: number): void {
    const P = this.P;
    const cum = this.cum;
    const open = m.barOpen;
    const high = m.barHigh;
    const low = m.barLow;
    const highFirst = high - open <= open - low;
    P[0] = open;
    P[1] = highFirst ? high : low;
    P[2] = highFirst ? low : high;
    P[3] = m.barClose;
    cum[0] = 0;
    cum[1] = Math.abs(P[1]! - P[0]!);
    cum[2] = cum[1]! + Math.abs(P[2]! - P[1]!);
    cum[3] = cum[2]! + Math.abs(P[3]! - P[2]!);
    this.m = m;
    this.barMs = barMs > 0 ? barMs : 0;
    this.total = cum[3]!;
    this.cursor = open;
    this.cursorDist = 0;
    m.now = m.barTs;
    try {
      const live = m.live;
      const n0 = live.length;
      for (let k = 0; k < n0; k++) {
        const o = live[k]!;
        if (!o.isOpen || o.liveAt > m.now) continue;
        m.px = open;
        this.evaluate(m, o);
        this.host.flush();
      }
      if (this.mayTouch(m, barMs)) for (let seg = 0; seg < 3; seg++) this.walkSegment(m, seg);
    } finally {
      this.m = null;
    }
  }

  arriveDuringBar(m: MarketState, o: SimOrder): void {
    if (this.m !== m) return;
    m.px = this.cursor;
    this.evaluate(m, o);
  }

  private timeAt(dist: number): number {
    const m = this.m!;
    return this.barMs > 0 && this.total > 0 ? m.barTs + (this.barMs * dist) / this.total : m.barTs;
  }

  private walkSegment(m: MarketState, seg: number): void {
    const a = this.P[seg]!;
    const b = this.P[seg + 1]!;
    const segStart = this.cum[seg]!;
    const segEnd = this.cum[seg + 1]!;
    const eps = m.eps;
    const live = m.live;
    this.segB = b;
    for (;;) {
      this.from = this.cursor;
      // Nearest order touch ahead of the cursor in this segment.
      let touch = Infinity;
      let touchLevel = 0;
      for (let k = 0; k < live.length; k++) {
        const o = live[k]!;
        if (o.isOpen && this.touches(m, o)) {
          const d = Math.abs(this.level - this.from);
          if (d < touch) {
            touch = d;
            touchLevel = this.level;
          }
        }
      }
      // A delayed request, report or expiry due inside this segment (intrabar time only).
      let pend = Infinity;
      let pendAt = Infinity;
      if (this.barMs > 0) {
        const t = this.host.nextPendingAt(m);
        if (t < m.barTs + this.barMs) {
          const dist = Math.max(this.cursorDist, this.total > 0 ? ((t - m.barTs) / this.barMs) * this.total : 0);
          if (dist <= segEnd) {
            pend = dist - this.cursorDist;
            pendAt = t;
          }
        }
      }
      if (touch === Infinity && pend === Infinity) break;
      if (touch <= pend) {
        this.cursor = touchLevel;
        this.cursorDist += touch;
        m.now = this.timeAt(this.cursorDist);
        // Every order touched at this price, in arrival order; orders arriving meanwhile were
        // already checked at this price on arrival.
        const n0 = live.length;
        for (let k = 0; k < n0; k++) {
          const o = live[k]!;
          if (o.isOpen && this.touches(m, o) && Math.abs(this.level - touchLevel) <= eps) {
            m.px = this.level;
            this.evaluate(m, o);
            this.host.flush();
          }
        }
      } else {
        const len = segEnd - segStart;
        this.cursor = len > 0 ? a + ((b - a) * (this.cursorDist + pend - segStart)) / len : a;
        this.cursorDist += pend;
        m.now = pendAt;
        this.host.processPendingUntilNow(m);
        this.host.flush();
      }
    }
    this.cursor = b;
    this.cursorDist = segEnd;
    const t = this.timeAt(segEnd);
    if (t > m.now) m.now = t;
    // Trailing references follow the path to this turning point.
    m.px = b;
    for (let k = 0; k < live.length; k++) {
      const o = live[k]!;
      if (o.trig === TRIG_TRAILING && o.isOpen && !o.triggered) trailSee(o, m);
    }
  }

  /**
   * Whether walking the segments can change anything: an order level inside [low, high], a
   * trailing order (it ratchets at the turning points) or something due inside the bar. Far
   * resting orders, the usual case, then cost one check per bar instead of a walk.
   */
  private mayTouch(m: MarketState, barMs: number): boolean {
    if (barMs > 0 && this.host.nextPendingAt(m) < m.barTs + barMs) return true;
    const lo = m.barLow - m.eps;
    const hi = m.barHigh + m.eps;
    const live = m.live;
    for (let k = 0; k < live.length; k++) {
      const o = live[k]!;
      if (!o.isOpen) continue;
      if (o.trig === TRIG_TRAILING && !o.triggered) return true;
      const level = awaitsTrigger(o) ? o.triggerPrice : o.exec === EXEC_MARKET ? NaN : o.price;
      if (level >= lo && level <= hi) return true;
    }
    return false;
  }

  /**
   * Whether the walk from `this.from` (exclusive) to `this.segB` (inclusive) reaches the order;
   * the level is left in `this.level`.
   */
  private touches(m: MarketState, o: SimOrder): boolean {
    if (o.liveAt > m.now) return false;
    let level: number;
    let sense: number;
    if (awaitsTrigger(o)) {
      if (o.trig === TRIG_TRAILING && !o.active) {
        level = o.activationPrice;
        sense = activationSense(o);
      } else {
        level = triggerLevel(o, m.tick);
        sense = trigSense(o);
      }
      if (level !== level) return false;
    } else if (o.exec === EXEC_MARKET || m.capLeft <= 0) {
      return false; // market orders trade at points; nothing fills once the bar's cap is used
    } else {
      level = o.price;
      sense = limitSense(o);
    }
    const eps = m.eps;
    const ok = sense > 0 ? level > this.from + eps && this.segB >= level - eps : level < this.from - eps && this.segB <= level + eps;
    this.level = level;
    return ok;
  }

  /** The order sees the price m.px at time m.now: trigger, fill or rest. */
  private evaluate(m: MarketState, o: SimOrder): void {
    const eps = m.eps;
    if (awaitsTrigger(o)) {
      if (o.trig === TRIG_TRAILING) {
        trailSee(o, m);
        if (!o.active) return;
      }
      const level = triggerLevel(o, m.tick);
      if (level !== level || !reaches(trigSense(o), m.px, level, eps)) return;
      this.host.trigger(m, o);
      if (!o.isOpen) return;
      if (Math.abs(m.px - level) <= eps) m.px = o.triggerPrice; // touched: the clean trigger price
    }
    if (o.exec === EXEC_MARKET) {
      this.host.execute(m, o, 'taker', true);
      return;
    }
    const p = o.price;
    const price = m.px;
    if (!reaches(limitSense(o), price, p, eps)) {
      this.host.missed(m, o);
      return;
    }
    if (o.fresh && o.postOnly) {
      this.host.refuse(m, o, 'POST_ONLY_WOULD_TAKE', `post-only ${o.side} limit ${p} would take at ${price}`);
      return;
    }
    if (Math.abs(price - p) <= eps) m.px = p;
    this.host.execute(m, o, o.fresh ? 'taker' : 'maker', false);
  }
}
