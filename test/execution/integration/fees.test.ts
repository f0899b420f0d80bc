/**
 * Maker / taker fees from the venue's fills through the engine into the portfolio, exact to the
 * cent. Expected amounts are computed in integers: price in cents x quantity in lots (0.001) is
 * the notional in units of 1e-5 USDT, and a fee rate of r thousandths turns it into 1e-8 USDT.
 */
import { describe, expect, it } from 'vitest';
import { type Fill, type Stack, e8, req, stack } from './stack.ts';

/** Notional and fee of a fill in integer 1e-8 USDT, from integer cents and lots. */
function money(priceCents: number, lots: number, feeThousandths: number): { notional: number; fee: number } {
  return { notional: priceCents * lots * 1_000, fee: priceCents * lots * feeThousandths };
}

function cents(x: number): number {
  return Math.round(x * 100);
}

async function agree(s: Stack, currency: string): Promise<void> {
  const v = (await s.venueBalance(currency)).total;
  expect(cents(s.portfolio.total(currency))).toBe(cents(v));
  expect(Math.abs(e8(s.portfolio.total(currency)) - e8(v))).toBeLessThanOrEqual(1);
}

describe('fees: maker and taker through to the portfolio', () => {
  it('instrument fees (maker 0.1%, taker 0.2%) on a cash account: balances, position fees and order fees to the cent', async () => {
    const s = stack({ balances: { USDT: 10_000 } });
    // taker: market buy 0.123 at the open 42000.57
    s.engine.submit(req({ clientOrderId: 'mkt', side: 'buy', type: 'market', quantity: 0.123 }));
    // maker: buy limit 0.011 at 41800.13, below the open
    s.engine.submit(req({ clientOrderId: 'lim', side: 'buy', type: 'limit', quantity: 0.011, price: 41_800.13 }));
    s.bar(0, 42_000.57, 42_100, 41_700, 41_900);
    // maker: sell limit 0.05 at 42500.99; taker: stop sell 0.084 at 41234.56
    s.engine.submit(req({ clientOrderId: 'tp', side: 'sell', type: 'limit', quantity: 0.05, price: 42_500.99 }));
    s.bar(1, 41_900, 42_600, 41_850, 42_550);
    s.engine.submit(req({ clientOrderId: 'sl', side: 'sell', type: 'stop_market', quantity: 0.084, triggerPrice: 41_234.56 }));
    s.bar(2, 42_550, 42_560, 41_000, 41_100);

    const expected: Array<[string, number, number, 'buy' | 'sell', number, 'maker' | 'taker']> = [
      ['mkt', 4_200_057, 123, 'buy', 2, 'taker'],
      ['lim', 4_180_013, 11, 'buy', 1, 'maker'],
      ['tp', 4_250_099, 50, 'sell', 1, 'maker'],
      ['sl', 4_123_456, 84, 'sell', 2, 'taker'],
    ];
    let usdt = 10_000 * 1e8;
    let fees = 0;
    for (const [id, c, lots, side, rate, liq] of expected) {
      const f = s.fills(id);
      expect(f.map((x: Fill) => [Math.round(x.lastPrice * 100), Math.round(x.lastQuantity * 1000), x.liquidity]), id).toEqual([[c, lots, liq]]);
      const m = money(c, lots, rate);
      expect(e8(f[0]!.fee), id).toBe(m.fee);
      expect(e8(s.order(id).feeTotal('USDT')), id).toBe(m.fee);
      usdt += (side === 'buy' ? -m.notional : m.notional) - m.fee;
      fees += m.fee;
    }
    expect(cents(s.portfolio.total('USDT'))).toBe(Math.round(usdt / 1e6));
    expect(Math.abs(e8(s.portfolio.total('USDT')) - usdt)).toBeLessThanOrEqual(1);
    expect(s.portfolio.total('BTC')).toBe(0);
    expect(Math.abs(e8(s.portfolio.fees()) - fees)).toBeLessThanOrEqual(1);
    await agree(s, 'USDT');
    await agree(s, 'BTC');
  });

  it('venue fee overrides (sim_venue fees) replace the instrument rates; a negative maker fee is a rebate', async () => {
    const s = stack({ config: { fees: { maker: -0.0002, taker: 0.00075 } } });
    s.engine.submit(req({ clientOrderId: 'mkt', side: 'buy', type: 'market', quantity: 1 }));
    s.engine.submit(req({ clientOrderId: 'lim', side: 'buy', type: 'limit', quantity: 1, price: 99 }));
    s.bar(0, 100, 100.5, 98.5, 100);
    expect(s.fills('mkt')[0]).toMatchObject({ liquidity: 'taker' });
    expect(e8(s.fills('mkt')[0]!.fee)).toBe(e8(0.075));
    expect(e8(s.fills('lim')[0]!.fee)).toBe(e8(-0.0198));
    expect(cents(s.portfolio.total('USDT') * 100)).toBe(cents((10_000 - 100 - 0.075 - 99 + 0.0198) * 100)); // to 1/100 of a cent
    expect(e8(s.portfolio.fees())).toBe(e8(0.075 - 0.0198));
    await agree(s, 'USDT');
    expect(s.venue.describeModels().fees).toMatchObject({ name: 'maker_taker', maker: -0.0002, taker: 0.00075, currency: 'quote' });
  });

  it('margin account: opening moves no cash; realized PnL and fees hit the quote balance', async () => {
    const s = stack({ accounting: 'margin' });
    s.engine.submit(req({ clientOrderId: 'short', side: 'sell', type: 'market', quantity: 2 }));
    s.bar(0, 100, 100, 100, 100);
    expect(e8(s.portfolio.total('USDT'))).toBe(e8(10_000 - 0.4)); // only the taker fee
    s.engine.submit(req({ clientOrderId: 'cover', side: 'buy', type: 'limit', quantity: 2, price: 95 }));
    s.bar(1, 96, 97, 94, 95);
    // realized (100 - 95) * 2 = 10; fees 0.4 + 0.19 (maker)
    expect(e8(s.portfolio.total('USDT'))).toBe(e8(10_000 + 10 - 0.4 - 0.19));
    expect(e8(s.portfolio.realizedPnl())).toBe(e8(10));
    await agree(s, 'USDT');
  });
});
