import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

describe('run.ts quickstart (npm start)', () => {
  it('shows the bundled data, the strategies and the configured strategy signals, offline', () => {
    const r = runCli(['quickstart']);
    expect(r.stderr).not.toContain('Error');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/BTC\/USDT\s+5m\s+104,816\s+2023-01-01T00:00:00\.000Z\s+2023-12-30T23:55:00\.000Z\s+1\s+16/);
    expect(r.stdout).toMatch(/ETH\/USDT\s+5m\s+104,816/);
    expect(r.stdout).toContain('BiasedLookahead, BollingerBreakout, CallbacksDemo, MacdTrend, RsiMeanReversion, SmaCross');
    // 104,816 stored + 16 gap candles filled; SmaCross signal counts on this data.
    expect(r.stdout).toMatch(/BTC\/USDT\s+104,832\s+16\s+\d{1,3}(,\d{3})*\s+0\s+/);
    expect(r.stderr).toContain('16 missing candles from 2023-03-24T12:40:00.000Z to 2023-03-24T13:55:00.000Z');
  });

  it('names an unknown strategy and lists the available ones', () => {
    const r = runCli(['quickstart', '--strategy', 'NoSuchStrategy']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('NoSuchStrategy');
    expect(r.stderr).toContain('SmaCross');
  });
});
