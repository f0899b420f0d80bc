import { describe, expect, it } from 'vitest';
import { UsageError } from '../../framework/core/errors.ts';
import { formatTimerange, inTimerange, parseTimerange } from '../../framework/core/timerange.ts';

const JAN1 = Date.UTC(2023, 0, 1); // 1672531200000
const FEB1 = Date.UTC(2023, 1, 1); // 1675209600000

describe('parseTimerange (Freqtrade --timerange formats)', () => {
  it('reads dates as UTC midnight', () => {
    expect(parseTimerange('20230101-')).toEqual({ startMs: JAN1 });
    expect(parseTimerange('-20230201')).toEqual({ endMs: FEB1 });
    expect(parseTimerange('20230101-20230201')).toEqual({ startMs: JAN1, endMs: FEB1 });
    // Freqtrade's own test values: 20100522 -> 1274486400 s, 20150730 -> 1438214400 s.
    expect(parseTimerange('20100522-20150730')).toEqual({ startMs: 1274486400_000, endMs: 1438214400_000 });
  });

  it('reads epoch seconds and (truncated) epoch milliseconds', () => {
    expect(parseTimerange('1672531200-')).toEqual({ startMs: JAN1 });
    expect(parseTimerange('-1675209600')).toEqual({ endMs: FEB1 });
    expect(parseTimerange('1231006505-1233360000')).toEqual({ startMs: 1231006505_000, endMs: 1233360000_000 });
    expect(parseTimerange('1672531200999-')).toEqual({ startMs: JAN1 });
    expect(parseTimerange('1672531200000-1675209600000')).toEqual({ startMs: JAN1, endMs: FEB1 });
  });

  it('mixes forms on either side and allows an equal start and end', () => {
    expect(parseTimerange('20230101-1675209600')).toEqual({ startMs: JAN1, endMs: FEB1 });
    expect(parseTimerange('20230101-20230101')).toEqual({ startMs: JAN1, endMs: JAN1 });
  });

  it('treats an absent or empty value as unbounded', () => {
    expect(parseTimerange(undefined)).toEqual({});
    expect(parseTimerange('')).toEqual({});
    expect(parseTimerange('  ')).toEqual({});
  });

  it.each([
    ['-', /invalid timerange "-"/],
    ['20230101', /invalid timerange "20230101": expected YYYYMMDD-/],
    ['2023-01-01', /invalid timerange/],
    ['202301-', /invalid timerange/],
    ['20230101-2023020', /invalid timerange/],
    ['x20230101-', /invalid timerange/],
    ['20230230-', /"20230230" is not a calendar date/],
    ['20231301-', /"20231301" is not a calendar date/],
    ['20230201-20230101', /the start is after the end/],
    ['1675209600-1672531200', /the start is after the end/],
  ])('rejects %j with a UsageError', (text, why) => {
    expect(() => parseTimerange(text)).toThrow(UsageError);
    expect(() => parseTimerange(text)).toThrow(why);
  });
});

describe('inTimerange / formatTimerange', () => {
  it('includes both ends, as Freqtrade trims data (date >= start and date <= stop)', () => {
    const r = parseTimerange('20230101-20230201');
    expect(inTimerange(r, JAN1 - 1)).toBe(false);
    expect(inTimerange(r, JAN1)).toBe(true);
    expect(inTimerange(r, FEB1)).toBe(true);
    expect(inTimerange(r, FEB1 + 1)).toBe(false);
    expect(inTimerange({}, 0)).toBe(true);
  });

  it('formats back to the text form', () => {
    expect(formatTimerange(parseTimerange('20230101-20230201'))).toBe('20230101-20230201');
    expect(formatTimerange(parseTimerange('-20230201'))).toBe('-20230201');
    expect(formatTimerange(parseTimerange('1672531260-'))).toBe('1672531260-');
  });
});
