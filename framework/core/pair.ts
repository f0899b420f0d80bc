import { UsageError } from './errors.ts';

/** A market symbol as ccxt writes it: BASE/QUOTE, or BASE/QUOTE:SETTLE for futures. */
export type Pair = string;

const PAIR_RE = /^([A-Z0-9][A-Z0-9._-]*)\/([A-Z0-9][A-Z0-9._-]*)(?::([A-Z0-9]+))?$/i;

export interface ParsedPair {
  base: string;
  quote: string;
  settle?: string;
}

export function parsePair(pair: string): ParsedPair {
  const m = PAIR_RE.exec(pair);
  if (!m) throw new UsageError(`invalid pair "${pair}": expected BASE/QUOTE, e.g. BTC/USDT`);
  return m[3] ? { base: m[1]!, quote: m[2]!, settle: m[3] } : { base: m[1]!, quote: m[2]! };
}

/** File-name stem used by the data store and by Freqtrade: BTC/USDT -> BTC_USDT, BTC/USDT:USDT -> BTC_USDT_USDT. */
export function pairToFileStem(pair: Pair): string {
  const p = parsePair(pair);
  return [p.base, p.quote, p.settle].filter(Boolean).join('_');
}

/** Inverse of pairToFileStem for spot pairs (BASE_QUOTE) and futures (BASE_QUOTE_SETTLE). */
export function fileStemToPair(stem: string): Pair {
  const parts = stem.split('_');
  if (parts.length === 2) return `${parts[0]}/${parts[1]}`;
  if (parts.length === 3) return `${parts[0]}/${parts[1]}:${parts[2]}`;
  throw new UsageError(`cannot read a pair from file name "${stem}": expected BASE_QUOTE`);
}
