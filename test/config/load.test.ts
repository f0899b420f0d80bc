import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, describeSource } from '../../framework/config/load.ts';
import { ConfigError } from '../../framework/core/errors.ts';
import { makeTempDir, REPO_ROOT } from '../helpers/tmp.ts';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

function writeConfig(name: string, text: string): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the shipped platform config and resolves defaults and paths', () => {
    const { config, file, sources } = loadConfig({ cwd: REPO_ROOT, env: {} });
    expect(file).toBe(path.join(REPO_ROOT, 'configs/platform_config.yaml'));
    expect(config.exchange.name).toBe('binance');
    expect(config.exchange.pair_whitelist).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(config.data.directory).toBe(path.join(REPO_ROOT, 'user_data/data'));
    expect(describeSource(sources.get('exchange.name')!)).toContain('platform_config.yaml');
    expect(sources.get('paper')).toEqual({ kind: 'default' });
  });

  it('uses schema defaults when no file exists', () => {
    const { config, file } = loadConfig({ cwd: tmp.dir, env: {} });
    expect(file).toBeUndefined();
    expect(config.timeframe).toBe('5m');
    expect(config.stake.amount).toBe('unlimited');
    expect(config.stake.tradable_balance_ratio).toBe(0.99);
    expect(config.max_open_trades).toBe(3);
  });

  it('accepts JSON as well as YAML', () => {
    const file = writeConfig('c.json', JSON.stringify({ timeframe: '1h', stake: { amount: 50 } }));
    const { config } = loadConfig({ file, env: {} });
    expect(config.timeframe).toBe('1h');
    expect(config.stake.amount).toBe(50);
  });

  it('applies file < env < cli and records each source', () => {
    const file = writeConfig('c.yaml', 'exchange:\n  name: kraken\nmax_open_trades: 5\ntimeframe: 1h\n');
    const { config, sources } = loadConfig({
      file,
      env: { KEEL__MAX_OPEN_TRADES: '7', KEEL__EXCHANGE__PAIR_WHITELIST: 'BTC/USDT, ETH/USDT', KEEL__TIMEFRAME: '4h' },
      cli: { timeframe: '15m', 'stake.amount': undefined },
    });
    expect(config.exchange.name).toBe('kraken');
    expect(config.max_open_trades).toBe(7);
    expect(config.exchange.pair_whitelist).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(config.timeframe).toBe('15m');
    expect(sources.get('exchange.name')).toEqual({ kind: 'file', file });
    expect(sources.get('max_open_trades')).toEqual({ kind: 'env', variable: 'KEEL__MAX_OPEN_TRADES' });
    expect(sources.get('timeframe')).toEqual({ kind: 'cli', flag: 'timeframe' });
    expect(sources.get('stake.amount')).toEqual({ kind: 'default' });
  });

  it('env values are parsed as JSON when they are JSON', () => {
    const { config } = loadConfig({
      cwd: tmp.dir,
      env: { KEEL__DATA__FILL_GAPS: 'false', KEEL__FEES__TAKER: '0.0005', KEEL__EXCHANGE__CCXT_CONFIG: '{"timeout": 3000}' },
    });
    expect(config.data.fill_gaps).toBe(false);
    expect(config.fees.taker).toBe(0.0005);
    expect(config.exchange.ccxt_config).toEqual({ timeout: 3000 });
  });

  it('reports an unknown key with the file, the key path and a suggestion', () => {
    const file = writeConfig('c.yaml', 'exchange:\n  nmae: binance\n');
    const err = configError(() => loadConfig({ file, env: {} }));
    expect(err.message).toContain(file);
    expect(err.message).toContain('unknown key "exchange.nmae"');
    expect(err.message).toContain('did you mean "name"');
  });

  it('reports an unknown top-level section listing the allowed ones', () => {
    const file = writeConfig('c.yaml', 'exchanges:\n  name: binance\n');
    const err = configError(() => loadConfig({ file, env: {} }));
    expect(err.message).toContain('unknown key "exchanges"');
    expect(err.message).toContain('did you mean "exchange"');
  });

  it('reports a wrong type with what was given and what was expected', () => {
    const file = writeConfig('c.yaml', 'max_open_trades: two\n');
    const err = configError(() => loadConfig({ file, env: {} }));
    expect(err.message).toBe(`invalid configuration: ${file}: max_open_trades: expected number, got "two"`);
  });

  it('reports out-of-range values', () => {
    const file = writeConfig('c.yaml', 'stake:\n  tradable_balance_ratio: 1.5\nfees:\n  taker: 0.5\n');
    const err = configError(() => loadConfig({ file, env: {} }));
    expect(err.message).toContain('stake.tradable_balance_ratio: expected a value <= 1, got 1.5');
    expect(err.message).toContain('fees.taker: expected a value <= 0.1, got 0.5');
    expect(err.message).toContain('2 problems');
  });

  it('reports a bad enum, timeframe and pair', () => {
    const file = writeConfig(
      'c.yaml',
      'exchange:\n  trading_mode: margin\n  pair_whitelist: [BTCUSDT]\ntimeframe: 5 minutes\n',
    );
    const err = configError(() => loadConfig({ file, env: {} }));
    expect(err.message).toContain('exchange.trading_mode: expected one of "spot", "futures", got "margin"');
    expect(err.message).toContain('exchange.pair_whitelist.0: expected a pair as BASE/QUOTE');
    expect(err.message).toContain('timeframe: expected a timeframe such as 1m');
  });

  it('names the environment variable when the bad value came from the environment', () => {
    const err = configError(() => loadConfig({ cwd: tmp.dir, env: { KEEL__STAKE__AMOUNT: '-5' } }));
    expect(err.message).toContain('environment variable KEEL__STAKE__AMOUNT: stake.amount: expected a value > 0, got -5');
  });

  it('names the flag when the bad value came from the command line', () => {
    const err = configError(() => loadConfig({ cwd: tmp.dir, env: {}, cli: { max_open_trades: 1.5 } }));
    expect(err.message).toContain('command-line option for max_open_trades');
  });

  it('reports YAML syntax errors with a line number', () => {
    const file = writeConfig('c.yaml', 'exchange:\n  name: [binance\n');
    const err = configError(() => loadConfig({ file, env: {} }));
    expect(err.message).toMatch(new RegExp(`${file}: not valid YAML at line \\d+`));
  });

  it('reports invalid JSON and a non-mapping top level', () => {
    const bad = writeConfig('c.json', '{"timeframe": ');
    expect(configError(() => loadConfig({ file: bad, env: {} })).message).toContain(`${bad}: not valid JSON`);
    const list = writeConfig('l.yaml', '- a\n- b\n');
    expect(configError(() => loadConfig({ file: list, env: {} })).message).toContain('top level must be a mapping');
  });

  it('reports a missing explicit config file', () => {
    const err = configError(() => loadConfig({ file: path.join(tmp.dir, 'nope.yaml'), env: {} }));
    expect(err.message).toContain('config file not found');
  });
});

describe('secrets', () => {
  it('refuses credentials in a config file without echoing them', () => {
    const file = writeConfig('c.yaml', 'exchange:\n  name: binance\n  secret: s3cr3t-value-123\n');
    const err = configError(() => loadConfig({ file, env: {} }));
    expect(err.message).toContain('exchange.secret holds a credential');
    expect(err.message).toContain('KEEL__EXCHANGE__SECRET');
    expect(err.message).not.toContain('s3cr3t-value-123');
  });

  it('takes credentials from the environment', () => {
    const { config, sources } = loadConfig({ cwd: tmp.dir, env: { KEEL__EXCHANGE__KEY: 'my-api-key-1', KEEL__EXCHANGE__SECRET: 'my-secret-2' } });
    expect(config.exchange.key).toBe('my-api-key-1');
    expect(config.exchange.secret).toBe('my-secret-2');
    expect(sources.get('exchange.secret')).toEqual({ kind: 'env', variable: 'KEEL__EXCHANGE__SECRET' });
  });
});
