import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../framework/core/errors.ts';
import { StrategyLoadError } from '../../framework/strategy/errors.ts';
import { loadConfiguredStrategy, loadStrategy } from '../../framework/strategy/loader.ts';
import { discoverStrategies, listStrategyFiles, type StrategyDiscovery } from '../../framework/strategy/registry.ts';
import { configSchema } from '../../framework/config/schema.ts';
import { GoodStrategy } from '../fixtures/strategies/good_strategy.ts';
import { DerivedStrategy } from '../fixtures/strategies/sub/derived_strategy.ts';
import { makeTempDir, REPO_ROOT } from '../helpers/tmp.ts';
import { frameworkImport, writeStrategy } from './temp-strategies.ts';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/strategies');
const fixture = (f: string): string => path.join(FIXTURES, f);

let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => {
  tmp?.cleanup();
  tmp = undefined;
});

let d: StrategyDiscovery;
beforeAll(async () => {
  d = await discoverStrategies(FIXTURES);
});

function problemFor(file: string): string {
  const found = d.problems.filter((p) => p.file === fixture(file));
  expect(found, `a problem for ${file}`).toHaveLength(1);
  return found[0]!.error.message;
}

describe('discoverStrategies over test/fixtures/strategies', () => {
  it('finds every valid strategy, recursively, in .ts and .js, despite the broken files next to them', () => {
    expect(d.directory).toBe(FIXTURES);
    expect(d.strategies.map((s) => [s.name, path.relative(FIXTURES, s.file)])).toEqual([
      ['ConcreteFromIntermediate', 'intermediate.ts'],
      ['DerivedStrategy', path.join('sub', 'derived_strategy.ts')],
      ['GoodStrategy', 'good_strategy.ts'],
      ['JsStrategy', 'plain_js.js'],
      ['ParamStrategy', 'param_strategy.ts'],
      ['UsesSharedBase', 'uses_shared_base.ts'],
    ]);
    const good = d.strategies.find((s) => s.name === 'GoodStrategy')!;
    expect(good.cls).toBe(GoodStrategy);
    expect(good.metadata).toMatchObject({ timeframe: '1h', interfaceVersion: 1, version: '1.2.0', stoploss: -0.08, startupCandleCount: 50 });
    expect(good.sourceHash).toBe(createHash('sha256').update(fs.readFileSync(fixture('good_strategy.ts'))).digest('hex'));
    expect(d.strategies.find((s) => s.name === 'ParamStrategy')!.parameterCounts).toEqual({ buy: 5, sell: 2, protection: 1 });
  });

  it('skips files and folders starting with _ or ., declaration and test files, and non-strategy exports', () => {
    const files = listStrategyFiles(FIXTURES).map((f) => path.relative(FIXTURES, f));
    expect(files).not.toContain('_ignored_helper.ts');
    expect(files.some((f) => f.startsWith('_shared') || f.startsWith('.hidden'))).toBe(false);
    expect(files).toContain('not_a_strategy.ts');
    expect(files).toContain('plain_js.js');
    expect(d.problems.some((p) => /_ignored_helper|\.hidden|not_a_strategy/.test(p.file))).toBe(false);
  });

  it('a syntax error names the file, the line and what is wrong', () => {
    expect(problemFor('broken_syntax.js')).toMatch(
      /broken_syntax\.js: cannot be imported:\n\s+SyntaxError: Unexpected token '\{' at line 7: populateEntryTrend\(df\) \{/,
    );
  });

  it('a file that throws at import is reported with its error', () => {
    expect(problemFor('broken_throws.ts')).toMatch(/broken_throws\.ts: cannot be imported:\n\s+fixture exploded at import/);
  });

  it('a class missing a hook names the class, the file and the hook', () => {
    const msg = problemFor('broken_missing_hook.ts');
    expect(msg).toContain('strategy MissingEntryHook (test/fixtures/strategies/broken_missing_hook.ts): does not implement populateEntryTrend;');
    expect(msg).not.toMatch(/populateExitTrend;/);
  });

  it('a wrong attribute type names the attribute, the value given and what was expected', () => {
    expect(problemFor('broken_stoploss.ts')).toBe(
      'strategy BadStoploss (test/fixtures/strategies/broken_stoploss.ts) is invalid:\n' +
        '  - stoploss: expected a number in [-1, 0), e.g. -0.10, got "abc"',
    );
  });

  it('a bad ROI table names every bad key', () => {
    const msg = problemFor('broken_roi.ts');
    expect(msg).toContain('strategy BadRoiTable (test/fixtures/strategies/broken_roi.ts) is invalid:');
    expect(msg).toContain('minimalRoi: key "-5" is not a whole number of minutes >= 0');
    expect(msg).toContain('minimalRoi: key "ten" is not a whole number of minutes >= 0');
  });

  it("Freqtrade's snake_case attribute names are reported with the Keel name", () => {
    const msg = problemFor('broken_freqtrade_names.ts');
    expect(msg).toContain("minimal_roi: this is Freqtrade's name; Keel reads minimalRoi");
    expect(msg).toContain("trailing_stop: this is Freqtrade's name; Keel reads trailingStop");
  });

  it('two classes with one name in two files: both refused, each error names both files', () => {
    for (const f of ['dup_a.ts', 'dup_b.ts']) {
      expect(problemFor(f)).toBe(
        'strategy class name DuplicateName is defined in 2 files: test/fixtures/strategies/dup_a.ts, ' +
          'test/fixtures/strategies/dup_b.ts; class names must be unique, rename one',
      );
    }
    expect(d.strategies.some((s) => s.name === 'DuplicateName')).toBe(false);
  });

  it('an exported intermediate base missing hooks is neither selectable nor a problem', () => {
    expect(d.bases).toEqual([{ name: 'IntermediateBase', file: fixture('intermediate.ts'), missingHooks: ['populateEntryTrend', 'populateExitTrend'] }]);
    expect(d.problems.some((p) => p.className === 'IntermediateBase')).toBe(false);
  });

  it('exactly the broken fixtures are problems', () => {
    expect(d.problems.map((p) => path.basename(p.file))).toEqual([
      'broken_freqtrade_names.ts',
      'broken_missing_hook.ts',
      'broken_roi.ts',
      'broken_stoploss.ts',
      'broken_syntax.js',
      'broken_throws.ts',
      'dup_a.ts',
      'dup_b.ts',
    ]);
    for (const p of d.problems) expect(p.error).toBeInstanceOf(StrategyLoadError);
  });

  it('a missing directory is a usage error naming it', async () => {
    await expect(discoverStrategies(path.join(FIXTURES, 'nope'))).rejects.toThrow(
      new UsageError(`strategy directory ${path.join(FIXTURES, 'nope')} does not exist (set strategy.path in the config or pass --strategy-path)`),
    );
  });
});

describe('loadStrategy', () => {
  it('returns a fresh instance with its file, parameters and the sha256 of its source', async () => {
    const a = await loadStrategy('GoodStrategy', { dir: FIXTURES, discovery: d });
    const b = await loadStrategy('GoodStrategy', { dir: FIXTURES, discovery: d });
    expect(a.strategy).toBeInstanceOf(GoodStrategy);
    expect(a.strategy).not.toBe(b.strategy);
    expect(a.name).toBe('GoodStrategy');
    expect(a.file).toBe(fixture('good_strategy.ts'));
    expect(a.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.sourceHash).toBe(createHash('sha256').update(fs.readFileSync(a.file, 'utf8')).digest('hex'));
    expect(a.parameters.size).toBe(0);
    expect(a.parameterFile).toBeUndefined();
    // Optional order types were filled with Freqtrade's defaults.
    expect(a.strategy.orderTypes).toEqual(a.metadata.orderTypes);
  });

  it('inheritance across files: a subclass in a subfolder keeps the base attributes and behaviour', async () => {
    const loaded = await loadStrategy('DerivedStrategy', { dir: FIXTURES });
    const s = loaded.strategy as DerivedStrategy;
    expect(s).toBeInstanceOf(DerivedStrategy);
    expect(s).toBeInstanceOf(GoodStrategy);
    expect(s.timeframe).toBe('4h');
    expect(s.stoploss).toBe(-0.08);
    expect(s.version()).toBe('1.2.0');
    const df = { rows: 3 } as never;
    expect(s.populateEntryTrend(df)).toBe(df);
    expect(s.entryCalls).toBe(1);
    expect(loaded.file).toBe(fixture('sub/derived_strategy.ts'));
  });

  it('a strategy whose base lives in a skipped _ folder loads', async () => {
    const loaded = await loadStrategy('UsesSharedBase', { dir: FIXTURES, discovery: d });
    expect(loaded.strategy.timeframe).toBe('30m');
  });

  it('an unknown name lists the available strategies and the files that could not be imported', async () => {
    const err = await loadStrategy('NoSuchStrategy', { dir: FIXTURES, discovery: d }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg).toContain('strategy "NoSuchStrategy" not found in test/fixtures/strategies.');
    expect(msg).toContain('Available: ConcreteFromIntermediate, DerivedStrategy, GoodStrategy, JsStrategy, ParamStrategy, UsesSharedBase.');
    expect(msg).toContain('2 file(s) could not be imported and may define it: test/fixtures/strategies/broken_syntax.js, test/fixtures/strategies/broken_throws.ts');
    expect(msg).toContain('Classes with problems: KeptFreqtradeNames, MissingEntryHook, BadRoiTable, BadStoploss, DuplicateName.');
  });

  it('a near miss in case is suggested', async () => {
    await expect(loadStrategy('goodstrategy', { dir: FIXTURES, discovery: d })).rejects.toThrow(/Did you mean "GoodStrategy"\?/);
  });

  it('selecting a broken class gives its own error', async () => {
    await expect(loadStrategy('BadStoploss', { dir: FIXTURES, discovery: d })).rejects.toThrow(/stoploss: expected a number in \[-1, 0\), e\.g\. -0\.10, got "abc"/);
    await expect(loadStrategy('DuplicateName', { dir: FIXTURES, discovery: d })).rejects.toThrow(/dup_a\.ts, test\/fixtures\/strategies\/dup_b\.ts/);
  });

  it('selecting an intermediate base says which hooks are missing', async () => {
    await expect(loadStrategy('IntermediateBase', { dir: FIXTURES, discovery: d })).rejects.toThrow(
      /strategy IntermediateBase \(test\/fixtures\/strategies\/intermediate\.ts\): does not implement populateEntryTrend, populateExitTrend;/,
    );
  });

  it('loadConfiguredStrategy reads strategy.name, strategy.path and strategy.parameters from the config', async () => {
    const config = configSchema.parse({ strategy: { name: 'GoodStrategy', path: FIXTURES } });
    expect((await loadConfiguredStrategy(config)).name).toBe('GoodStrategy');
    expect((await loadConfiguredStrategy(config, 'JsStrategy')).strategy.timeframe).toBe('5m');
    const none = configSchema.parse({ strategy: { path: FIXTURES } });
    await expect(loadConfiguredStrategy(none)).rejects.toThrow(UsageError);
  });
});

describe('discovery edge cases (temporary strategy directories)', () => {
  it('re-exports are not duplicates; declaration, test and dot files are skipped', async () => {
    tmp = makeTempDir();
    writeStrategy(tmp.dir, 'base.ts', 'ReBase');
    fs.writeFileSync(path.join(tmp.dir, 'reexport.ts'), `export { ReBase } from './base.ts';\nexport { ReBase as Renamed } from './base.ts';\n`);
    writeStrategy(tmp.dir, 'types.d.ts', 'Declared');
    writeStrategy(tmp.dir, 'thing.test.ts', 'InATest');
    writeStrategy(tmp.dir, '.editor-backup.ts', 'Backup');
    const r = await discoverStrategies(tmp.dir);
    expect(r.problems).toEqual([]);
    expect(r.strategies.map((s) => [s.name, path.basename(s.file)])).toEqual([['ReBase', 'base.ts']]);
  });

  it('an anonymous default export, a throwing constructor and a parameter without a space are problems', async () => {
    tmp = makeTempDir();
    const imp = frameworkImport(tmp.dir, 'strategy/strategy.ts');
    fs.writeFileSync(
      path.join(tmp.dir, 'anon.ts'),
      `import { IStrategy } from '${imp}';\nexport default class extends IStrategy {\n populateIndicators(df: any) { return df; }\n populateEntryTrend(df: any) { return df; }\n populateExitTrend(df: any) { return df; }\n}\n`,
    );
    writeStrategy(tmp.dir, 'ctor.ts', 'ThrowingCtor', "  constructor() { super(); throw new Error('no config here'); }");
    writeStrategy(tmp.dir, 'nospace.ts', 'NoSpace', '  fastLen = new IntParameter(1, 5, { default: 2 });');
    writeStrategy(tmp.dir, 'ok.ts', 'StillFine');
    const r = await discoverStrategies(tmp.dir);
    expect(r.strategies.map((s) => s.name)).toEqual(['StillFine']);
    const byFile = Object.fromEntries(r.problems.map((p) => [path.basename(p.file), p.error.message]));
    expect(byFile['anon.ts']).toContain('the default export is an anonymous class; give it a name');
    expect(byFile['ctor.ts']).toMatch(/strategy ThrowingCtor \(.*ctor\.ts\): the constructor threw: no config here/);
    expect(byFile['nospace.ts']).toMatch(/strategy NoSpace: parameter fastLen has no space/);
  });

  it('a TypeScript syntax error names the file and the line', async () => {
    tmp = makeTempDir();
    writeStrategy(tmp.dir, 'broken.ts', 'Broken', '  notClosed() { return (1 + ; }');
    const r = await discoverStrategies(tmp.dir);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.error.message).toMatch(/broken\.ts: cannot be imported:\n[\s\S]*broken\.ts:8:/); // line 8: the generated file has two import lines and a blank header
  });

  it('with names, only the files mentioning them are imported; duplicates are still found; otherwise every file', async () => {
    tmp = makeTempDir();
    writeStrategy(tmp.dir, 'wanted.ts', 'Wanted');
    writeStrategy(tmp.dir, 'other.ts', 'Other');
    fs.writeFileSync(path.join(tmp.dir, 'explodes.ts'), "throw new Error('imported although not needed');\n");
    const some = await discoverStrategies(tmp.dir, { names: ['Wanted'] });
    expect(some.problems).toEqual([]);
    expect(some.strategies.map((x) => x.name)).toEqual(['Wanted']);

    // A second class of the same name elsewhere mentions the name too: still refused (and, the
    // name not being selectable, every file is then imported, as without names).
    writeStrategy(tmp.dir, 'again.ts', 'Wanted');
    const dup = await discoverStrategies(tmp.dir, { names: ['Wanted'] });
    expect(dup.strategies.map((x) => x.name)).toEqual(['Other']);
    expect(dup.problems.map((x) => path.basename(x.file)).sort()).toEqual(['again.ts', 'explodes.ts', 'wanted.ts']);
    fs.rmSync(path.join(tmp.dir, 'again.ts'));

    // A name no file mentions (a class built at run time, or a typo): every file is imported,
    // so the caller's "not found" lists what is there and what is broken.
    const all = await discoverStrategies(tmp.dir, { names: ['NoSuchClass'] });
    expect(all.strategies.map((x) => x.name).sort()).toEqual(['Other', 'Wanted']);
    expect(all.problems.map((x) => path.basename(x.file))).toEqual(['explodes.ts']);
  });

  it('a file with no strategy class gives an empty, problem-free discovery', async () => {
    tmp = makeTempDir();
    fs.writeFileSync(path.join(tmp.dir, 'util.ts'), 'export const x = 1;\n');
    expect(await discoverStrategies(tmp.dir)).toMatchObject({ strategies: [], problems: [], bases: [] });
  });
});

describe('hooks written as arrow-function fields', () => {
  it('count as implemented', async () => {
    tmp = makeTempDir();
    const imp = frameworkImport(tmp.dir, 'strategy/strategy.ts');
    fs.writeFileSync(
      path.join(tmp.dir, 'arrows.ts'),
      `import { IStrategy } from '${imp}';\nexport class Arrows extends IStrategy {\n populateIndicators = (df: any) => df;\n populateEntryTrend = (df: any) => df;\n populateExitTrend = (df: any) => df;\n}\n`,
    );
    const r = await discoverStrategies(tmp.dir);
    expect(r.problems).toEqual([]);
    expect(r.strategies.map((s) => s.name)).toEqual(['Arrows']);
  });
});
