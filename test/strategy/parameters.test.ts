import { describe, expect, it } from 'vitest';
import {
  BooleanParameter,
  CategoricalParameter,
  DecimalParameter,
  IntParameter,
  ParameterError,
  RealParameter,
  collectParameters,
} from '../../framework/strategy/parameters.ts';

describe('parameters', () => {
  it('IntParameter: value, range outside and inside hyperopt, integer check', () => {
    const p = new IntParameter(3, 7, { default: 5 });
    expect(p.value).toBe(5);
    expect(p.range).toEqual([5]);
    expect(p.fullRange()).toEqual([3, 4, 5, 6, 7]);
    p.inHyperopt = true;
    expect(p.range).toEqual([3, 4, 5, 6, 7]);
    p.value = 6;
    expect(p.value).toBe(6);
    expect(() => (p.value = 6.5)).toThrow(ParameterError);
    expect(() => (p.value = Number.NaN)).toThrow(/is not a finite number/);
    expect(() => new IntParameter(1.5, 3, { default: 2 })).toThrow(/must be integers/);
    expect(() => new IntParameter(5, 3, { default: 4 })).toThrow(/low must be <= high/);
  });

  it('a parameter with optimize: false keeps range [value] even in hyperopt', () => {
    const p = new IntParameter(1, 10, { default: 3, optimize: false });
    p.inHyperopt = true;
    expect(p.range).toEqual([3]);
  });

  it('DecimalParameter rounds to its decimals; fullRange steps by 10^-decimals', () => {
    const p = new DecimalParameter(0.1, 0.15, { default: 0.123456, decimals: 2 });
    expect(p.value).toBe(0.12);
    expect(p.fullRange()).toEqual([0.1, 0.11, 0.12, 0.13, 0.14, 0.15]);
    p.value = 0.137;
    expect(p.value).toBe(0.14);
  });

  it('RealParameter, CategoricalParameter and BooleanParameter check their values', () => {
    const r = new RealParameter(0, 1, { default: 0.25 });
    expect(r.fullRange()).toEqual([0, 1]);
    const c = new CategoricalParameter(['a', 'b', 'c'], { default: 'b', space: 'sell' });
    expect(c.range).toEqual(['b']);
    c.inHyperopt = true;
    expect(c.range).toEqual(['a', 'b', 'c']);
    expect(() => (c.value = 'z' as 'a')).toThrow('parameter (unnamed): "z" is not one of ["a","b","c"]');
    expect(() => new CategoricalParameter(['only'], { default: 'only' })).toThrow(/at least two categories/);
    const b = new BooleanParameter({ default: false });
    expect(b.fullRange()).toEqual([true, false]);
    expect(() => (b.value = 1 as unknown as boolean)).toThrow(/is not true or false/);
  });

  it('collectParameters names parameters and infers spaces from buy_/sell_/enter_/exit_/protection_ prefixes', () => {
    const s = {
      buy_rsi: new IntParameter(10, 40, { default: 30 }),
      sell_rsi: new IntParameter(60, 90, { default: 70 }),
      enter_len: new IntParameter(1, 3, { default: 2 }),
      exit_len: new IntParameter(1, 3, { default: 2 }),
      protection_n: new IntParameter(1, 3, { default: 2 }),
      custom: new BooleanParameter({ default: true, space: 'mine' }),
      notAParameter: 42,
    };
    const params = collectParameters(s, 'S');
    expect([...params].map(([k, p]) => [k, p.name, p.space])).toEqual([
      ['buy_rsi', 'buy_rsi', 'buy'],
      ['sell_rsi', 'sell_rsi', 'sell'],
      ['enter_len', 'enter_len', 'buy'],
      ['exit_len', 'exit_len', 'sell'],
      ['protection_n', 'protection_n', 'protection'],
      ['custom', 'custom', 'mine'],
    ]);
    expect(() => (params.get('buy_rsi')!.value = 'x')).toThrow('parameter buy_rsi: "x" is not a finite number');
    expect(() => collectParameters({ rsiLen: new IntParameter(1, 3, { default: 2 }) }, 'S')).toThrow(
      /strategy S: parameter rsiLen has no space/,
    );
  });
});
