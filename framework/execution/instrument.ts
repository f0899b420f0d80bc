/**
 * What the engine knows about a tradable market: its grids and limits. Built from ccxt's market
 * structure for live venues, from config or defaults for the simulated venue.
 */
export interface Instrument {
  /** Symbol as ccxt writes it: BTC/USDT, BTC/USDT:USDT. */
  readonly id: string;
  readonly venue: string;
  readonly base: string;
  readonly quote: string;
  /** Price grid (tick size), e.g. 0.01. */
  readonly tickSize: number;
  /** Quantity grid (lot size / step), e.g. 0.00001. */
  readonly lotSize: number;
  readonly minQuantity: number;
  readonly maxQuantity?: number;
  /** Minimum price * quantity in quote currency. */
  readonly minNotional?: number;
  readonly maxNotional?: number;
  readonly makerFee: number;
  readonly takerFee: number;
  /** Contract multiplier (1 for spot). */
  readonly contractSize?: number;
  /** False while the market is closed or halted: orders are rejected. */
  readonly isOpen?: boolean;
}
