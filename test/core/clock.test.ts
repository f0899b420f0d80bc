import { describe, expect, it } from 'vitest';
import { LiveClock, SimClock } from '../../framework/core/clock.ts';

describe('SimClock', () => {
  it('fires timers in time order with the clock at their time, including timers set by callbacks', () => {
    const c = new SimClock(1000);
    const fired: Array<[string, number, number]> = [];
    c.setTimer('b', 1500, (t) => fired.push(['b', t, c.now()]));
    c.setTimer('a', 1200, (t) => {
      fired.push(['a', t, c.now()]);
      c.setTimer('c', 1300, (t2) => fired.push(['c', t2, c.now()]));
    });
    c.setTimer('late', 5000, () => fired.push(['late', 0, 0]));
    c.advanceTo(2000);
    expect(fired).toEqual([
      ['a', 1200, 1200],
      ['c', 1300, 1300],
      ['b', 1500, 1500],
    ]);
    expect(c.now()).toBe(2000);
    expect(c.nextTimerAt()).toBe(5000);
    c.cancelTimer('late');
    c.advanceTo(6000);
    expect(fired).toHaveLength(3);
    expect(() => c.advanceTo(10)).toThrow(/cannot go back/);
  });

  it('a timer set again under the same name replaces the first', () => {
    const c = new SimClock();
    const fired: number[] = [];
    c.setTimer('x', 10, () => fired.push(10));
    c.setTimer('x', 20, () => fired.push(20));
    c.advanceTo(30);
    expect(fired).toEqual([20]);
  });
});

describe('LiveClock', () => {
  it('fires a timer on the wall clock', async () => {
    const c = new LiveClock();
    const at = await new Promise<number>((resolve) => c.setTimer('t', Date.now() + 20, resolve));
    expect(at).toBeGreaterThanOrEqual(c.now() - 1000);
  });
});
