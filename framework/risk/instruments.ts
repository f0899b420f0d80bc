import type { ExecutionEngineView } from '../execution/gate.ts';
import type { Instrument } from '../execution/instrument.ts';

/**
 * What the risk manager keeps per instrument, in parallel arrays by a small index (no object
 * per price update): grids, last price and its engine time, and the rate that values the
 * instrument's quote currency in the valuation currency (1 when they are the same).
 */
export class InstrumentTable {
  private readonly index = new Map<string, number>();
  readonly ids: string[] = [];
  readonly instruments: (Instrument | undefined)[] = [];
  readonly lotSize: number[] = [];
  /** Contract multiplier (1 for spot). */
  readonly multiplier: number[] = [];
  readonly price: number[] = [];
  readonly priceTs: number[] = [];
  readonly quoteRate: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  /** Index of the instrument, added on first sight; an Instrument given later fills in its grids. */
  ensure(id: string, instrument?: Instrument): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.index.set(id, i);
      this.ids.push(id);
      this.instruments.push(undefined);
      this.lotSize.push(0);
      this.multiplier.push(1);
      this.price.push(Number.NaN);
      this.priceTs.push(Number.NaN);
      this.quoteRate.push(1);
    }
    if (instrument && this.instruments[i] === undefined) {
      this.instruments[i] = instrument;
      this.lotSize[i] = instrument.lotSize;
      this.multiplier[i] = instrument.contractSize ?? 1;
    }
    return i;
  }

  setPrice(i: number, price: number, ts: number): void {
    this.price[i] = price;
    this.priceTs[i] = ts;
  }

  /** Last price fed by onPrice, else the engine's last price, else NaN. */
  priceAt(i: number, engine: ExecutionEngineView | undefined): number {
    const p = this.price[i]!;
    if (!Number.isNaN(p)) return p;
    return engine?.lastPrice(this.ids[i]!) ?? Number.NaN;
  }
}
