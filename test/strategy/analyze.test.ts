import { describe, expect, it } from 'vitest';
import { candlesFromRows, type Candles } from '../../framework/data/candles.ts';
import { analyzePair, informativeSuffix, requiredInformatives, resolveInformativePair } from '../../framework/strategy/analyze.ts';
import { StrategyRuntimeError } from '../../framework/strategy/errors.ts';
import { HistoricalDataProvider } from '../../framework/strategy/historical-data-provider.ts';
import { entryAt, exitSignalAt, signalArrays, ENTRY_LONG, ENTRY_NONE, ENTRY_SHORT } from '../../framework/strategy/signals.ts';
import { IStrategy, type InformativeSpec } from '../../framework/strategy/index.ts';
import { DataFrame } from '../../framework/frame/index.ts';

const M5 = 300_000;
const T0 = Date.UTC(2024, 0, 1);

/** n 5m candles with close = 100 + i. */
function candles(n: number, start = T0, step = M5): Candles {
  return candlesFromRows(Array.from({ length: n }, (_, i) => [start + i * step, 100 + i, 101 + i, 99 + i, 100 + i, 10]));
}

const META = { pair: 'ETH/USDT', timeframe: '5m' };
const none = (): Candles => {
  throw new Error('unexpected informative request');
};

class Passthrough extends IStrategy {
  populateIndicators(_df: DataFrame): DataFrame | void {}
  populateEntryTrend(df: DataFrame): void {
    df.setWhere('enter_long', df.get('close').gt(105), 1);
  }
  populateExitTrend(_df: DataFrame): void {}
}

describe('analyzePair', () => {
  it('runs the hooks and returns the frame with signal columns', () => {
    const df = analyzePair(new Passthrough(), candles(10), META, none);
    expect(Array.from(df.array('enter_long'))).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('accepts hooks that return a new frame of the same candles', () => {
    class Returns extends Passthrough {
      override populateIndicators(df: DataFrame): DataFrame {
        return df.copy().set('x', 1);
      }
    }
    const df = analyzePair(new Returns(), candles(5), META, none);
    expect(df.has('x')).toBe(true);
  });

  it('refuses a populate that drops rows, naming strategy, pair and the problem', () => {
    class Drops extends Passthrough {
      override populateIndicators(df: DataFrame): DataFrame {
        return df.slice(1);
      }
    }
    expect(() => analyzePair(new Drops(), candles(5), META, none)).toThrow(/strategy Drops, ETH\/USDT 5m: the frame has 4 rows after populate, expected 5/);
  });

  it('refuses a populate that changes the last close', () => {
    class Mutates extends Passthrough {
      override populateIndicators(df: DataFrame): void {
        df.setWhere('close', true, 1);
      }
    }
    expect(() => analyzePair(new Mutates(), candles(5), META, none)).toThrow(/the last close changed during populate \(104 -> 1\)/);
  });

  it('refuses signal values other than 0/1 and reads NaN as 0', () => {
    class Two extends Passthrough {
      override populateEntryTrend(df: DataFrame): void {
        df.set('enter_long', 2);
      }
    }
    expect(() => analyzePair(new Two(), candles(5), META, none)).toThrow(/signal column enter_long holds 2 at row 0 \(2024-01-01T00:00:00.000Z\)/);
    class Nan extends Passthrough {
      override populateEntryTrend(df: DataFrame): void {
        const v = new Float64Array(5).fill(NaN);
        v[2] = 1;
        df.set('enter_long', v);
      }
    }
    expect(Array.from(analyzePair(new Nan(), candles(5), META, none).array('enter_long'))).toEqual([0, 0, 1, 0, 0]);
  });

  it('wraps a hook that throws with the strategy, hook and pair', () => {
    class Throws extends Passthrough {
      override populateIndicators(): void {
        throw new Error('boom');
      }
    }
    const err = (() => {
      try {
        analyzePair(new Throws(), candles(5), META, none);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StrategyRuntimeError);
    expect((err as Error).message).toBe('strategy Throws, populateIndicators for ETH/USDT 5m threw: boom');
  });

  it('merges declared informative frames with closed candles only and Freqtrade names', () => {
    class WithInf extends Passthrough {
      override informative(): InformativeSpec[] {
        return [
          { timeframe: '15m', populate: (df) => void df.set('mid', df.get('high').add(df.get('low')).div(2)) },
          { timeframe: '15m', pair: 'BTC/{quote}', populate: () => undefined },
        ];
      }
    }
    const s = new WithInf();
    expect(requiredInformatives(s, 'ETH/USDT')).toEqual([
      { pair: 'ETH/USDT', timeframe: '15m' },
      { pair: 'BTC/USDT', timeframe: '15m' },
    ]);
    const inf = candlesFromRows([
      [T0, 1, 2, 0, 1.5, 1],
      [T0 + 3 * M5, 2, 4, 1, 3, 1],
    ]);
    const df = analyzePair(s, candles(9), META, (pair, tf) => {
      expect(tf).toBe('15m');
      return pair === 'BTC/USDT' ? inf : inf;
    });
    // The 15m candle opening at T0 closes at T0+15m: first visible on the 5m row opening T0+10m.
    expect(Array.from(df.array('close_15m'))).toEqual([NaN, NaN, 1.5, 1.5, 1.5, 3, 3, 3, 3]);
    expect(Array.from(df.array('mid_15m')).slice(2, 6)).toEqual([1, 1, 1, 2.5]);
    expect(df.has('close_btc_usdt_15m')).toBe(true);
  });

  it('resolves informative pair templates and suffixes', () => {
    const spec = { timeframe: '1h', pair: '{base}/BTC', populate: () => undefined };
    expect(resolveInformativePair(spec, 'ETH/USDT')).toBe('ETH/BTC');
    expect(informativeSuffix(spec, 'ETH/USDT', 'ETH/BTC')).toBe('eth_btc_1h');
    expect(informativeSuffix({ ...spec, suffix: '_daily' }, 'ETH/USDT', 'ETH/BTC')).toBe('daily');
  });
});

describe('signal collision rules (Freqtrade)', () => {
  function frame(cols: Record<string, number[]>): DataFrame {
    const n = Object.values(cols)[0]!.length;
    const df = new DataFrame({ date: Float64Array.from({ length: n }, (_, i) => i) });
    for (const [k, v] of Object.entries(cols)) df.set(k, Float64Array.from(v));
    return df;
  }
  it('entry: long needs no exit_long / enter_short on the row; short mirrors it', () => {
    const s = signalArrays(
      frame({
        enter_long: [1, 1, 1, 0, 0, 1],
        exit_long: [0, 1, 0, 0, 0, 0],
        enter_short: [0, 0, 1, 1, 1, 0],
        exit_short: [0, 0, 0, 0, 1, 0],
      }),
    );
    expect([0, 1, 2, 3, 4, 5].map((i) => entryAt(s, i, true))).toEqual([ENTRY_LONG, ENTRY_NONE, ENTRY_NONE, ENTRY_SHORT, ENTRY_NONE, ENTRY_LONG]);
    // Without canShort, enter_short is ignored entirely (row 2 becomes a long entry).
    expect([0, 1, 2, 3].map((i) => entryAt(s, i, false))).toEqual([ENTRY_LONG, ENTRY_NONE, ENTRY_LONG, ENTRY_NONE]);
  });
  it('exit: an entry signal on the same side cancels the exit signal', () => {
    const s = signalArrays(frame({ enter_long: [0, 1], exit_long: [1, 1], enter_short: [0, 0], exit_short: [1, 0] }));
    expect(exitSignalAt(s, 0, false)).toBe(true);
    expect(exitSignalAt(s, 1, false)).toBe(false);
    expect(exitSignalAt(s, 0, true)).toBe(true);
  });
  it('a frame without signal columns has no signals', () => {
    const s = signalArrays(new DataFrame({ date: new Float64Array(3) }));
    expect(entryAt(s, 0, true)).toBe(ENTRY_NONE);
    expect(s.enterTag).toEqual([null, null, null]);
  });
});

describe('HistoricalDataProvider', () => {
  it('caps frames at the last candle closed by "now"', () => {
    const dp = new HistoricalDataProvider({ runmode: 'backtest', timeframe: '5m', whitelist: ['ETH/USDT'] });
    const df = DataFrame.fromCandles(candles(10));
    dp.addAnalyzed('ETH/USDT', df);
    dp.addCandles('ETH/USDT', '1h', DataFrame.fromCandles(candles(3, T0, 12 * M5)));
    dp.setNow(T0 + 3 * M5); // candles opening T0, T0+5m, T0+10m have closed
    expect(dp.getAnalyzedDataframe('ETH/USDT').df.length).toBe(3);
    expect(dp.getAnalyzedDataframe('ETH/USDT').lastAnalyzed).toBe(T0 + 3 * M5);
    expect(dp.getPairDataframe('ETH/USDT').get('close').last()).toBe(102);
    expect(dp.getPairDataframe('ETH/USDT', '1h').length).toBe(0);
    dp.setNow(T0 + 12 * M5);
    expect(dp.getPairDataframe('ETH/USDT', '1h').length).toBe(1);
    expect(dp.currentWhitelist()).toEqual(['ETH/USDT']);
    expect(() => dp.getPairDataframe('BTC/USDT', '4h')).toThrow(/no candles for BTC\/USDT 4h/);
  });
});
