import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.ts';
import { parsePair, type Pair } from '../../core/pair.ts';
import { decimalsOf } from '../../core/precision.ts';
import type { Candles } from '../../data/candles.ts';
import type { Instrument } from '../../execution/instrument.ts';

/**
 * The instruments of a backtest: the exchange's grids and limits from a markets file when one
 * is given (e.g. configs/markets/binance.json), otherwise defaults: lot size 1e-8, tick size
 * from the decimals the candles are quoted in (as Freqtrade derives the price precision from
 * the data in backtests), no minimums. Fees are the backtest fee on both sides.
 *
 * Markets file (JSON):
 *   { "exchange": "binance",
 *     "markets": { "BTC/USDT": { "tick_size": 0.01, "lot_size": 0.00001, "min_quantity": 0.00001,
 *                                "min_notional": 5, "max_quantity": 9000, "max_notional": null } } }
 */

const num = z.number().positive();
const marketSchema = z
  .object({
    tick_size: num,
    lot_size: num,
    min_quantity: z.number().nonnegative().optional(),
    max_quantity: num.nullable().optional(),
    min_notional: z.number().nonnegative().nullable().optional(),
    max_notional: num.nullable().optional(),
    contract_size: num.optional(),
  })
  .strict();

export const marketsFileSchema = z
  .object({
    exchange: z.string().min(1).optional(),
    markets: z.record(z.string(), marketSchema),
  })
  .strict();

export type MarketSpec = z.infer<typeof marketSchema>;

export function readMarketsFile(file: string): Record<string, MarketSpec> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`markets file ${file}: cannot be read as JSON: ${(err as Error).message}`);
  }
  const r = marketsFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new ConfigError(`markets file ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data.markets;
}

/** The markets file to use: an explicit one (must exist), else configs/markets/<exchange>.json when present. */
export function findMarketsFile(explicit: string | undefined, defaultPath: string): string | undefined {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new ConfigError(`markets file ${explicit} does not exist`);
    return explicit;
  }
  return existsSync(defaultPath) ? defaultPath : undefined;
}

/** Smallest power-of-ten step every price of the candles sits on (at most 1e-10). */
export function tickFromCandles(c: Candles): number {
  let d = 0;
  // 10^d kept in a variable (not recomputed per price): this scans every price of every pair.
  let scale = 1;
  const cols = [c.open, c.high, c.low, c.close];
  for (const col of cols) {
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (!(v > 0)) continue;
      while (d < 10) {
        const q = v * scale;
        if (Math.abs(q - Math.round(q)) <= 1e-9 * Math.max(1, q)) break;
        d++;
        scale = 10 ** d;
      }
    }
  }
  return Number(`1e-${d}`);
}

export const DEFAULT_LOT_SIZE = 1e-8;

export interface InstrumentSource {
  /** 'markets file <path>' or 'defaults (tick from data)'. */
  source: string;
}

/** One instrument per pair, from the markets file entry or the defaults. */
export function buildInstrument(
  pair: Pair,
  venue: string,
  fee: number,
  market: MarketSpec | undefined,
  candles: Candles,
): Instrument & InstrumentSource {
  const { base, quote } = parsePair(pair);
  if (market !== undefined) {
    // The grid must hold the data: candles quoted finer than the tick could not be traded.
    const dataTick = tickFromCandles(candles);
    if (decimalsOf(dataTick) > decimalsOf(market.tick_size)) {
      throw new ConfigError(
        `markets file: ${pair} tick_size ${market.tick_size} is coarser than the candles' prices (quoted to ${dataTick}); fix the markets file or remove the pair from it`,
      );
    }
    return {
      id: pair,
      venue,
      base,
      quote,
      tickSize: market.tick_size,
      lotSize: market.lot_size,
      minQuantity: market.min_quantity ?? market.lot_size,
      ...(market.max_quantity != null ? { maxQuantity: market.max_quantity } : {}),
      ...(market.min_notional != null ? { minNotional: market.min_notional } : {}),
      ...(market.max_notional != null ? { maxNotional: market.max_notional } : {}),
      ...(market.contract_size !== undefined ? { contractSize: market.contract_size } : {}),
      makerFee: fee,
      takerFee: fee,
      source: 'markets file',
    };
  }
  return {
    id: pair,
    venue,
    base,
    quote,
    tickSize: tickFromCandles(candles),
    lotSize: DEFAULT_LOT_SIZE,
    minQuantity: DEFAULT_LOT_SIZE,
    makerFee: fee,
    takerFee: fee,
    source: 'defaults (lot 1e-8, tick from the data)',
  };
}
