import type { FillModel, MarketState, MatchHost } from './fill-model.ts';
import {
  activationSense,
  awaitsTrigger,
  limitSense,
  reaches,
  triggerLevel,
  trailSee,
  trigSense,
} from './order-rules.ts';
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
  private ts = 0;
  private barMs = 0;
  private total = 0;
  /** Time of the cursor. */
  private now = 0;

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

  bar(m: MarketState, ts: number, open: number, high: number, low: number, close: number, barMs: number): void {
    const P = this.P;
    const cum = this.cum;
    const highFirst = high - open <= open - low;
    P[0] = open;
    P[1] = highFirst ? high : low;
    P[2] = highFirst ? low : high;
    P[3] = close;
    cum[0] = 0;
    cum[1] = Math.abs(P[1]! - P[0]!);
    cum[2] = cum[1]! + Math.abs(P[2]! - P[1]!);
    cum[3] = cum[2]! + Math.abs(P[3]! - P[2]!);
    this.m = m;
    this.ts = ts;
    this.barMs = barMs > 0 ? barMs : 0;
    this.total = cum[3]!;
    this.cursor = open;
    this.cursorDist = 0;
    this.moveClock(ts);
    try {
      const live = m.live;
      const n0 = live.length;
      for (let k = 0; k < n0; k++) {
        const o = live[k]!;
        if (!o.isOpen || o.liveAt > ts) continue;
        this.evaluateAt(m, o, open, ts);
        this.host.flush();
      }
      for (let seg = 0; seg < 3; seg++) this.walkSegment(m, seg);
    } finally {
      this.m = null;
    }
  }

  arriveDuringBar(m: MarketState, o: SimOrder): void {
    if (this.m !== m) return;
    this.evaluateAt(m, o, this.cursor, this.now);
  }

  private moveClock(t: number): void {
    this.now = t;
    this.host.setWalkTime(t);
  }

  private timeAt(dist: number): number {
    return this.barMs > 0 && this.total > 0 ? this.ts + (this.barMs * dist) / this.total : this.ts;
  }

  private walkSegment(m: MarketState, seg: number): void {
    const a = this.P[seg]!;
    const b = this.P[seg + 1]!;
    const segStart = this.cum[seg]!;
    const segEnd = this.cum[seg + 1]!;
    const eps = m.eps;
    const live = m.live;
    for (;;) {
      const from = this.cursor;
      // Nearest order touch ahead of the cursor in this segment.
      let touch = Infinity;
      let touchLevel = NaN;
      for (let k = 0; k < live.length; k++) {
        const o = live[k]!;
        if (!o.isOpen) continue;
        const level = this.touchLevel(m, o, from, b);
        if (level === level) {
          const d = Math.abs(level - from);
          if (d < touch) {
            touch = d;
            touchLevel = level;
          }
        }
      }
      // A delayed request or an expiry due inside this segment (intrabar time only).
      let pend = Infinity;
      let pendAt = Infinity;
      if (this.barMs > 0) {
        const t = this.host.nextPendingAt(m);
        if (t < this.ts + this.barMs) {
          const dist = Math.max(this.cursorDist, this.total > 0 ? ((t - this.ts) / this.barMs) * this.total : 0);
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
        const t = this.timeAt(this.cursorDist);
        this.moveClock(t);
        // Every order touched at this price, in arrival order; orders arriving meanwhile were
        // already checked at this price on arrival.
        const n0 = live.length;
        for (let k = 0; k < n0; k++) {
          const o = live[k]!;
          if (!o.isOpen) continue;
          const level = this.touchLevel(m, o, from, b);
          if (level === level && Math.abs(level - touchLevel) <= eps) {
            this.evaluateAt(m, o, level, t);
            this.host.flush();
          }
        }
      } else {
        const len = segEnd - segStart;
        this.cursor = len > 0 ? a + ((b - a) * (this.cursorDist + pend - segStart)) / len : a;
        this.cursorDist += pend;
        this.moveClock(pendAt);
        this.host.processPendingUntil(pendAt, m);
        this.host.flush();
      }
    }
    this.cursor = b;
    this.cursorDist = segEnd;
    this.moveClock(this.timeAt(segEnd));
    // Trailing references follow the path to this turning point.
    for (let k = 0; k < live.length; k++) {
      const o = live[k]!;
      if (o.trig === TRIG_TRAILING && o.isOpen && !o.triggered) trailSee(o, b, m.tick, eps);
    }
  }

  /** The price at which the walk from `from` (exclusive) to `b` (inclusive) reaches the order, or NaN. */
  private touchLevel(m: MarketState, o: SimOrder, from: number, b: number): number {
    if (o.liveAt > this.now) return NaN;
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
      if (level !== level) return NaN;
    } else if (o.exec === EXEC_MARKET || m.capLeft <= 0) {
      return NaN; // market orders trade at points; nothing fills once the bar's cap is used
    } else {
      level = o.price;
      sense = limitSense(o);
    }
    const eps = m.eps;
    if (sense > 0) return level > from + eps && b >= level - eps ? level : NaN;
    return level < from - eps && b <= level + eps ? level : NaN;
  }

  /** The order sees `price` at time `ts`: trigger, fill or rest. */
  private evaluateAt(m: MarketState, o: SimOrder, price: number, ts: number): void {
    const eps = m.eps;
    if (awaitsTrigger(o)) {
      if (o.trig === TRIG_TRAILING) {
        trailSee(o, price, m.tick, eps);
        if (!o.active) return;
      }
      const level = triggerLevel(o, m.tick);
      if (level !== level || !reaches(trigSense(o), price, level, eps)) return;
      this.host.trigger(m, o, ts);
      if (!o.isOpen) return;
      if (Math.abs(price - level) <= eps) price = o.triggerPrice; // touched: the clean trigger price
    }
    if (o.exec === EXEC_MARKET) {
      this.host.execute(m, o, price, 'taker', true, ts);
      return;
    }
    const p = o.price;
    if (!reaches(limitSense(o), price, p, eps)) {
      this.host.missed(m, o, ts);
      return;
    }
    if (o.fresh && o.postOnly) {
      this.host.refuse(m, o, 'POST_ONLY_WOULD_TAKE', `post-only ${o.side} limit ${p} would take at ${price}`, ts);
      return;
    }
    this.host.execute(m, o, Math.abs(price - p) <= eps ? p : price, o.fresh ? 'taker' : 'maker', false, ts);
  }
}
