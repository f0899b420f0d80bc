import { ceilToStep, floorToStep } from '../../core/precision.ts';
import type { SimVenueConfig } from '../../config/sim-venue-schema.ts';

/**
 * Slippage of market-type fills (market, stop_market, market_if_touched, trailing_stop_market
 * once triggered). Limit-type fills never slip: the limit price is a guarantee, and the fill
 * models already fill them at the limit or better.
 *
 * The slipped price is moved against the trader and put back on the tick grid against the
 * trader (buys round up, sells round down), so a slipped fill is never better than the model
 * price:
 *   none:                 price
 *   fixed_bps:            buy  price * (1 + bps / 1e4),  sell price * (1 - bps / 1e4)
 *   volume_participation: impact = bps / 1e4 * min(1, qty / barVolume) ^ exponent
 *                         buy  price * (1 + impact),     sell price * (1 - impact)
 *                         (a bar with no volume counts as ratio 1: the full `bps`).
 * With exponent 0.5 this is the square-root impact law: a quarter of the bar volume costs half
 * of `bps`.
 */
export interface SlippageModel {
  readonly name: SimVenueConfig['slippage']['model'];
  /** The fill price after slippage; `dir` is +1 for buys, -1 for sells. */
  apply(dir: 1 | -1, price: number, qty: number, barVolume: number, tickSize: number): number;
  describe(): Record<string, unknown>;
}

export function createSlippageModel(cfg: SimVenueConfig['slippage']): SlippageModel {
  const bps = cfg.bps ?? 0;
  switch (cfg.model) {
    case 'none':
      return { name: 'none', apply: (_d, price) => price, describe: () => ({ name: 'none' }) };
    case 'fixed_bps':
      return {
        name: 'fixed_bps',
        apply: (dir, price, _q, _v, tick) => onGridAgainst(dir, price * (1 + (dir * bps) / 1e4), tick),
        describe: () => ({ name: 'fixed_bps', bps, applies_to: 'market-type fills' }),
      };
    case 'volume_participation': {
      const exponent = cfg.exponent;
      return {
        name: 'volume_participation',
        apply: (dir, price, qty, volume, tick) => {
          const ratio = volume > 0 ? Math.min(1, qty / volume) : 1;
          const impact = (bps / 1e4) * Math.pow(ratio, exponent);
          return onGridAgainst(dir, price * (1 + dir * impact), tick);
        },
        describe: () => ({
          name: 'volume_participation',
          bps,
          exponent,
          formula: 'price * (1 +/- bps/1e4 * min(1, qty/bar_volume)^exponent)',
          applies_to: 'market-type fills',
        }),
      };
    }
  }
}

function onGridAgainst(dir: 1 | -1, price: number, tick: number): number {
  return dir > 0 ? ceilToStep(price, tick) : floorToStep(price, tick);
}
