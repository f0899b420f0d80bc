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
/** Most bytes a trade takes besides its strings: 21 numbers and 2 booleans. */
const TRADE_NUMBERS_BYTES = 21 * 9 + 2 * 2;

/** sha256 (hex) of the canonical encoding of `trades`. */
export function hashTradeList(trades: readonly TradeRecord[]): string {
  const h = createHash('sha256');
  h.update(`${HASH_FORMAT}\n${TRADE_HASH_FIELDS.join('|')}\n`);
  let buf = new Uint8Array(CHUNK);
  // DataView stores are single instructions once compiled and cheap builtins before that: the
  // hash runs once per backtest, mostly as cold code, where Buffer's JS writers were ~10x slower.
  let view = new DataView(buf.buffer);
  let pos = 0;
  // Each writer puts one field at `at` and returns the position after it.
  const num = (at: number, v: number): number => {
    buf[at] = 0x01;
    // -0 + 0 is +0; every NaN is written as the canonical NaN.
    view.setFloat64(at + 1, v === v ? v + 0 : NaN, true);
    return at + 9;
  };
  const numOrNull = (at: number, v: number | null): number => {
    if (v !== null && v !== undefined) return num(at, v);
    buf[at] = 0x00;
    return at + 1;
  };
  const bool = (at: number, v: boolean): number => {
    buf[at] = 0x03;
    buf[at + 1] = v ? 1 : 0;
    return at + 2;
  };
  const bytes = (at: number, encoded: Uint8Array): number => {
    buf.set(encoded, at);
    return at + encoded.length;
  };
  // String fields repeat from trade to trade (pairs, exit reasons, tags): each pair, and each
  // (exit reason, enter tag, exit tag) run of fields, is encoded once and copied whole.
  const pairs = new Map<string, Uint8Array>();
  const tagRuns = new Map<string, Uint8Array>();
  let pair: string | undefined;
  let pairBytes: Uint8Array = new Uint8Array(0);
  let exitReason: string | null | undefined;
  let enterTag: string | null | undefined;
  let exitTag: string | null | undefined;
  let tagBytes: Uint8Array = new Uint8Array(0);
  // One trade in TRADE_HASH_FIELDS order (unrolled: monomorphic property reads, ~10x faster
  // than a keyed loop). A function per trade rather than a loop body: V8 optimizes a function
  // called a few hundred times well before it would replace a running loop.
  const encode = (t: TradeRecord, at: number): number => {
    let p = at;
    p = num(p, t.id); p = bytes(p, pairBytes); p = bool(p, t.isShort); p = num(p, t.leverage); p = num(p, t.openDate);
    p = num(p, t.closeDate); p = num(p, t.openRate); p = num(p, t.closeRate); p = num(p, t.amount);
    p = num(p, t.stakeAmount); p = num(p, t.feeOpen); p = num(p, t.feeClose); p = num(p, t.feeOpenCost);
    p = num(p, t.feeCloseCost); p = num(p, t.profitRatio); p = num(p, t.profitAbs); p = bytes(p, tagBytes);
    p = num(p, t.minRate); p = num(p, t.maxRate);
    p = numOrNull(p, t.initialStopLoss); p = numOrNull(p, t.stopLoss); p = bool(p, t.isOpen);
    p = num(p, t.nrOfEntries); p = num(p, t.nrOfExits);
    return p;
  };
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    if (t.pair !== pair) {
      pair = t.pair;
      pairBytes = cached(pairs, JSON.stringify([pair]), () => encodeStrings([pair]));
    }
    if (t.exitReason !== exitReason || t.enterTag !== enterTag || t.exitTag !== exitTag) {
      exitReason = t.exitReason;
      enterTag = t.enterTag;
      exitTag = t.exitTag;
      const run = [exitReason, enterTag, exitTag];
      tagBytes = cached(tagRuns, JSON.stringify(run), () => encodeStrings(run));
    }
    // Room for the whole trade, checked once per trade.
    const size = TRADE_NUMBERS_BYTES + pairBytes.length + tagBytes.length;
    if (pos + size > buf.length) {
      h.update(buf.subarray(0, pos));
      pos = 0;
      if (size > buf.length) {
        buf = new Uint8Array(size);
        view = new DataView(buf.buffer);
      }
    }
    pos = encode(t, pos);
  }
  h.update(buf.subarray(0, pos));
  return h.digest('hex');
}

function cached(map: Map<string, Uint8Array>, key: string, make: () => Uint8Array): Uint8Array {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** Consecutive string fields, each 0x00 (null) or 0x02 + uint32 LE byte length + UTF-8. */
function encodeStrings(values: ReadonlyArray<string | null | undefined>): Uint8Array {
  const parts = values.map((v) => (v === null || v === undefined ? null : Buffer.from(v, 'utf8')));
  const out = new Uint8Array(parts.reduce((n, b) => n + (b === null ? 1 : 5 + b.length), 0));
  const view = new DataView(out.buffer);
  let p = 0;
  for (const b of parts) {
    if (b === null) {
      out[p++] = 0x00;
      continue;
    }
    out[p] = 0x02;
    view.setUint32(p + 1, b.length, true);
    out.set(b, p + 5);
    p += 5 + b.length;
  }
  return out;
}
