/** Set-up shared by the in-process hyperopt tests (the CLI tests use workspace.ts). */
import { sliceCandles } from '../../../framework/data/candles.ts';
import type { LoadedData } from '../../../framework/engine/backtest/prepare-data.ts';
import type { HyperoptRunSpec } from '../../../framework/optimize/hyperopt/run-spec.ts';
import type { BacktestSettings } from '../../../framework/optimize/hyperopt/settings.ts';
import { buildSearchSpace, markSearchedParameters } from '../../../framework/optimize/spaces/index.ts';
import type { LoadedStrategy } from '../../../framework/strategy/loader.ts';
import { collectParameters } from '../../../framework/strategy/parameters.ts';
import type { IStrategy } from '../../../framework/strategy/index.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';

/** The first four weeks of the real Binance BTC/USDT 5m candles of 2023. */
export const BTC_4W = sliceCandles(readBinance5m('BTC'), 0, 8064);

/** BTC/USDT spot, 5m, 30 startup candles, unlimited stake over one slot, 0.1% fee; `overrides` for the rest. */
export function testSettings(overrides: Partial<BacktestSettings> = {}): BacktestSettings {
  return {
    exchange: 'binance',
    tradingMode: 'spot',
    dataDir: '/nonexistent',
    pairs: ['BTC/USDT'],
    timeframe: '5m',
    timerange: {},
    startupCandles: 30,
    stakeCurrency: 'USDT',
    stake: { amount: 'unlimited', tradableBalanceRatio: 0.99, startingBalance: 1000 },
    maxOpenTrades: 1,
    configMaxOpenTrades: 1,
    fee: 0.001,
    maxLeverage: 1,
    fillModel: 'freqtrade',
    venue: {},
    markets: null,
    marketsFile: null,
    risk: {},
    enableProtections: false,
    load: { fillGaps: true, check: false },
    ...overrides,
  };
}

/** BTC_4W as loaded data (no informative series). */
export function loadedBtc(): LoadedData {
  return { pairs: [{ pair: 'BTC/USDT', candles: BTC_4W, filled: 0 }], informative: new Map() };
}

/**
 * A strategy instance as the hyperopt worker sees it: its parameters collected, `spaces` searched,
 * the loaded-strategy record and a run spec (Sharpe loss, random sampler) over `backtest`.
 */
export function hyperoptFixture<S extends IStrategy>(strategy: S, spaces: string[], backtest: BacktestSettings) {
  const name = strategy.constructor.name;
  const parameters = collectParameters(strategy, name);
  const searchSpace = buildSearchSpace(strategy, parameters, { spaces });
  markSearchedParameters(searchSpace, parameters);
  const l = { strategy, name, parameters, sourceHash: 'test', file: '/test.ts' } as unknown as LoadedStrategy;
  const spec = {
    strategy: { name, dir: '/', file: '/test.ts', sourceHash: 'test', parameterOverrides: {}, baseParams: {} },
    spaces,
    searchSpace,
    loss: { name: 'SharpeHyperOptLoss', directory: '/', objectives: 1 },
    sampler: { name: 'random', seed: 1, options: {} },
    minTrades: 1,
    backtest,
    configResolved: {},
  } as HyperoptRunSpec;
  return { s: strategy, parameters, searchSpace, l, spec };
}
