import { describe, expect, it } from 'vitest';
import { floorToStep } from '../../framework/core/precision.ts';
import { Portfolio } from '../../framework/portfolio/portfolio.ts';
import { readBinance5m } from '../helpers/shared-data.ts';
import { BTC_USDT, ETH_USDT, fill } from './fixtures.ts';

/**
 * A year of real Binance 5m candles (BTC/USDT and ETH/USDT 2023) through the portfolio: a
 * mechanical schedule of trades at candle closes (BTC toggles flat <-> long, ETH flips long <->
 * short), marked and recorded every candle. The equity curve and its drawdown are checked
 * against plain arithmetic on the same candles.
 */
describe('Portfolio over real 2023 candles', () => {
  it('records an equity curve that matches cash + holdings at every close, and a matching max drawdown', () => {
    const btc = readBinance5m('BTC');
    const eth = readBinance5m('ETH');
    const n = btc.close.length;
    expect(n).toBe(104_816);
    expect(eth.timestamp[n - 1]).toBe(btc.timestamp[n - 1]);

    const pf = new Portfolio({ instruments: [BTC_USDT, ETH_USDT], startingBalances: { USDT: 10_000 }, curveCapacity: 16 });
    const feeRate = 0.001;
    let usdt = 10_000;
    let btcHeld = 0;
    let ethHeld = 0;
    let fees = 0;
    const trade = (inst: typeof BTC_USDT, side: 'buy' | 'sell', qty: number, price: number, ts: number) => {
      const fee = price * qty * feeRate;
      pf.onOrderEvent(fill(inst, side, qty, price, { fee, ts }));
      const s = side === 'buy' ? 1 : -1;
      usdt += -s * price * qty - fee;
      if (inst === BTC_USDT) btcHeld += s * qty;
      else ethHeld += s * qty;
      fees += fee;
    };

    const expectedEquity = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ts = btc.timestamp[i]!;
      const pb = btc.close[i]!;
      const pe = eth.close[i]!;
      if (i % 5000 === 0) {
        const k = i / 5000;
        if (k % 2 === 0) trade(BTC_USDT, 'buy', 0.1, pb, ts);
        else trade(BTC_USDT, 'sell', 0.1, pb, ts);
        const ethQty = floorToStep(1000 / pe, ETH_USDT.lotSize);
        if (k === 0) trade(ETH_USDT, 'buy', ethQty, pe, ts);
        else if (k % 2 === 1) trade(ETH_USDT, 'sell', pf.netQuantity('ETH/USDT') + ethQty, pe, ts); // long -> short
        else trade(ETH_USDT, 'buy', -pf.netQuantity('ETH/USDT') + ethQty, pe, ts); // short -> long
      }
      pf.mark('BTC/USDT', pb, ts);
      pf.mark('ETH/USDT', pe, ts);
      pf.record(ts);
      expectedEquity[i] = usdt + btcHeld * pb + ethHeld * pe;
    }

    const c = pf.curve.columns();
    expect(c.equity.length).toBe(n);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(c.equity[i]! - expectedEquity[i]!));
    expect(worst).toBeLessThan(1e-6);
    expect(pf.fees()).toBeCloseTo(fees, 6);
    expect(pf.total('USDT')).toBeCloseTo(usdt, 6);
    expect(pf.total('BTC')).toBeCloseTo(btcHeld, 9);
    expect(pf.netQuantity('ETH/USDT')).toBeCloseTo(ethHeld, 9);
    // the books agree with the cash: no base fees, so no dust
    const last = n - 1;
    expect(c.realized[last]! + c.unrealized[last]! - c.fees[last]!).toBeCloseTo(c.equity[last]! - 10_000, 6);

    let peak = -Infinity;
    let peakTs = 0;
    let maxDd = 0;
    let ddPeakTs = 0;
    let ddTroughTs = 0;
    for (let i = 0; i < n; i++) {
      if (expectedEquity[i]! > peak) {
        peak = expectedEquity[i]!;
        peakTs = btc.timestamp[i]!;
      }
      if (peak - expectedEquity[i]! > maxDd) {
        maxDd = peak - expectedEquity[i]!;
        ddPeakTs = peakTs;
        ddTroughTs = btc.timestamp[i]!;
      }
    }
    const dd = pf.maxDrawdown();
    expect(maxDd).toBeGreaterThan(100); // a real year has real drawdowns
    expect(dd.amount).toBeCloseTo(maxDd, 6);
    expect(dd.peakTs).toBe(ddPeakTs);
    expect(dd.troughTs).toBe(ddTroughTs);
    expect(dd.ratio).toBeCloseTo(maxDd / dd.peakEquity, 12);
  });
});
