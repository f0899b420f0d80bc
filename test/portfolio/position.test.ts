import { describe, expect, it } from 'vitest';
import { ExchangeError } from '../../framework/core/errors.ts';
import type { Instrument } from '../../framework/execution/instrument.ts';
import { Position } from '../../framework/portfolio/position.ts';
import { BTC_PERP, BTC_USDT, ETH_USDT, fill } from './fixtures.ts';

describe('Position (netting)', () => {
  it('opens long, adds at a quantity-weighted average, partially closes, then flips through zero', () => {
    const p = new Position('BTC/USDT', BTC_USDT);
    expect(p.side).toBe('flat');

    let r = p.apply(fill(BTC_USDT, 'buy', 0.5, 20000, { fee: 10, ts: 1 }));
    expect(r.change).toBe('opened');
    expect(p.quantity).toBe(0.5);
    expect(p.averagePrice).toBe(20000);
    expect(p.fees).toBe(10);
    expect(p.unrealizedPnl(21000)).toBeCloseTo(500, 9);
    expect(p.openedTs).toBe(1);

    r = p.apply(fill(BTC_USDT, 'buy', 0.3, 22000, { ts: 2 }));
    expect(r.change).toBe('increased');
    // (0.5 * 20000 + 0.3 * 22000) / 0.8
    expect(p.averagePrice).toBeCloseTo(20750, 9);
    expect(p.quantity).toBe(0.8);

    r = p.apply(fill(BTC_USDT, 'sell', 0.2, 23000, { fee: 4.6, ts: 3 }));
    expect(r.change).toBe('reduced');
    // (23000 - 20750) * 0.2
    expect(r.realizedPnl).toBeCloseTo(450, 9);
    expect(p.realizedPnl).toBeCloseTo(450, 9);
    expect(p.quantity).toBe(0.6);
    expect(p.averagePrice).toBeCloseTo(20750, 9); // a reduction keeps the entry price
    expect(p.fees).toBeCloseTo(14.6, 12);

    r = p.apply(fill(BTC_USDT, 'sell', 1, 21000, { ts: 4 }));
    expect(r.change).toBe('flipped');
    expect(r.previousQuantity).toBe(0.6);
    // closes 0.6 at 21000: (21000 - 20750) * 0.6 = 150; the other 0.4 opens short at 21000
    expect(r.realizedPnl).toBeCloseTo(150, 9);
    expect(p.realizedPnl).toBeCloseTo(600, 9);
    expect(p.quantity).toBe(-0.4);
    expect(p.side).toBe('short');
    expect(p.averagePrice).toBe(21000);
    expect(p.openedTs).toBe(4);
    expect(p.unrealizedPnl(20000)).toBeCloseTo(400, 9);
    expect(p.totalPnl(20000)).toBeCloseTo(600 + 400 - 14.6, 9);
  });

  it('runs a short round trip and goes flat with the average reset', () => {
    const p = new Position('ETH/USDT', ETH_USDT);
    p.apply(fill(ETH_USDT, 'sell', 2, 100));
    expect(p.quantity).toBe(-2);
    expect(p.unrealizedPnl(90)).toBeCloseTo(20, 12);
    p.apply(fill(ETH_USDT, 'buy', 0.5, 90)); // (100 - 90) * 0.5 = 5
    expect(p.realizedPnl).toBeCloseTo(5, 12);
    expect(p.averagePrice).toBe(100);
    const r = p.apply(fill(ETH_USDT, 'buy', 1.5, 110)); // (100 - 110) * 1.5 = -15
    expect(r.change).toBe('closed');
    expect(p.realizedPnl).toBeCloseTo(-10, 12);
    expect(p.quantity).toBe(0);
    expect(p.side).toBe('flat');
    expect(p.averagePrice).toBe(0);
    expect(p.unrealizedPnl(123)).toBe(0);
    expect(Number.isNaN(p.openedTs)).toBe(true);
    expect(p.fillCount).toBe(3);
  });

  it('keeps quantity on the lot grid: 0.1 + 0.1 + 0.1 - 0.3 is exactly flat', () => {
    const p = new Position('BTC/USDT', BTC_USDT);
    for (let i = 0; i < 3; i++) p.apply(fill(BTC_USDT, 'buy', 0.1, 20000));
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3); // the float noise this guards against
    expect(p.quantity).toBe(0.3);
    expect(p.quantityLots).toBe(300);
    for (let i = 0; i < 7; i++) p.apply(fill(BTC_USDT, 'sell', 0.007, 20000));
    expect(p.quantity).toBe(0.251);
    p.apply(fill(BTC_USDT, 'sell', 0.251, 20000));
    expect(p.quantity).toBe(0);
    expect(p.isOpen).toBe(false);
  });

  it('applies the contract size to PnL', () => {
    const p = new Position('BTC/USDT:USDT', BTC_PERP); // 1 contract = 0.01 BTC
    p.apply(fill(BTC_PERP, 'buy', 10, 30000));
    expect(p.unrealizedPnl(30500)).toBeCloseTo(50, 9);
    expect(p.notional(30500)).toBeCloseTo(3050, 9);
    expect(p.costBasis()).toBeCloseTo(3000, 9);
    p.apply(fill(BTC_PERP, 'sell', 10, 31000));
    expect(p.realizedPnl).toBeCloseTo(100, 9); // 1000 * 10 * 0.01
  });
});

describe('Position fees', () => {
  it('a base-currency fee on a whole number of lots shrinks the position, valued at the fill price', () => {
    const p = new Position('BTC/USDT', BTC_USDT);
    const r = p.apply(fill(BTC_USDT, 'buy', 1, 20000, { fee: 0.001, feeCurrency: 'BTC' }));
    expect(p.quantity).toBe(0.999);
    expect(p.averagePrice).toBe(20000);
    expect(p.fees).toBeCloseTo(20, 12); // 0.001 BTC * 20000
    expect(r.fee).toBeCloseTo(20, 12);
    expect(p.realizedPnl).toBe(0);
    expect(p.dust).toBe(0);
    expect(p.commissions.get('BTC')).toBe(0.001);
  });

  it('a sub-lot base fee truncates to the lot grid and keeps the rest as dust', () => {
    const p = new Position('BTC/USDT', BTC_USDT);
    p.apply(fill(BTC_USDT, 'buy', 0.5, 20000, { fee: 0.0005, feeCurrency: 'BTC' }));
    // 0.5 - 0.0005 = 0.4995 BTC in the wallet; 0.499 tradable, 0.0005 dust
    expect(p.quantity).toBe(0.499);
    expect(p.dust).toBeCloseTo(0.0005, 15);
    expect(p.fees).toBeCloseTo(10, 12);
    // identity: PnL = cash flows + mark value + dust valued where it left the position
    const mark = 21000;
    expect(p.totalPnl(mark)).toBeCloseTo(-10000 + 0.499 * mark + 0.0005 * 20000, 9);
  });

  it('a base fee on a reducing sell realizes the fee quantity at the fill price', () => {
    const inst: Instrument = { ...BTC_USDT, id: 'XYZ/USDT', base: 'XYZ' };
    const p = new Position('XYZ/USDT', inst);
    p.apply(fill(inst, 'buy', 1, 100));
    p.apply(fill(inst, 'sell', 0.5, 110, { fee: 0.001, feeCurrency: 'XYZ' }));
    expect(p.quantity).toBe(0.499);
    expect(p.realizedPnl).toBeCloseTo(5.01, 12); // 0.5 * 10 + 0.001 * 10
    expect(p.fees).toBeCloseTo(0.11, 12);
    // cash: -100 + 55; holding 0.499 at the mark
    expect(p.totalPnl(120)).toBeCloseTo(-100 + 55 + 0.499 * 120, 9);
  });

  it('quote fees, rebates and third-currency fees', () => {
    const p = new Position('BTC/USDT', BTC_USDT);
    p.apply(fill(BTC_USDT, 'buy', 0.1, 20000, { fee: 2 }));
    p.apply(fill(BTC_USDT, 'buy', 0.1, 20000, { fee: -0.5 })); // maker rebate
    p.apply(fill(BTC_USDT, 'sell', 0.1, 20000, { fee: 0.0123, feeCurrency: 'BNB' }));
    expect(p.fees).toBeCloseTo(1.5, 12);
    expect(p.commissions.get('USDT')).toBeCloseTo(1.5, 12);
    expect(p.commissions.get('BNB')).toBe(0.0123);
    expect(p.quantity).toBe(0.1);
  });

  it('refuses a fill off the lot grid, a non-positive price or a non-finite fee, changing nothing', () => {
    const p = new Position('BTC/USDT', BTC_USDT);
    p.apply(fill(BTC_USDT, 'buy', 0.1, 20000));
    expect(() => p.apply(fill(BTC_USDT, 'buy', 0.0015, 20000))).toThrow(ExchangeError);
    expect(() => p.apply(fill(BTC_USDT, 'buy', 0.0015, 20000))).toThrow(/not on the lot grid 0.001 of BTC\/USDT/);
    expect(() => p.apply(fill(BTC_USDT, 'buy', 0.1, 0))).toThrow(/price must be a positive number/);
    expect(() => p.apply(fill(BTC_USDT, 'buy', 0, 20000))).toThrow(/quantity must be a positive number/);
    expect(() => p.apply(fill(BTC_USDT, 'buy', 0.1, 20000, { fee: Number.NaN }))).toThrow(/fee must be a finite number/);
    expect(p.quantity).toBe(0.1);
    expect(p.fillCount).toBe(1);
  });
});
