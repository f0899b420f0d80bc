import type { DataFrame } from '../frame/index.ts';
import type { TagColumn } from '../frame/index.ts';

/**
 * The signal columns of an analyzed frame as plain arrays for the engine, and Freqtrade's rules
 * for what a row means when signals collide:
 * - long entry: enter_long == 1 and neither exit_long nor enter_short is 1 on that row;
 * - short entry: enter_short == 1 (only when the strategy can short) and neither exit_short
 *   nor enter_long is 1;
 * - exit signal for an open long: exit_long == 1 and enter_long is not 1 (an entry signal on the
 *   same row cancels the exit signal; shorts mirror it). With use_exit_signal off, none.
 */
export interface SignalArrays {
  readonly length: number;
  readonly enterLong: Float64Array;
  readonly exitLong: Float64Array;
  readonly enterShort: Float64Array;
  readonly exitShort: Float64Array;
  readonly enterTag: TagColumn;
  readonly exitTag: TagColumn;
}

export const ENTRY_NONE = 0;
export const ENTRY_LONG = 1;
export const ENTRY_SHORT = -1;
export type EntryDirection = typeof ENTRY_NONE | typeof ENTRY_LONG | typeof ENTRY_SHORT;

export function signalArrays(df: DataFrame): SignalArrays {
  const n = df.length;
  const numeric = (name: string): Float64Array => (df.has(name) ? df.array(name) : new Float64Array(n));
  const tags = (name: string): TagColumn => (df.has(name) ? df.getTags(name) : new Array<string | null>(n).fill(null));
  return {
    length: n,
    enterLong: numeric('enter_long'),
    exitLong: numeric('exit_long'),
    enterShort: numeric('enter_short'),
    exitShort: numeric('exit_short'),
    enterTag: tags('enter_tag'),
    exitTag: tags('exit_tag'),
  };
}

/** Entry direction on row i (Freqtrade's collision rules above). */
export function entryAt(s: SignalArrays, i: number, canShort: boolean): EntryDirection {
  const el = s.enterLong[i] === 1;
  const es = canShort && s.enterShort[i] === 1;
  if (el && !(s.exitLong[i] === 1 || es)) return ENTRY_LONG;
  if (es && !(s.exitShort[i] === 1 || el)) return ENTRY_SHORT;
  return ENTRY_NONE;
}

/** Whether row i carries an exit signal for an open trade of the given side. */
export function exitSignalAt(s: SignalArrays, i: number, isShort: boolean): boolean {
  return isShort ? s.exitShort[i] === 1 && s.enterShort[i] !== 1 : s.exitLong[i] === 1 && s.enterLong[i] !== 1;
}

/** Whether row i carries an entry signal on the trade's own side (for ignoreRoiIfEntrySignal). */
export function sameSideEntryAt(s: SignalArrays, i: number, isShort: boolean): boolean {
  return isShort ? s.enterShort[i] === 1 : s.enterLong[i] === 1;
}
