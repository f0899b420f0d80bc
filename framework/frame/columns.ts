/** Column kinds a DataFrame holds and the names with a fixed meaning. */

/** Text per row, e.g. `enter_tag`; null where no tag was set (pandas: NaN / None). */
export type TagColumn = (string | null)[];

export type Column = Float64Array | TagColumn;

/** The OHLCV columns a frame built from candles has, in Freqtrade's order and naming. */
export const OHLCV_COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Signal columns with Freqtrade's meaning. They are Float64 columns holding 0 or 1 (not
 * Uint8Array), so every numeric column has one type and the engine indexes them like prices.
 * `setWhere` creates them filled with 0 (Freqtrade fills their NaN with 0 after populate).
 */
export const SIGNAL_COLUMNS = ['enter_long', 'exit_long', 'enter_short', 'exit_short'] as const;
export const TAG_COLUMNS = ['enter_tag', 'exit_tag'] as const;

export type SignalColumn = (typeof SIGNAL_COLUMNS)[number];

const signalSet: ReadonlySet<string> = new Set(SIGNAL_COLUMNS);

export function isSignalColumn(name: string): name is SignalColumn {
  return signalSet.has(name);
}

/** Columns printed as UTC date-times: `date` and merged informative dates such as `date_1h`. */
export function isDateColumn(name: string): boolean {
  return name === 'date' || name.startsWith('date_');
}
