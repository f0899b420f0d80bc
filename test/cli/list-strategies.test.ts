import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

/** `run.ts list-strategies` as a user runs it, in a child process. */
function listStrategies(args: string[]): CliResult {
  return runCli(['list-strategies', ...args]);
}

describe('run.ts list-strategies', () => {
  it('lists valid strategies with file, timeframe, interface, version and parameters, and broken files with their error', () => {
    const r = listStrategies(['--strategy-path', 'test/fixtures/strategies']);
    expect(r.stderr).not.toMatch(/Unexpected error/);
    expect(r.status).toBe(0);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('Strategies in test/fixtures/strategies: 6 OK, 8 with problems');
    expect(out[2]).toMatch(/^Name\s+File\s+Timeframe\s+Interface\s+Version\s+Parameters\s+Status$/);
    expect(r.stdout).toMatch(/^GoodStrategy\s+good_strategy\.ts\s+1h\s+1\s+1\.2\.0\s+-\s+OK$/m);
    expect(r.stdout).toMatch(/^DerivedStrategy\s+sub\/derived_strategy\.ts\s+4h\s+1\s+1\.2\.0\s+-\s+OK$/m);
    expect(r.stdout).toMatch(/^ParamStrategy\s+param_strategy\.ts\s+15m\s+1\s+-\s+buy:5 sell:2 protection:1\s+OK$/m);
    expect(r.stdout).toMatch(/^JsStrategy\s+plain_js\.js\s+5m\s+1\s+-\s+-\s+OK$/m);
    expect(r.stdout).toMatch(/^BadStoploss\s+broken_stoploss\.ts(\s+-){4}\s+ERROR: stoploss: expected a number in \[-1, 0\), e\.g\. -0\.10, got "abc"$/m);
    // The CLI runs the compiled framework, which compiles user files with esbuild: its wording.
    expect(r.stdout).toMatch(/^-\s+broken_syntax\.js(\s+-){4}\s+ERROR: cannot be imported: Expected ";" but found "\{" at line 7, column 26: populateEntryTrend\(df\) \{$/m);
    expect(r.stdout).toMatch(/^-\s+broken_throws\.ts(\s+-){4}\s+ERROR: cannot be imported: fixture exploded at import$/m);
    expect(r.stdout).toMatch(/^MissingEntryHook\s+broken_missing_hook\.ts(\s+-){4}\s+ERROR: does not implement populateEntryTrend;/m);
    expect(r.stdout.match(/^DuplicateName\s+dup_[ab]\.ts/gm)).toHaveLength(2);
  });

  it('--json prints the same listing as JSON', () => {
    const r = listStrategies(['--strategy-path', 'test/fixtures/strategies', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      directory: string;
      strategies: Array<{ name: string; file: string; timeframe: string; version: string | null; parameters: Record<string, number>; sourceHash: string }>;
      problems: Array<{ name: string | null; file: string; status: string; error: string }>;
    };
    expect(out.directory).toBe(path.join(REPO_ROOT, 'test/fixtures/strategies'));
    expect(out.strategies.map((s) => s.name)).toEqual([
      'ConcreteFromIntermediate',
      'DerivedStrategy',
      'GoodStrategy',
      'JsStrategy',
      'ParamStrategy',
      'UsesSharedBase',
    ]);
    expect(out.strategies.find((s) => s.name === 'GoodStrategy')).toMatchObject({ file: 'good_strategy.ts', timeframe: '1h', version: '1.2.0' });
    expect(out.strategies[0]!.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(out.problems.find((p) => p.file === 'broken_roi.ts')).toMatchObject({
      name: 'BadRoiTable',
      status: expect.stringContaining('minimalRoi: key "-5" is not a whole number of minutes >= 0') as unknown,
    });
    expect(out.problems).toHaveLength(8);
  });

  it('a missing directory is an error with exit code 1', () => {
    const r = listStrategies(['--strategy-path', 'test/fixtures/no-such-dir']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `Error: strategy directory ${path.join(REPO_ROOT, 'test/fixtures/no-such-dir')} does not exist (set strategy.path in the config or pass --strategy-path)`,
    );
  });
});
