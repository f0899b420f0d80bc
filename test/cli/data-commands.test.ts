/**
 * convert-data, check-data and list-data end to end: real child processes on real files from
 * ../shared/data, into a temporary candle store.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandleStore } from '../../framework/data/parquet-store.ts';
import { runCliAsync } from '../helpers/run-cli.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';
import { makeTempDir } from '../helpers/tmp.ts';

const tmp = makeTempDir('keel-data-cli-');
const datadir = path.join(tmp.dir, 'data');
afterAll(() => tmp.cleanup());

const cli = (args: string[]) => runCliAsync(args, { env: { KEEL__LOGGING__DIRECTORY: path.join(tmp.dir, 'logs') } });

describe('convert-data -> list-data -> check-data on the Binance 5m 2023 feathers', () => {
  beforeAll(async () => {
    const r = await cli([
      'convert-data',
      '--datadir', datadir,
      '--exchange', 'binance',
      '--input', sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather'), sharedDataPath('binance_5m_2023', 'ETH_USDT-5m.feather'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.stdout).toMatch(/Imported 2 files into/);
    expect(r.stdout).toMatch(/BTC\/USDT\s+5m\s+104,816\s+104,816\s+2023-01-01 00:00\s+2023-12-30 23:55\s+1 gap \(16 missing\)/);
    expect(r.stdout).toMatch(/ETH\/USDT\s+5m\s+104,816/);
  });

  it('wrote Parquet files that the store reads', async () => {
    const store = new CandleStore(datadir, 'binance');
    expect((await store.list()).map((e) => `${e.pair} ${e.timeframe}`)).toEqual(['BTC/USDT 5m', 'ETH/USDT 5m']);
    expect((await store.read('BTC/USDT', '5m')).timestamp.length).toBe(104_816);
  });

  it('list-data shows counts, range and the gap', async () => {
    const r = await cli(['list-data', '--datadir', datadir, '--exchange', 'binance']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/BTC\/USDT\s+5m\s+104,816\s+2023-01-01 00:00\s+2023-12-30 23:55\s+1\s+16\s+0/);
    expect(r.stdout).toMatch(/2 series, 209,632 candles\./);
    const j = await cli(['list-data', '--datadir', datadir, '--exchange', 'binance', '--json']);
    const parsed = JSON.parse(j.stdout) as { series: { pair: string; candles: number; gaps: number; missingCandles: number }[] };
    expect(parsed.series.map((s) => [s.pair, s.candles, s.gaps, s.missingCandles])).toEqual([
      ['BTC/USDT', 104_816, 1, 16],
      ['ETH/USDT', 104_816, 1, 16],
    ]);
  });

  it('check-data finds the 16-candle gap in both pairs and nothing else; exit code 0 (warnings only)', async () => {
    const r = await cli(['check-data', '--datadir', datadir, '--exchange', 'binance']);
    expect(r.status).toBe(0);
    const gapLines = r.stdout.split('\n').filter((l) => l.includes('missing candles from'));
    expect(gapLines).toEqual([
      '    row 23768  2023-03-24T14:00:00.000Z  16 missing candles from 2023-03-24T12:40:00.000Z to 2023-03-24T13:55:00.000Z',
      '    row 23768  2023-03-24T14:00:00.000Z  16 missing candles from 2023-03-24T12:40:00.000Z to 2023-03-24T13:55:00.000Z',
    ]);
    expect(r.stdout).toMatch(/Checked 2 series: 0 errors, 2 warnings\./);
    const j = await cli(['check-data', '--datadir', datadir, '--exchange', 'binance', '--pairs', 'ETH/USDT', '--json']);
    const parsed = JSON.parse(j.stdout) as { pair: string; report: { findings: { check: string; row: number; missing: number }[] } }[];
    expect(parsed.map((p) => [p.pair, p.report.findings.map((f) => [f.check, f.row, f.missing])])).toEqual([['ETH/USDT', [['gap', 23768, 16]]]]);
  });

  it('check-data --stale-candles 10 also reports the outage\'s flat candles', async () => {
    const r = await cli(['check-data', '--datadir', datadir, '--exchange', 'binance', '--pairs', 'BTC/USDT', '--stale-candles', '10']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/row 23754 {2}2023-03-24T11:30:00.000Z {2}14 consecutive candles with identical OHLC \(28080\)/);
  });
});

describe('check-data --file', () => {
  it('a planted error in a CSV: exit code 1, the row and time listed', async () => {
    const lines = readFileSync(sharedDataPath('freqtrade_testdata', 'ETH_BTC-5m.csv'), 'utf8').split('\n');
    const cells = lines[101]!.split(','); // data row 100
    cells[5] = '-1'; // close
    lines[101] = cells.join(',');
    const f = path.join(tmp.dir, 'ETH_BTC-5m.csv');
    writeFileSync(f, lines.join('\n'));
    const r = await cli(['check-data', '--file', f]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('error invalid_price: 1');
    expect(r.stdout).toContain('row 100  2018-01-10T13:15:00.000Z  close is -1; expected a positive finite price');
    expect(r.stdout).toMatch(/Checked 1 series: 1 error, 0 warnings\./);
  });

  it('the json.gz named 8m holding 1m candles: misaligned errors; with --timeframes 1m it passes', async () => {
    const f = sharedDataPath('freqtrade_testdata', 'UNITTEST_BTC-8m.json.gz');
    const bad = await cli(['check-data', '--file', f, '--limit', '1']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('error misaligned: 11980');
    expect(bad.stdout).toContain('... and 11979 more');
    const good = await cli(['check-data', '--file', f, '--timeframes', '1m']);
    expect(good.status).toBe(0);
  });
});

describe('convert-data with CSV options and errors', () => {
  it('NinjaTrader minutes with every CSV option spelled out', async () => {
    const r = await cli([
      'convert-data', '--datadir', datadir, '--exchange', 'stocks',
      '--input', sharedDataPath('pyalgotrade', 'nt-spy-minute-2011.csv'),
      '--pair', 'SPY/USD', '--timeframe', '1m',
      '--format', 'csv', '--delimiter', ';', '--no-header', '--date-format', 'YYYYMMDD HHMMSS',
      '--csv-columns', 'timestamp=0,open=1,high=2,low=3,close=4,volume=5',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/SPY\/USD\s+1m\s+14,180\s+14,180\s+2011-01-03 09:01\s+2011-02-01 01:00/);
  });

  it('a file whose name does not give the pair: exit 1, one clear sentence, nothing written', async () => {
    const empty = path.join(tmp.dir, 'empty');
    const r = await cli(['convert-data', '--datadir', empty, '--exchange', 'stocks', '--input', sharedDataPath('backtrader', 'orcl-1995-2014.txt')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/failed: .*orcl-1995-2014\.txt: cannot tell the pair from the file name .*give --pair and --timeframe/);
    expect(r.stderr).toMatch(/^Error: 1 of 1 input files were not imported/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await new CandleStore(empty, 'stocks').list()).toEqual([]);
  });

  it('a bad flag value is a usage error', async () => {
    const r = await cli(['convert-data', '--datadir', datadir, '--input', sharedDataPath('binance_1h', 'BTC_USDT-1h.feather'), '--stale-candles', '-3']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invalid --stale-candles "-3"/);
  });

  it('--help describes every option', async () => {
    for (const cmd of ['convert-data', 'check-data', 'list-data']) {
      const r = await cli([cmd, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('--datadir');
      expect(r.stdout).toContain('--exchange');
    }
    const conv = await cli(['convert-data', '--help']);
    for (const flag of ['--input', '--format', '--pair', '--timeframe', '--csv-columns', '--date-format', '--delimiter', '--erase', '--force']) {
      expect(conv.stdout).toContain(flag);
    }
  });
});
