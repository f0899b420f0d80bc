/**
 * Five hand-made trades whose loss values are worked out by hand in builtin.test.ts.
 * Stake 100 USDT, no fees, so profitRatio = profitAbs / 100. Starting balance 1000 USDT;
 * the backtest spans 2023-01-01 00:00 to 2023-01-11 00:00 (10 whole days, 11 calendar days).
 *
 *  id  open (UTC)     close (UTC)    minutes  profitAbs  profitRatio
 *   1  01-01 00:00    01-01 10:00      600      +20        0.20
 *   2  01-02 00:00    01-02 05:00      300      -10       -0.10
 *   3  01-03 00:00    01-04 12:00     2160      -30       -0.30
 *   4  01-05 00:00    01-05 01:00       60        0        0.00
 *   5  01-06 00:00    01-07 00:00     1440      +40        0.40
 *
 * Equity curve by close date (zero row first): cumulative 0, 20, 10, -20, -20, 20; high water
 * mark 0, 20, 20, 20, 20, 20; drawdown 0, 0, -10, -40, -40, 0. Largest drawdown 40 USDT,
 * relative to the balance at the high: 40 / (1000 + 20) = 0.0392156862745098.
 */
import type { TradeRecord } from '../../../framework/portfolio/trade-record.ts';
import type { LossInput } from '../../../framework/optimize/losses/index.ts';

export const utc = (s: string): number => Date.parse(`${s}Z`);

export function trade(id: number, open: string, close: string, profitAbs: number): TradeRecord {
  return {
    id,
    pair: 'BTC/USDT',
    isShort: false,
    leverage: 1,
    openDate: utc(open),
    closeDate: utc(close),
    openRate: 10,
    closeRate: 10 * (1 + profitAbs / 100),
    amount: 10,
    stakeAmount: 100,
    feeOpen: 0,
    feeClose: 0,
    feeOpenCost: 0,
    feeCloseCost: 0,
    profitRatio: profitAbs / 100,
    profitAbs,
    exitReason: 'roi',
    enterTag: null,
    exitTag: null,
    minRate: 9,
    maxRate: 15,
    initialStopLoss: null,
    stopLoss: null,
    isOpen: false,
    nrOfEntries: 1,
    nrOfExits: 1,
  };
}

export const TRADES: TradeRecord[] = [
  trade(1, '2023-01-01T00:00', '2023-01-01T10:00', 20),
  trade(2, '2023-01-02T00:00', '2023-01-02T05:00', -10),
  trade(3, '2023-01-03T00:00', '2023-01-04T12:00', -30),
  trade(4, '2023-01-05T00:00', '2023-01-05T01:00', 0),
  trade(5, '2023-01-06T00:00', '2023-01-07T00:00', 40),
];

export function input(trades: TradeRecord[] = TRADES, over: Partial<LossInput> = {}): LossInput {
  return {
    trades,
    tradeCount: trades.length,
    minDate: utc('2023-01-01T00:00'),
    maxDate: utc('2023-01-11T00:00'),
    startingBalance: 1000,
    config: {},
    get metrics(): never {
      throw new Error('the built-in losses do not read metrics');
    },
    ...over,
  };
}
