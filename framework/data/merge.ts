import { allocateCandles, sliceCandles, type Candles } from './candles.ts';

/**
 * Merge two candle sets, each sorted by timestamp without duplicates, into one sorted set.
 * On equal timestamps the row from `newer` wins: freshly downloaded candles replace stored
 * ones (an exchange may correct a candle after the fact). One pass, O(n + m).
 */
export function mergeCandles(older: Candles, newer: Candles): Candles {
  const a = older.timestamp;
  const b = newer.timestamp;
  const na = a.length;
  const nb = b.length;
  if (nb === 0) return older;
  if (na === 0) return newer;
  // Common in downloads: the new rows lie wholly after (or before) the stored ones.
  if (a[na - 1]! < b[0]!) return concatCandles([older, newer]);
  if (b[nb - 1]! < a[0]!) return concatCandles([newer, older]);

  const out = allocateCandles(na + nb);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < na || j < nb) {
    let src: Candles;
    let idx: number;
    if (j >= nb || (i < na && a[i]! < b[j]!)) {
      src = older;
      idx = i++;
    } else {
      if (i < na && a[i] === b[j]) i++; // same candle: drop the stored row, keep the new one
      src = newer;
      idx = j++;
    }
    out.timestamp[k] = src.timestamp[idx]!;
    out.open[k] = src.open[idx]!;
    out.high[k] = src.high[idx]!;
    out.low[k] = src.low[idx]!;
    out.close[k] = src.close[idx]!;
    out.volume[k] = src.volume[idx]!;
    k++;
  }
  return k === out.timestamp.length ? out : sliceCandles(out, 0, k);
}

/** Concatenate candle sets in the order given (the caller guarantees they are ordered and disjoint). */
export function concatCandles(parts: readonly Candles[]): Candles {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.timestamp.length;
  const out = allocateCandles(n);
  let off = 0;
  for (const p of parts) {
    out.timestamp.set(p.timestamp, off);
    out.open.set(p.open, off);
    out.high.set(p.high, off);
    out.low.set(p.low, off);
    out.close.set(p.close, off);
    out.volume.set(p.volume, off);
    off += p.timestamp.length;
  }
  return out;
}
