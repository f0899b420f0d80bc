import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { initLogger } from '../../framework/core/logger.ts';
import { IStrategy } from '../../framework/strategy/strategy.ts';
import {
  callbackFailures,
  hasCallback,
  invokeCallback,
  invokeCallbackAsync,
  invokeAdjustTradePosition,
  invokeCustomExit,
  invokeCustomRoi,
  invokeCustomStoploss,
} from '../../framework/strategy/callbacks.ts';
import type {
  AdjustTradePositionArgs,
  ConfirmTradeEntryArgs,
  CustomExitArgs,
  CustomStakeAmountArgs,
  PositionAdjustment,
} from '../../framework/strategy/types.ts';
import type { DataFrame } from '../../framework/frame/index.ts';

abstract class Hooks extends IStrategy {
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

class NoCallbacks extends Hooks {}

class Misbehaving extends Hooks {
  stakeMode: 'throw' | 'nan' | 'ok' = 'throw';
  factor = 2;
  override customStakeAmount(args: CustomStakeAmountArgs): number {
    if (this.stakeMode === 'throw') throw new Error(`no stake for ${args.pair}`);
    if (this.stakeMode === 'nan') return Number.NaN;
    return args.proposedStake * this.factor; // `this` is the strategy
  }
  override customExit(args: CustomExitArgs): string | boolean | undefined {
    return (args.currentProfit > 0.1 ? 'take_profit' : 42) as unknown as string;
  }
  override confirmTradeEntry(_args: ConfirmTradeEntryArgs): boolean {
    return 'yes' as unknown as boolean;
  }
  override adjustTradePosition(args: AdjustTradePositionArgs): PositionAdjustment {
    return args.currentProfit < -0.05 ? { stake: 10, tag: 'dca' } : { stake: Number.NaN };
  }
  override async botStart(): Promise<void> {
    await Promise.resolve();
    throw new Error('model file missing');
  }
}

class AsyncByMistake extends Hooks {
  override customStoploss = (async () => {
    throw new Error('rejected later');
  }) as unknown as IStrategy['customStoploss'];
}

const stakeArgs = (pair: string): CustomStakeAmountArgs => ({
  pair,
  currentTime: 0,
  currentRate: 100,
  proposedStake: 50,
  minStake: 5,
  maxStake: 1000,
  leverage: 1,
  entryTag: undefined,
  side: 'long',
});

let lines: Array<Record<string, unknown>>;
beforeEach(() => {
  lines = [];
  const out = new PassThrough();
  let buf = '';
  out.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
      buf = buf.slice(nl + 1);
    }
  });
  initLogger({ level: 'info', consoleFormat: 'json', consoleStream: out });
});

/** pino writes to the PassThrough synchronously, but 'data' events arrive on the next tick. */
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('invokeCallback', () => {
  it('an absent callback returns the fallback and logs nothing', async () => {
    const s = new NoCallbacks();
    expect(hasCallback(s, 'customStakeAmount')).toBe(false);
    expect(invokeCallback(s, 'customStakeAmount', stakeArgs('BTC/USDT'), 50, { pair: 'BTC/USDT' })).toBe(50);
    await flush();
    expect(lines).toEqual([]);
  });

  it('a callback that throws gives the fallback and a warning naming strategy, callback and pair', async () => {
    const s = new Misbehaving();
    expect(hasCallback(s, 'customStakeAmount')).toBe(true);
    expect(invokeCallback(s, 'customStakeAmount', stakeArgs('ETH/USDT'), 50, { pair: 'ETH/USDT' })).toBe(50);
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      component: 'strategy',
      strategy: 'Misbehaving',
      callback: 'customStakeAmount',
      pair: 'ETH/USDT',
      msg: 'strategy Misbehaving: customStakeAmount for ETH/USDT threw no stake for ETH/USDT; using the default',
    });
    expect(String(lines[0]!.stack)).toContain('customStakeAmount');
  });

  it('a value of the wrong type (NaN stake, number from customExit, string from confirmTradeEntry) gives the fallback', async () => {
    const s = new Misbehaving();
    s.stakeMode = 'nan';
    expect(invokeCallback(s, 'customStakeAmount', stakeArgs('BTC/USDT'), 50, { pair: 'BTC/USDT' })).toBe(50);
    const exitArgs = { pair: 'BTC/USDT', trade: {} as never, currentTime: 0, currentRate: 1, currentProfit: 0 };
    expect(invokeCallback(s, 'customExit', exitArgs, undefined, { pair: 'BTC/USDT' })).toBeUndefined();
    expect(invokeCallback(s, 'customExit', { ...exitArgs, currentProfit: 0.2 }, undefined)).toBe('take_profit');
    const confirm: ConfirmTradeEntryArgs = {
      pair: 'BTC/USDT',
      orderType: 'limit',
      amount: 1,
      rate: 1,
      timeInForce: 'GTC',
      currentTime: 0,
      entryTag: undefined,
      side: 'long',
    };
    expect(invokeCallback(s, 'confirmTradeEntry', confirm, true, { pair: 'BTC/USDT' })).toBe(true);
    await flush();
    expect(lines.map((l) => l.msg)).toEqual([
      'strategy Misbehaving: customStakeAmount for BTC/USDT returned NaN, expected a finite number (stake); using the default',
      'strategy Misbehaving: customExit for BTC/USDT returned 42, expected a string (exit tag), true, false, null or undefined; using the default',
      'strategy Misbehaving: confirmTradeEntry for BTC/USDT returned "yes", expected true or false; using the default',
    ]);
  });

  it('a valid value is returned as is, with `this` bound to the strategy', () => {
    const s = new Misbehaving();
    s.stakeMode = 'ok';
    s.factor = 3;
    expect(invokeCallback(s, 'customStakeAmount', stakeArgs('BTC/USDT'), 50)).toBe(150);
    const adj = {
      trade: {} as never,
      currentTime: 0,
      currentRate: 1,
      currentProfit: -0.1,
      minStake: 1,
      maxStake: 100,
      currentEntryRate: 1,
      currentExitRate: 1,
      currentEntryProfit: -0.1,
      currentExitProfit: -0.1,
    };
    expect(invokeCallback(s, 'adjustTradePosition', adj, undefined)).toEqual({ stake: 10, tag: 'dca' });
    expect(invokeCallback(s, 'adjustTradePosition', { ...adj, currentProfit: 0 }, undefined)).toBeUndefined();
  });

  it('a callback returning a Promise (async by mistake) gives the fallback and no unhandled rejection', async () => {
    const s = new AsyncByMistake();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const args = { pair: 'BTC/USDT', trade: {} as never, currentTime: 0, currentRate: 1, currentProfit: 0, afterFill: false };
      expect(invokeCallback(s, 'customStoploss', args, undefined, { pair: 'BTC/USDT' })).toBeUndefined();
      await flush();
      await flush();
      expect(unhandled).toEqual([]);
      expect(lines.map((l) => l.msg)).toEqual([
        'strategy AsyncByMistake: customStoploss for BTC/USDT returned a Promise (callbacks other than botStart must be synchronous); using the default',
      ]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('repeated failures are counted; the log keeps the first ten and then every 1000th', async () => {
    const s = new Misbehaving();
    for (let i = 0; i < 1005; i++) invokeCallback(s, 'customStakeAmount', stakeArgs('BTC/USDT'), 0, { pair: 'BTC/USDT' });
    await flush();
    expect(callbackFailures(s, 'customStakeAmount')).toBe(1005);
    expect(callbackFailures(new Misbehaving(), 'customStakeAmount')).toBe(0);
    expect(lines.map((l) => l.failures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000]);
    expect(String(lines[9]!.msg)).toContain('(further failures are logged every 1000th)');
    expect(String(lines[10]!.msg)).toContain('(1000 failures so far; logging every 1000th)');
  });
});

describe('invokeCustomStoploss / invokeCustomRoi / invokeCustomExit / invokeAdjustTradePosition (the per-candle callbacks)', () => {
  /** A strategy whose three per-candle callbacks return (or throw) `result`. */
  function returning(result: unknown): IStrategy {
    class Returns extends Hooks {}
    const s = new Returns();
    const fn = (): unknown => {
      if (result instanceof Error) throw result;
      return typeof result === 'function' ? (result as () => unknown)() : result;
    };
    return Object.assign(s, { customStoploss: fn, customRoi: fn, customExit: fn, adjustTradePosition: fn });
  }
  const results: unknown[] = [
    undefined, null, -0.05, 0, 0.02, Number.NaN, Infinity, 'cut', '', true, false, { stake: 1 }, { stake: 5, tag: 'dca' }, { stake: 5, tag: 3 }, { stake: Number.NaN },
    [1], new Error('boom'),
    () => Promise.resolve(-0.1), () => Promise.reject(new Error('later')), Symbol.for('x'), 10n,
  ];

  it('return exactly what invokeCallback returns and log the same lines, for every kind of result', async () => {
    const args = { pair: 'BTC/USDT', trade: {} as never, currentTime: 0, currentRate: 1, currentProfit: 0, afterFill: false };
    const roiArgs = { pair: 'BTC/USDT', trade: {} as never, currentTime: 0, tradeDuration: 5, entryTag: undefined, side: 'long' as const };
    const opts = { pair: 'BTC/USDT' };
    for (const result of results) {
      const a = returning(result);
      const b = returning(result);
      const adjustArgs = { trade: {} as never, currentTime: 0, currentRate: 1, currentProfit: 0, minStake: 1, maxStake: 10, currentEntryRate: 1, currentExitRate: 1, currentEntryProfit: 0, currentExitProfit: 0 };
      const generic = [
        invokeCallback(a, 'customStoploss', args, undefined, opts),
        invokeCallback(a, 'customRoi', roiArgs, undefined, opts),
        invokeCallback(a, 'customExit', args, false, opts),
        invokeCallback(a, 'adjustTradePosition', adjustArgs, undefined, opts),
      ];
      await flush();
      const genericLines = lines.map((l) => String(l.msg).replace('Returns', 'X'));
      lines.length = 0;
      const special = [
        invokeCustomStoploss(b, args, opts),
        invokeCustomRoi(b, roiArgs, opts),
        invokeCustomExit(b, args, opts),
        invokeAdjustTradePosition(b, adjustArgs, opts),
      ];
      await flush();
      expect(special).toEqual(generic);
      expect(lines.map((l) => String(l.msg).replace('Returns', 'X'))).toEqual(genericLines);
      for (const name of ['customStoploss', 'customRoi', 'customExit', 'adjustTradePosition'] as const) {
        expect(callbackFailures(b, name)).toBe(callbackFailures(a, name));
      }
      lines.length = 0;
    }
    await flush();
  });

  it('an absent callback returns the fallback', () => {
    const s = new NoCallbacks();
    const args = { pair: 'BTC/USDT', trade: {} as never, currentTime: 0, currentRate: 1, currentProfit: 0, afterFill: false };
    expect(invokeCustomStoploss(s, args)).toBeUndefined();
    expect(invokeCustomRoi(s, { pair: 'BTC/USDT', trade: {} as never, currentTime: 0, tradeDuration: 5, entryTag: undefined, side: 'long' })).toBeUndefined();
    expect(invokeCustomExit(s, args)).toBe(false);
    const adjustArgs = { trade: {} as never, currentTime: 0, currentRate: 1, currentProfit: 0, minStake: 1, maxStake: 10, currentEntryRate: 1, currentExitRate: 1, currentEntryProfit: 0, currentExitProfit: 0 };
    expect(invokeAdjustTradePosition(s, adjustArgs)).toBeUndefined();
  });
});

describe('invokeCallbackAsync', () => {
  it('awaits botStart; a rejection is logged and the fallback returned', async () => {
    const s = new Misbehaving();
    await expect(invokeCallbackAsync(s, 'botStart', undefined, undefined)).resolves.toBeUndefined();
    await flush();
    expect(lines.map((l) => l.msg)).toEqual(['strategy Misbehaving: botStart threw model file missing; using the default']);
    expect(await invokeCallbackAsync(new NoCallbacks(), 'botStart', undefined, 'absent')).toBe('absent');
  });
});
