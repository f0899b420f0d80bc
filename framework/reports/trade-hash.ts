/**
 * A fingerprint of a trade list: sha256 over a canonical text form, so two runs with the same
 * inputs and seed can be compared with one string. The form is fixed here (field order,
 * number spelling) and does not depend on object key order or JSON.stringify details:
 * one line per trade in list order, fields in TRADE_HASH_FIELDS order joined by '|', numbers
 * in JS shortest round-trip form (exact for every float64; -0 is written as 0, NaN as NaN),
 * strings JSON-quoted, null as `null`, booleans as 1/0.
 */
import { createHash } from 'node:crypto';
import type { TradeRecord } from '../engine/trade-record.ts';

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

function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return JSON.stringify(String(v));
}

/** sha256 (hex) of the canonical form of `trades`. */
export function hashTradeList(trades: readonly TradeRecord[]): string {
  const h = createHash('sha256');
  h.update(`${HASH_FORMAT}\n${TRADE_HASH_FIELDS.join('|')}\n`);
  for (const t of trades) {
    let line = '';
    for (let i = 0; i < TRADE_HASH_FIELDS.length; i++) {
      if (i > 0) line += '|';
      line += canonical(t[TRADE_HASH_FIELDS[i]!]);
    }
    h.update(`${line}\n`);
  }
  return h.digest('hex');
}
