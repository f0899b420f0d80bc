/**
 * A fingerprint of a trade list: sha256 over a canonical binary encoding, so two runs with the
 * same inputs and seed can be compared with one string. The encoding is fixed here and does
 * not depend on object key order, platform or JSON details. After the header line
 * `keel-trade-list-v1\n<field names joined by |>\n`, each trade contributes its fields in
 * TRADE_HASH_FIELDS order, each as a type byte and a payload:
 *   0x00 null
 *   0x01 number: IEEE-754 float64, little endian (-0 written as +0, every NaN as the canonical NaN)
 *   0x02 string: uint32 LE byte length + UTF-8 bytes
 *   0x03 boolean: one byte 0 / 1
 * Binary floats keep every bit and avoid formatting millions of numbers as text.
 */
import { createHash } from 'node:crypto';
import type { TradeRecord } from '../portfolio/trade-record.ts';

const HASH_FORMAT = 'keel-trade-list-v1';

export const TRADE_HASH_FIELDS = [
  'id', 'pair', 'isShort', 'leverage', 'openDate', 'closeDate', 'openRate', 'closeRate', 'amount', 'stakeAmount',
  'feeOpen', 'feeClose', 'feeOpenCost', 'feeCloseCost', 'profitRatio', 'profitAbs', 'exitReason', 'enterTag',
  'exitTag', 'minRate', 'maxRate', 'initialStopLoss', 'stopLoss', 'isOpen', 'nrOfEntries', 'nrOfExits',
] as const satisfies ReadonlyArray<keyof TradeRecord>;

// A field added to TradeRecord must be added to the hash too (or the hash would ignore it).
type Missing = Exclude<keyof TradeRecord, (typeof TRADE_HASH_FIELDS)[number]>;
const _allFieldsHashed: [Missing] extends [never] ? true : Missing = true;
void _allFieldsHashed;

const CHUNK = 1 << 16;

/** sha256 (hex) of the canonical encoding of `trades`. */
export function hashTradeList(trades: readonly TradeRecord[]): string {
  const h = createHash('sha256');
  h.update(`${HASH_FORMAT}\n${TRADE_HASH_FIELDS.join('|')}\n`);
  let buf = new Uint8Array(CHUNK);
  // DataView stores are single instructions once compiled and cheap builtins before that: the
  // hash runs once per backtest, mostly as cold code, where Buffer's JS writers were ~10x slower.
  let view = new DataView(buf.buffer);
  let pos = 0;
  // Pairs, exit reasons and tags repeat: each distinct string is encoded once.
  const encoded = new Map<string, Uint8Array>();
  const reserve = (n: number): void => {
    if (pos + n <= buf.length) return;
    h.update(buf.subarray(0, pos));
    pos = 0;
    if (n > buf.length) {
      buf = new Uint8Array(n);
      view = new DataView(buf.buffer);
    }
  };
  const num = (v: number): void => {
    reserve(9);
    buf[pos++] = 0x01;
    view.setFloat64(pos, Number.isNaN(v) ? NaN : v === 0 ? 0 : v, true);
    pos += 8;
  };
  const bool = (v: boolean): void => {
    reserve(2);
    buf[pos++] = 0x03;
    buf[pos++] = v ? 1 : 0;
  };
  const str = (v: string | null): void => {
    if (v === null || v === undefined) {
      reserve(1);
      buf[pos++] = 0x00;
      return;
    }
    let bytes = encoded.get(v);
    if (bytes === undefined) {
      bytes = Buffer.from(v, 'utf8');
      encoded.set(v, bytes);
    }
    reserve(5 + bytes.length);
    buf[pos++] = 0x02;
    view.setUint32(pos, bytes.length, true);
    pos += 4;
    buf.set(bytes, pos);
    pos += bytes.length;
  };
  const numOrNull = (v: number | null): void => {
    if (v === null || v === undefined) {
      reserve(1);
      buf[pos++] = 0x00;
    } else num(v);
  };
  // Unrolled in TRADE_HASH_FIELDS order (monomorphic property reads: ~10x faster than a keyed loop).
  for (const t of trades) {
    num(t.id); str(t.pair); bool(t.isShort); num(t.leverage); num(t.openDate); num(t.closeDate);
    num(t.openRate); num(t.closeRate); num(t.amount); num(t.stakeAmount); num(t.feeOpen); num(t.feeClose);
    num(t.feeOpenCost); num(t.feeCloseCost); num(t.profitRatio); num(t.profitAbs); str(t.exitReason);
    str(t.enterTag); str(t.exitTag); num(t.minRate); num(t.maxRate); numOrNull(t.initialStopLoss);
    numOrNull(t.stopLoss); bool(t.isOpen); num(t.nrOfEntries); num(t.nrOfExits);
  }
  h.update(buf.subarray(0, pos));
  return h.digest('hex');
}
