import { describe, expect, it } from 'vitest';
import { ClientOrderIdGenerator } from '../../framework/execution/ids.ts';

describe('ClientOrderIdGenerator', () => {
  it('counts per strategy, is deterministic across instances, and resets', () => {
    const a = new ClientOrderIdGenerator('BT');
    const b = new ClientOrderIdGenerator('BT');
    const seqA = [a.next('s1'), a.next('s1'), a.next('s2'), a.next('s1'), a.next()];
    const seqB = [b.next('s1'), b.next('s1'), b.next('s2'), b.next('s1'), b.next()];
    expect(seqA).toEqual(['BT-s1-1', 'BT-s1-2', 'BT-s2-1', 'BT-s1-3', 'BT-S-1']);
    expect(seqB).toEqual(seqA);
    a.reset();
    expect(a.next('s1')).toBe('BT-s1-1');
    a.reset(100);
    expect(a.next('s1')).toBe('BT-s1-100');
    expect(new Set(Array.from({ length: 1000 }, () => a.next('x'))).size).toBe(1000);
  });

  it('snapshot/restore resumes without reusing an id', () => {
    const g = new ClientOrderIdGenerator('L', 1);
    g.next('s');
    g.next('s');
    const saved = g.snapshot();
    const h = new ClientOrderIdGenerator('L', 1);
    h.restore(saved);
    expect(h.next('s')).toBe('L-s-3');
  });
});
