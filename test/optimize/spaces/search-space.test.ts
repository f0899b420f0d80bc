import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../framework/core/errors.ts';
import type { DataFrame } from '../../../framework/frame/index.ts';
import {
  applyPoint,
  buildSearchSpace,
  checkPoint,
  decimalDim,
  describeDimension,
  describeSearchSpace,
  exportParameters,
  intDim,
  markSearchedParameters,
  pointDetails,
  type BuiltinSpace,
  type HyperoptSpaceContext,
  type Point,
} from '../../../framework/optimize/spaces/index.ts';
import { applyParameterFile, readParameterFile, writeParameterFile } from '../../../framework/strategy/parameter-file.ts';
import {
  BooleanParameter,
  CategoricalParameter,
  DecimalParameter,
  IntParameter,
  RealParameter,
  collectParameters,
} from '../../../framework/strategy/parameters.ts';
import { IStrategy } from '../../../framework/strategy/strategy.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

class Base extends IStrategy {
  populateIndicators(df: DataFrame): DataFrame {
    return df;
  }
  populateEntryTrend(df: DataFrame): DataFrame {
    return df;
  }
  populateExitTrend(df: DataFrame): DataFrame {
    return df;
  }
}

class SmaCross extends Base {
  buy_fast = new IntParameter(5, 20, { default: 10 });
  buy_slow = new IntParameter(30, 60, { default: 40, optimize: false });
  buy_rsi = new DecimalParameter(0.1, 0.4, { default: 0.3, decimals: 2 });
  sell_mode = new CategoricalParameter(['cross', 'rsi'], { default: 'cross' });
  sell_strict = new BooleanParameter({ default: false });
  protection_cooldown = new IntParameter(1, 5, { default: 2 });
  ratio = new RealParameter(0.5, 1.5, { default: 1, space: 'filters' });
}

function setup<T extends IStrategy>(s: T): { strategy: T; params: ReturnType<typeof collectParameters> } {
  return { strategy: s, params: collectParameters(s, s.constructor.name) };
}

describe('buildSearchSpace', () => {
  it('one parameter space: its optimizable parameters, as Freqtrade maps them', () => {
    const { strategy, params } = setup(new SmaCross());
    const space = buildSearchSpace(strategy, params, { spaces: ['buy'] });
    expect(space.spaces).toEqual(['buy']);
    expect(space.dimensions.map((d) => [d.name, describeDimension(d)])).toEqual([
      ['buy_fast', 'int 5..20'],
      ['buy_rsi', 'float 0.1..0.4 step 0.01'],
    ]);
    expect(space.parameterNames).toEqual(['buy_fast', 'buy_rsi']);
    expect(describeSearchSpace(space)).toEqual(['buy_fast (buy): int 5..20', 'buy_rsi (buy): float 0.1..0.4 step 0.01']);
  });

  it('default = everything but trailing, protection and trades; all = everything', () => {
    const { strategy, params } = setup(new SmaCross());
    const def = buildSearchSpace(strategy, params, { spaces: ['default'] });
    expect(def.spaces).toEqual(['buy', 'sell', 'roi', 'stoploss', 'filters']);
    expect(def.dimensions.map((d) => d.name)).toEqual([
      'buy_fast',
      'buy_rsi',
      'sell_mode',
      'sell_strict',
      'roi_t1',
      'roi_t2',
      'roi_t3',
      'roi_p1',
      'roi_p2',
      'roi_p3',
      'stoploss',
      'ratio',
    ]);
    expect(describeDimension(def.dimensions.find((d) => d.name === 'sell_strict')!)).toBe('categorical [true,false]');
    expect(describeDimension(def.dimensions.find((d) => d.name === 'ratio')!)).toBe('float 0.5..1.5 (continuous)');
    const all = buildSearchSpace(strategy, params, { spaces: ['all'] });
    expect(all.spaces).toEqual(['buy', 'sell', 'protection', 'roi', 'stoploss', 'trailing', 'trades', 'filters']);
    // Empty list and "sell roi" style entries
    expect(buildSearchSpace(strategy, params, { spaces: [] }).spaces).toEqual(def.spaces);
    expect(buildSearchSpace(strategy, params, { spaces: ['sell roi,stoploss', 'roi'] }).requested).toEqual(['sell', 'roi', 'stoploss']);
  });

  it('the roi space follows the timeframe given', () => {
    const { strategy, params } = setup(new SmaCross());
    const space = buildSearchSpace(strategy, params, { spaces: ['roi'], timeframe: '1h' });
    expect(space.dimensions.map(describeDimension)[0]).toBe('int 120..1440');
  });

  it('an unknown space is a UsageError listing the valid names', () => {
    const { strategy, params } = setup(new SmaCross());
    expect(() => buildSearchSpace(strategy, params, { spaces: ['buy', 'roii'] })).toThrow(UsageError);
    expect(() => buildSearchSpace(strategy, params, { spaces: ['buy', 'roii'] })).toThrow(
      'unknown hyperopt space "roii" for strategy SmaCross: valid spaces are buy, sell, protection, roi, stoploss, trailing, trades, default, all, filters',
    );
  });

  it('a chosen space without optimizable parameter is an error; an implied one is skipped', () => {
    class OnlyBuy extends Base {
      buy_x = new IntParameter(1, 3, { default: 2 });
      sell_y = new IntParameter(1, 3, { default: 2, optimize: false });
    }
    const { strategy, params } = setup(new OnlyBuy());
    expect(() => buildSearchSpace(strategy, params, { spaces: ['sell'] })).toThrow(
      `strategy OnlyBuy has no parameter to optimize in space "sell" (sell_y has optimize: false): remove "sell" from --spaces or declare a parameter with space: 'sell'`,
    );
    expect(() => buildSearchSpace(strategy, params, { spaces: ['protection'] })).toThrow('has no parameter to optimize in space "protection"');
    expect(buildSearchSpace(strategy, params, { spaces: ['all'] }).spaces).toEqual(['buy', 'roi', 'stoploss', 'trailing', 'trades']);
  });

  it('nothing at all to optimize is a clear error', () => {
    class Nothing extends Base {
      buy_x = new IntParameter(1, 3, { default: 2, optimize: false });
      hyperoptSpace(name: BuiltinSpace): [] | undefined {
        return name === 'roi' || name === 'stoploss' ? [] : undefined;
      }
    }
    const { strategy, params } = setup(new Nothing());
    expect(() => buildSearchSpace(strategy, params, { spaces: ['default'] })).toThrow(
      'strategy Nothing: nothing to optimize in spaces default: it declares no optimizable parameter; choose other --spaces',
    );
  });

  it('a strategy overrides built-in spaces with hyperoptSpace()', () => {
    class Custom extends Base {
      buy_x = new IntParameter(1, 3, { default: 2 });
      hyperoptSpace(name: BuiltinSpace, ctx: HyperoptSpaceContext) {
        if (name === 'stoploss') return [decimalDim('stoploss', -0.15, -0.05, 2)];
        if (name === 'trades') return [intDim('max_open_trades', 1, 4)];
        if (name === 'roi') return ctx.defaults.slice(0, 3).concat([decimalDim('roi_p1', 0.01, 0.02), decimalDim('roi_p2', 0.01, 0.02), decimalDim('roi_p3', 0.01, 0.02)]);
        return undefined;
      }
    }
    const { strategy, params } = setup(new Custom());
    const space = buildSearchSpace(strategy, params, { spaces: ['stoploss', 'trades', 'roi', 'trailing'] });
    const byName = Object.fromEntries(space.dimensions.map((d) => [d.name, describeDimension(d)]));
    expect(byName['stoploss']).toBe('float -0.15..-0.05 step 0.01');
    expect(byName['max_open_trades']).toBe('int 1..4');
    expect(byName['roi_t1']).toBe('int 10..120');
    expect(byName['roi_p3']).toBe('float 0.01..0.02 step 0.001');
    expect(byName['trailing_stop_positive']).toBe('float 0.01..0.35 step 0.001');
  });

  it('bad overrides: low > high names the dimension, foreign roi names need generateRoiTable', () => {
    class BadRange extends Base {
      hyperoptSpace(name: BuiltinSpace) {
        return name === 'trades' ? [{ kind: 'int' as const, name: 'max_open_trades', low: 5, high: 1, step: 1 }] : undefined;
      }
    }
    const a = setup(new BadRange());
    expect(() => buildSearchSpace(a.strategy, a.params, { spaces: ['trades'] })).toThrow(
      "strategy BadRange: hyperoptSpace('trades'): hyperopt dimension max_open_trades: range is empty: low 5 > high 1",
    );
    class OtherRoi extends Base {
      hyperoptSpace(name: BuiltinSpace) {
        return name === 'roi' ? [intDim('t', 10, 20), decimalDim('p', 0.01, 0.1)] : undefined;
      }
    }
    const b = setup(new OtherRoi());
    expect(() => buildSearchSpace(b.strategy, b.params, { spaces: ['roi'] })).toThrow(
      /hyperoptSpace\('roi'\): the dimensions t, p do not fit generateRoiTable \(ROI table: roi_t1 is undefined, expected a number\); define generateRoiTable/,
    );
    class OtherRoiWithTable extends OtherRoi {
      generateRoiTable(p: Point): Record<number, number> {
        return { 0: p['p'] as number, [p['t'] as number]: 0 };
      }
    }
    const c = setup(new OtherRoiWithTable());
    const space = buildSearchSpace(c.strategy, c.params, { spaces: ['roi'] });
    applyPoint(c.strategy, c.params, space, { t: 15, p: 0.05 });
    expect(c.strategy.minimalRoi).toEqual({ '0': 0.05, '15': 0 });
  });

  it('a parameter named like a built-in dimension is refused', () => {
    class Clash extends Base {
      stoploss_level = new IntParameter(1, 3, { default: 2, space: 'buy' });
      hyperoptSpace(name: BuiltinSpace) {
        return name === 'stoploss' ? [decimalDim('stoploss', -0.2, -0.1), decimalDim('stoploss_level', 0, 1)] : undefined;
      }
    }
    const { strategy, params } = setup(new Clash());
    expect(() => buildSearchSpace(strategy, params, { spaces: ['buy', 'stoploss'] })).toThrow(
      'strategy Clash: hyperopt dimension stoploss_level appears in space "buy" and in space "stoploss"; dimension names must be unique',
    );
  });

  it('markSearchedParameters switches range to the full range for searched parameters only', () => {
    const { strategy, params } = setup(new SmaCross());
    const space = buildSearchSpace(strategy, params, { spaces: ['buy'] });
    markSearchedParameters(space, params);
    expect(params.get('buy_fast')!.range).toHaveLength(16);
    expect(params.get('buy_slow')!.range).toEqual([40]); // optimize: false
    expect(params.get('sell_mode')!.range).toEqual(['cross']); // space not searched
  });
});

describe('applying and exporting a point', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir('keel-space-');
  });
  afterEach(() => tmp.cleanup());

  const POINT: Point = {
    buy_fast: 12,
    buy_rsi: 0.25,
    sell_mode: 'rsi',
    sell_strict: true,
    roi_t1: 60,
    roi_t2: 30,
    roi_t3: 20,
    roi_p1: 0.011,
    roi_p2: 0.022,
    roi_p3: 0.04,
    stoploss: -0.123,
    trailing_stop: true,
    trailing_stop_positive: 0.05,
    trailing_stop_positive_offset_p1: 0.021,
    trailing_only_offset_is_reached: false,
    max_open_trades: 0,
    protection_cooldown: 4,
    ratio: 0.75,
  };

  it('sets parameters and the built-in attributes', () => {
    const { strategy, params } = setup(new SmaCross());
    const space = buildSearchSpace(strategy, params, { spaces: ['all'] });
    checkPoint(space, POINT);
    applyPoint(strategy, params, space, POINT);
    expect([strategy.buy_fast.value, strategy.buy_rsi.value, strategy.sell_mode.value, strategy.sell_strict.value]).toEqual([12, 0.25, 'rsi', true]);
    expect(strategy.ratio.value).toBe(0.75);
    // 0 -> 0.011 + 0.022 + 0.04 = 0.073; 20 -> 0.033; 50 -> 0.011; 110 -> 0
    expect(Object.keys(strategy.minimalRoi)).toEqual(['0', '20', '50', '110']);
    expect(strategy.minimalRoi['0']).toBeCloseTo(0.073, 15);
    expect(strategy.stoploss).toBe(-0.123);
    expect([strategy.trailingStop, strategy.trailingStopPositive, strategy.trailingOnlyOffsetIsReached]).toEqual([true, 0.05, false]);
    expect(strategy.trailingStopPositiveOffset).toBeCloseTo(0.071, 15);
    expect(strategy.maxOpenTrades).toBe(-1); // 0 means unlimited
    applyPoint(strategy, params, space, { ...POINT, max_open_trades: -1 }, { stakeAmount: 'unlimited', configMaxOpenTrades: 3 });
    expect(strategy.maxOpenTrades).toBe(3); // Freqtrade: unlimited stake falls back to the config's max_open_trades
    applyPoint(strategy, params, space, { ...POINT, max_open_trades: 7 });
    expect(strategy.maxOpenTrades).toBe(7);
  });

  it('checkPoint rejects missing, foreign and out-of-space values', () => {
    const { strategy, params } = setup(new SmaCross());
    const space = buildSearchSpace(strategy, params, { spaces: ['buy'] });
    expect(() => checkPoint(space, { buy_fast: 12 }, 'epoch 3')).toThrow('epoch 3: missing a value for buy_rsi');
    expect(() => checkPoint(space, { buy_fast: 21, buy_rsi: 0.2 }, 'epoch 3')).toThrow('epoch 3: buy_fast = 21 is outside its space');
    expect(() => checkPoint(space, { buy_fast: 12, buy_rsi: 0.2, x: 1 }, 'epoch 3')).toThrow('epoch 3: x is not a dimension of this search space (buy)');
  });

  it("pointDetails is Freqtrade's params_details", () => {
    const { strategy, params } = setup(new SmaCross());
    const space = buildSearchSpace(strategy, params, { spaces: ['all'] });
    expect(pointDetails(strategy, space, POINT)).toEqual({
      buy: { buy_fast: 12, buy_rsi: 0.25 },
      sell: { sell_mode: 'rsi', sell_strict: true },
      protection: { protection_cooldown: 4 },
      roi: { '0': 0.073, '20': 0.033, '50': 0.011, '110': 0 }, // sums rounded to 13 decimals
      stoploss: { stoploss: -0.123 },
      trailing: { trailing_stop: true, trailing_stop_positive: 0.05, trailing_stop_positive_offset: 0.071, trailing_only_offset_is_reached: false },
      max_open_trades: { max_open_trades: -1 },
      filters: { ratio: 0.75 },
    });
  });

  it('exported parameters round-trip through the strategy parameter file', async () => {
    const { strategy, params } = setup(new SmaCross());
    const space = buildSearchSpace(strategy, params, { spaces: ['buy', 'roi', 'stoploss'] });
    const exported = exportParameters(strategy, params, space, POINT);
    // Not-optimized values are exported too (Freqtrade's params_not_optimized).
    expect(exported['buy']).toEqual({ buy_fast: 12, buy_slow: 40, buy_rsi: 0.25 });
    expect(exported['sell']).toEqual({ sell_mode: 'cross', sell_strict: false });
    const file = path.join(tmp.dir, 'sma_cross.json');
    await writeParameterFile(file, 'SmaCross', exported);
    const fresh = setup(new SmaCross());
    const pf = readParameterFile(file, 'SmaCross')!;
    applyParameterFile(fresh.strategy, fresh.params, pf, file);
    expect(fresh.strategy.buy_fast.value).toBe(12);
    expect(fresh.strategy.buy_rsi.value).toBe(0.25);
    expect(fresh.strategy.minimalRoi).toEqual({ '0': 0.073, '20': 0.033, '50': 0.011, '110': 0 });
    expect(fresh.strategy.stoploss).toBe(-0.123);
  });
});
