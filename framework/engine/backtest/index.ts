/** The backtest runner (one engine: trade manager -> risk -> execution engine -> simulated venue -> portfolio). */
export { runBacktest } from './runner.ts';
export type { BacktestOptions, BacktestOutcome } from './runner.ts';
export { readMarketsFile, findMarketsFile, buildInstrument, tickFromCandles } from './instruments.ts';
export type { MarketSpec } from './instruments.ts';
