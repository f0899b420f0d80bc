import { SIGNAL_COLUMNS, type DataFrame } from '../frame/index.ts';
import { StrategyRuntimeError } from './errors.ts';

/** What a populate hook must leave untouched (Freqtrade's dataframe checks). */
export interface FrameFingerprint {
  length: number;
  lastDate: number;
  lastClose: number;
}

export function fingerprint(df: DataFrame): FrameFingerprint {
  const n = df.length;
  return {
    length: n,
    lastDate: n > 0 ? df.dates[n - 1]! : NaN,
    lastClose: n > 0 ? df.array('close')[n - 1]! : NaN,
  };
}

/**
 * After populate*: the frame must have the same length, last date and last close as the
 * candles it was given (a strategy that drops rows, sorts or shifts the price itself would
 * trade on wrong candles), and signal columns hold only 0 or 1. NaN in a signal column is
 * read as 0 (Freqtrade fills it), and is normalised here so the engine only sees 0/1.
 */
export function checkPopulatedFrame(df: DataFrame, before: FrameFingerprint, where: string): void {
  const after = fingerprint(df);
  if (after.length !== before.length) {
    throw new StrategyRuntimeError(`${where}: the frame has ${after.length} rows after populate, expected ${before.length}; do not drop or add rows`);
  }
  if (!Object.is(after.lastDate, before.lastDate)) {
    throw new StrategyRuntimeError(`${where}: the last date changed during populate (${iso(before.lastDate)} -> ${iso(after.lastDate)}); do not sort or shift the date column`);
  }
  if (!Object.is(after.lastClose, before.lastClose)) {
    throw new StrategyRuntimeError(`${where}: the last close changed during populate (${before.lastClose} -> ${after.lastClose}); do not modify the price columns`);
  }
  for (const name of SIGNAL_COLUMNS) {
    if (!df.has(name)) continue;
    if (df.isTags(name)) throw new StrategyRuntimeError(`${where}: signal column ${name} holds text; it must hold 0 or 1`);
    const col = df.array(name);
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (v === 0 || v === 1) continue;
      if (Number.isNaN(v)) {
        normaliseNaN(df, name);
        break;
      }
      throw new StrategyRuntimeError(`${where}: signal column ${name} holds ${v} at row ${i} (${iso(df.dates[i]!)}); only 0 or 1 are allowed`);
    }
  }
}

function normaliseNaN(df: DataFrame, name: string): void {
  const col = df.array(name);
  const fixed = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (v === 1) fixed[i] = 1;
    else if (v !== 0 && !Number.isNaN(v)) {
      throw new StrategyRuntimeError(`signal column ${name} holds ${v} at row ${i}; only 0 or 1 are allowed`);
    }
  }
  df.set(name, fixed);
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
