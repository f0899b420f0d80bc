import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floorToStep } from '../../../framework/core/precision.ts';
import { sliceCandles, type Candles } from '../../../framework/data/candles.ts';
import { CandleStore, candleFilePath, writeCandlesParquet } from '../../../framework/data/parquet-store.ts';
import { runBacktest } from '../../../framework/engine/backtest/runner.ts';
import { IStrategy, type CandleArgs, type OrderUpdate } from '../../../framework/strategy/index.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';
import { makeTempDir } from '../../helpers/tmp.ts';

/**
 * Orders the engine holds (emulate: true) see the backtest's candles: a strategy buys with a
 * market order from onCandle, then places an emulated trailing stop when the buy fills. The
 * test replays the trailing rule by hand on the real BTC/USDT candles (path open -> nearer
 * extreme -> other extreme -> close, ratchet then test) and checks the stop fires on the
 * candle the replay says, and its market order fills at the next candle's open.
 */
const ENTRY_ROW = 100;
const OFFSET_BPS = 100;
const QTY = 0.01;

class TrailingDemo extends IStrategy {
  override minimalRoi = {};
  override stoploss = -1;
  override startupCandleCount = 0;
  updates: OrderUpdate[] = [];
  stopId: string | undefined;

  populateIndicators(): void {}
  populateEntryTrend(): void {}
  populateExitTrend(): void {}

  override onCandle({ pair, index }: CandleArgs): void {
    if (index === ENTRY_ROW) this.orders.market({ pair, side: 'buy', quantity: QTY, tag: 'entry' });
  }

  override onOrderEvent(u: OrderUpdate): void {
    this.updates.push(u);
    if (u.type === 'filled' && u.side === 'buy' && this.stopId === undefined) {
      this.stopId = this.orders.trailingStop({ pair: u.pair, side: 'sell', quantity: QTY, offset: OFFSET_BPS, offsetType: 'bps', reduceOnly: true, emulate: true });
    }
  }
}

/** The emulator's bar path: open, the nearer extreme (high on a tie), the other, close. */
function path(c: Candles, j: number): number[] {
  const o = c.open[j]!;
  const h = c.high[j]!;
  const l = c.low[j]!;
  return h - o <= o - l ? [o, h, l, c.close[j]!] : [o, l, h, c.close[j]!];
}

describe('backtest: emulated orders', () => {
  const btc = sliceCandles(readBinance5m('BTC'), 0, 3000);
  const tmp = makeTempDir('keel-bt-emulated-');
  beforeAll(async () => {
    await writeCandlesParquet(candleFilePath(tmp.dir, 'binance', 'BTC/USDT', '5m'), btc);
  });
  afterAll(() => tmp.cleanup());

  it('an emulated trailing stop placed from a hook trails the candles and fires where the hand replay says', async () => {
    const strategy = new TrailingDemo();
    const out = await runBacktest({
      strategy,
      strategyName: 'TrailingDemo',
      store: new CandleStore(tmp.dir, 'binance'),
      exchange: 'binance',
      pairs: ['BTC/USDT'],
      timeframe: '5m',
      timerange: {},
      stakeCurrency: 'USDT',
      stake: { amount: 100, tradableBalanceRatio: 1, startingBalance: 10_000 },
      maxOpenTrades: 1,
      fee: 0.001,
      load: { check: false },
    });
    const tick = out.instruments[0]!.tickSize;

    // The buy: placed when row ENTRY_ROW closed, filled at the open of the next row.
    const entryRow = ENTRY_ROW + 1;
    const buyFill = strategy.updates.find((u) => u.type === 'filled' && u.side === 'buy')!;
    expect(buyFill.lastPrice).toBe(btc.open[entryRow]);

    // Hand replay of a sell trailing stop 100 bps under the best price, from the fill candle on.
    let extreme = -Infinity;
    let trigger = -Infinity;
    let fired = -1;
    let ratchets = 0;
    for (let j = entryRow; j < btc.timestamp.length && fired < 0; j++) {
      for (const price of path(btc, j)) {
        if (price > extreme) extreme = price;
        const candidate = floorToStep(extreme - (extreme * OFFSET_BPS) / 10_000, tick);
        if (candidate > trigger + tick * 1e-6) {
          trigger = candidate;
          ratchets++;
        }
        if (price <= trigger + tick * 1e-6) {
          fired = j;
          break;
        }
      }
    }
    expect(fired).toBeGreaterThan(entryRow);

    const stop = strategy.updates.filter((u) => u.clientOrderId === strategy.stopId);
    const types = stop.map((u) => u.type);
    expect(types.slice(0, 2)).toEqual(['initialized', 'emulated']);
    expect(types.filter((t) => t === 'updated')).toHaveLength(ratchets);
    expect(types.slice(-4)).toEqual(['released', 'submitted', 'accepted', 'filled']);
    const released = stop.find((u) => u.type === 'released')!;
    expect(released.time).toBe(btc.timestamp[fired]);
    // The released market order meets the venue on the next candle, at its open.
    const fill = stop[stop.length - 1]!;
    expect(fill.lastPrice).toBe(btc.open[fired + 1]);
    expect(fill.time).toBe(btc.timestamp[fired + 1]);
    expect(out.trades).toEqual([]); // no signals: the trade manager opened nothing
  });
});
