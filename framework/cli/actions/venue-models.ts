/**
 * The simulated venue's models of a backtest, named for the report: slippage, latency,
 * participation cap, fees and account, as SimVenue.describeModels() names them.
 */
import { SimClock } from '../../core/clock.ts';
import type { BacktestOptions } from '../../engine/backtest/runner.ts';
import { venueModelsSchema, type VenueModels } from '../../reports/result-schema.ts';
import { SimVenue } from '../../venues/sim/sim-venue.ts';

/**
 * BacktestOutcome names only the fill model, so this builds a venue with the config the runner
 * gives its own (options.venue, fill model, the backtest fee as maker and taker fee, a cash
 * account or a margin account with maxLeverage for futures) and asks it. If the runner ever
 * composes its venue config differently, this must follow (or the runner return the whole
 * describeModels()).
 */
export function describeVenueModels(options: BacktestOptions): VenueModels {
  const futures = (options.tradingMode ?? 'spot') === 'futures';
  const venue = new SimVenue({
    id: options.exchange,
    instruments: [],
    clock: new SimClock(0),
    balances: {},
    config: {
      ...options.venue,
      fill_model: options.fillModel ?? 'freqtrade',
      fees: { maker: options.fee, taker: options.fee },
      account: { type: futures ? 'margin' : 'cash', leverage: options.maxLeverage ?? 1 },
    },
  });
  return venueModelsSchema.parse(venue.describeModels());
}
