/**
 * docs/execution.md embeds the order state table generated from the code; this test keeps the
 * two from drifting apart. To update the page: replace the text between the markers with the
 * output of renderStateTableMarkdown().
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, ORDER_TRIGGERS, renderStateTableMarkdown } from '../../../framework/execution/state-machine.ts';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/execution.md');
const START = '<!-- state-table:start -->';
const END = '<!-- state-table:end -->';

function embeddedTable(text: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < 0 || b < a) throw new Error(`${DOC}: markers ${START} ... ${END} not found in this order`);
  if (text.indexOf(START, a + 1) >= 0) throw new Error(`${DOC}: marker ${START} appears twice`);
  return text.slice(a + START.length, b).trim();
}

describe('docs/execution.md', () => {
  it('embeds exactly the state table the code renders', () => {
    const table = embeddedTable(readFileSync(DOC, 'utf8'));
    expect(table).toBe(renderStateTableMarkdown().trim());
  });

  it('the rendered table has a row per status and a column per event', () => {
    const rows = renderStateTableMarkdown()
      .split('\n')
      .filter((l) => l.startsWith('| **'));
    expect(rows).toHaveLength(ORDER_STATUSES.length);
    for (const r of rows) expect(r.split('|').length - 2).toBe(ORDER_TRIGGERS.length + 1);
  });

  it('names every reason code the venue and the engine emit in this suite', () => {
    const text = readFileSync(DOC, 'utf8');
    for (const code of [
      'UNKNOWN_INSTRUMENT',
      'MARKET_CLOSED',
      'INSUFFICIENT_BALANCE',
      'UNKNOWN_ORDER',
      'ORDER_ALREADY_CLOSED',
      'POST_ONLY_WOULD_TAKE',
      'FOK_NOT_FILLABLE',
      'REDUCE_ONLY_WOULD_INCREASE',
      'PRICE_NOT_ON_TICK',
      'QUANTITY_NOT_ON_LOT',
      'BELOW_MIN_NOTIONAL',
      'INVALID_EXPIRE_TIME',
      'INVALID_DISPLAY_QUANTITY',
      'INVALID_MODIFY',
      'UNSUPPORTED_BY_VENUE',
      'CONTINGENCY_DENIED',
      'VENUE_ERROR',
    ]) {
      expect(text, code).toContain(`\`${code}\``);
    }
  });
});
