import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';

/**
 * Configuration of the simulated venue (backtest and paper): which fill model, slippage,
 * latency, participation cap, fee override and account type. The main config holds it as
 * `sim_venue` (without `fees`: those come from the top-level `fees` section); every default reproduces Freqtrade's backtest: fills
 * on the candle, no slippage, no latency, no volume cap, the instrument's own fees.
 */

const fee = z.number().min(-0.01).max(0.1).nullable().default(null);

export const slippageConfigSchema = z
  .object({
    model: z
      .enum(['none', 'fixed_bps', 'volume_participation'])
      .default('none')
      .describe('none | fixed_bps (market-type fills worse by bps) | volume_participation (impact grows with qty / bar volume)'),
    bps: z
      .number()
      .min(0)
      .max(10_000)
      .optional()
      .describe('fixed_bps: the slippage in basis points; volume_participation: the impact when qty equals the whole bar volume'),
    exponent: z
      .number()
      .gt(0)
      .max(2)
      .default(0.5)
      .describe('volume_participation: impact = bps * (qty / bar_volume)^exponent (0.5 = square-root law)'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.model !== 'none' && s.bps === undefined) {
      ctx.addIssue({ code: 'custom', path: ['bps'], message: `slippage model "${s.model}" needs bps (basis points, e.g. 5)` });
    }
  });

export const latencyConfigSchema = z
  .object({
    order_ms: z.number().min(0).default(0).describe('client -> venue delay of a new order or a modify (the order is live this much later)'),
    ack_ms: z.number().min(0).default(0).describe('venue -> client delay of every report (accepted, filled, canceled, ...)'),
    cancel_ms: z.number().min(0).default(0).describe('client -> venue delay of a cancel; the order can still fill meanwhile'),
  })
  .strict();

export const participationConfigSchema = z
  .object({
    max_ratio: z
      .number()
      .gt(0)
      .max(1)
      .nullable()
      .default(null)
      .describe('cap of the quantity filled per instrument and bar, as a share of the bar volume; null = no cap'),
  })
  .strict();

export const simFeesConfigSchema = z
  .object({
    maker: fee.describe("maker fee ratio for every instrument (0.001 = 0.1%); null = the instrument's own"),
    taker: fee.describe("taker fee ratio for every instrument; null = the instrument's own"),
  })
  .strict();

export const accountConfigSchema = z
  .object({
    type: z
      .enum(['cash', 'margin'])
      .default('cash')
      .describe('cash: spot balances (buys spend quote, sells need base); margin: signed positions, quote collateral'),
    leverage: z.number().min(1).max(200).default(1).describe('margin account: initial margin = notional / leverage'),
  })
  .strict();

export const bookConfigSchema = z
  .object({
    data: z.enum(['l2', 'l3']).default('l2').describe('book fill model: the market data replayed, l2 (price levels + trades) or l3 (order by order)'),
    market_protection_bps: z
      .number()
      .gt(0)
      .max(10_000)
      .default(500)
      .describe('book fill model: a market order sweeps at most this far (bps) from the best opposite price; the rest is canceled'),
  })
  .strict();

export const simVenueConfigSchema = z
  .object({
    fill_model: z
      .enum(['freqtrade', 'ohlc_path', 'book'])
      .default('freqtrade')
      .describe('freqtrade (version 1, Freqtrade backtest rules) | ohlc_path (open -> nearer extreme -> other extreme -> close) | book (matching engine on L2/L3 data)'),
    slippage: slippageConfigSchema.prefault({}),
    latency: latencyConfigSchema.prefault({}),
    participation: participationConfigSchema.prefault({}),
    fees: simFeesConfigSchema.prefault({}),
    account: accountConfigSchema.prefault({}),
    book: bookConfigSchema.prefault({}),
  })
  .strict();

export type SimVenueConfig = z.output<typeof simVenueConfigSchema>;
export type SimVenueConfigInput = z.input<typeof simVenueConfigSchema>;
export type FillModelName = SimVenueConfig['fill_model'];

/** Parse and validate; a bad value throws ConfigError naming the key (`where` prefixes it, e.g. "config.yaml sim_venue"). */
export function parseSimVenueConfig(input: unknown, where = 'sim venue config'): SimVenueConfig {
  const r = simVenueConfigSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new ConfigError(`${where}: ${lines.join('; ')}`);
}
