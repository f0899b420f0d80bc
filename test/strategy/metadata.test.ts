import { describe, expect, it } from 'vitest';
import { IStrategy } from '../../framework/strategy/strategy.ts';
import { validateStrategy } from '../../framework/strategy/metadata.ts';
import { StrategyLoadError } from '../../framework/strategy/errors.ts';
import type { DataFrame } from '../../framework/frame/index.ts';

class Plain extends IStrategy {
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

const WHERE = { file: '/strategies/plain.ts', className: 'Plain' };

/** A Plain instance with some attributes replaced (invalid values included, as JS authors can write them). */
function make(fields: Record<string, unknown> = {}): IStrategy {
  return Object.assign(new Plain(), fields);
}

/** The problem lines of a validation failure (throws if the strategy is valid). */
function problems(fields: Record<string, unknown>): string[] {
  try {
    validateStrategy(make(fields), WHERE);
  } catch (err) {
    expect(err).toBeInstanceOf(StrategyLoadError);
    const [head, ...lines] = (err as Error).message.split('\n');
    expect(head).toBe('strategy Plain (/strategies/plain.ts) is invalid:');
    return lines.map((l) => l.replace(/^ {2}- /, ''));
  }
  throw new Error(`expected ${JSON.stringify(fields)} to be invalid`);
}

describe('validateStrategy', () => {
  it("accepts Freqtrade's defaults and returns normalised metadata", () => {
    const meta = validateStrategy(make(), WHERE);
    expect(meta).toMatchObject({
      interfaceVersion: 1,
      timeframe: '5m',
      minimalRoi: { '0': 10 },
      stoploss: -0.1,
      trailingStop: false,
      trailingStopPositive: undefined,
      maxOpenTrades: undefined,
      version: undefined,
      orderTimeInForce: { entry: 'GTC', exit: 'GTC' },
    });
  });

  it('fills optional order types with Freqtrade defaults (forced orders follow entry/exit)', () => {
    const meta = validateStrategy(make({ orderTypes: { entry: 'market', exit: 'limit', stoploss: 'market', stoplossOnExchange: true } }), WHERE);
    expect(meta.orderTypes).toEqual({
      entry: 'market',
      exit: 'limit',
      stoploss: 'market',
      emergencyExit: 'market',
      forceEntry: 'market',
      forceExit: 'limit',
      stoplossOnExchange: true,
      stoplossOnExchangeInterval: 60,
      stoplossOnExchangeLimitRatio: 0.99,
    });
  });

  it('timeframe', () => {
    expect(problems({ timeframe: '5x' })).toEqual(['timeframe: expected a timeframe such as "5m", "1h", "1d", got "5x"']);
    expect(problems({ timeframe: 5 })).toEqual(['timeframe: expected a timeframe such as "5m", "1h", "1d", got 5']);
  });

  it('ROI table: keys are whole minutes >= 0, values finite numbers', () => {
    expect(problems({ minimalRoi: { '0': 0.1, '1.5': 0.05 } })).toEqual([
      'minimalRoi: key "1.5" is not a whole number of minutes >= 0 (keys are minutes since entry, e.g. "0", "30", "120")',
    ]);
    expect(problems({ minimalRoi: { '0': Number.NaN, '30': '0.1' } })).toEqual([
      'minimalRoi.0: expected a finite profit ratio, e.g. 0.05, got NaN',
      'minimalRoi.30: expected a finite profit ratio, e.g. 0.05, got "0.1"',
    ]);
    expect(problems({ minimalRoi: [0.1] })[0]).toMatch(/^minimalRoi: expected an object of minutes -> ratio/);
    // Negative ratios and an empty table are legal in Freqtrade (exit at a loss after a time; no ROI).
    expect(() => validateStrategy(make({ minimalRoi: { '0': 0.1, '600': -1 } }), WHERE)).not.toThrow();
    expect(() => validateStrategy(make({ minimalRoi: {} }), WHERE)).not.toThrow();
  });

  it('stoploss lies in [-1, 0)', () => {
    for (const bad of [0, 0.1, -1.5, 'abc', Number.NaN]) {
      expect(problems({ stoploss: bad })[0]).toMatch(/^stoploss: expected a number in \[-1, 0\)/);
    }
    expect(() => validateStrategy(make({ stoploss: -1 }), WHERE)).not.toThrow();
  });

  it("trailing stop: Freqtrade's consistency rules apply when trailing is on", () => {
    expect(problems({ trailingStop: true, trailingStopPositive: 0 })).toEqual([
      'trailingStopPositive: expected a ratio > 0 or undefined when trailingStop is on (0 would exit at once), got 0',
    ]);
    expect(problems({ trailingStop: true, trailingOnlyOffsetIsReached: true })).toEqual([
      'trailingOnlyOffsetIsReached: trailingOnlyOffsetIsReached needs trailingStopPositive (> 0) and trailingStopPositiveOffset set',
    ]);
    expect(problems({ trailingStop: true, trailingStopPositive: 0.02, trailingStopPositiveOffset: 0.02 })).toEqual([
      'trailingStopPositiveOffset: expected trailingStopPositiveOffset > trailingStopPositive (0.02) so the trail starts above the stop, got 0.02',
    ]);
    expect(problems({ trailingStopPositive: 1.5 })[0]).toMatch(/^trailingStopPositive: expected a ratio in \[0, 1\]/);
    expect(problems({ trailingStopPositiveOffset: -0.1 })[0]).toMatch(/^trailingStopPositiveOffset: expected a ratio in \[0, 1\]/);
    const ok = { trailingStop: true, trailingStopPositive: 0.01, trailingStopPositiveOffset: 0.03, trailingOnlyOffsetIsReached: true };
    expect(validateStrategy(make(ok), WHERE)).toMatchObject(ok);
    // Off: a 0 positive trail is ignored, as Freqtrade does.
    expect(() => validateStrategy(make({ trailingStop: false, trailingStopPositive: 0 }), WHERE)).not.toThrow();
  });

  it('order types and time in force', () => {
    const base = { entry: 'limit', exit: 'limit', stoploss: 'market', stoplossOnExchange: false };
    expect(problems({ orderTypes: { ...base, entry: 'stop' } })).toEqual(['orderTypes.entry: expected "limit" or "market", got "stop"']);
    expect(problems({ orderTypes: { entry: 'limit', exit: 'limit', stoploss: 'market' } })).toEqual([
      'orderTypes.stoplossOnExchange: expected true or false, got undefined',
    ]);
    expect(problems({ orderTypes: { ...base, stoploss_on_exchange: true } })).toEqual([
      'orderTypes.stoploss_on_exchange: unknown key (Keel uses camelCase: stoplossOnExchange)',
    ]);
    expect(problems({ orderTypes: { ...base, stoplossOnExchangeLimitRatio: 1.2 } })).toEqual([
      'orderTypes.stoplossOnExchangeLimitRatio: expected a ratio in [0, 1], e.g. 0.99, got 1.2',
    ]);
    expect(problems({ orderTimeInForce: { entry: 'GTX', exit: 'GTC' } })).toEqual([
      'orderTimeInForce.entry: expected "GTC", "IOC", "FOK" or "PO", got "GTX"',
    ]);
  });

  it('counts, flags and the interface version', () => {
    expect(problems({ startupCandleCount: 1.5 })).toEqual(['startupCandleCount: expected a whole number of candles >= 0, got 1.5']);
    expect(problems({ startupCandleCount: -1 })).toEqual(['startupCandleCount: expected a whole number of candles >= 0, got -1']);
    expect(problems({ maxEntryPositionAdjustment: -2 })).toEqual(['maxEntryPositionAdjustment: expected a whole number >= -1 (-1 = no limit), got -2']);
    expect(problems({ maxOpenTrades: 2.5 })).toEqual(['maxOpenTrades: expected a whole number >= -1 (-1 = unlimited), got 2.5']);
    expect(problems({ canShort: 'yes' })).toEqual(['canShort: expected true or false, got "yes"']);
    expect(problems({ exitProfitOffset: Number.POSITIVE_INFINITY })).toEqual(['exitProfitOffset: expected a finite profit ratio, e.g. 0.01, got Infinity']);
    expect(problems({ interfaceVersion: 3 })).toEqual(['interfaceVersion: expected 1 (the strategy interface version this Keel implements), got 3']);
  });

  it('protections: known methods, positive durations, minutes or candles but not both', () => {
    expect(problems({ protections: [{ method: 'Cooldown' }] })[0]).toMatch(/^protections\.0\.method: expected "CooldownPeriod"/);
    expect(problems({ protections: [{ method: 'CooldownPeriod', stopDuration: 10, stopDurationCandles: 2 }] })).toEqual([
      'protections.0.stopDuration: give stopDuration or stopDurationCandles, not both',
    ]);
    expect(problems({ protections: [{ method: 'StoplossGuard', stop_duration_candles: 2 }] })).toEqual([
      'protections.0.stop_duration_candles: unknown key (Keel uses camelCase: stopDurationCandles)',
    ]);
    expect(() =>
      validateStrategy(make({ protections: [{ method: 'StoplossGuard', lookbackPeriodCandles: 24, tradeLimit: 4, stopDurationCandles: 4 }] }), WHERE),
    ).not.toThrow();
  });

  it('hooks must be methods; callbacks that exist must be methods', () => {
    expect(problems({ populateExitTrend: 'nope' })).toEqual(['populateExitTrend: expected a method populateExitTrend(df, meta), got "nope"']);
    expect(problems({ customExit: 5, confirmTradeEntry: true })).toEqual([
      'customExit: expected a method or nothing, got 5',
      'confirmTradeEntry: expected a method or nothing, got true',
    ]);
  });

  it('version() must return a string or nothing, and informative() valid specs', () => {
    expect(problems({ version: () => 2 })).toEqual(['version(): expected a string or undefined, got 2']);
    expect(problems({ informative: () => [{ timeframe: '1hour', populate: (df: unknown) => df }] })).toEqual([
      'informative()[0].timeframe: expected a timeframe such as "1h", got "1hour"',
    ]);
    expect(problems({ informative: () => [{ timeframe: '1h' }] })).toEqual([
      'informative()[0].populate: expected a function (df, meta), got undefined',
    ]);
  });

  it('reports every problem at once, and a context naming where overrides came from', () => {
    try {
      validateStrategy(make({ stoploss: 1, timeframe: 'x', canShort: 1 }), { ...WHERE, context: 'after applying plain.json' });
      throw new Error('unreachable');
    } catch (err) {
      expect((err as StrategyLoadError).message.split('\n')).toEqual([
        'strategy Plain (/strategies/plain.ts) is invalid after applying plain.json:',
        '  - timeframe: expected a timeframe such as "5m", "1h", "1d", got "x"',
        '  - stoploss: expected a number in [-1, 0), e.g. -0.10, got 1',
        '  - canShort: expected true or false, got 1',
      ]);
      expect((err as StrategyLoadError).file).toBe('/strategies/plain.ts');
      expect((err as StrategyLoadError).className).toBe('Plain');
    }
  });
});
