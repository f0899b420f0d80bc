/**
 * A real stack for execution algorithm tests: SimClock, SimVenue (freqtrade fill model,
 * bar-driven), ExecutionEngine and ExecAlgorithms. `bar(ts, o, h, l, c, v)` advances the clock
 * to the bar's open (firing due slice timers first, as the runner does) and matches the bar.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SimClock } from '../../../framework/core/clock.ts';
import type { Candles } from '../../../framework/data/candles.ts';
import { parseCsv } from '../../../framework/data/importers/csv.ts';
import { ExecAlgorithms } from '../../../framework/execution/algorithms/exec-algorithms.ts';
import { ExecutionEngine } from '../../../framework/execution/execution-engine.ts';
import { ClientOrderIdGenerator } from '../../../framework/execution/ids.ts';
import type { Instrument, OrderEvent, OrderRequest } from '../../../framework/execution/types.ts';
import type { SimVenueConfigInput } from '../../../framework/config/sim-venue-schema.ts';
import { SimVenue } from '../../../framework/venues/sim/sim-venue.ts';

export const PAIR = 'BTC/USDT';
export const MIN = 60_000;
export const TF = 5 * MIN;
export const T0 = Date.UTC(2024, 0, 1);

export const BTC: Instrument = {
  id: PAIR,
  venue: 'sim',
  base: 'BTC',
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.001,
  minQuantity: 0.001,
  makerFee: 0.001,
  takerFee: 0.002,
};

export function setup(opts: { instrument?: Instrument; config?: SimVenueConfigInput; start?: number; balances?: Record<string, number> } = {}) {
  const inst = opts.instrument ?? BTC;
  const clock = new SimClock(opts.start ?? T0);
  const venue = new SimVenue({ instruments: [inst], clock, balances: opts.balances ?? { USDT: 10_000_000, BTC: 1_000 }, config: opts.config });
  const submits: OrderRequest[] = [];
  const submit = venue.submit.bind(venue);
  venue.submit = (r: OrderRequest) => {
    submits.push(r);
    return submit(r);
  };
  const engine = new ExecutionEngine({ venue, clock, ids: new ClientOrderIdGenerator('A') });
  const events: OrderEvent[] = [];
  engine.subscribe((e) => events.push(e));
  const algos = new ExecAlgorithms({ engine });
  const bar = (ts: number, o: number, h: number, l: number, c: number, v = 1_000): void => {
    if (clock.now() < ts) clock.advanceTo(ts);
    venue.onBarValues(inst.id, ts, o, h, l, c, v);
    engine.onBar(inst.id, o, h, l, c, ts);
  };
  /** Bars of real candles rows [from, to). */
  const replay = (c: Candles, from: number, to: number): void => {
    for (let i = from; i < to; i++) bar(c.timestamp[i]!, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!);
  };
  return { clock, venue, engine, algos, events, submits, bar, replay };
}

/** Binance BTC/USDT 5m candles of 2023 from ../shared/data. */
export function binanceBtc5m(): Candles {
  const file = path.resolve(import.meta.dirname, '../../../../shared/data/binance_5m_2023/BTC_USDT-5m.csv');
  return parseCsv(readFileSync(file, 'utf8'), file);
}
