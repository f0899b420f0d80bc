import { fromSteps } from '../../core/precision.ts';
import type { MarketState } from './fill-model.ts';
import { EXEC_LIMIT, type SimOrder, TRIG_NONE, TRIG_STOP, TRIG_TOUCHED, TRIG_TRAILING } from './sim-order.ts';

/**
 * Price rules shared by the fill models: which way a trigger or a limit fires, whether a price
 * reaches a level, and the trailing-stop ratchet. A "sense" of +1 means "fires when the price
 * is at or above the level", -1 "at or below".
 *
 * Touching is decided with a tolerance of a millionth of a tick (`eps`), never with float
 * equality: a low of 100.1 reaches a limit of 100.1 even when one of them was computed.
 */

/** stop / trailing: buy above, sell below; if-touched: buy below, sell above. */
export function trigSense(o: SimOrder): 1 | -1 {
  if (o.trig === TRIG_TOUCHED) return o.dir > 0 ? -1 : 1;
  return o.dir > 0 ? 1 : -1;
}

/** A buy limit fills at or below its price, a sell limit at or above. */
export function limitSense(o: SimOrder): 1 | -1 {
  return o.dir > 0 ? -1 : 1;
}

/** Trailing activation: a sell trailing stop activates when the price rises to it, a buy when it falls to it. */
export function activationSense(o: SimOrder): 1 | -1 {
  return o.dir > 0 ? -1 : 1;
}

export function reaches(sense: number, price: number, level: number, eps: number): boolean {
  return sense > 0 ? price >= level - eps : price <= level + eps;
}

/** Whether the order still waits for its trigger. */
export function awaitsTrigger(o: SimOrder): boolean {
  return o.trig !== TRIG_NONE && !o.triggered;
}

export function isStopLike(o: SimOrder): boolean {
  return o.trig === TRIG_STOP || o.trig === TRIG_TRAILING;
}

/** The trigger level now (trailing: the ratcheted trigger; NaN while it has none). */
export function triggerLevel(o: SimOrder, tick: number): number {
  return o.trig === TRIG_TRAILING ? o.trailSteps * tick : o.triggerPrice;
}

/** An offset in the order's trailing unit, as a price distance from `ref`. */
export function offsetDistance(unit: SimOrder['trailUnit'], offset: number, ref: number, tick: number): number {
  if (unit === 'bps') return (ref * offset) / 1e4;
  if (unit === 'ticks') return offset * tick;
  return offset;
}

/**
 * Steps of a trailing level `q` (in ticks, fractional) rounded away from the market: down for a
 * sell (its stop and limit sit below the price), up for a buy, so the distance is never less
 * than the offset. A value within float noise of a whole tick is that tick. The engine's
 * emulator rounds the same way (execution/trailing.ts), so native and emulated trailing stops
 * move to the same prices.
 */
function stepsAway(q: number, dir: 1 | -1): number {
  const r = Math.round(q);
  if (Math.abs(q - r) <= 1e-9 * Math.max(1, Math.abs(q))) return r;
  return dir < 0 ? Math.floor(q) : Math.ceil(q);
}

/**
 * Feed the trailing order the price `m.px`: activate it when the price reaches the activation
 * price, move `best` (highest for a sell, lowest for a buy) and ratchet the trigger
 * (best -/+ offset, on the tick grid, rounded away from the market) in the order's favour
 * only. No allocation.
 */
export function trailSee(o: SimOrder, m: MarketState): void {
  const price = m.px;
  const tick = m.tick;
  if (!o.active) {
    if (!reaches(activationSense(o), price, o.activationPrice, m.eps)) return;
    o.active = true;
  }
  if (o.dir < 0) {
    if (!(o.best >= price)) o.best = price; // also replaces NaN
  } else if (!(o.best <= price)) o.best = price;
  const steps = stepsAway((o.best + o.dir * offsetDistance(o.trailUnit, o.trailOffset, o.best, tick)) / tick, o.dir);
  if (o.trailSteps !== o.trailSteps) o.trailSteps = steps;
  else if (o.dir < 0 ? steps > o.trailSteps : steps < o.trailSteps) o.trailSteps = steps;
}

/** Initial trailing trigger from the request's triggerPrice, if any. */
export function trailInit(o: SimOrder, tick: number): void {
  if (o.trig === TRIG_TRAILING && o.triggerPrice === o.triggerPrice) o.trailSteps = Math.round(o.triggerPrice / tick);
}

/**
 * Fix the order at its trigger: record the trigger price (trailing: the ratcheted one, on the
 * grid), set the limit price of a trailing_stop_limit (trigger -/+ limitOffset, or its own
 * price, or the trigger), and mark it fresh (it now arrives as a market or limit order).
 */
export function markTriggered(o: SimOrder, tick: number): void {
  o.triggered = true;
  o.fresh = true;
  if (o.trig === TRIG_TRAILING) {
    o.triggerPrice = fromSteps(o.trailSteps, tick);
    if (o.exec === EXEC_LIMIT) {
      if (o.limitOffset === o.limitOffset) {
        const d = offsetDistance(o.trailUnit, o.limitOffset, o.triggerPrice, tick);
        o.price = fromSteps(stepsAway((o.triggerPrice + o.dir * d) / tick, o.dir), tick);
      } else if (!(o.price === o.price)) o.price = o.triggerPrice;
    }
  }
}

/** Clean decimal trigger for reports (trailing orders keep theirs in ticks while they move). */
export function reportedTrigger(o: SimOrder, tick: number): number {
  if (o.trig === TRIG_TRAILING && !o.triggered) return o.trailSteps === o.trailSteps ? fromSteps(o.trailSteps, tick) : NaN;
  return o.triggerPrice;
}
