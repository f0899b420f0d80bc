/**
 * A real engine stack for strategy runtime tests: SimClock, SimVenue (bar-driven), the
 * ExecutionEngine (optionally behind a gate), a Portfolio fed by the OrderEventRouter, a
 * HistoricalDataProvider, and a log captured in memory. `candle(i, o, h, l, c)` drives one 5m
 * candle the way the backtest runner does: venue matches it at its open, the engine and the
 * portfolio see its close, then every runtime gets candleClosed at the close time.
 */
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { OrderEventRouter } from '../../../framework/engine/strategy-runtime/event-router.ts';
import { StrategyRuntime } from '../../../framework/engine/strategy-runtime/strategy-runtime.ts';
import type { PreTradeGate } from '../../../framework/execution/gate.ts';
import type { Instrument } from '../../../framework/execution/types.ts';
import type { DataFrame } from '../../../framework/frame/index.ts';
import type { Portfolio } from '../../../framework/portfolio/portfolio.ts';
import type { PairLocks } from '../../../framework/strategy/context.ts';
import { HistoricalDataProvider } from '../../../framework/strategy/historical-data-provider.ts';
import { IStrategy } from '../../../framework/strategy/strategy.ts';
import { engineStack, SIM_BTC, T0 } from '../../helpers/engine-stack.ts';

export { T0 } from '../../helpers/engine-stack.ts';

export const PAIR = 'BTC/USDT';
export const TF = 300_000;

export const BTC: Instrument = SIM_BTC;

/** A strategy with no signals: the tests' strategies only use the event hooks. */
export abstract class HookStrategy extends IStrategy {
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

export interface HarnessOptions {
  fillModel?: 'freqtrade' | 'ohlc_path';
  /** A gate, or a factory given the portfolio (the RiskManager needs it). */
  gate?: PreTradeGate | ((portfolio: Portfolio) => PreTradeGate);
  balances?: Record<string, number>;
  /** cash (spot, default) or margin on both the venue and the portfolio. */
  account?: 'cash' | 'margin';
}

export function harness(opts: HarnessOptions = {}) {
  const balances = opts.balances ?? { USDT: 10_000 };
  const { gate } = opts;
  const s = engineStack({
    instruments: [BTC],
    start: T0 - TF,
    balances,
    config: { fill_model: opts.fillModel ?? 'freqtrade', account: { type: opts.account ?? 'cash' } },
    barMs: TF,
    portfolio: { accounting: opts.account ?? 'cash' },
    // The router feeds the portfolio.
    feedPortfolio: false,
    gate: typeof gate === 'function' ? (p) => gate(p!) : gate,
    idPrefix: 'T',
  });
  const { clock, engine, submits } = s;
  const venue = s.sim!;
  const portfolio = s.portfolio!;
  const router = new OrderEventRouter({ engine, portfolio });
  const dataProvider = new HistoricalDataProvider({ runmode: 'backtest', timeframe: '5m', whitelist: [PAIR] });
  const logStream = new PassThrough();
  const logLines: Array<Record<string, unknown>> = [];
  logStream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
  });
  const logger = pino({ level: 'debug' }, logStream);
  const runtimes: StrategyRuntime[] = [];

  const addStrategy = (strategy: IStrategy, strategyId: string, locks?: PairLocks): StrategyRuntime => {
    const rt = new StrategyRuntime({ strategy, strategyId, router, dataProvider, logger, locks });
    runtimes.push(rt);
    return rt;
  };

  const candle = (i: number, o: number, h: number, l: number, c: number, v = 1_000): void => {
    const open = T0 + i * TF;
    clock.advanceTo(open);
    venue.onBarValues(PAIR, open, o, h, l, c, v);
    engine.onBar(PAIR, o, h, l, c);
    const close = open + TF;
    clock.advanceTo(close);
    portfolio.mark(PAIR, c, close);
    dataProvider.setNow(close);
    for (const rt of runtimes) rt.candleClosed(PAIR, i, close, o, h, l, c, v);
  };

  /** pino writes asynchronously through the stream: wait a tick before reading logLines. */
  const flushLog = () => new Promise<void>((r) => setImmediate(r));

  return { clock, venue, engine, portfolio, router, dataProvider, submits, logLines, flushLog, logger, addStrategy, candle, runtimes };
}
