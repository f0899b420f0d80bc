/**
 * A small hand-made trade list whose every metric is worked out by hand in the tests.
 * Stake 100 USDT per trade, no fees, so profitRatio = profitAbs / 100 and the arithmetic
 * stays readable. Starting balance 1000 USDT; the backtest spans 2023-01-01 00:00 to
 * 2023-01-31 00:00 (30 whole days).
 *
 *  id pair      enter  exit         open (UTC)        close (UTC)        minutes  profitAbs
 *   1 BTC/USDT  a      roi          Mon 01-02 00:00   Mon 01-02 10:00      600     +20
 *   2 ETH/USDT  b      stop_loss    Tue 01-03 00:00   Tue 01-03 05:00      300     -10
 *   3 BTC/USDT  a      stop_loss    Sun 01-08 00:00   Mon 01-09 12:00     2160     -30
 *   4 ETH/USDT  (null) exit_signal  Tue 01-10 00:00   Tue 01-10 01:00       60       0
 *   5 BTC/USDT  b      roi          Sun 01-15 00:00   Mon 01-16 00:00     1440     +40
 *   6 ETH/USDT  a      force_exit   Mon 01-30 00:00   Tue 01-31 00:00     1440     +10  (left open)
 */
import type { TradeRecord } from '../../framework/portfolio/trade-record.ts';
import type { BacktestRun } from '../../framework/reports/types.ts';

export const utc = (s: string): number => Date.parse(`${s}Z`);

export function makeTrade(
  id: number,
  pair: string,
  open: string,
  close: string,
  profitAbs: number,
  extra: Partial<TradeRecord> = {},
): TradeRecord {
  const stake = extra.stakeAmount ?? 100;
  const openRate = 10;
  return {
    id,
    pair,
    isShort: false,
    leverage: 1,
    openDate: utc(open),
    closeDate: utc(close),
    openRate,
    closeRate: openRate * (1 + profitAbs / stake),
    amount: stake / openRate,
    stakeAmount: stake,
    feeOpen: 0,
    feeClose: 0,
    feeOpenCost: 0,
    feeCloseCost: 0,
    profitRatio: profitAbs / stake,
    profitAbs,
    exitReason: 'roi',
    enterTag: null,
    exitTag: null,
    minRate: openRate * 0.9,
    maxRate: openRate * 1.5,
    initialStopLoss: null,
    stopLoss: null,
    isOpen: false,
    nrOfEntries: 1,
    nrOfExits: 1,
    ...extra,
  };
}

export function handTrades(): TradeRecord[] {
  return [
    makeTrade(1, 'BTC/USDT', '2023-01-02T00:00:00', '2023-01-02T10:00:00', 20, { enterTag: 'a', exitReason: 'roi' }),
    makeTrade(2, 'ETH/USDT', '2023-01-03T00:00:00', '2023-01-03T05:00:00', -10, { enterTag: 'b', exitReason: 'stop_loss' }),
    makeTrade(3, 'BTC/USDT', '2023-01-08T00:00:00', '2023-01-09T12:00:00', -30, { enterTag: 'a', exitReason: 'stop_loss' }),
    makeTrade(4, 'ETH/USDT', '2023-01-10T00:00:00', '2023-01-10T01:00:00', 0, { enterTag: null, exitReason: 'exit_signal' }),
    makeTrade(5, 'BTC/USDT', '2023-01-15T00:00:00', '2023-01-16T00:00:00', 40, { enterTag: 'b', exitReason: 'roi' }),
    makeTrade(6, 'ETH/USDT', '2023-01-30T00:00:00', '2023-01-31T00:00:00', 10, { enterTag: 'a', exitReason: 'force_exit', isOpen: true }),
  ];
}

export function handRun(overrides: Partial<BacktestRun> = {}): BacktestRun {
  return {
    strategy: 'HandMade',
    timeframe: '1h',
    timerange: { start: utc('2023-01-01T00:00:00'), end: utc('2023-01-31T00:00:00') },
    stakeCurrency: 'USDT',
    stakeAmount: 100,
    startingBalance: 1000,
    maxOpenTrades: 3,
    pairs: ['BTC/USDT', 'ETH/USDT', 'XRP/USDT'],
    trades: handTrades(),
    marketChange: -0.075,
    rejectedSignals: 4,
    riskDenials: { max_open_trades: 3, pair_locked: 1 },
    fillModel: { name: 'freqtrade', version: 1, params: {} },
    seed: 42,
    configResolved: { exchange: { name: 'binance', secret: 'hunter2-not-real' }, stake: { currency: 'USDT' } },
    strategySourceHash: 'a'.repeat(64),
    dataHashes: { 'BTC/USDT 1h': 'b'.repeat(64), 'ETH/USDT 1h': 'c'.repeat(64) },
    ...overrides,
  };
}
