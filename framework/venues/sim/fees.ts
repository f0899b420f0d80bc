import type { Instrument, LiquiditySide } from '../../execution/types.ts';
import type { SimVenueConfig } from '../../config/sim-venue-schema.ts';

/**
 * Maker/taker fees of the simulated venue, in quote currency: fee = qty * price * contractSize
 * * rate. Rates come from each instrument (makerFee / takerFee) unless the venue config
 * overrides them for every instrument (fees.maker / fees.taker, e.g. Freqtrade's --fee).
 */
export class FeeSchedule {
  private readonly makerOverride: number | null;
  private readonly takerOverride: number | null;

  constructor(cfg: SimVenueConfig['fees']) {
    this.makerOverride = cfg.maker;
    this.takerOverride = cfg.taker;
  }

  makerRate(inst: Instrument): number {
    return this.makerOverride ?? inst.makerFee;
  }

  takerRate(inst: Instrument): number {
    return this.takerOverride ?? inst.takerFee;
  }

  rate(inst: Instrument, liquidity: LiquiditySide): number {
    return liquidity === 'maker' ? this.makerRate(inst) : this.takerRate(inst);
  }

  /** The larger of the two rates: what a balance check must reserve before the liquidity side is known. */
  worstRate(inst: Instrument): number {
    return Math.max(this.makerRate(inst), this.takerRate(inst), 0);
  }

  fee(inst: Instrument, qty: number, price: number, liquidity: LiquiditySide): number {
    return qty * price * (inst.contractSize ?? 1) * this.rate(inst, liquidity);
  }

  describe(): { name: string; maker: number | 'per instrument'; taker: number | 'per instrument'; currency: string } {
    return {
      name: 'maker_taker',
      maker: this.makerOverride ?? 'per instrument',
      taker: this.takerOverride ?? 'per instrument',
      currency: 'quote',
    };
  }
}
