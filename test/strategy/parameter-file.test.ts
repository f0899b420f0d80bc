import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../framework/core/errors.ts';
import { StrategyLoadError } from '../../framework/strategy/errors.ts';
import { loadStrategy } from '../../framework/strategy/loader.ts';
import { collectParameters } from '../../framework/strategy/parameters.ts';
import {
  applyParameterFile,
  parameterFilePath,
  parameterSnapshot,
  readParameterFile,
  writeParameterFile,
} from '../../framework/strategy/parameter-file.ts';
import { ParamStrategy } from '../fixtures/strategies/param_strategy.ts';
import { makeTempDir, REPO_ROOT } from '../helpers/tmp.ts';
import { writeStrategy } from './temp-strategies.ts';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/strategies');
const FIXTURE_JSON = path.join(FIXTURES, 'param_strategy.json');

let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => {
  tmp?.cleanup();
  tmp = undefined;
});

function values(s: ParamStrategy): Record<string, unknown> {
  return {
    buy_fast: s.buy_fast.value,
    buy_slow: s.buy_slow.value,
    buy_locked: s.buy_locked.value,
    buy_enabled: s.buy_enabled.value,
    riskScale: s.riskScale.value,
    sell_ratio: s.sell_ratio.value,
    exitMode: s.exitMode.value,
    protection_lookback: s.protection_lookback.value,
  };
}

const PARAMS_BODY = [
  "  override stoploss = -0.2;",
  '  buy_fast = new IntParameter(5, 30, { default: 10 });',
  "  sell_mode = new CategoricalParameter(['a', 'b'], { default: 'a' });",
  '  protection_on = new BooleanParameter({ default: false });',
].join('\n');

/** A strategy with parameters in a temp dir, plus its parameter file with `params`. */
function tempStrategyWithFile(params: unknown, strategyName = 'TempParams'): { dir: string; json: string } {
  tmp = makeTempDir();
  const file = writeStrategy(tmp.dir, 'temp_params.ts', 'TempParams', PARAMS_BODY);
  const json = parameterFilePath(file);
  fs.writeFileSync(json, JSON.stringify({ strategy_name: strategyName, params, ft_stratparam_v: 1, export_time: '2024-01-01T00:00:00Z' }));
  return { dir: tmp.dir, json };
}

describe('parameter file and overrides: precedence class defaults < file < config', () => {
  it('class defaults', () => {
    const s = new ParamStrategy();
    collectParameters(s, 'ParamStrategy');
    expect(values(s)).toEqual({
      buy_fast: 10,
      buy_slow: 50,
      buy_locked: 4,
      buy_enabled: true,
      riskScale: 0.5,
      sell_ratio: 1,
      exitMode: 'signal',
      protection_lookback: 3,
    });
  });

  it('the JSON file next to the strategy overrides the defaults (load: false parameters keep theirs)', async () => {
    const loaded = await loadStrategy('ParamStrategy', { dir: FIXTURES });
    const s = loaded.strategy as ParamStrategy;
    expect(loaded.parameterFile).toBe(FIXTURE_JSON);
    expect(values(s)).toEqual({
      buy_fast: 12,
      buy_slow: 60,
      buy_locked: 4,
      buy_enabled: true,
      riskScale: 0.5,
      sell_ratio: 1.25,
      exitMode: 'roi',
      protection_lookback: 5,
    });
    expect(s.minimalRoi).toEqual({ '0': 0.15, '30': 0.05, '120': 0 });
    expect(s.stoploss).toBe(-0.08);
    expect([s.trailingStop, s.trailingStopPositive, s.trailingStopPositiveOffset, s.trailingOnlyOffsetIsReached]).toEqual([true, 0.01, 0.02, true]);
    expect(s.maxOpenTrades).toBe(4);
    expect(loaded.metadata).toMatchObject({ stoploss: -0.08, maxOpenTrades: 4, trailingStop: true });
    expect(loaded.parameters.get('buy_fast')).toBe(s.buy_fast);
    expect([...loaded.parameters.keys()].sort()).toEqual(
      ['buy_enabled', 'buy_fast', 'buy_locked', 'buy_slow', 'exitMode', 'protection_lookback', 'riskScale', 'sell_ratio'].sort(),
    );
  });

  it('config strategy.parameters overrides both (including load: false parameters)', async () => {
    const loaded = await loadStrategy('ParamStrategy', {
      dir: FIXTURES,
      parameterOverrides: {
        buy_slow: 70,
        buy_locked: 7,
        exitMode: 'both',
        stoploss: -0.05,
        minimal_roi: { '0': 0.3 },
        trailing_stop: false,
        max_open_trades: -1,
      },
    });
    const s = loaded.strategy as ParamStrategy;
    expect(values(s)).toMatchObject({ buy_fast: 12, buy_slow: 70, buy_locked: 7, exitMode: 'both', sell_ratio: 1.25 });
    expect(s.stoploss).toBe(-0.05);
    expect(s.minimalRoi).toEqual({ '0': 0.3 });
    expect(s.trailingStop).toBe(false);
    expect(s.trailingStopPositive).toBe(0.01); // from the file; the config only switched trailing off
    expect(s.maxOpenTrades).toBe(-1);
  });

  it('.range is [value] in a backtest and the whole range while hyperopt searches the space', async () => {
    const s = (await loadStrategy('ParamStrategy', { dir: FIXTURES })).strategy as ParamStrategy;
    expect(s.buy_fast.range).toEqual([12]);
    s.buy_fast.inHyperopt = true;
    expect(s.buy_fast.range).toHaveLength(26);
    expect(s.buy_fast.range[0]).toBe(5);
    expect(s.buy_fast.range.at(-1)).toBe(30);
    s.riskScale.inHyperopt = true; // optimize: false
    expect(s.riskScale.range).toEqual([0.5]);
    expect(s.exitMode.range).toEqual(['roi']);
  });

  it('unknown and disabled parameters in the file are warnings, not errors', () => {
    const s = new ParamStrategy();
    const params = collectParameters(s, 'ParamStrategy');
    const pf = readParameterFile(FIXTURE_JSON, 'ParamStrategy')!;
    expect(pf.export_time).toBe('2024-03-01 12:00:00.000000+00:00');
    const r = applyParameterFile(s, params, pf, FIXTURE_JSON);
    expect(r.warnings).toEqual([
      'parameter file test/fixtures/strategies/param_strategy.json: params.buy.buy_locked: parameter buy_locked has load: false; keeping its default 4',
      'parameter file test/fixtures/strategies/param_strategy.json: params.buy.buy_no_such_parameter: strategy ParamStrategy has no parameter buy_no_such_parameter; ignored',
    ]);
    expect(r.applied).toEqual(['buy_fast', 'buy_slow', 'sell_ratio', 'exitMode', 'protection_lookback', 'roi', 'stoploss', 'trailing', 'max_open_trades']);
  });

  it('a parameter filed under the wrong space is ignored with a warning', async () => {
    const { dir, json } = tempStrategyWithFile({ sell: { buy_fast: 20 } });
    const loaded = await loadStrategy('TempParams', { dir });
    expect(loaded.parameters.get('buy_fast')!.value).toBe(10);
    const r = applyParameterFile(loaded.strategy, loaded.parameters, readParameterFile(json, 'TempParams')!, json);
    expect(r.warnings).toEqual([`parameter file ${json}: params.sell.buy_fast: parameter buy_fast is in space "buy", not "sell"; ignored`]);
    expect(r.applied).toEqual([]);
  });

  it('no parameter file: defaults stay, parameterFile is undefined', async () => {
    tmp = makeTempDir();
    writeStrategy(tmp.dir, 'temp_params.ts', 'TempParams', PARAMS_BODY);
    const loaded = await loadStrategy('TempParams', { dir: tmp.dir });
    expect(loaded.parameterFile).toBeUndefined();
    expect(loaded.parameters.get('buy_fast')!.value).toBe(10);
    expect(loaded.strategy.stoploss).toBe(-0.2);
  });
});

describe('parameter file errors name the file and the key', () => {
  it('strategy_name of another strategy', async () => {
    const { dir, json } = tempStrategyWithFile({}, 'SomeoneElse');
    const err = await loadStrategy('TempParams', { dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrategyLoadError);
    expect((err as Error).message).toBe(
      `parameter file ${json}: strategy_name is "SomeoneElse" but the file belongs to strategy TempParams (rename the file or fix strategy_name)`,
    );
  });

  it('a value of the wrong type', async () => {
    const { dir, json } = tempStrategyWithFile({ buy: { buy_fast: 'fast' } });
    await expect(loadStrategy('TempParams', { dir })).rejects.toThrow(`parameter file ${json}: params.buy.buy_fast: "fast" is not a finite number`);
  });

  it('a categorical value outside its categories', async () => {
    const { dir } = tempStrategyWithFile({ sell: { sell_mode: 'c' } });
    await expect(loadStrategy('TempParams', { dir })).rejects.toThrow(/params\.sell\.sell_mode: "c" is not one of \["a","b"\]/);
  });

  it('a bad ROI table, stoploss, trailing and max_open_trades section', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ roi: { '0': 0.1, '-10': 0.2 } }, /params\.roi: key "-10" is not a whole number of minutes >= 0/],
      [{ stoploss: { stoploss: 0.1 } }, /params\.stoploss\.stoploss: expected a number in \[-1, 0\), e\.g\. -0\.10, got 0\.1/],
      [{ stoploss: -0.1 }, /params\.stoploss: expected an object, got -0\.1/],
      [{ trailing: { trailing_stop: 'yes' } }, /params\.trailing\.trailing_stop: expected true or false, got "yes"/],
      [{ trailing: { trailingStop: true } }, /params\.trailing\.trailingStop: unknown key/],
      [{ max_open_trades: { max_open_trades: 1.5 } }, /params\.max_open_trades\.max_open_trades: expected a whole number >= -1/],
    ];
    for (const [params, expected] of cases) {
      const { dir } = tempStrategyWithFile(params);
      await expect(loadStrategy('TempParams', { dir }), JSON.stringify(params)).rejects.toThrow(expected);
      tmp?.cleanup();
    }
  });

  it('a file that is not JSON', async () => {
    const { dir, json } = tempStrategyWithFile({});
    fs.writeFileSync(json, '{ "strategy_name": "TempParams", ');
    await expect(loadStrategy('TempParams', { dir })).rejects.toThrow(new RegExp(`^parameter file ${json}: not valid JSON: `));
  });

  it('values that are each valid but inconsistent together are reported after applying them', async () => {
    const { dir, json } = tempStrategyWithFile({ trailing: { trailing_stop: true, trailing_stop_positive: 0.02, trailing_stop_positive_offset: 0.03 } });
    await expect(loadStrategy('TempParams', { dir, parameterOverrides: { trailing_stop_positive_offset: 0.01 } })).rejects.toThrow(
      `is invalid after applying ${json} and config strategy.parameters:\n  - trailingStopPositiveOffset: expected trailingStopPositiveOffset > trailingStopPositive (0.02)`,
    );
  });
});

describe('config overrides errors', () => {
  it('an unknown key lists the known ones', async () => {
    const { dir } = tempStrategyWithFile({});
    const err = await loadStrategy('TempParams', { dir, parameterOverrides: { buy_fats: 12 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      'config strategy.parameters: strategy.parameters.buy_fats: strategy TempParams has no parameter "buy_fats" ' +
        '(known: buy_fast, sell_mode, protection_on, minimal_roi, stoploss, trailing_stop, trailing_stop_positive, ' +
        'trailing_stop_positive_offset, trailing_only_offset_is_reached, max_open_trades)',
    );
  });

  it('a value of the wrong type', async () => {
    const { dir } = tempStrategyWithFile({});
    await expect(loadStrategy('TempParams', { dir, parameterOverrides: { buy_fast: 2.5 } })).rejects.toThrow(
      'config strategy.parameters: strategy.parameters.buy_fast: 2.5 is not an integer',
    );
    await expect(loadStrategy('TempParams', { dir, parameterOverrides: { stoploss: '-0.1' } })).rejects.toThrow(
      'config strategy.parameters: strategy.parameters.stoploss: expected a number in [-1, 0), e.g. -0.10, got "-0.1"',
    );
  });
});

describe('writeParameterFile', () => {
  it('writes Freqtrade-format JSON atomically that loads back with the same values', async () => {
    tmp = makeTempDir();
    writeStrategy(tmp.dir, 'temp_params.ts', 'TempParams', PARAMS_BODY);
    const first = await loadStrategy('TempParams', { dir: tmp.dir });
    const p = first.parameters;
    p.get('buy_fast')!.value = 17;
    p.get('sell_mode')!.value = 'b';
    p.get('protection_on')!.value = true;
    first.strategy.minimalRoi = { '0': 0.07, '45': 0.02 };
    first.strategy.stoploss = -0.033;
    first.strategy.maxOpenTrades = 5;

    const json = parameterFilePath(first.file);
    const snapshot = parameterSnapshot(first.strategy, p);
    await writeParameterFile(json, 'TempParams', snapshot, new Date('2024-05-06T07:08:09.000Z'));

    expect(fs.readdirSync(tmp.dir).sort()).toEqual(['temp_params.json', 'temp_params.ts']); // no temp file left
    const onDisk = JSON.parse(fs.readFileSync(json, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toEqual({
      strategy_name: 'TempParams',
      params: {
        buy: { buy_fast: 17 },
        sell: { sell_mode: 'b' },
        protection: { protection_on: true },
        roi: { '0': 0.07, '45': 0.02 },
        stoploss: { stoploss: -0.033 },
        trailing: {
          trailing_stop: false,
          trailing_stop_positive: null,
          trailing_stop_positive_offset: 0,
          trailing_only_offset_is_reached: false,
        },
        max_open_trades: { max_open_trades: 5 },
      },
      ft_stratparam_v: 1,
      export_time: '2024-05-06T07:08:09.000Z',
    });

    const again = await loadStrategy('TempParams', { dir: tmp.dir });
    expect(again.parameterFile).toBe(json);
    expect([...again.parameters].map(([k, v]) => [k, v.value])).toEqual([
      ['buy_fast', 17],
      ['sell_mode', 'b'],
      ['protection_on', true],
    ]);
    expect(again.strategy.minimalRoi).toEqual({ '0': 0.07, '45': 0.02 });
    expect(again.strategy.stoploss).toBe(-0.033);
    expect(again.strategy.maxOpenTrades).toBe(5);
  });

  it('refuses to write values that would not load back, and leaves the old file in place', async () => {
    tmp = makeTempDir();
    const json = path.join(tmp.dir, 'x.json');
    fs.writeFileSync(json, 'old');
    await expect(writeParameterFile(json, 'X', { roi: { '0': Number.NaN } })).rejects.toThrow(
      `refusing to write parameter file ${json}: params.roi.0: expected a finite profit ratio, e.g. 0.05, got null`,
    );
    await expect(writeParameterFile(json, 'X', { stoploss: { stoploss: 0.5 } })).rejects.toThrow(/params\.stoploss\.stoploss/);
    expect(fs.readFileSync(json, 'utf8')).toBe('old');
    expect(fs.readdirSync(tmp.dir)).toEqual(['x.json']);
  });

  it('parameterFilePath is the strategy file with a .json extension', () => {
    expect(parameterFilePath('/s/sma_cross.ts')).toBe('/s/sma_cross.json');
    expect(parameterFilePath('/s/sub/rsi.js')).toBe('/s/sub/rsi.json');
  });
});
