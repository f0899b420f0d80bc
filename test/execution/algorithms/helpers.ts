/**
 * A real stack for execution algorithm tests: SimClock, SimVenue (freqtrade fill model,
 * bar-driven), ExecutionEngine and ExecAlgorithms. `bar(ts, o, h, l, c, v)` advances the clock
 * to the bar's open (firing due slice timers first, as the runner does) and matches the bar.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Candles } from '../../../framework/data/candles.ts';
import { parseCsv } from '../../../framework/data/importers/csv.ts';
import { ExecAlgorithms } from '../../../framework/execution/algorithms/exec-algorithms.ts';
import type { Instrument } from '../../../framework/execution/types.ts';
import type { SimVenueConfigInput } from '../../../framework/config/sim-venue-schema.ts';
import { engineStack, MIN, SIM_BTC, T0 } from '../../helpers/engine-stack.ts';

export { MIN, T0 } from '../../helpers/engine-stack.ts';

export const PAIR = 'BTC/USDT';
export const TF = 5 * MIN;

export const BTC: Instrument = SIM_BTC;

export function setup(opts: { instrument?: Instrument; config?: SimVenueConfigInput; start?: number; balances?: Record<string, number> } = {}) {
  const inst = opts.instrument ?? BTC;
  const s = engineStack({
    instruments: [inst],
    start: opts.start ?? T0,
    balances: opts.balances ?? { USDT: 10_000_000, BTC: 1_000 },
    config: opts.config,
    portfolio: false,
    idPrefix: 'A',
  });
  const { clock, engine, events, submits } = s;
  const venue = s.sim!;
  const algos = new ExecAlgorithms({ engine });
  const bar = (ts: number, o: number, h: number, l: number, c: number, v = 1_000): void => s.barAt(inst.id, ts, o, h, l, c, v);
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
