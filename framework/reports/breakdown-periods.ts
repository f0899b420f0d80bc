/**
 * The periods of the profit breakdown (`--breakdown`), in report order. A file of its own so
 * the CLI can offer them as choices without loading the result schema (zod).
 */
export const BREAKDOWN_PERIODS = ['day', 'week', 'month', 'year', 'weekday'] as const;
export type BreakdownPeriod = (typeof BREAKDOWN_PERIODS)[number];
