/**
 * User files under the compiled framework (framework/build/user-modules.ts), through the CLI
 * as users run it: strategies outside the repository importing the framework by relative path,
 * helper files they import, cache invalidation when a helper changes, import.meta.url of the
 * source, and compile errors naming the file and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { makeTempDir } from '../helpers/tmp.ts';
import { frameworkImport } from '../strategy/temp-strategies.ts';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('keel-user-modules-');
});
afterEach(() => tmp.cleanup());

interface Listed {
  strategies: Array<{ name: string; timeframe: string; file: string }>;
  problems: Array<{ file: string; className?: string; error: string }>;
}

function list(dir: string): Listed {
  const r = runCli(['list-strategies', '--strategy-path', dir, '--json']);
  expect(r.stderr).not.toMatch(/Unexpected error/);
  return JSON.parse(r.stdout) as Listed;
}

/** (`file` in the JSON listing is relative to the strategy directory.) A strategy in `dir` whose timeframe comes from ./lib/settings.ts and whose version reads a file beside it. */
function writeStrategyWithHelper(dir: string, timeframe: string): void {
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'lib/settings.ts'), `export const TIMEFRAME: string = '${timeframe}';\n`);
  fs.writeFileSync(path.join(dir, 'version.txt'), '7.1.0\n');
  fs.writeFileSync(
    path.join(dir, 'helper_user.ts'),
    [
      "import fs from 'node:fs';",
      `import { IStrategy, type DataFrame } from '${frameworkImport(dir, 'strategy/index.ts')}';`,
      "import { TIMEFRAME } from './lib/settings.ts';",
      'export class HelperUser extends IStrategy {',
      '  override timeframe = TIMEFRAME;',
      "  override version(): string { return fs.readFileSync(new URL('./version.txt', import.meta.url), 'utf8').trim(); }",
      '  populateIndicators(df: DataFrame): void {}',
      '  populateEntryTrend(df: DataFrame): void {}',
      '  populateExitTrend(df: DataFrame): void {}',
      '}',
      '',
    ].join('\n'),
  );
}

describe('user strategies under the compiled framework', () => {
  it('loads a strategy outside the repository that imports a helper file and reads a file beside it', () => {
    writeStrategyWithHelper(tmp.dir, '15m');
    const out = list(tmp.dir);
    expect(out.problems).toEqual([]);
    expect(out.strategies.map((s) => [s.name, s.timeframe])).toEqual([['HelperUser', '15m']]);
    const r = runCli(['list-strategies', '--strategy-path', tmp.dir]);
    // The version column comes from version.txt, found through the source's import.meta.url.
    expect(r.stdout).toMatch(/^HelperUser\s+helper_user\.ts\s+15m\s+1\s+7\.1\.0\s/m);
  });

  it('recompiles when an imported helper changes, even though the strategy file did not', () => {
    writeStrategyWithHelper(tmp.dir, '15m');
    expect(list(tmp.dir).strategies[0]!.timeframe).toBe('15m');
    fs.writeFileSync(path.join(tmp.dir, 'lib/settings.ts'), "export const TIMEFRAME: string = '1h';\n");
    expect(list(tmp.dir).strategies[0]!.timeframe).toBe('1h');
  });

  it('names the helper file, line and column of a syntax error in a file the strategy imports', () => {
    writeStrategyWithHelper(tmp.dir, '15m');
    fs.writeFileSync(path.join(tmp.dir, 'lib/settings.ts'), "export const TIMEFRAME: string = '1h'\nexport const = 5;\n");
    const out = list(tmp.dir);
    expect(out.strategies).toEqual([]);
    // Both files are reported: the helper itself (every file under the directory is imported)
    // and the strategy that imports it, naming the helper.
    const byFile = new Map(out.problems.map((p) => [p.file, p.error]));
    expect([...byFile.keys()].sort()).toEqual(['helper_user.ts', 'lib/settings.ts']);
    expect(byFile.get('helper_user.ts')).toMatch(/cannot be imported:[\s\S]*Expected identifier but found "=" in .*lib\/settings\.ts at line 2, column 14/);
    expect(byFile.get('lib/settings.ts')).toMatch(/cannot be imported:[\s\S]*Expected identifier but found "=" at line 2, column 14: export const = 5;/);
  });

  it('reports an import of a file that does not exist, with the specifier and line', () => {
    writeStrategyWithHelper(tmp.dir, '15m');
    const file = path.join(tmp.dir, 'helper_user.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("'./lib/settings.ts'", "'./lib/missing.ts'"));
    const out = list(tmp.dir);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]!.error).toMatch(/Could not resolve "\.\/lib\/missing\.ts" at line 3/);
  });

  it('refuses an import of a framework module that is not public, naming it and the line', () => {
    writeStrategyWithHelper(tmp.dir, '15m');
    const file = path.join(tmp.dir, 'helper_user.ts');
    const text = fs.readFileSync(file, 'utf8');
    // Used, so that the import is kept (TypeScript drops imports nothing uses).
    fs.writeFileSync(file, `import { timeframeToMs } from '${frameworkImport(tmp.dir, 'core/timeframe.ts')}';\nexport const STEP = timeframeToMs('5m');\n${text}`);
    const out = list(tmp.dir);
    expect(out.strategies).toEqual([]);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]!.error).toMatch(
      /framework\/core\/timeframe\.ts is not one of the framework's public modules: import from framework\/strategy\/index\.ts .* at line 1/,
    );
  });

  it('shares the framework classes with the CLI: a subclass of a subclass in another file is a strategy', () => {
    const base = path.join(tmp.dir, '_base.ts');
    fs.writeFileSync(
      base,
      [
        `import { IStrategy, type DataFrame } from '${frameworkImport(tmp.dir, 'strategy/index.ts')}';`,
        'export abstract class Base extends IStrategy {',
        "  override timeframe = '4h';",
        '  populateIndicators(df: DataFrame): void {}',
        '  populateEntryTrend(df: DataFrame): void {}',
        '}',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(tmp.dir, 'child.ts'),
      ["import type { DataFrame } from 'keel-does-not-matter-for-types';", "import { Base } from './_base.ts';", 'export class Child extends Base {', '  populateExitTrend(df: DataFrame): void {}', '}', ''].join('\n'),
    );
    const out = list(tmp.dir);
    expect(out.problems).toEqual([]);
    expect(out.strategies.map((s) => [s.name, s.timeframe])).toEqual([['Child', '4h']]);
  });
});
