import { describe, expect, it } from 'vitest';
import { DataError } from '../../../framework/core/errors.ts';
import { parseColumnMapping, parseCsv } from '../../../framework/data/importers/csv.ts';
import { detectDateFormat, parseIso, parseNinjaTrader, parseTimeOfDay, parseYmdDash } from '../../../framework/data/importers/dates.ts';

const T0 = Date.UTC(2023, 0, 1, 0, 0, 0); // 1672531200000

describe('date formats (all read as UTC)', () => {
  it.each([
    ['1672531200', 'epoch_s', T0],
    ['1672531200.5', 'epoch_s', T0 + 500],
    ['1672531200000', 'epoch_ms', T0],
    ['2023-01-01', 'YYYY-MM-DD', T0],
    ['20230101', 'YYYYMMDD', T0],
    ['20230101 000500', 'YYYYMMDD HHMMSS', T0 + 300_000],
    ['2023-01-01T00:05:00Z', 'iso', T0 + 300_000],
    ['2023-01-01 00:05:00', 'iso', T0 + 300_000],
    ['2023-01-01T02:05:00+02:00', 'iso', T0 + 300_000],
    ['2022-12-31T19:05:00.000-05:00', 'iso', T0 + 300_000],
    ['2023-01-01T00:05', 'iso', T0 + 300_000],
  ] as const)('%s is %s', (text, format, ms) => {
    expect(detectDateFormat(text)).toBe(format);
    const c = parseCsv(`date,open,high,low,close,volume\n${text},1,2,0.5,1.5,3\n`, 'x.csv');
    expect(c.timestamp[0]).toBe(ms);
  });

  it('rejects impossible dates and times', () => {
    expect(parseYmdDash('2023-02-29')).toBeNaN();
    expect(parseYmdDash('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIso('2023-13-01T00:00:00Z')).toBeNaN();
    expect(parseNinjaTrader('20230101 246000')).toBeNaN();
    expect(parseTimeOfDay('09:61:00')).toBeNaN();
    expect(parseTimeOfDay('0901')).toBeNaN();
    expect(detectDateFormat('yesterday')).toBeUndefined();
  });

  it('an unrecognisable date is a DataError naming the line', () => {
    expect(() => parseCsv('date,open,high,low,close\n01/02/2023,1,2,0.5,1.5\n', 'us.csv')).toThrow(
      /us\.csv: line 2: cannot recognise the date "01\/02\/2023"/,
    );
  });

  it('a row whose date does not match the detected format names its line', () => {
    expect(() => parseCsv('date,open,high,low,close\n2023-01-01,1,2,0.5,1.5\n2023-01-02T00:00Z,1,2,0.5,1.5\n', 'm.csv')).toThrow(
      'm.csv: line 3: timestamp "2023-01-02T00:00Z" does not match the date format YYYY-MM-DD',
    );
  });
});

describe('column mapping', () => {
  it('finds columns by header name in any order and case; volume optional', () => {
    const c = parseCsv('Close;Low;High;Open;Time\n1.5;0.5;2;1;2023-01-01\n', 'r.csv');
    expect([c.timestamp[0], c.open[0], c.high[0], c.low[0], c.close[0], c.volume[0]]).toEqual([T0, 1, 2, 0.5, 1.5, 0]);
  });

  it('maps by index and by name, with a separate time column', () => {
    const text = 'd,t,o,h,l,c,v\n2023-01-01,00:05:00,1,2,0.5,1.5,7\n';
    const byIndex = parseCsv(text, 'i.csv', { columns: { timestamp: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 } });
    const byName = parseCsv(text, 'n.csv', { columns: parseColumnMapping('timestamp=d,time=t,open=o,high=h,low=l,close=c,volume=v') });
    for (const c of [byIndex, byName]) expect([c.timestamp[0], c.open[0], c.volume[0]]).toEqual([T0 + 300_000, 1, 7]);
  });

  it('a "Date,Time,..." header combines the two columns', () => {
    const c = parseCsv('Date,Time,Open,High,Low,Close,Volume\n2023-01-01,000500,1,2,0.5,1.5,7\n', 'dt.csv');
    expect(c.timestamp[0]).toBe(T0 + 300_000);
  });

  it('names a column missing from the header and a name used without a header', () => {
    expect(() => parseCsv('date,open,high,low\n2023-01-01,1,2,0.5\n', 'h.csv')).toThrow(/cannot find the close column.*date, open, high, low/);
    expect(() => parseCsv('date,open,high,low,close\n2023-01-01,1,2,0.5,1\n', 'h.csv', { columns: { close: 'last' } })).toThrow(
      /no column "last" for close/,
    );
    expect(() => parseCsv('1672531200000,1,2,0.5,1,1\n', 'h.csv', { columns: { close: 'close' } })).toThrow(/has no header/);
  });

  it('rejects a bad --csv-columns spec', () => {
    expect(() => parseColumnMapping('timestamp=0,price=1')).toThrow(DataError);
    expect(() => parseColumnMapping('open')).toThrow(/invalid column mapping "open"/);
    expect(parseColumnMapping('timestamp=0, close = Last')).toEqual({ timestamp: 0, close: 'Last' });
  });
});

describe('numbers', () => {
  it('keeps the exact float64 of each literal and accepts exponents, quotes, CRLF and a BOM', () => {
    const text = '\uFEFFtimestamp,open,high,low,close,volume\r\n"1672531200000",0.1,1e-7,3.0000000000000004,1.7976931348623157e308,"12"\r\n';
    const c = parseCsv(text, 'n.csv');
    expect([c.open[0], c.high[0], c.low[0], c.close[0], c.volume[0]]).toEqual([0.1, 1e-7, 3.0000000000000004, 1.7976931348623157e308, 12]);
  });

  it('rejects hexadecimal and other non-decimal text, keeps an explicit NaN for the checks', () => {
    expect(() => parseCsv('timestamp,open,high,low,close\n1672531200000,0x10,2,1,1\n', 'x.csv')).toThrow(/open "0x10" is not a number/);
    expect(parseCsv('timestamp,open,high,low,close\n1672531200000,NaN,2,1,1\n', 'x.csv').open[0]).toBeNaN();
  });

  it('skips rows holding the null marker only when asked', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2023-01-01,1,2,0.5,1.5,7\n2023-01-02,null,null,null,null,null\n';
    expect(() => parseCsv(text, 'y.csv')).toThrow(/line 3: open "null" is not a number/);
    expect(parseCsv(text, 'y.csv', { nullMarker: 'null' }).timestamp.length).toBe(1);
  });

  it('an empty file and a header without rows are errors', () => {
    expect(() => parseCsv('\n\n', 'e.csv')).toThrow(/e\.csv: file is empty/);
    expect(() => parseCsv('timestamp,open,high,low,close\n', 'e.csv')).toThrow(/no data rows/);
  });
});
