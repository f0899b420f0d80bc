/**
 * `run.ts hyperopt`, `hyperopt-list` and `hyperopt-show` as a user runs them: child processes
 * on a temp config, the bundled Binance BTC/USDT 5m candles (four weeks of January 2023),
 * SmaCross (buy_fast / buy_slow, two IntParameters) copied into a temp strategies directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultsFile } from '../../../framework/optimize/hyperopt/results-file.ts';
import { runCliAsync as runKeel, spawnCli as spawnKeel } from '../../helpers/run-cli.ts';
import { TIMERANGE, countEpochLines, epochMap, makeWorkspace, resultFiles, type Workspace } from './workspace.ts';

let ws: Workspace;
/** The first run: 16 epochs, -j 2, seed 5. */
let first: string;

const BASE = ['hyperopt', '--spaces', 'buy', '--hyperopt-loss', 'SharpeHyperOptLoss', '--timerange', TIMERANGE, '--random-state', '5'];

function keel(args: string[], opts: { timeoutMs?: number } = {}) {
  return runKeel(['--config', ws.config, '--log-level', 'warn', ...args], { cwd: ws.dir, ...opts });
}

/** Epoch numbers of the rows of a hyperopt-list table. */
function listed(stdout: string): number[] {
  return [...stdout.matchAll(/^│ [* ] +│ +(\d+)\/\d+ │/gm)].map((m) => Number(m[1]));
}

/** The TOTAL row of the BACKTESTING REPORT: trades and total profit in USDT. */
function totalRow(stdout: string): { trades: number; profit: number } {
  const report = stdout.slice(stdout.indexOf('BACKTESTING REPORT'));
  const m = /│\s+TOTAL │\s+(\d+) │\s+(-?[\d.]+) │\s+(-?[\d.]+) │/.exec(report);
  if (!m) throw new Error(`no TOTAL row in:\n${stdout}`);
  return { trades: Number(m[1]), profit: Number(m[3]) };
}

beforeAll(async () => {
  ws = makeWorkspace();
  const r = await keel([...BASE, '--epochs', '16', '-j', '2']);
  if (r.status !== 0) throw new Error(`first hyperopt run failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  first = resultFiles(ws)[0]!;
}, 180_000);
afterAll(() => ws.cleanup());

describe('hyperopt run', () => {
  it('writes a results file: a header with the run, then 16 epoch lines', () => {
    const r = readResultsFile(first);
    const h = r.header;
    expect(path.basename(first)).toMatch(/^SmaCross_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.jsonl$/);
    expect(h).toMatchObject({ kind: 'keel-hyperopt', version: 1, epochs: 16, samplerBatchSize: 8 });
    expect(h.spec.sampler).toEqual({ name: 'tpe', seed: 5, options: {} });
    expect(h.spec.loss).toMatchObject({ name: 'SharpeHyperOptLoss', objectives: 1 });
    expect(h.spec.searchSpace.dimensions.map((d) => [d.name, d.kind, 'low' in d ? d.low : null, 'high' in d ? d.high : null])).toEqual([
      ['buy_fast', 'int', 5, 30],
      ['buy_slow', 'int', 20, 100],
    ]);
    expect(h.spec.strategy.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(h.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(h.dataHashes)).toEqual(['BTC/USDT 5m']);
    expect(h.spec.backtest.timerange).toEqual({ startMs: Date.UTC(2023, 0, 1), endMs: Date.UTC(2023, 0, 28) });
    expect(r.epochs.map((e) => e.epoch).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const e of r.epochs) {
      expect(e.seed).toBe(5);
      expect(e.params.buy_fast).toBeGreaterThanOrEqual(5);
      expect(e.params.buy_slow).toBeLessThanOrEqual(100);
      expect(e.paramsDetails).toEqual({ buy: e.params });
      expect(e.metrics!.trades).toBeGreaterThan(0);
      expect(e.values).toEqual([e.loss]);
      expect([0, 1]).toContain(e.worker);
    }
    // Both workers took part.
    expect(new Set(r.epochs.map((e) => e.worker)).size).toBe(2);
  });

  it('exports the best epoch to the parameter file, and a following backtest trades with it', async () => {
    const r = readResultsFile(first);
    const best = [...r.epochs].sort((a, b) => a.loss! - b.loss! || a.epoch - b.epoch)[0]!;
    const pf = JSON.parse(fs.readFileSync(path.join(ws.strategies, 'sma_cross.json'), 'utf8'));
    expect(pf.strategy_name).toBe('SmaCross');
    expect(pf.params.buy).toEqual(best.params);
    expect(pf.params.stoploss).toEqual({ stoploss: -0.1 });

    const bt = await keel(['--log-level', 'info', 'backtest', '--strategy', 'SmaCross', '--timerange', TIMERANGE, '--export', 'none']);
    expect(bt.status).toBe(0);
    expect(bt.stderr).toContain('loaded parameters from');
    const total = totalRow(bt.stdout);
    expect(total.trades).toBe(best.metrics!.trades);
    expect(total.profit).toBeCloseTo(best.metrics!.profitTotalAbs, 2);
  });

  it('the same seed gives the same epochs with -j 1 as with -j 2', async () => {
    const before = new Set(resultFiles(ws));
    const r = await keel([...BASE, '--epochs', '16', '-j', '1', '--disable-param-export']);
    expect(r.status).toBe(0);
    const file = resultFiles(ws).find((f) => !before.has(f))!;
    const a = epochMap(first);
    const b = epochMap(file);
    expect(b.size).toBe(16);
    for (const [n, e] of a) expect(b.get(n)).toEqual(e);
    expect(readResultsFile(file).epochs.every((e) => e.worker === 0)).toBe(true);
  });
});

/** A 300-epoch run in the background, once its new results file holds `epochs` lines (or after 90 s). */
async function startLongRun(epochs: number): Promise<{ child: ReturnType<typeof spawnKeel>; file: string | undefined }> {
  const before = new Set(resultFiles(ws));
  const child = spawnKeel(['--config', ws.config, '--log-level', 'warn', ...BASE, '--epochs', '300', '-j', '2', '--disable-param-export'], { cwd: ws.dir });
  let file: string | undefined;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    file ??= resultFiles(ws).find((f) => !before.has(f));
    if (file && countEpochLines(file) >= epochs) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, file };
}

describe('interrupting and resuming', () => {
  it('a run killed mid-way (SIGKILL) keeps every finished epoch; --resume completes it without duplicates', async () => {
    const { child, file } = await startLongRun(20);
    child.proc.kill('SIGKILL');
    const exit = await child.exit;
    expect(exit.signal).toBe('SIGKILL');
    const killed = readResultsFile(file!, { warn: false });
    const numbers = killed.epochs.map((e) => e.epoch);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBeGreaterThanOrEqual(20);
    expect(numbers.length).toBeLessThan(300);
    // Missing below the highest recorded epoch: only trials asked and not recorded yet. The loop
    // asks TPE up to its batch barrier (8 trials) and runs them longest first, so at most 7.
    const max = Math.max(...numbers);
    expect(max - numbers.length).toBeLessThanOrEqual(7);

    const r = await keel(['hyperopt', '--resume', path.basename(file!), '-j', '2', '--disable-param-export'], { timeoutMs: 180_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Resuming ${path.basename(file!).replace('.', '\\.')}: ${numbers.length} epochs recorded, running to 300`));
    const done = epochMap(file!);
    expect(done.size).toBe(300);
    expect([...done.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // Epochs recorded before the kill are untouched, and the run is the run an uninterrupted one makes.
    for (const e of killed.epochs) expect(done.get(e.epoch)).toEqual({ params: e.params, loss: e.loss, metrics: e.metrics });
    for (const [n, e] of epochMap(first)) expect(done.get(n)).toEqual(e);
  }, 240_000);

  it('SIGINT ends the run cleanly: exit code 130, the file readable, the way to resume printed', async () => {
    const { child, file } = await startLongRun(5);
    child.proc.kill('SIGINT');
    const exit = await child.exit;
    expect(exit.status).toBe(130);
    expect(child.stdout()).toContain(`Interrupted (SIGINT): the epochs in flight were dropped. Continue with: hyperopt --resume ${path.basename(file!)}`);
    expect(child.stdout()).toContain('Best result:');
    const r = readResultsFile(file!);
    expect(r.skippedLastLine).toBeNull();
    expect(r.epochs.length).toBeLessThan(300);
  }, 120_000);

  it('resume accepts a file cut off in its last line, says so, and refuses changed flags', async () => {
    const copy = path.join(ws.results, 'cut.jsonl');
    fs.copyFileSync(first, copy);
    const intact = readResultsFile(copy).epochs.length;
    fs.appendFileSync(copy, '{"kind":"epoch","epoch":17,"params":{"buy_fa');

    const list = await keel(['hyperopt-list', '--results', 'cut.jsonl']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('(skipping the partial last line 18)');
    expect(listed(list.stdout)).toHaveLength(intact);

    const conflict = await keel(['hyperopt', '--resume', 'cut', '--random-state', '6']);
    expect(conflict.status).toBe(1);
    expect(conflict.stderr).toContain('--random-state 6 (the run has 5)');

    const r = await keel(['hyperopt', '--resume', 'cut', '--epochs', '20', '-j', '2', '--disable-param-export', ...BASE.slice(1)]);
    expect(r.stdout).toContain('skipping the partial last line 18');
    expect(r.status).toBe(0);
    const done = epochMap(copy);
    expect([...done.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  }, 120_000);

  it('a results file corrupt before its last line is refused, naming the line', async () => {
    const copy = path.join(ws.results, 'broken.jsonl');
    const lines = fs.readFileSync(first, 'utf8').split('\n');
    lines[4] = lines[4]!.slice(0, 30);
    fs.writeFileSync(copy, lines.join('\n'));
    const r = await keel(['hyperopt', '--resume', copy]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken\.jsonl: line 5 is not valid JSON/);
    const l = await keel(['hyperopt-list', '--results', copy]);
    expect(l.status).toBe(1);
    expect(l.stderr).toMatch(/line 5 is not valid JSON/);
  });
});

describe('hyperopt-list and hyperopt-show', () => {
  it('lists the epochs with Freqtrade\'s filters and exports them as CSV', async () => {
    const epochs = readResultsFile(first).epochs.sort((a, b) => a.epoch - b.epoch);
    const all = await keel(['hyperopt-list', '--results', first]);
    expect(all.status).toBe(0);
    expect(listed(all.stdout)).toEqual(epochs.map((e) => e.epoch));

    let best = Infinity;
    const bests = epochs.filter((e) => (e.loss! < best ? ((best = e.loss!), true) : false)).map((e) => e.epoch);
    expect(listed((await keel(['hyperopt-list', '--results', first, '--best'])).stdout)).toEqual(bests);

    const profitable = epochs.filter((e) => e.metrics!.profitTotal > 0).map((e) => e.epoch);
    expect(listed((await keel(['hyperopt-list', '--results', first, '--profitable'])).stdout)).toEqual(profitable);

    const trades = epochs.map((e) => e.metrics!.trades).sort((a, b) => a - b);
    const lo = trades[4]!;
    const hi = trades[11]!;
    const losses = epochs.map((e) => e.loss!).sort((a, b) => a - b);
    const csvFile = path.join(ws.dir, 'epochs.csv');
    const r = await keel([
      'hyperopt-list',
      '--results',
      first,
      '--min-trades',
      String(lo),
      '--max-trades',
      String(hi),
      '--min-avg-profit',
      '-1',
      '--max-total-profit',
      '1000',
      '--max-objective',
      String(losses[12]),
      '--export-csv',
      csvFile,
    ]);
    expect(r.status).toBe(0);
    const want = epochs.filter((e) => e.metrics!.trades >= lo && e.metrics!.trades <= hi && e.loss! <= losses[12]!).map((e) => e.epoch);
    expect(want.length).toBeGreaterThan(0);
    expect(listed(r.stdout)).toEqual(want);
    const csv = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^best,epoch,trades,.*,buy_fast,buy_slow$/);
    expect(csv.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(want);
    const row = csv[1]!.split(',');
    const e = epochs.find((x) => x.epoch === want[0])!;
    expect(Number(row[2])).toBe(e.metrics!.trades);
    expect(row.slice(-2).map(Number)).toEqual([e.params.buy_fast, e.params.buy_slow]);
  });

  it('hyperopt-show -n N prints the full backtest report of that epoch', async () => {
    const e = readResultsFile(first).epochs.find((x) => x.epoch === 7)!;
    const r = await keel(['hyperopt-show', '--results', first, '-n', '7']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`buy_params = ${JSON.stringify(e.params)}`);
    expect(r.stdout).toContain('SUMMARY METRICS');
    expect(totalRow(r.stdout)).toEqual({ trades: e.metrics!.trades, profit: Number(e.metrics!.profitTotalAbs.toFixed(3)) });

    const best = await keel(['hyperopt-show', '--results', first, '--best']);
    const b = [...readResultsFile(first).epochs].sort((x, y) => x.loss! - y.loss!)[0]!;
    expect(best.stdout).toMatch(new RegExp(`^\\s+${b.epoch}/16: `, 'm'));

    const missing = await keel(['hyperopt-show', '--results', first, '-n', '99']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no epoch 99; the file has epochs 1..16 (16 recorded)');
  });
});

describe('bad input', () => {
  it('unknown space, loss and sampler are named with the valid choices', async () => {
    const before = resultFiles(ws).length;
    const space = await keel(['hyperopt', '--spaces', 'buyy', '--epochs', '2']);
    expect(space.status).toBe(1);
    expect(space.stderr).toContain('unknown hyperopt space "buyy" for strategy SmaCross: valid spaces are buy, sell, protection, roi');
    const loss = await keel(['hyperopt', '--spaces', 'buy', '--hyperopt-loss', 'NoSuchLoss', '--epochs', '2']);
    expect(loss.status).toBe(1);
    expect(loss.stderr).toContain('unknown hyperopt loss "NoSuchLoss": choose one of ShortTradeDurHyperOptLoss (ShortTradeDur)');
    const sampler = await keel(['hyperopt', '--spaces', 'buy', '--sampler', 'bayes', '--epochs', '2']);
    expect(sampler.status).toBe(1);
    expect(sampler.stderr).toContain('unknown sampler "bayes": choose one of tpe, random, grid, nsga2');
    // Refused before any data is loaded or any results file is started.
    expect(resultFiles(ws)).toHaveLength(before);
  });

  it('a space with nothing to optimize, a strategy with no parameter, a range with low > high', async () => {
    const w = makeWorkspace();
    try {
      const kw = (args: string[]) => runKeel(['--config', w.config, '--log-level', 'warn', 'hyperopt', '--timerange', TIMERANGE, '--epochs', '2', ...args], { cwd: w.dir });
      const sell = await kw(['--spaces', 'sell']);
      expect(sell.status).toBe(1);
      expect(sell.stderr).toContain('strategy SmaCross has no parameter to optimize in space "sell"');

      fs.writeFileSync(
        path.join(w.strategies, 'fixed.ts'),
        [
          `import { IStrategy, IntParameter, type DataFrame } from '${path.relative(w.strategies, path.resolve('framework/strategy/index.ts')).split(path.sep).join('/')}';`,
          'export class Fixed extends IStrategy {',
          "  override timeframe = '5m';",
          '  buy_len = new IntParameter(5, 10, { default: 7, optimize: false });',
          '  populateIndicators(df: DataFrame) { return df; }',
          '  populateEntryTrend(df: DataFrame) { return df; }',
          '  populateExitTrend(df: DataFrame) { return df; }',
          '  hyperoptSpace(name: string) {',
          "    if (name === 'stoploss') return [{ kind: 'float', name: 'stoploss', low: -0.02, high: -0.3, step: 0.001, decimals: 3 }];",
          '    return undefined;',
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      const fixed = await kw(['--strategy', 'Fixed', '--spaces', 'buy']);
      expect(fixed.status).toBe(1);
      expect(fixed.stderr).toContain('strategy Fixed has no parameter to optimize in space "buy" (buy_len has optimize: false)');
      const low = await kw(['--strategy', 'Fixed', '--spaces', 'stoploss']);
      expect(low.status).toBe(1);
      expect(low.stderr).toContain("strategy Fixed: hyperoptSpace('stoploss'): hyperopt dimension stoploss: range is empty: low -0.02 > high -0.3");
      expect(resultFiles(w)).toEqual([]);
    } finally {
      w.cleanup();
    }
  });
});

describe('walk-forward', () => {
  it('3 rolling windows: optimise in sample, backtest out of sample, report the comparison and stability', async () => {
    const w = makeWorkspace();
    try {
      const r = await runKeel(
        [
          '--config',
          w.config,
          '--log-level',
          'warn',
          'hyperopt',
          '--spaces',
          'buy',
          '--hyperopt-loss',
          'OnlyProfitHyperOptLoss',
          '--timerange',
          '20230101-20230310',
          '--epochs',
          '12',
          '-j',
          '2',
          '--random-state',
          '3',
          '--walk-forward',
          'windows=3,test=10d',
        ],
        { cwd: w.dir, timeoutMs: 240_000 },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Walk-forward: 3 window(s), rolling, 12 epochs each, seed 3');
      for (const title of ['WALK-FORWARD SmaCross (OnlyProfitHyperOptLoss)', 'OUT-OF-SAMPLE AGGREGATE', 'PARAMETER STABILITY']) expect(r.stdout).toContain(title);
      expect(r.stdout).toMatch(/OUT-OF-SAMPLE RESULTS ARE MUCH WORSE THAN IN-SAMPLE|Out-of-sample results hold up|In-sample optimisation found no profitable parameters/);
      const files = resultFiles(w).map((f) => path.basename(f));
      expect(files).toHaveLength(3);
      expect(files.map((f) => /_wf(\d)of3_/.exec(f)?.[1])).toEqual(['1', '2', '3']);
      // Nothing exported in walk-forward mode.
      expect(fs.existsSync(path.join(w.strategies, 'sma_cross.json'))).toBe(false);

      const summaryFile = fs.readdirSync(w.results).find((f) => f.endsWith('.json'))!;
      const { summary } = JSON.parse(fs.readFileSync(path.join(w.results, summaryFile), 'utf8'));
      expect(summary.windows).toHaveLength(3);
      const DAY = 86_400_000;
      for (const [k, win] of summary.windows.entries()) {
        expect(win.outOfSample.startMs).toBe(win.inSample.endMs + 300_000);
        expect(win.outOfSample.endMs - win.outOfSample.startMs + 300_000).toBe(10 * DAY);
        if (k > 0) expect(win.inSample.startMs - summary.windows[k - 1].inSample.startMs).toBe(10 * DAY);
        expect(win.oos.metrics.trades).toBeGreaterThan(0);
        // The in-sample figures are those of the window's best epoch in its results file.
        const rf = readResultsFile(path.join(w.results, files[k]!));
        const best = [...rf.epochs].sort((a, b) => a.loss! - b.loss! || a.epoch - b.epoch)[0]!;
        expect(win.bestEpoch).toBe(best.epoch);
        expect(win.params).toEqual(best.params);
        expect(win.is.metrics).toEqual(best.metrics);
      }
      expect(summary.aggregate.oosTrades).toBe(summary.windows.reduce((n: number, x: { oos: { metrics: { trades: number } } }) => n + x.oos.metrics.trades, 0));
      expect(summary.stability.map((s: { name: string }) => s.name)).toEqual(['buy_fast', 'buy_slow']);

      // The out-of-sample figures are a plain backtest of those parameters on that range.
      const last = summary.windows[2];
      fs.writeFileSync(
        path.join(w.strategies, 'sma_cross.json'),
        JSON.stringify({ strategy_name: 'SmaCross', params: { buy: last.params }, ft_stratparam_v: 1 }),
      );
      const bt = await runKeel(
        ['--config', w.config, '--log-level', 'warn', 'backtest', '--timerange', `${Math.floor(last.outOfSample.startMs / 1000)}-${Math.floor(last.outOfSample.endMs / 1000)}`, '--export', 'none'],
        { cwd: w.dir },
      );
      expect(bt.status).toBe(0);
      expect(totalRow(bt.stdout).trades).toBe(last.oos.metrics.trades);
      expect(totalRow(bt.stdout).profit).toBeCloseTo(last.oos.metrics.profitTotalAbs, 2);
    } finally {
      w.cleanup();
    }
  }, 300_000);
});
