import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSteps } from '../../framework/core/precision.ts';
import { Portfolio } from '../../framework/portfolio/portfolio.ts';
import { Position } from '../../framework/portfolio/position.ts';
import { BTC_USDT, fill } from './fixtures.ts';

/**
 * Random fill sequences against the accounting identity: whatever the order of buys, sells,
 * flips and fees, the position's PnL (realized + unrealized - fees) equals the cash it moved
 * plus the mark value of what it still holds.
 */

const LOT = BTC_USDT.lotSize;

const fillArb = fc.record({
  buy: fc.boolean(),
  lots: fc.integer({ min: 1, max: 2000 }),
  priceTicks: fc.integer({ min: 100_000, max: 10_000_000 }), // 1000.00 .. 100000.00
  feeKind: fc.constantFrom('none', 'quote', 'base'),
  feeRate: fc.integer({ min: 0, max: 20 }).map((bps) => bps / 10_000),
});
type ArbFill = { buy: boolean; lots: number; priceTicks: number; feeKind: 'none' | 'quote' | 'base'; feeRate: number };

function run(fills: ArbFill[], markTicks: number) {
  const pos = new Position('BTC/USDT', BTC_USDT);
  const pf = new Portfolio({ instruments: [BTC_USDT], startingBalances: { USDT: 1_000_000 } });
  let signedLots = 0;
  let cash = 0; // quote currency moved by the fills, quote fees included
  let dustAtRemoval = 0; // dust valued at the fill price that cut it off
  let scale = 0;
  for (const f of fills) {
    const qty = fromSteps(f.lots, LOT);
    const price = f.priceTicks / 100;
    const notional = price * qty;
    const fee = f.feeKind === 'quote' ? notional * f.feeRate : f.feeKind === 'base' ? qty * f.feeRate : 0;
    const event = fill(BTC_USDT, f.buy ? 'buy' : 'sell', qty, price, { fee, feeCurrency: f.feeKind === 'base' ? 'BTC' : 'USDT' });
    const dustBefore = pos.dust;
    pos.apply(event);
    pf.applyFill(event);
    dustAtRemoval += (pos.dust - dustBefore) * price;
    signedLots += f.buy ? f.lots : -f.lots;
    cash += (f.buy ? -notional : notional) - (f.feeKind === 'quote' ? fee : 0);
    scale += notional;
  }
  const mark = markTicks / 100;
  pf.mark('BTC/USDT', mark, 1);
  return { pos, pf, signedLots, cash, dustAtRemoval, mark, tol: 1e-9 * (scale + Math.abs(pos.quantity * mark)) + 1e-9 };
}

describe('Position properties', () => {
  it('without base fees: quantity is the sum of signed fills in lots, and PnL = cash + mark value', () => {
    fc.assert(
      fc.property(
        fc.array(fillArb.filter((f) => f.feeKind !== 'base'), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 100_000, max: 10_000_000 }),
        (fills, markTicks) => {
          const { pos, pf, signedLots, cash, mark, tol } = run(fills, markTicks);
          expect(pos.quantityLots).toBe(signedLots);
          expect(pos.quantity).toBe(fromSteps(signedLots, LOT));
          expect(pos.dust).toBe(0);
          expect(Math.abs(pos.totalPnl(mark) - (cash + pos.quantity * mark))).toBeLessThanOrEqual(tol);
          // the portfolio's cash books tell the same story
          const pnl = pf.realizedPnl() + pf.unrealizedPnl() - pf.fees();
          expect(Math.abs(pf.equity() - 1_000_000 - pnl)).toBeLessThanOrEqual(tol);
          expect(pf.total('BTC')).toBeCloseTo(pos.quantity, 9);
        },
      ),
      { numRuns: 300, seed: 20240401 },
    );
  });

  it('with base fees: the identity holds once dust is counted where it left the position', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 100_000, max: 10_000_000 }), (fills, markTicks) => {
        const { pos, pf, cash, dustAtRemoval, mark, tol } = run(fills, markTicks);
        expect(Math.abs(pos.totalPnl(mark) - (cash + pos.quantity * mark + dustAtRemoval))).toBeLessThanOrEqual(tol);
        // the wallet holds position + dust, to the last float bit of noise
        expect(Math.abs(pf.total('BTC') - (pos.quantity + pos.dust))).toBeLessThanOrEqual(1e-9);
        // the quantity stays on the lot grid and dust is always less than a lot per base fee
        expect(Number.isInteger(pos.quantityLots)).toBe(true);
        expect(pos.quantity).toBe(fromSteps(pos.quantityLots, LOT));
        const baseFees = fills.filter((f) => f.feeKind === 'base' && f.feeRate > 0).length;
        expect(Math.abs(pos.dust)).toBeLessThan(LOT * Math.max(1, baseFees));
      }),
      { numRuns: 300, seed: 20240402 },
    );
  });
});
