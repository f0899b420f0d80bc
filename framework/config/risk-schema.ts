import { z } from 'zod';

/**
 * The `risk` section of the config: account-wide limits, circuit breakers, the kill switch,
 * protections, and per-strategy sections (`risk.strategies.<StrategyName>`) with the same
 * limit and breaker keys. Every limit defaults to null = off, so an empty section changes
 * nothing. docs/risk.md explains each key with examples; framework/risk applies them.
 *
 * The strategy sections have no defaults on purpose: a key left out there is "not set for
 * this strategy", which is different from "set to off" (null).
 */

const action = z
  .enum(['halted', 'reducing'])
  .describe('trading state the breaker sets when it trips: halted (nothing new) or reducing (only orders that reduce exposure)');
const reset = z
  .enum(['next_day', 'manual'])
  .describe('when a tripped breaker clears: next_day (first engine cycle of the next UTC day) or manual (riskManager.resetBreaker(name))');

/** One description per limit, shared by the global and the per-strategy sections. */
const D = {
  max_order_notional: 'largest notional (quantity x price, in the valuation currency) of one order; market orders use the last price',
  max_position_notional: 'largest |position| notional per pair (worst case: position + open orders on the same side + the new order)',
  max_position_quantity: 'largest |position| per pair in base quantity, e.g. {"BTC/USDT": 0.5}; the key "*" applies to pairs not listed',
  max_total_exposure: 'largest sum over pairs of |position| notional (worst case with open orders), in the valuation currency',
  max_exposure_ratio: 'largest total exposure as a share of equity, e.g. 1.5 = 150%',
  max_open_trades: 'most pairs with an open position or a pending entry at once; an order that would open one more is denied',
  max_price_deviation_bps: 'fat-finger guard: a limit price further than this from the last price, in basis points, is denied',
  max_orders_per_second: 'most orders submitted in any 1 s of engine time (sliding window); more are denied',
  max_orders_per_minute: 'most orders submitted in any 60 s of engine time (sliding window); more are denied',
} as const;

const positive = () => z.number().positive();
const positiveInt = () => z.number().int().positive();
const quantities = () => z.record(z.string(), z.number().positive());
/** Global value: null (off) unless given. */
const G = <T extends z.ZodType>(s: T, d: string) => s.nullable().default(null).describe(`${d}; null = off`);
/** Strategy value: absent = not set for the strategy, null = off for the strategy. */
const S = <T extends z.ZodType>(s: T, d: string) => s.nullable().optional().describe(`${d}; null = off for this strategy`);

const globalLimits = {
  max_order_notional: G(positive(), D.max_order_notional),
  max_position_notional: G(positive(), D.max_position_notional),
  max_position_quantity: quantities().default({}).describe(D.max_position_quantity),
  max_total_exposure: G(positive(), D.max_total_exposure),
  max_exposure_ratio: G(positive(), D.max_exposure_ratio),
  max_open_trades: G(z.number().int().min(0), D.max_open_trades),
  max_price_deviation_bps: G(positive(), D.max_price_deviation_bps),
  max_orders_per_second: G(positiveInt(), D.max_orders_per_second),
  max_orders_per_minute: G(positiveInt(), D.max_orders_per_minute),
};

const strategyLimits = {
  max_order_notional: S(positive(), D.max_order_notional),
  max_position_notional: S(positive(), D.max_position_notional),
  max_position_quantity: quantities().optional().describe(D.max_position_quantity),
  max_total_exposure: S(positive(), D.max_total_exposure),
  max_exposure_ratio: S(positive(), D.max_exposure_ratio),
  max_open_trades: S(z.number().int().min(0), D.max_open_trades),
  max_price_deviation_bps: S(positive(), D.max_price_deviation_bps),
  max_orders_per_second: S(positiveInt(), D.max_orders_per_second),
  max_orders_per_minute: S(positiveInt(), D.max_orders_per_minute),
};

const BD = {
  daily_loss_ratio: "trip when equity falls this share below the UTC day's starting equity (realized + unrealized), e.g. 0.05",
  daily_loss_abs: "trip when equity falls this much (valuation currency) below the UTC day's starting equity",
  drawdown_ratio: 'trip when equity falls this share below its peak, e.g. 0.2',
  consecutive_losses: 'trip after this many losing closed trades in a row',
  order_rate: 'trip when more orders than this are attempted within 60 s of engine time (denied ones count)',
  stale_data: 'trip when an instrument that had prices gets none for this many seconds of engine time',
  stale_reset: 'auto (clears when every instrument has fresh prices again), next_day or manual',
} as const;

const ratio = () => z.number().positive().max(1);
const staleReset = z.enum(['auto', 'next_day', 'manual']);

const globalBreakers = z
  .object({
    daily_loss: z
      .object({
        max_ratio: G(ratio(), BD.daily_loss_ratio),
        max_abs: G(positive(), BD.daily_loss_abs),
        action: action.default('halted'),
        reset: reset.default('next_day'),
      })
      .strict()
      .prefault({}),
    drawdown: z
      .object({ max_ratio: G(ratio(), BD.drawdown_ratio), action: action.default('halted'), reset: reset.default('manual') })
      .strict()
      .prefault({}),
    consecutive_losses: z
      .object({ max: G(positiveInt(), BD.consecutive_losses), action: action.default('halted'), reset: reset.default('next_day') })
      .strict()
      .prefault({}),
    order_rate: z
      .object({ max_per_minute: G(positiveInt(), BD.order_rate), action: action.default('halted'), reset: reset.default('manual') })
      .strict()
      .prefault({}),
    stale_data: z
      .object({ max_seconds: G(positive(), BD.stale_data), action: action.default('reducing'), reset: staleReset.default('auto').describe(BD.stale_reset) })
      .strict()
      .prefault({}),
  })
  .strict();

const strategyBreakers = z
  .object({
    daily_loss: z
      .object({ max_ratio: S(ratio(), BD.daily_loss_ratio), max_abs: S(positive(), BD.daily_loss_abs), action: action.optional(), reset: reset.optional() })
      .strict()
      .optional(),
    drawdown: z.object({ max_ratio: S(ratio(), BD.drawdown_ratio), action: action.optional(), reset: reset.optional() }).strict().optional(),
    consecutive_losses: z
      .object({ max: S(positiveInt(), BD.consecutive_losses), action: action.optional(), reset: reset.optional() })
      .strict()
      .optional(),
    order_rate: z
      .object({ max_per_minute: S(positiveInt(), BD.order_rate), action: action.optional(), reset: reset.optional() })
      .strict()
      .optional(),
    stale_data: z
      .object({ max_seconds: S(positive(), BD.stale_data), action: action.optional(), reset: staleReset.optional().describe(BD.stale_reset) })
      .strict()
      .optional(),
  })
  .strict();

/** A protection in the config: Freqtrade's keys, snake_case (the strategy class uses camelCase). */
export const protectionConfigSchema = z
  .object({
    method: z.enum(['CooldownPeriod', 'StoplossGuard', 'MaxDrawdown', 'LowProfitPairs']).describe('protection name'),
    stop_duration: z.number().positive().optional().describe('lock duration in minutes (default 60)'),
    stop_duration_candles: z.number().int().positive().optional().describe('lock duration in candles'),
    lookback_period: z.number().positive().optional().describe('window of closed trades considered, in minutes (default 60)'),
    lookback_period_candles: z.number().int().positive().optional().describe('window of closed trades considered, in candles'),
    trade_limit: z.number().int().positive().optional().describe('trades needed in the window before the protection can lock'),
    only_per_pair: z.boolean().optional().describe('StoplossGuard: lock only the pair, never all pairs'),
    only_per_side: z.boolean().optional().describe('StoplossGuard, LowProfitPairs: count and lock only the side (long/short) of the closing trade'),
    required_profit: z.number().optional().describe('StoplossGuard / LowProfitPairs: profit ratio threshold (default 0)'),
    max_allowed_drawdown: z.number().positive().optional().describe('MaxDrawdown: drawdown ratio that locks all pairs'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.stop_duration !== undefined && p.stop_duration_candles !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['stop_duration'], message: 'give stop_duration or stop_duration_candles, not both' });
    }
    if (p.lookback_period !== undefined && p.lookback_period_candles !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['lookback_period'], message: 'give lookback_period or lookback_period_candles, not both' });
    }
  });

const STATE_KEYS = {
  halt_cancels_orders: 'on entering HALTED, cancel the open orders of the scope (account or strategy)',
  reducing_cancels_entries: 'on entering REDUCING, cancel the open orders of the scope that would increase exposure',
} as const;

export const strategyRiskSchema = z
  .object({
    ...strategyLimits,
    halt_cancels_orders: z.boolean().optional().describe(STATE_KEYS.halt_cancels_orders),
    reducing_cancels_entries: z.boolean().optional().describe(STATE_KEYS.reducing_cancels_entries),
    breakers: strategyBreakers.optional().describe("circuit breakers measured on this strategy's own PnL and orders"),
    protections: z.array(protectionConfigSchema).optional().describe("protections added to the strategy's own `protections`, evaluated on its trades"),
  })
  .strict();

export const riskConfigSchema = z
  .object({
    ...globalLimits,
    check_balance: z
      .boolean()
      .default(true)
      .describe('reserve the balance an order needs when it is submitted (released on cancel, expiry, rejection and pro rata on fills) and deny it when the free balance is short'),
    halt_cancels_orders: z.boolean().default(true).describe(STATE_KEYS.halt_cancels_orders),
    reducing_cancels_entries: z.boolean().default(true).describe(STATE_KEYS.reducing_cancels_entries),
    breakers: globalBreakers.prefault({}).describe('circuit breakers measured on the whole account'),
    kill_switch: z
      .object({
        signal_file: z
          .string()
          .min(1)
          .nullable()
          .default('user_data/KILL')
          .describe('file whose appearance kills trading (content "halt" or "flatten"); checked once per engine cycle; relative to the working directory; null = off'),
      })
      .strict()
      .prefault({}),
    protections: z.array(protectionConfigSchema).default([]).describe('protections (Freqtrade keys) evaluated on every closed trade of the account'),
    strategies: z
      .record(z.string(), strategyRiskSchema)
      .default({})
      .describe('per-strategy sections by strategy name, with the limit, breaker and protection keys above'),
  })
  .strict();

export type RiskConfig = z.output<typeof riskConfigSchema>;
export type RiskConfigInput = z.input<typeof riskConfigSchema>;
export type StrategyRiskConfig = z.output<typeof strategyRiskSchema>;
export type ProtectionConfig = z.output<typeof protectionConfigSchema>;
