import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';

/** The two commands as a user runs them, in a child process on the bundled data. */
const run = (args: string[]) => runCli(args);

const SLICE = ['--timerange', '20230301-20230310'];

describe('run.ts lookahead-analysis', () => {
  it('prints the summary table and the biased columns of BiasedLookahead, exit code 0', () => {
    const r = run(['lookahead-analysis', '--strategy', 'BiasedLookahead', ...SLICE, '--targeted-trade-amount', '5']);
    expect(r.stderr).not.toContain('Error');
    expect(r.status).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('BiasedLookahead '));
    expect(row).toMatch(/^BiasedLookahead\s+yes\s+[\d,]+ entries, [\d,]+ exits\s+5 of 5\s+\d of 5\s+next_close, close_norm$/);
    expect(r.stdout).toMatch(/^next_close\s+\d+ of \d+\s+BTC\/USDT\s+2023-03-0\d \d\d:\d\d/m);
    expect(r.stdout).toContain('First changed entry signal: BTC/USDT');
    expect(r.stdout).toContain('enter_long 1 -> 0');
  });

  it('--json for a clean strategy on one pair; usage errors exit with 1', () => {
    const r = run(['lookahead-analysis', '--strategy', 'SmaCross', ...SLICE, '--pairs', 'ETH/USDT', '--targeted-trade-amount', '4', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { strategy: string; pairs: string[]; verdict: string; entriesChecked: number; runs: number };
    expect(out).toMatchObject({ strategy: 'SmaCross', pairs: ['ETH/USDT'], verdict: 'no_bias', entriesChecked: 4 });
    expect(out.runs).toBeGreaterThanOrEqual(4);

    const bad = run(['lookahead-analysis', '--strategy', 'SmaCross', '--targeted-trade-amount', '0']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('invalid --targeted-trade-amount "0": expected a whole number >= 1');
    const missing = run(['lookahead-analysis', '--strategy', 'NoSuchStrategy']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('NoSuchStrategy');
  });
});

describe('run.ts recursive-analysis', () => {
  it('warns about a too small startupCandleCount and prints the deviation table, exit code 0', () => {
    const r = run([
      'recursive-analysis',
      '--strategy-path',
      'test/fixtures/strategies-analysis',
      '--strategy',
      'EmaShortStartup',
      '--timerange',
      '20230301-20230320',
      '--startup-candle',
      '100',
      '500',
      '1000',
    ]);
    expect(r.stderr).not.toContain('Error');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^indicator\s+10 \(strategy\)\s+100\s+500\s+1000$/m);
    expect(r.stdout).toMatch(/^ema200\s+no value !\s+no value !\s+\d+\.\d{3}%( !)?\s+(<0\.001|\d+\.\d{3})%$/m);
    expect(r.stdout).toContain('WARN: EmaShortStartup.startupCandleCount = 10 is too small: ema200 (no value) deviates more than 0.100%');
    expect(r.stdout).toContain('Recursive analysis of EmaShortStartup on BTC/USDT: 5,473 candles of reference, last 1 row(s) up to 2023-03-20 00:00');
  });

  it('OK for enough startup candles; a bad --startup-candle is a usage error', () => {
    const r = run([
      'recursive-analysis',
      '--strategy-path',
      'test/fixtures/strategies-analysis',
      '--strategy',
      'EmaEnoughStartup',
      '--timerange',
      '20230301-20230320',
      '--startup-candle',
      '2000',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('OK: EmaEnoughStartup.startupCandleCount = 1000: every indicator within 0.100%');
    const bad = run(['recursive-analysis', '--strategy', 'SmaCross', '--startup-candle', 'ten']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('invalid --startup-candle "ten"');
  });
});
