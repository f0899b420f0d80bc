import type { FillModel, MarketState, MatchHost } from './fill-model.ts';
import { awaitsTrigger, isStopLike, limitSense, reaches, triggerLevel, trailSee, trigSense } from './order-rules.ts';
import { EXEC_MARKET, type SimOrder, TRIG_TRAILING } from './sim-order.ts';

/**
 * Fill model "freqtrade", version 1: the rules of Freqtrade's backtesting.py, so a Freqtrade
 * user gets the same fills. The bar has no inner time: an order takes part in a bar when it is
 * live at the bar's open, and sees the whole bar; every event of the bar has the bar's open time.
 *
 *  market          fills at the open (taker).
 *  limit           fills when low <= price <= high, AT THE LIMIT PRICE, whatever the open
 *                  (Freqtrade `_get_order_filled`: `row[LOW] <= rate <= row[HIGH]`). So a
 *                  buy limit above the open fills at the limit, and a resting buy limit above
 *                  the whole bar (gap down through it) does NOT fill on that bar: it waits for
 *                  a bar whose range contains the price. Taker when it was marketable at the
 *                  price it first saw (the open, or its trigger price), maker otherwise.
 *  stop_market     triggers when low <= trigger (sell) / high >= trigger (buy) and fills at
 *                  the trigger price; only when the whole bar is beyond the trigger (sell:
 *                  trigger > high; buy: trigger < low) it fills at the open. This is
 *                  Freqtrade's `_get_close_rate_for_stoploss`: a bar that opens below a sell
 *                  stop but trades back up to it fills at the stop.
 *  trailing_stop_* the trailing reference moves to the bar's favourable extreme first (high
 *                  for a sell stop, low for a buy stop), then the trigger is checked against
 *                  the adverse extreme (Freqtrade adjusts the stop at the high, then tests
 *                  the low). Fill as stop_market.
 *  market_if_touched  triggers when high >= trigger (sell) / low <= trigger (buy); fills at
 *                  the open when the bar opens beyond the trigger, else at the trigger
 *                  (Freqtrade's ROI exit: the target, or the open when it opens above it).
 *  stop_limit, limit_if_touched, trailing_stop_limit: trigger as above, then the limit rule
 *                  on the same bar, the first price being the trigger fill price.
 *  IOC / FOK       the order's first bar is its only chance; what is not filled is canceled
 *                  (IOC) or the order is rejected FOK_NOT_FILLABLE (FOK).
 *  post-only       rejected POST_ONLY_WOULD_TAKE when marketable at the open.
 *
 * Orders submitted while the bar is matched (e.g. a stop placed from a fill event) join the
 * same bar, as Freqtrade evaluates the stop loss on the entry candle.
 */
export class FreqtradeFillModel implements FillModel {
  readonly name = 'freqtrade';
  private readonly host: MatchHost;

  constructor(host: MatchHost) {
    this.host = host;
  }

  describe(): Record<string, unknown> {
    return {
      name: 'freqtrade',
      version: 1,
      market: 'open',
      limit: 'low <= price <= high, at the limit price',
      stop: 'stop price; open when the whole bar is beyond it',
      trailing: 'ratchet at the favourable extreme, then test the adverse extreme',
      if_touched: 'trigger price; open when the bar opens beyond it',
      intrabar_time: false,
    };
  }

  bar(m: MarketState): void {
    const live = m.live;
    m.now = m.barTs;
    // Orders appended while the bar is matched (children of fills) are matched too.
    for (let k = 0; k < live.length; k++) {
      const o = live[k]!;
      if (!o.isOpen || o.liveAt > m.barTs) continue;
      this.match(m, o);
      this.host.flush();
    }
  }

  arriveDuringBar(): void {
    // Nothing to do: the bar loop reaches every order appended to `live`.
  }

  private match(m: MarketState, o: SimOrder): void {
    const eps = m.eps;
    const open = m.barOpen;
    const high = m.barHigh;
    const low = m.barLow;
    let first = open;
    if (awaitsTrigger(o)) {
      if (o.trig === TRIG_TRAILING) {
        m.px = open;
        trailSee(o, m);
        m.px = o.dir < 0 ? high : low;
        trailSee(o, m);
        if (!o.active) return;
      }
      const level = triggerLevel(o, m.tick);
      if (level !== level) return;
      const sense = trigSense(o);
      if (!(sense > 0 ? high >= level - eps : low <= level + eps)) return;
      let gap: boolean;
      if (isStopLike(o)) gap = sense > 0 ? level < low - eps : level > high + eps;
      else gap = !reaches(-sense, open, level, eps) && reaches(sense, open, level, eps);
      this.host.trigger(m, o);
      if (!o.isOpen) return;
      first = gap ? open : o.triggerPrice;
      if (o.exec === EXEC_MARKET) {
        m.px = first;
        this.host.execute(m, o, 'taker', true);
        return;
      }
    } else if (o.exec === EXEC_MARKET) {
      m.px = open;
      this.host.execute(m, o, 'taker', true);
      return;
    }
    const p = o.price;
    const crossing = o.fresh && reaches(limitSense(o), first, p, eps);
    if (crossing && o.postOnly) {
      this.host.refuse(m, o, 'POST_ONLY_WOULD_TAKE', `post-only ${o.side} limit ${p} would take at ${first}`);
      return;
    }
    if (low <= p + eps && p <= high + eps) {
      m.px = p;
      this.host.execute(m, o, crossing ? 'taker' : 'maker', false);
    } else {
      this.host.missed(m, o);
    }
  }
}
