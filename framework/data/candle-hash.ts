/**
 * The sha256 that identifies the candles a result was computed from (a backtest's `dataHashes`,
 * documented provenance): the bytes of the timestamp, open, high, low, close and volume columns,
 * in that order, little endian float64.
 */
import { createHash } from 'node:crypto';
import type { Candles } from './candles.ts';

export function hashCandles(c: Candles): string {
  const h = createHash('sha256');
  for (const col of [c.timestamp, c.open, c.high, c.low, c.close, c.volume]) {
    h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  }
  return h.digest('hex');
}
