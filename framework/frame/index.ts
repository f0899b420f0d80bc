/** The frame module: what strategy hooks receive and the kernels behind it. */
export { DataFrame } from './dataframe.ts';
export type { ColumnValue, CellValue, FrameOptions } from './dataframe.ts';
export { Series } from './series.ts';
export type { Operand } from './operand.ts';
export { BoolSeries, allOf, anyOf } from './bool-series.ts';
export type { BoolOperand } from './bool-series.ts';
export { Rolling, Ewm } from './window.ts';
export type { RollingOptions, EwmSpec } from './window.ts';
export type { MergeInformativeOptions } from './merge-informative.ts';
export type { FormatOptions } from './format.ts';
export { OHLCV_COLUMNS, SIGNAL_COLUMNS, TAG_COLUMNS, isSignalColumn } from './columns.ts';
export type { Column, TagColumn, SignalColumn } from './columns.ts';
export * as kernels from './kernels/index.ts';
// danfo.ts is deliberately not re-exported: importing it must stay an explicit choice.
