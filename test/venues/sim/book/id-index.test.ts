import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../../../framework/venues/sim/book/id-index.ts';

describe('IdIndex', () => {
  it('behaves like a Map<number, number> under random set/delete/get, through growth and wrap-around', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 64 }), // dense: many collisions and probe runs
      fc.integer({ min: -1000, max: 1000 }),
      fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 32, 2 ** 32 + 1, -(2 ** 40)),
    );
    const op = fc.tuple(fc.constantFrom('set', 'delete', 'get'), id, fc.nat(1_000_000));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const idx = new IdIndex(2);
        const ref = new Map<number, number>();
        for (const [kind, k, v] of ops) {
          if (kind === 'set') {
            idx.set(k, v);
            ref.set(k, v);
          } else if (kind === 'delete') {
            expect(idx.delete(k)).toBe(ref.get(k) ?? -1);
            ref.delete(k);
          } else {
            expect(idx.get(k)).toBe(ref.get(k) ?? -1);
          }
          expect(idx.size).toBe(ref.size);
        }
        for (const [k, v] of ref) expect(idx.get(k)).toBe(v);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('keeps every key findable after deleting inside long probe runs', () => {
    const idx = new IdIndex(1024);
    for (let i = 0; i < 20_000; i++) idx.set(i * 1024, i); // same low bits
    for (let i = 0; i < 20_000; i += 3) expect(idx.delete(i * 1024)).toBe(i);
    for (let i = 0; i < 20_000; i++) expect(idx.get(i * 1024)).toBe(i % 3 === 0 ? -1 : i);
    idx.clear();
    expect(idx.size).toBe(0);
    expect(idx.has(1024)).toBe(false);
  });
});
