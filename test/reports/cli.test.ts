/**
 * backtesting-show and backtesting-analysis as a user runs them: child processes on a result
 * file written to a temp dir, plus the exported action functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestingAnalysis } from '../../framework/cli/backtesting-analysis.ts';
import { backtestingShow } from '../../framework/cli/backtesting-show.ts';
import { buildBacktestResult, writeBacktestResult } from '../../framework/reports/export.ts';
import { makeTempDir } from '../helpers/tmp.ts';
import { runCli } from '../helpers/run-cli.ts';
import { handRun, handTrades } from './fixtures.ts';

let tmp: ReturnType<typeof makeTempDir>;
let resultsDir: string;
let file: string;

beforeAll(async () => {
  tmp = makeTempDir('keel-reports-cli-');
  resultsDir = path.join(tmp.dir, 'results');
  const result = buildBacktestResult([handRun(), handRun({ strategy: 'Other', trades: handTrades().slice(0, 3) })], { createdAt: Date.UTC(2024, 0, 2) });
  file = await writeBacktestResult(result, resultsDir);
});
afterAll(() => tmp.cleanup());

/** `keel <args>` in the temp dir (no config file there: defaults + env). */
function keel(args: string[]) {
  return runCli(args, { cwd: tmp.dir, env: { KEEL__BACKTEST__RESULTS_DIRECTORY: resultsDir } });
}

describe('backtesting-show', () => {
  it('re-prints the latest result by default, with the breakdowns asked for', () => {
    const r = keel(['backtesting-show', '--breakdown', 'week', 'month']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Showing ${file}`);
    expect(r.stdout).toContain('Result for strategy HandMade');
    expect(r.stdout).toContain('Result for strategy Other');
    expect(r.stdout).toContain('WEEK BREAKDOWN');
    expect(r.stdout).toContain('MONTH BREAKDOWN');
    expect(r.stdout).not.toContain('DAY BREAKDOWN');
    expect(r.stdout).toMatch(/│ Absolute drawdown +│ 40 USDT \(3\.92%\) +│/);
    expect(r.stdout).toContain('STRATEGY SUMMARY');
  });

  it('reads an explicit file, relative to the working directory', () => {
    const r = keel(['backtesting-show', '--export-filename', path.relative(tmp.dir, file)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SUMMARY METRICS');
  });

  it('a corrupt file: exit 1 and one sentence naming file and field', () => {
    const bad = path.join(tmp.dir, 'bad.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.strategy.HandMade.metrics.totalTrades = -1;
    fs.writeFileSync(bad, JSON.stringify(json));
    const r = keel(['backtesting-show', '--export-filename', bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Error: ${bad}: field strategy.HandMade.metrics.totalTrades:`);
  });

  it('an unknown breakdown period is a usage error', () => {
    const r = keel(['backtesting-show', '--breakdown', 'fortnight']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('fortnight');
  });

  it('the exported action gives the same text', async () => {
    const text = await backtestingShow({ exportFilename: resultsDir, breakdown: ['day'], showPairList: true });
    expect(text).toContain('DAY BREAKDOWN');
    expect(text).toContain('Pairs for Strategy HandMade: \n[\n"BTC/USDT",  // 10.00%\n"ETH/USDT",  // 0.00%\n"XRP/USDT",  // 0.00%\n]');
  });
});

describe('backtesting-analysis', () => {
  it('group 0 by default, per strategy', () => {
    const r = keel(['backtesting-analysis', '--strategy', 'HandMade']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Strategy HandMade\nGroup 0:\n');
    // a: trades 1, 3, 6 -> 3 buys, 2 wins (+20, +10), 1 loss (-30): total 0, win% 66.6667,
    // avg win 30 / 2 = 15, avg loss -30
    expect(r.stdout).toMatch(/\| a +\| +3 \| +2 \| +1 \| +30 \| +-30 \| +0 \| +66\.6667 \| +15 \| +-30 \|/);
    // untagged trade 4 (profit 0) shows as OTHER: a loss by Freqtrade's <= 0 rule
    expect(r.stdout).toMatch(/\| OTHER +\| +1 \| +0 \| +1 \|/);
    expect(r.stdout).not.toContain('Strategy Other');
  });

  it('groups 1 and 5 with filters', () => {
    const r = keel(['backtesting-analysis', '--export-filename', file, '--analysis-groups', '1', '5', '--exit-reason-list', 'roi', 'stop_loss', '--strategy', 'HandMade']);
    expect(r.status).toBe(0);
    // group 1 over trades 1, 2, 3, 5: a = 20 - 30 = -10 (median -5), b = -10 + 40 = 30 (median 15), sorted by sum
    expect(r.stdout).toMatch(/Group 1:\n[^]*\| a +\| +2 \| +-10 \| +-5 \| +-5 \| +-5 \| +-5 \| +-10 \|\n\| b +\| +2 \| +30 \| +15 \| +15 \| +15 \| +15 \| +30 \|/);
    // group 5 sorted by exit reason: roi 2 trades +60, stop_loss 2 trades -40
    expect(r.stdout).toMatch(/Group 5:\n[^]*\| roi +\| +2 \| +60 \|[^]*\| stop_loss +\| +2 \| +-40 \|/);
    expect(r.stdout).not.toContain('force_exit');
  });

  it('invalid group: exit 1 with a clear message', () => {
    const r = keel(['backtesting-analysis', '--analysis-groups', '7']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('invalid --analysis-groups value "7": expected 0 1 2 3 4 5');
  });

  it('the exported action: enter tag filter, unknown strategy, nothing selected', async () => {
    const text = await backtestingAnalysis({ exportFilename: file, analysisGroups: ['2'], enterReasonList: ['b'], strategy: 'HandMade' });
    expect(text).toMatch(/\| b +\| stop_loss +\| +1 \| +-10 \|/);
    expect(text).toMatch(/\| b +\| roi +\| +1 \| +40 \|/);
    expect(text).not.toMatch(/\| a +\|/);
    await expect(backtestingAnalysis({ exportFilename: file, analysisGroups: ['0'], strategy: 'Nope' })).rejects.toThrow(
      'strategy "Nope" is not in',
    );
    const none = await backtestingAnalysis({ exportFilename: file, analysisGroups: ['0'], enterReasonList: ['zzz'], strategy: 'Other' });
    expect(none).toBe('Strategy Other\nNo trades to show\n\n');
  });
});
