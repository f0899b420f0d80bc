import type { Instrument } from '../../framework/execution/instrument.ts';
import type { FillEvent } from '../../framework/portfolio/position.ts';

/** Binance-like spot BTC/USDT: tick 0.01, lot 0.001. */
export const BTC_USDT: Instrument = {
  id: 'BTC/USDT',
  venue: 'SIM',
  base: 'BTC',
  quote: 'USDT',
  tickSize: 0.01,
  lotSize: 0.001,
  minQuantity: 0.001,
  makerFee: 0.001,
  takerFee: 0.001,
};

export const ETH_USDT: Instrument = { ...BTC_USDT, id: 'ETH/USDT', base: 'ETH', lotSize: 0.01, minQuantity: 0.01 };

/** A linear perpetual with a contract size of 0.01 BTC. */
export const BTC_PERP: Instrument = { ...BTC_USDT, id: 'BTC/USDT:USDT', lotSize: 1, minQuantity: 1, contractSize: 0.01 };

let seq = 0;

/** A 'filled' event as a venue would send it (fee in the quote currency unless given). */
export function fill(
  instrument: Instrument,
  side: 'buy' | 'sell',
  quantity: number,
  price: number,
  extra: Partial<Pick<FillEvent, 'fee' | 'feeCurrency' | 'clientOrderId' | 'ts'>> = {},
): FillEvent {
  seq++;
  return {
    type: 'filled',
    clientOrderId: extra.clientOrderId ?? `O-${seq}`,
    instrumentId: instrument.id,
    ts: extra.ts ?? seq * 1000,
    tradeId: `T-${seq}`,
    venueOrderId: `V-${seq}`,
    side,
    lastQuantity: quantity,
    lastPrice: price,
    fee: extra.fee ?? 0,
    feeCurrency: extra.feeCurrency ?? instrument.quote,
    liquidity: 'taker',
  };
}
