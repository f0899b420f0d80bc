import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, UsageError } from '../../framework/core/errors.ts';
import type { Instrument } from '../../framework/execution/instrument.ts';
import type { OrderEvent, OrderRequest } from '../../framework/execution/types.ts';
import { EquityCurve } from '../../framework/portfolio/equity-curve.ts';
import { positionIdTag, positionSideTag } from '../../framework/portfolio/position-id.ts';
import { Portfolio } from '../../framework/portfolio/portfolio.ts';
import { BTC_PERP, BTC_USDT, ETH_USDT, fill } from './fixtures.ts';

const CENT = 2; // toBeCloseTo(x, 2): equal to the cent

function initialized(request: Partial<OrderRequest> & Pick<OrderRequest, 'clientOrderId' | 'instrumentId' | 'side' | 'quantity'>): OrderEvent {
  return {
    type: 'initialized',
    clientOrderId: request.clientOrderId,
    instrumentId: request.instrumentId,
    ts: 0,
    request: { type: 'market', ...request },
  };
}

describe('Portfolio, spot cash accounting', () => {
  it('moves balances exactly to the cent through buys and sells with fees in quote and base', () => {
    const pf = new Portfolio({ instruments: [BTC_USDT, ETH_USDT], startingBalances: { USDT: 10000 } });
    expect(pf.valuationCurrency).toBe('USDT');

    pf.applyFill(fill(BTC_USDT, 'buy', 0.1, 20000.5, { fee: 2 }));
    expect(pf.total('USDT')).toBeCloseTo(7997.95, CENT); // 10000 - 2000.05 - 2
    expect(pf.total('BTC')).toBe(0.1);

    pf.applyFill(fill(BTC_USDT, 'buy', 0.05, 21000, { fee: 1.05 }));
    expect(pf.total('USDT')).toBeCloseTo(6946.9, CENT); // - 1050 - 1.05
    expect(pf.total('BTC')).toBeCloseTo(0.15, 12);

    pf.applyFill(fill(BTC_USDT, 'sell', 0.12, 22000.25, { fee: 2.64 }));
    expect(pf.total('USDT')).toBeCloseTo(9584.29, CENT); // + 2640.03 - 2.64
    expect(pf.total('BTC')).toBeCloseTo(0.03, 12);

    // ETH bought with the fee taken in ETH (Binance without BNB): 1.5 - 0.0015 arrives
    pf.applyFill(fill(ETH_USDT, 'buy', 1.5, 1500, { fee: 0.0015, feeCurrency: 'ETH' }));
    expect(pf.total('USDT')).toBeCloseTo(7334.29, CENT);
    expect(pf.total('ETH')).toBeCloseTo(1.4985, 12);

    const btc = pf.position('BTC/USDT')!;
    expect(btc.averagePrice).toBeCloseTo(3050.05 / 0.15, 8);
    expect(btc.realizedPnl).toBeCloseTo(199.99, CENT); // 2640.03 - 0.12 * avg
    expect(btc.quantity).toBe(0.03);
    const eth = pf.position('ETH/USDT')!;
    expect(eth.quantity).toBe(1.49); // lot 0.01: 0.0085 ETH is dust
    expect(eth.dust).toBeCloseTo(0.0085, 12);

    pf.mark('BTC/USDT', 21000, 10);
    pf.mark('ETH/USDT', 1600, 10);
    expect(pf.equity()).toBeCloseTo(7334.29 + 0.03 * 21000 + 1.4985 * 1600, CENT); // 10361.89
    expect(pf.fees()).toBeCloseTo(7.94, CENT); // 2 + 1.05 + 2.64 + 0.0015 * 1500
    expect(pf.realizedPnl()).toBeCloseTo(199.99, CENT);
    expect(pf.unrealizedPnl()).toBeCloseTo(0.03 * (21000 - 3050.05 / 0.15) + 1.49 * 100, 8);
    // The books agree with the cash up to the dust, which the wallet holds and the positions do not.
    const pnl = pf.realizedPnl() + pf.unrealizedPnl() - pf.fees();
    expect(pf.equity() - 10000 - pnl).toBeCloseTo(0.0085 * (1600 - 1500), 8);

    expect(pf.balances()).toEqual([
      { currency: 'USDT', total: pf.total('USDT'), free: pf.total('USDT'), locked: 0 },
      { currency: 'BTC', total: pf.total('BTC'), free: pf.total('BTC'), locked: 0 },
      { currency: 'ETH', total: pf.total('ETH'), free: pf.total('ETH'), locked: 0 },
    ]);
    expect(pf.netPositions()).toEqual([
      { instrumentId: 'BTC/USDT', quantity: 0.03, averagePrice: btc.averagePrice },
      { instrumentId: 'ETH/USDT', quantity: 1.49, averagePrice: 1500 },
    ]);
  });

  it('debits a fee charged in a third currency from that currency', () => {
    const pf = new Portfolio({ instruments: [BTC_USDT], startingBalances: { USDT: 1000, BNB: 1 } });
    pf.applyFill(fill(BTC_USDT, 'buy', 0.01, 20000, { fee: 0.015, feeCurrency: 'BNB' }));
    expect(pf.total('BNB')).toBeCloseTo(0.985, 12);
    expect(pf.total('USDT')).toBe(800);
    expect(pf.total('BTC')).toBe(0.01);
  });

  it('reserves and releases balance for open orders; fills free the reservation pro rata', () => {
    const pf = new Portfolio({ instruments: [BTC_USDT], startingBalances: { USDT: 1000 } });
    expect(pf.reserve('L1', 'USDT', 500, 0.025)).toBe(true); // buy 0.025 @ 20000
    expect(pf.locked('USDT')).toBe(500);
    expect(pf.free('USDT')).toBe(500);
    expect(pf.reserve('L2', 'USDT', 600)).toBe(false); // more than free: nothing changes
    expect(pf.reservation('L2')).toBeUndefined();
    expect(pf.free('USDT')).toBe(500);

    pf.applyFill(fill(BTC_USDT, 'buy', 0.01, 20000, { clientOrderId: 'L1' }));
    expect(pf.total('USDT')).toBe(800);
    expect(pf.locked('USDT')).toBeCloseTo(300, 9); // 0.015 of 0.025 still open
    expect(pf.free('USDT')).toBeCloseTo(500, 9);
    pf.applyFill(fill(BTC_USDT, 'buy', 0.015, 20000, { clientOrderId: 'L1' }));
    expect(pf.locked('USDT')).toBe(0);
    expect(pf.reservation('L1')).toBeUndefined();
    expect(pf.release('L1')).toBe(0);
    expect(pf.free('USDT')).toBe(500);

    // without a quantity only release() frees it; reserving again under the same id replaces it
    expect(pf.reserve('L3', 'USDT', 100)).toBe(true);
    expect(pf.reserve('L3', 'USDT', 400)).toBe(true);
    expect(pf.locked('USDT')).toBe(400);
    expect(pf.reserve('L3', 'USDT', 501)).toBe(false);
    expect(pf.locked('USDT')).toBe(400);
    expect(pf.release('L3')).toBe(400);
    expect(pf.locked('USDT')).toBe(0);

    // a sell reserves the base currency; the canceled event releases it
    expect(pf.reserve('S1', 'BTC', 0.02, 0.02)).toBe(true);
    expect(pf.free('BTC')).toBeCloseTo(0.005, 12);
    pf.onOrderEvent({ type: 'canceled', clientOrderId: 'S1', instrumentId: 'BTC/USDT', ts: 5 });
    expect(pf.locked('BTC')).toBe(0);
    expect(pf.free('BTC')).toBe(0.025);
    expect(() => pf.reserve('X', 'USDT', -1)).toThrow(UsageError);
  });

  it('records an equity curve with hand-computed drawdowns', () => {
    const pf = new Portfolio({ instruments: [ETH_USDT], startingBalances: { USDT: 1000 } });
    pf.applyFill(fill(ETH_USDT, 'buy', 2, 100)); // 800 USDT + 2 ETH
    const marks = [100, 110, 95, 80, 120, 105];
    marks.forEach((m, i) => {
      pf.mark('ETH/USDT', m, (i + 1) * 60_000);
      pf.record((i + 1) * 60_000);
    });
    const c = pf.curve.columns();
    expect(Array.from(c.equity)).toEqual([1000, 1020, 990, 960, 1040, 1010]);
    expect(Array.from(c.unrealized)).toEqual([0, 20, -10, -40, 40, 10]);
    expect(Array.from(c.realized)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(c.ts)).toEqual([60_000, 120_000, 180_000, 240_000, 300_000, 360_000]);
    const dd = Array.from(c.drawdown);
    [0, 0, 30 / 1020, 60 / 1020, 0, 30 / 1040].forEach((x, i) => expect(dd[i]).toBeCloseTo(x, 12));
    expect(pf.maxDrawdown()).toEqual({
      amount: 60,
      ratio: 60 / 1020,
      peakTs: 120_000,
      troughTs: 240_000,
      peakEquity: 1020,
      troughEquity: 960,
      maxRatio: 60 / 1020,
    });
  });

  it('reports the largest drawdown by amount and the largest by ratio separately, and grows its buffers', () => {
    const curve = new EquityCurve(2);
    [100, 50, 1000, 900].forEach((e, i) => curve.append(i, e, 0, 0, 0));
    const dd = curve.maxDrawdown();
    expect(dd.amount).toBe(100);
    expect(dd.ratio).toBeCloseTo(0.1, 12);
    expect(dd.peakTs).toBe(2);
    expect(dd.maxRatio).toBeCloseTo(0.5, 12);
    expect(curve.length).toBe(4);
    expect(Array.from(curve.columns().equity)).toEqual([100, 50, 1000, 900]);
    expect(new EquityCurve().maxDrawdown().amount).toBe(0);
  });

  it('values balances through a direct pair either way round, and says clearly what is missing', () => {
    const pf = new Portfolio({
      instruments: [BTC_USDT],
      startingBalances: { USDT: 2000, BTC: 0.5 },
      valuationCurrency: 'BTC',
    });
    expect(() => pf.equity()).toThrow(DataError);
    expect(() => pf.equity()).toThrow(/no mark price for BTC\/USDT/);
    pf.mark('BTC/USDT', 20000, 1);
    expect(pf.equity()).toBeCloseTo(0.6, 12); // 0.5 + 2000 / 20000
    expect(pf.equity('USDT')).toBeCloseTo(12000, 9);
    expect(() => pf.equity('EUR')).toThrow(ConfigError);
    expect(() => pf.equity('EUR')).toThrow(/no instrument USDT\/EUR or EUR\/USDT/);
    expect(() => pf.mark('DOGE/USDT', 1, 1)).toThrow(/unknown instrument DOGE\/USDT/);
    expect(() => pf.mark('BTC/USDT', Number.NaN, 1)).toThrow(DataError);
    expect(() => pf.applyFill(fill(ETH_USDT, 'buy', 1, 100))).toThrow(UsageError);
  });

  it('an open position without a mark cannot be valued', () => {
    const pf = new Portfolio({ instruments: [BTC_USDT], startingBalances: { USDT: 1000 } });
    pf.applyFill(fill(BTC_USDT, 'buy', 0.01, 20000));
    expect(() => pf.unrealizedPnl()).toThrow(/open position BTC\/USDT cannot be valued/);
    expect(pf.realizedPnl()).toBe(0);
  });

  it('needs a valuation currency when instruments quote in several currencies', () => {
    const ethBtc: Instrument = { ...ETH_USDT, id: 'ETH/BTC', quote: 'BTC' };
    expect(() => new Portfolio({ instruments: [BTC_USDT, ethBtc], startingBalances: { USDT: 1, BTC: 1 } })).toThrow(
      /valuationCurrency is required/,
    );
    expect(new Portfolio({ instruments: [BTC_USDT, ethBtc], startingBalances: { BTC: 1 } }).valuationCurrency).toBe('BTC');
  });
});

describe('Portfolio, margin accounting and hedging', () => {
  it('keeps long and short positions of one instrument apart, routed by tags and reduce-only', () => {
    const pf = new Portfolio({
      instruments: [BTC_PERP],
      startingBalances: { USDT: 10000 },
      mode: 'hedging',
      accounting: 'margin',
      leverage: 5,
    });
    const id = BTC_PERP.id;
    pf.onOrderEvent(initialized({ clientOrderId: 'L', instrumentId: id, side: 'buy', quantity: 10, tags: [positionSideTag('long')] }));
    pf.onOrderEvent(initialized({ clientOrderId: 'S', instrumentId: id, side: 'sell', quantity: 4 }));
    pf.onOrderEvent(initialized({ clientOrderId: 'X', instrumentId: id, side: 'sell', quantity: 5, reduceOnly: true }));

    pf.onOrderEvent(fill(BTC_PERP, 'buy', 10, 30000, { clientOrderId: 'L', fee: 1.5 }));
    pf.onOrderEvent(fill(BTC_PERP, 'sell', 4, 30500, { clientOrderId: 'S' }));
    const closed = pf.onOrderEvent(fill(BTC_PERP, 'sell', 5, 31000, { clientOrderId: 'X' }))!;
    expect(closed.position.id).toBe('BTC/USDT:USDT#long');
    expect(closed.change).toBe('reduced');
    expect(closed.realizedPnl).toBeCloseTo(50, 9); // 1000 * 5 * 0.01

    const long = pf.position('BTC/USDT:USDT#long')!;
    const short = pf.position('BTC/USDT:USDT#short')!;
    expect(long.quantity).toBe(5);
    expect(long.averagePrice).toBe(30000);
    expect(short.quantity).toBe(-4);
    expect(short.averagePrice).toBe(30500);
    expect(pf.netQuantity(id)).toBe(1);
    expect(pf.netPositions()).toEqual([{ instrumentId: id, quantity: 1, averagePrice: 5 * 30000 - 4 * 30500 }]);

    // only realized PnL and fees touch the settle currency
    expect(pf.total('USDT')).toBeCloseTo(10000 - 1.5 + 50, 9);
    expect(pf.total('BTC')).toBe(0);
    pf.mark(id, 31000, 1);
    // unrealized: long 5 * 0.01 * 1000 = 50, short -4 * 0.01 * 500 = -20
    expect(pf.unrealizedPnl()).toBeCloseTo(30, 9);
    expect(pf.equity()).toBeCloseTo(10048.5 + 30, 9);
    // initial margin: (5 * 0.01 * 30000 + 4 * 0.01 * 30500) / 5 = (1500 + 1220) / 5
    expect(pf.marginUsed('USDT')).toBeCloseTo(544, 9);
    expect(pf.free('USDT')).toBeCloseTo(10048.5 - 544, 9);
    expect(pf.stakeInPositions('USDT')).toBeCloseTo(544, 9);
  });

  it('routes to explicit position ids, and refuses a fill it cannot route', () => {
    const pf = new Portfolio({ instruments: [BTC_PERP], startingBalances: { USDT: 10000 }, mode: 'hedging', accounting: 'margin' });
    const id = BTC_PERP.id;
    pf.registerOrder({ clientOrderId: 'G1', instrumentId: id, side: 'buy', type: 'limit', quantity: 2, price: 29000, tags: [positionIdTag('grid-1')] });
    pf.registerOrder({ clientOrderId: 'G2', instrumentId: id, side: 'buy', type: 'limit', quantity: 3, price: 28000, tags: [positionIdTag('grid-2')] });
    pf.applyFill(fill(BTC_PERP, 'buy', 2, 29000, { clientOrderId: 'G1' }));
    pf.applyFill(fill(BTC_PERP, 'buy', 3, 28000, { clientOrderId: 'G2' }));
    expect(pf.position('grid-1')!.quantity).toBe(2);
    expect(pf.position('grid-2')!.averagePrice).toBe(28000);
    expect(pf.positionsOf(id).map((p) => p.id)).toEqual(['grid-1', 'grid-2']);
    // explicit id as an argument
    pf.applyFill(fill(BTC_PERP, 'sell', 2, 29500), 'grid-1');
    expect(pf.position('grid-1')!.isOpen).toBe(false);
    expect(pf.openPositions().map((p) => p.id)).toEqual(['grid-2']);
    expect(() => pf.applyFill(fill(BTC_PERP, 'buy', 1, 29000, { clientOrderId: 'nobody' }))).toThrow(/cannot be routed/);
  });

  it('refuses inverse contracts under margin accounting', () => {
    const inverse: Instrument = { ...BTC_PERP, id: 'BTC/USD:BTC', quote: 'USD' };
    expect(() => new Portfolio({ instruments: [inverse], startingBalances: { BTC: 1 }, accounting: 'margin' })).toThrow(
      /inverse contracts are not supported/,
    );
  });
});
