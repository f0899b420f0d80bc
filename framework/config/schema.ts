import { z } from 'zod';
import { isTimeframe } from '../core/timeframe.ts';
import { simVenueConfigSchema } from './sim-venue-schema.ts';
import { riskConfigSchema } from './risk-schema.ts';

/**
 * The one source of truth for Keel's configuration: its TypeScript type, defaults, validation
 * and reference documentation (docs/configuration.md and docs/config.schema.json are generated
 * from this file by `run.ts config-docs`). Keys are snake_case, as in Freqtrade's config.
 *
 * Sections use `.prefault({})` so that an absent section is parsed (and gets its inner
 * defaults) rather than replaced by a literal default.
 */

const timeframe = z
  .string()
  .refine(isTimeframe, { message: 'expected a timeframe such as 1m, 5m, 1h, 4h, 1d' });

const pair = z
  .string()
  .regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+(:[A-Za-z0-9]+)?$/, 'expected a pair as BASE/QUOTE, e.g. BTC/USDT');

/** Fields that hold credentials. Accepted only from environment variables (see secrets.ts). */
const secret = z.string().optional();

export const exchangeSchema = z
  .object({
    name: z.string().min(1).default('binance').describe('ccxt exchange id, e.g. binance, kraken, okx'),
    trading_mode: z.enum(['spot', 'futures']).default('spot').describe('spot or futures (futures data lives under <exchange>/futures/)'),
    pair_whitelist: z.array(pair).default([]).describe('pairs to trade, e.g. [BTC/USDT, ETH/USDT]'),
    pair_blacklist: z
      .array(z.string())
      .default([])
      .describe('pairs never traded; regular expressions allowed, e.g. ".*/BNB"'),
    ccxt_config: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('extra options passed to the ccxt exchange constructor (no credentials here)'),
    key: secret.describe('API key: environment only, KEEL__EXCHANGE__KEY'),
    secret: secret.describe('API secret: environment only, KEEL__EXCHANGE__SECRET'),
    password: secret.describe('API passphrase (some exchanges): environment only, KEEL__EXCHANGE__PASSWORD'),
    uid: secret.describe('account uid (some exchanges): environment only, KEEL__EXCHANGE__UID'),
  })
  .strict();

export const stakeSchema = z
  .object({
    currency: z.string().min(1).default('USDT').describe('quote currency stakes are paid in'),
    amount: z
      .union([z.number().positive(), z.literal('unlimited')])
      .default('unlimited')
      .describe('stake per trade in stake currency, or "unlimited" to split the balance over max_open_trades'),
    tradable_balance_ratio: z
      .number()
      .gt(0)
      .max(1)
      .default(0.99)
      .describe('share of the balance the bot may use (0 < r <= 1)'),
    starting_balance: z.number().positive().default(1000).describe('starting balance for backtest and paper mode'),
  })
  .strict();

export const feesSchema = z
  .object({
    maker: z.number().min(0).max(0.1).nullable().default(null).describe('maker fee ratio (0.001 = 0.1%); null = the exchange default'),
    taker: z.number().min(0).max(0.1).nullable().default(null).describe('taker fee ratio; null = the exchange default'),
  })
  .strict();

export const dataSchema = z
  .object({
    directory: z.string().min(1).default('user_data/data').describe('root of the candle store (relative to the working directory)'),
    format: z.enum(['parquet']).default('parquet').describe('storage format of the candle store'),
    fill_gaps: z.boolean().default(true).describe("fill missing candles on load (Freqtrade's rule: flat at the previous close, volume 0)"),
    check_on_load: z.boolean().default(true).describe('run the data quality checks every time candles are loaded'),
    column_cache: z
      .boolean()
      .default(true)
      .describe(
        'keep decoded candle columns in <directory>/.cache so later runs skip the Parquet decoder (about as much disk again as the data; stale copies are detected and rewritten)',
      ),
  })
  .strict();

export const strategySchema = z
  .object({
    name: z.string().min(1).optional().describe('strategy class name, e.g. SmaCross'),
    path: z.string().min(1).default('user_data/strategies').describe('directory searched for strategy files'),
    parameters: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('parameter overrides by name; they win over the strategy defaults and its JSON parameter file'),
  })
  .strict();

/** Risk limits, breakers, kill switch and protections: defined in risk-schema.ts (docs/risk.md). */
export const riskSchema = riskConfigSchema.describe('risk limits, circuit breakers, kill switch and protections (see docs/risk.md)');

export const backtestSchema = z
  .object({
    timerange: z.string().optional().describe('default timerange, e.g. 20230101-20231231'),
    export: z.enum(['none', 'trades', 'signals']).default('trades').describe('what the backtest writes to results_directory'),
    results_directory: z.string().min(1).default('user_data/backtest_results').describe('where backtest results are written'),
  })
  .strict();

export const hyperoptSchema = z
  .object({
    results_directory: z.string().min(1).default('user_data/hyperopt_results').describe('where hyperopt epochs are appended'),
    signal_cache_mb: z
      .number()
      .min(0)
      .default(256)
      .describe(
        "per worker: memory for entry/exit signal columns reused across epochs when the hook's searched values repeat (0 = off: every hook runs every epoch)",
      ),
  })
  .strict();

export const paperSchema = z
  .object({
    starting_balance: z.number().positive().optional().describe('paper wallet; defaults to stake.starting_balance'),
  })
  .strict();

export const liveSchema = z
  .object({
    confirm_live: z.boolean().default(false).describe('must be true before live mode places real orders'),
  })
  .strict();

export const loggingSchema = z
  .object({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info').describe('console log level'),
    directory: z.string().min(1).default('user_data/logs').describe('per-run JSON log files are written here'),
  })
  .strict();

export const configSchema = z
  .object({
    exchange: exchangeSchema.prefault({}),
    timeframe: timeframe.default('5m').describe('candle timeframe of the strategy'),
    stake: stakeSchema.prefault({}),
    max_open_trades: z
      .number()
      .int()
      .min(-1)
      .default(3)
      .describe('maximum trades open at once; -1 = unlimited'),
    fees: feesSchema.prefault({}),
    data: dataSchema.prefault({}),
    strategy: strategySchema.prefault({}),
    risk: riskSchema.prefault({}),
    backtest: backtestSchema.prefault({}),
    hyperopt: hyperoptSchema.prefault({}),
    paper: paperSchema.prefault({}),
    live: liveSchema.prefault({}),
    // Fees are set once, in the top-level `fees` section, for every mode.
    sim_venue: simVenueConfigSchema.omit({ fees: true }).prefault({}).describe('simulated venue of backtest and paper mode: fill model, slippage, latency, volume cap'),
    logging: loggingSchema.prefault({}),
  })
  .strict();

export type KeelConfig = z.output<typeof configSchema>;
export type KeelConfigInput = z.input<typeof configSchema>;
