import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../framework/execution/instrument.ts';
import { Order } from '../../framework/execution/order.ts';
import type { OrderRequest } from '../../framework/execution/types.ts';
import { validateModification, validateOrder, type ValidationContext } from '../../framework/execution/validation.ts';
import { BTC, capabilities } from './helpers/scripted-venue.ts';

const NOW = Date.UTC(2024, 0, 1);
const ctx: ValidationContext = { now: NOW, referencePrice: 42_000, capabilities: capabilities() };

function req(over: Partial<OrderRequest> = {}): OrderRequest {
  return { clientOrderId: 'V-1', instrumentId: 'BTC/USDT', side: 'buy', type: 'limit', quantity: 0.01, price: 42_000.5, ...over };
}

/** [reason, a request that trips it, a request that passes, optional instrument/context]. */
type Case = [string, Partial<OrderRequest>, Partial<OrderRequest>, { instrument?: Instrument | undefined; ctx?: Partial<ValidationContext> }?];

const cases: Case[] = [
  ['UNKNOWN_INSTRUMENT', { instrumentId: 'NOPE/USDT' }, {}, { instrument: undefined }],
  ['MARKET_CLOSED', {}, {}, { instrument: { ...BTC, isOpen: false } }],
  ['INVALID_SIDE', { side: 'long' as never }, { side: 'sell' }],
  ['INVALID_ORDER_TYPE', { type: 'stop' as never }, { type: 'market', price: undefined }],
  ['INVALID_QUANTITY', { quantity: 0 }, { quantity: 0.002 }],
  ['INVALID_QUANTITY', { quantity: -0.01 }, { quantity: 0.01 }],
  ['INVALID_QUANTITY', { quantity: Number.NaN }, { quantity: 0.01 }],
  ['INVALID_QUANTITY', { quantity: Number.POSITIVE_INFINITY }, { quantity: 0.01 }],
  ['MISSING_PRICE', { price: undefined }, {}],
  ['MISSING_PRICE', { type: 'stop_limit', price: undefined, triggerPrice: 41_000 }, { type: 'stop_limit', triggerPrice: 41_000 }],
  ['MISSING_PRICE', { type: 'limit_if_touched', price: undefined, triggerPrice: 41_000 }, { type: 'limit_if_touched', triggerPrice: 41_000 }],
  ['MISSING_TRIGGER_PRICE', { type: 'stop_market', price: undefined }, { type: 'stop_market', price: undefined, triggerPrice: 43_000 }],
  ['MISSING_TRIGGER_PRICE', { type: 'stop_limit' }, { type: 'stop_limit', triggerPrice: 42_000 }],
  ['MISSING_TRIGGER_PRICE', { type: 'market_if_touched', price: undefined }, { type: 'market_if_touched', price: undefined, triggerPrice: 40_000 }],
  [
    'MISSING_TRAILING_OFFSET',
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 50 },
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 50, trailingOffsetType: 'price' },
  ],
  [
    'MISSING_TRAILING_OFFSET',
    { type: 'trailing_stop_limit', price: undefined, trailingOffset: 25, trailingOffsetType: 'bps' },
    { type: 'trailing_stop_limit', price: undefined, trailingOffset: 25, trailingOffsetType: 'bps', limitOffset: 5 },
  ],
  [
    'INVALID_TRAILING_OFFSET',
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 2.5, trailingOffsetType: 'ticks' },
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 3, trailingOffsetType: 'ticks' },
  ],
  [
    'INVALID_TRAILING_OFFSET',
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 10.005, trailingOffsetType: 'price' },
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 10.05, trailingOffsetType: 'price' },
  ],
  [
    'INVALID_TRAILING_OFFSET',
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 0, trailingOffsetType: 'bps' },
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 0.5, trailingOffsetType: 'bps' },
  ],
  ['INVALID_PRICE', { price: -1 }, { price: 1000 }],
  ['INVALID_PRICE', { type: 'stop_market', price: undefined, triggerPrice: Number.NaN }, { type: 'stop_market', price: undefined, triggerPrice: 43_000.01 }],
  ['PRICE_NOT_ON_TICK', { price: 42_000.505 }, { price: 42_000.51 }],
  ['PRICE_NOT_ON_TICK', { type: 'stop_limit', triggerPrice: 41_999.999 }, { type: 'stop_limit', triggerPrice: 41_999.99 }],
  [
    'PRICE_NOT_ON_TICK',
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 10, trailingOffsetType: 'price', activationPrice: 43_000.001 },
    { type: 'trailing_stop_market', price: undefined, trailingOffset: 10, trailingOffsetType: 'price', activationPrice: 43_000.1 },
  ],
  // 0.1 + 0.2 style values that are on the grid must pass: 0.3 on a 0.1 grid, 0.07 on 0.01.
  ['QUANTITY_NOT_ON_LOT', { quantity: 0.0105 }, { quantity: 0.3 }],
  ['BELOW_MIN_QUANTITY', { quantity: 0.001 }, { quantity: 0.002 }, { instrument: { ...BTC, minQuantity: 0.002, minNotional: undefined } }],
  ['ABOVE_MAX_QUANTITY', { quantity: 100.001 }, { quantity: 100 }, { instrument: { ...BTC, maxNotional: undefined } }],
  ['BELOW_MIN_NOTIONAL', { price: 4000, quantity: 0.001 }, { price: 5000, quantity: 0.001 }],
  // Market orders use the reference price (last price): 0.001 x 4000 = 4 < 5.
  ['BELOW_MIN_NOTIONAL', { type: 'market', price: undefined, quantity: 0.001 }, { type: 'market', price: undefined, quantity: 0.001 }, { ctx: {} }],
  ['ABOVE_MAX_NOTIONAL', { quantity: 30, price: 40_000 }, { quantity: 20, price: 40_000 }],
  ['INVALID_EXPIRE_TIME', { timeInForce: 'GTD' }, { timeInForce: 'GTD', expireTime: NOW + 60_000 }],
  ['INVALID_EXPIRE_TIME', { timeInForce: 'GTD', expireTime: NOW }, { timeInForce: 'GTD', expireTime: NOW + 1 }],
  ['INVALID_EXPIRE_TIME', { expireTime: NOW + 60_000 }, { timeInForce: 'GTD', expireTime: NOW + 60_000 }],
  ['INVALID_DISPLAY_QUANTITY', { displayQuantity: 0.02 }, { displayQuantity: 0.01 }],
  ['INVALID_DISPLAY_QUANTITY', { displayQuantity: 0.0015 }, { displayQuantity: 0.002 }],
  ['INVALID_DISPLAY_QUANTITY', { displayQuantity: 0 }, { displayQuantity: 0.001 }],
  ['INVALID_POST_ONLY', { type: 'market', price: undefined, postOnly: true }, { postOnly: true }],
  ['INVALID_POST_ONLY', { type: 'stop_market', price: undefined, triggerPrice: 43_000, postOnly: true }, { type: 'stop_limit', triggerPrice: 43_000, postOnly: true }],
  ['INVALID_TIME_IN_FORCE', { postOnly: true, timeInForce: 'IOC' }, { postOnly: true, timeInForce: 'GTC' }],
  ['INVALID_TIME_IN_FORCE', { postOnly: true, timeInForce: 'FOK' }, { postOnly: false, timeInForce: 'FOK' }],
  ['UNSUPPORTED_BY_VENUE', { timeInForce: 'DAY' }, { timeInForce: 'GTC' }, { ctx: { capabilities: { ...capabilities(), timeInForce: ['GTC', 'IOC'] } } }],
  ['UNSUPPORTED_BY_VENUE', { postOnly: true }, {}, { ctx: { capabilities: { ...capabilities(), postOnly: false } } }],
  ['UNSUPPORTED_BY_VENUE', { displayQuantity: 0.005 }, { displayQuantity: 0.01 }, { ctx: { capabilities: { ...capabilities(), iceberg: false } } }],
];

describe('validateOrder', () => {
  it.each(cases)('%s: trips on the bad request, passes the good one', (reason, bad, good, opts) => {
    const instrument = opts && 'instrument' in opts ? opts.instrument : BTC;
    let c: ValidationContext = { ...ctx, ...opts?.ctx };
    if (reason === 'BELOW_MIN_NOTIONAL' && bad.type === 'market') c = { ...c, referencePrice: 4000 };
    const denial = validateOrder(req(bad), instrument, c);
    expect(denial?.reason).toBe(reason);
    expect(denial?.message).toMatch(/^order V-1: /);
    const goodInstrument = reason === 'UNKNOWN_INSTRUMENT' || reason === 'MARKET_CLOSED' ? BTC : instrument;
    const goodCtx = reason === 'BELOW_MIN_NOTIONAL' && good.type === 'market' ? { ...c, referencePrice: 6000 } : c;
    // The QUANTITY_NOT_ON_LOT pass case is 0.3 on a 0.1 grid (0.1 * 3 !== 0.3 in binary).
    const passInstrument = reason === 'QUANTITY_NOT_ON_LOT' ? { ...BTC, lotSize: 0.1, minQuantity: 0.1 } : goodInstrument;
    expect(validateOrder(req(good), passInstrument, goodCtx)).toBeNull();
  });

  it('names the field, value and limit in its sentence', () => {
    expect(validateOrder(req({ price: 42_000.505 }), BTC, ctx)?.message).toBe(
      'order V-1: price 42000.505 is not a multiple of the tick size 0.01 of BTC/USDT',
    );
    expect(validateOrder(req({ quantity: 0.001, price: 4000 }), BTC, ctx)?.message).toBe(
      'order V-1: notional 4 (0.001 x 4000) is below the minimum 5 USDT of BTC/USDT',
    );
  });

  it('skips the notional check for a market order when no reference price is known', () => {
    expect(validateOrder(req({ type: 'market', price: undefined, quantity: 0.001 }), BTC, { now: NOW })).toBeNull();
  });

  it('accepts every order type when complete', () => {
    const complete: Partial<OrderRequest>[] = [
      { type: 'market', price: undefined },
      { type: 'limit' },
      { type: 'stop_market', price: undefined, triggerPrice: 43_000 },
      { type: 'stop_limit', triggerPrice: 43_000 },
      { type: 'market_if_touched', price: undefined, triggerPrice: 41_000 },
      { type: 'limit_if_touched', triggerPrice: 41_000 },
      { type: 'trailing_stop_market', price: undefined, trailingOffset: 20, trailingOffsetType: 'ticks' },
      { type: 'trailing_stop_limit', price: undefined, trailingOffset: 20, trailingOffsetType: 'price', limitOffset: 1 },
    ];
    for (const c of complete) expect(validateOrder(req(c), BTC, ctx), c.type).toBeNull();
  });
});

describe('validateModification', () => {
  const live = () => {
    const o = new Order(req({ quantity: 1 }), NOW, { lotSize: BTC.lotSize });
    o.apply({ type: 'submitted', clientOrderId: 'V-1', instrumentId: 'BTC/USDT', ts: NOW });
    o.apply({
      type: 'filled',
      clientOrderId: 'V-1',
      instrumentId: 'BTC/USDT',
      ts: NOW,
      tradeId: 't',
      venueOrderId: 'v',
      side: 'buy',
      lastQuantity: 0.4,
      lastPrice: 42_000.5,
      fee: 0,
      feeCurrency: 'USDT',
      liquidity: 'maker',
    });
    return o;
  };

  it('refuses empty changes, fields the type lacks, a quantity not above the filled one, and off-grid values', () => {
    const o = live();
    const reason = (ch: Parameters<typeof validateModification>[1]) => {
      const r = validateModification(o, ch, BTC, ctx);
      return 'denial' in r ? r.denial.reason : 'ok';
    };
    expect(reason({})).toBe('INVALID_MODIFY');
    expect(reason({ triggerPrice: 41_000 })).toBe('INVALID_MODIFY');
    expect(reason({ quantity: 0.4 })).toBe('INVALID_MODIFY');
    expect(reason({ quantity: 0.3 })).toBe('INVALID_MODIFY');
    expect(reason({ price: 41_000.001 })).toBe('PRICE_NOT_ON_TICK');
    expect(reason({ quantity: 0.4005 })).toBe('QUANTITY_NOT_ON_LOT');
    expect(reason({ quantity: 0.5, price: 41_000 })).toBe('ok');
    const r = validateModification(o, { price: 41_000 }, BTC, ctx);
    expect('merged' in r && r.merged).toMatchObject({ quantity: 1, price: 41_000, clientOrderId: 'V-1' });
  });
});
