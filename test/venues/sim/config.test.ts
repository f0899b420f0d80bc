import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../framework/core/clock.ts';
import { ConfigError } from '../../../framework/core/errors.ts';
import { parseSimVenueConfig } from '../../../framework/config/sim-venue-schema.ts';
import { SimVenue } from '../../../framework/venues/sim/sim-venue.ts';
import { BTC } from './helpers.ts';

describe('sim venue config', () => {
  it('defaults reproduce a Freqtrade backtest: freqtrade fills, no slippage, latency or cap, instrument fees, cash account', () => {
    expect(parseSimVenueConfig({})).toEqual({
      fill_model: 'freqtrade',
      slippage: { model: 'none', exponent: 0.5 },
      latency: { order_ms: 0, ack_ms: 0, cancel_ms: 0 },
      participation: { max_ratio: null },
      fees: { maker: null, taker: null },
      account: { type: 'cash', leverage: 1 },
      book: { data: 'l2', market_protection_bps: 500 },
    });
  });

  it('a bad value is a ConfigError naming the key and what was expected', () => {
    expect(() => parseSimVenueConfig({ fill_model: 'magic' }, 'cfg.yaml sim_venue')).toThrow(ConfigError);
    expect(() => parseSimVenueConfig({ fill_model: 'magic' }, 'cfg.yaml sim_venue')).toThrow(/cfg\.yaml sim_venue: fill_model/);
    expect(() => parseSimVenueConfig({ participation: { max_ratio: 2 } })).toThrow(/participation\.max_ratio/);
    expect(() => parseSimVenueConfig({ latency: { order_ms: -1 } })).toThrow(/latency\.order_ms/);
    expect(() => parseSimVenueConfig({ slipage: {} })).toThrow(/slipage/);
  });

  it('book settings are validated', () => {
    expect(() => parseSimVenueConfig({ fill_model: 'book', book: { data: 'l4' } })).toThrow(/book\.data/);
  });

  it('instruments without a grid are refused', () => {
    expect(() => new SimVenue({ instruments: [{ ...BTC, tickSize: 0 }], clock: new SimClock(0), balances: {} })).toThrow(/tickSize/);
  });
});
