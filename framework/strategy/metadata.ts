import { z } from 'zod';
import { isTimeframe } from '../core/timeframe.ts';
import { CALLBACK_NAMES, type IStrategy } from './strategy.ts';
import type { OrderTypes } from './types.ts';
import { StrategyLoadError, describeWhere, showValue } from './errors.ts';

/**
 * Load-time validation of a strategy instance: its attributes (zod, with Freqtrade's rules from
 * its config schema and `_validate_trailing_stoploss`), its hooks and its callbacks. Every
 * problem is reported at once, each naming the attribute, the value given and what was expected.
 */

export const HOOK_NAMES = ['populateIndicators', 'populateEntryTrend', 'populateExitTrend'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** The only strategy interface version this Keel knows. */
export const CURRENT_INTERFACE_VERSION = 1;

const bool = z.boolean({ error: 'expected true or false' });
const finite = (what = 'a finite number') => z.number({ error: `expected ${what}` });
const int = (what: string) => z.number({ error: `expected ${what}` }).int({ error: `expected ${what}` });

export const timeframeSchema = z
  .string({ error: 'expected a timeframe such as "5m", "1h", "1d"' })
  .refine(isTimeframe, { error: 'expected a timeframe such as "5m", "1h", "1d"' });

const ROI_KEY_RE = /^(0|[1-9][0-9]*)$/;

/** Freqtrade's minimal_roi: whole minutes since entry (string keys) -> minimum profit ratio. */
export const roiTableSchema = z
  .record(z.string(), finite('a finite profit ratio, e.g. 0.05'), {
    error: 'expected an object of minutes -> ratio, e.g. { "0": 0.1, "30": 0.05 }',
  })
  .superRefine((table, ctx) => {
    for (const key of Object.keys(table)) {
      if (!ROI_KEY_RE.test(key)) {
        ctx.addIssue({
          code: 'custom',
          message: `key ${JSON.stringify(key)} is not a whole number of minutes >= 0 (keys are minutes since entry, e.g. "0", "30", "120")`,
        });
      }
    }
  });

/** A stop loss ratio: Freqtrade requires < 0; below -1 would be a stop under zero price. */
export const stoplossSchema = finite('a number in [-1, 0), e.g. -0.10')
  .min(-1, { error: 'expected a number in [-1, 0), e.g. -0.10' })
  .lt(0, { error: 'expected a number in [-1, 0), e.g. -0.10' });

export const trailingStopPositiveSchema = finite('a ratio in (0, 1], e.g. 0.01, or undefined')
  .min(0, { error: 'expected a ratio in [0, 1], e.g. 0.01, or undefined' })
  .max(1, { error: 'expected a ratio in [0, 1], e.g. 0.01, or undefined' });

export const trailingStopPositiveOffsetSchema = finite('a ratio in [0, 1], e.g. 0.02')
  .min(0, { error: 'expected a ratio in [0, 1], e.g. 0.02' })
  .max(1, { error: 'expected a ratio in [0, 1], e.g. 0.02' });

export const maxOpenTradesSchema = int('a whole number >= -1 (-1 = unlimited)').min(-1, {
  error: 'expected a whole number >= -1 (-1 = unlimited)',
});

const orderKind = z.enum(['limit', 'market'], { error: 'expected "limit" or "market"' });
const tif = z.enum(['GTC', 'IOC', 'FOK', 'PO'], { error: 'expected "GTC", "IOC", "FOK" or "PO"' });

/**
 * Freqtrade requires entry, exit, stoploss and stoploss_on_exchange; the others get its defaults
 * (emergency exit by market, forced orders like the normal ones, a 60 s on-exchange update
 * interval and a 0.99 stop-limit ratio).
 */
const orderTypesSchema = z
  .strictObject(
    {
      entry: orderKind,
      exit: orderKind,
      stoploss: orderKind,
      emergencyExit: orderKind.optional(),
      forceEntry: orderKind.optional(),
      forceExit: orderKind.optional(),
      stoplossOnExchange: bool,
      stoplossOnExchangeInterval: finite('a number of seconds > 0').gt(0, { error: 'expected a number of seconds > 0' }).optional(),
      stoplossOnExchangeLimitRatio: finite('a ratio in [0, 1], e.g. 0.99')
        .min(0, { error: 'expected a ratio in [0, 1], e.g. 0.99' })
        .max(1, { error: 'expected a ratio in [0, 1], e.g. 0.99' })
        .optional(),
    },
    { error: 'expected an object { entry, exit, stoploss, stoplossOnExchange, ... }' },
  )
  .transform(
    (o): OrderTypes => ({
      entry: o.entry,
      exit: o.exit,
      stoploss: o.stoploss,
      emergencyExit: o.emergencyExit ?? 'market',
      forceEntry: o.forceEntry ?? o.entry,
      forceExit: o.forceExit ?? o.exit,
      stoplossOnExchange: o.stoplossOnExchange,
      stoplossOnExchangeInterval: o.stoplossOnExchangeInterval ?? 60,
      stoplossOnExchangeLimitRatio: o.stoplossOnExchangeLimitRatio ?? 0.99,
    }),
  );

const orderTimeInForceSchema = z.strictObject({ entry: tif, exit: tif }, { error: 'expected an object { entry, exit }' });

const positive = (what: string) => finite(what).gt(0, { error: `expected ${what}` });
const positiveInt = (what: string) => int(what).gt(0, { error: `expected ${what}` });

const protectionSchema = z
  .strictObject(
    {
      method: z.enum(['CooldownPeriod', 'StoplossGuard', 'MaxDrawdown', 'LowProfitPairs'], {
        error: 'expected "CooldownPeriod", "StoplossGuard", "MaxDrawdown" or "LowProfitPairs"',
      }),
      stopDuration: positive('minutes > 0').optional(),
      stopDurationCandles: positiveInt('a whole number of candles > 0').optional(),
      lookbackPeriod: positive('minutes > 0').optional(),
      lookbackPeriodCandles: positiveInt('a whole number of candles > 0').optional(),
      tradeLimit: positiveInt('a whole number of trades > 0').optional(),
      onlyPerPair: bool.optional(),
      onlyPerSide: bool.optional(),
      requiredProfit: finite().optional(),
      maxAllowedDrawdown: positive('a ratio > 0, e.g. 0.2').optional(),
    },
    { error: 'expected a protection object { method, ... }' },
  )
  .superRefine((p, ctx) => {
    // Freqtrade's _validate_protections: a duration is given in minutes or in candles, not both.
    if (p.stopDuration !== undefined && p.stopDurationCandles !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['stopDuration'], message: 'give stopDuration or stopDurationCandles, not both' });
    }
    if (p.lookbackPeriod !== undefined && p.lookbackPeriodCandles !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['lookbackPeriod'], message: 'give lookbackPeriod or lookbackPeriodCandles, not both' });
    }
  });

const plotStyle = z.strictObject({
  color: z.string({ error: 'expected a colour string' }).optional(),
  type: z.enum(['line', 'bar', 'scatter'], { error: 'expected "line", "bar" or "scatter"' }).optional(),
});
const plotConfigSchema = z.strictObject({
  mainPlot: z.record(z.string(), plotStyle).optional(),
  subplots: z.record(z.string(), z.record(z.string(), plotStyle)).optional(),
});

/** The attributes of a strategy instance, as the engine will read them. */
const attributesObject = z.object({
  interfaceVersion: z.literal(CURRENT_INTERFACE_VERSION, {
    error: `expected ${CURRENT_INTERFACE_VERSION} (the strategy interface version this Keel implements)`,
  }),
  timeframe: timeframeSchema,
  minimalRoi: roiTableSchema,
  stoploss: stoplossSchema,
  trailingStop: bool,
  trailingStopPositive: trailingStopPositiveSchema.nullish().transform((v) => v ?? undefined),
  trailingStopPositiveOffset: trailingStopPositiveOffsetSchema,
  trailingOnlyOffsetIsReached: bool,
  useCustomStoploss: bool,
  orderTypes: orderTypesSchema,
  orderTimeInForce: orderTimeInForceSchema,
  canShort: bool,
  positionAdjustmentEnable: bool,
  maxEntryPositionAdjustment: int('a whole number >= -1 (-1 = no limit)').min(-1, {
    error: 'expected a whole number >= -1 (-1 = no limit)',
  }),
  processOnlyNewCandles: bool,
  useExitSignal: bool,
  exitProfitOnly: bool,
  exitProfitOffset: finite('a finite profit ratio, e.g. 0.01'),
  ignoreRoiIfEntrySignal: bool,
  startupCandleCount: int('a whole number of candles >= 0').min(0, { error: 'expected a whole number of candles >= 0' }),
  maxOpenTrades: maxOpenTradesSchema.nullish().transform((v) => v ?? undefined),
  protections: z.array(protectionSchema, { error: 'expected an array of protection objects' }),
  plotConfig: plotConfigSchema.nullish().transform((v) => v ?? undefined),
});

export const strategyAttributesSchema = attributesObject.superRefine((a, ctx) => checkTrailing(a, ctx));

/**
 * Freqtrade's `_validate_trailing_stoploss`, applied when trailing is on: a positive trail of 0
 * would exit at once, the offset must lie above the positive trail, and "only once the offset
 * is reached" needs a positive trail to switch to.
 */
function checkTrailing(
  a: { trailingStop: boolean; trailingStopPositive?: number | undefined; trailingStopPositiveOffset: number; trailingOnlyOffsetIsReached: boolean },
  ctx: z.RefinementCtx,
): void {
  if (!a.trailingStop) return;
  const positive = a.trailingStopPositive;
  if (positive === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['trailingStopPositive'],
      message: 'expected a ratio > 0 or undefined when trailingStop is on (0 would exit at once)',
    });
  }
  if (a.trailingOnlyOffsetIsReached && (positive === undefined || positive === 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['trailingOnlyOffsetIsReached'],
      message: 'trailingOnlyOffsetIsReached needs trailingStopPositive (> 0) and trailingStopPositiveOffset set',
    });
  }
  const offset = a.trailingStopPositiveOffset;
  if (positive !== undefined && positive > 0 && offset > 0 && offset <= positive) {
    ctx.addIssue({
      code: 'custom',
      path: ['trailingStopPositiveOffset'],
      message: `expected trailingStopPositiveOffset > trailingStopPositive (${positive}) so the trail starts above the stop`,
    });
  }
}

export type StrategyAttributes = z.output<typeof strategyAttributesSchema>;

/** What the loader knows about a valid strategy: its normalised attributes and its version string. */
export interface StrategyMetadata extends StrategyAttributes {
  version: string | undefined;
}

const ATTRIBUTE_NAMES = Object.keys(attributesObject.shape) as Array<keyof StrategyAttributes>;

/**
 * Freqtrade's snake_case names a port may carry over. They would be silently ignored (Keel reads
 * the camelCase attribute), so they are reported with the name to use.
 */
const FREQTRADE_NAMES: Record<string, string> = {
  INTERFACE_VERSION: 'interfaceVersion',
  minimal_roi: 'minimalRoi',
  trailing_stop: 'trailingStop',
  trailing_stop_positive: 'trailingStopPositive',
  trailing_stop_positive_offset: 'trailingStopPositiveOffset',
  trailing_only_offset_is_reached: 'trailingOnlyOffsetIsReached',
  use_custom_stoploss: 'useCustomStoploss',
  order_types: 'orderTypes',
  order_time_in_force: 'orderTimeInForce',
  can_short: 'canShort',
  position_adjustment_enable: 'positionAdjustmentEnable',
  max_entry_position_adjustment: 'maxEntryPositionAdjustment',
  process_only_new_candles: 'processOnlyNewCandles',
  use_exit_signal: 'useExitSignal',
  exit_profit_only: 'exitProfitOnly',
  exit_profit_offset: 'exitProfitOffset',
  ignore_roi_if_entry_signal: 'ignoreRoiIfEntrySignal',
  startup_candle_count: 'startupCandleCount',
  max_open_trades: 'maxOpenTrades',
  plot_config: 'plotConfig',
  populate_indicators: 'populateIndicators',
  populate_entry_trend: 'populateEntryTrend',
  populate_exit_trend: 'populateExitTrend',
  populate_buy_trend: 'populateEntryTrend',
  populate_sell_trend: 'populateExitTrend',
  bot_start: 'botStart',
  bot_loop_start: 'botLoopStart',
  custom_stake_amount: 'customStakeAmount',
  custom_exit: 'customExit',
  custom_stoploss: 'customStoploss',
  custom_roi: 'customRoi',
  custom_entry_price: 'customEntryPrice',
  custom_exit_price: 'customExitPrice',
  confirm_trade_entry: 'confirmTradeEntry',
  confirm_trade_exit: 'confirmTradeExit',
  check_entry_timeout: 'checkEntryTimeout',
  check_exit_timeout: 'checkExitTimeout',
  adjust_entry_price: 'adjustEntryPrice',
  adjust_trade_position: 'adjustTradePosition',
  order_filled: 'orderFilled',
  informative_pairs: 'informativePairs',
};

/** Hooks a class (or its prototype chain) does not implement. */
export function missingHooks(proto: object): HookName[] {
  const out: HookName[] = [];
  for (const h of HOOK_NAMES) {
    if (typeof (proto as Record<string, unknown>)[h] !== 'function') out.push(h);
  }
  return out;
}

/** Every own and inherited property name of an object, up to (not including) Object.prototype. */
function allPropertyNames(obj: object): Set<string> {
  const names = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const n of Object.getOwnPropertyNames(o)) names.add(n);
  }
  return names;
}

/** Read-only view of any object's properties by name. */
function prop(obj: object, name: string): unknown {
  return (obj as Record<string, unknown>)[name];
}

/**
 * Turn zod issues into "attribute: expected ..., got ..." lines. `values` is what was parsed, so
 * the given value is shown exactly as the author wrote it.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], values: unknown, prefix = ''): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const keyPath = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) lines.push(`${joinPath(prefix, [...keyPath, k])}: unknown key${camelHint(k)}`);
      continue;
    }
    const name = joinPath(prefix, keyPath);
    const message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'custom' && !message.startsWith('expected')) {
      lines.push(`${name}: ${message}`);
      continue;
    }
    // A bad key is named in the message itself; its value does not help.
    lines.push(`${name}: ${message}, got ${showValue(valueAt(values, keyPath))}`);
  }
  return lines;
}

function joinPath(prefix: string, keyPath: string[]): string {
  const parts = prefix ? [prefix, ...keyPath] : keyPath;
  return parts.length > 0 ? parts.join('.') : '(value)';
}

function camelHint(key: string): string {
  const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return camel !== key ? ` (Keel uses camelCase: ${camel})` : '';
}

function valueAt(root: unknown, keyPath: string[]): unknown {
  let v = root;
  for (const k of keyPath) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/**
 * Validate a freshly constructed (or overridden) strategy instance. Returns its normalised
 * attributes; throws one StrategyLoadError listing every problem.
 *
 * `context` is appended to the headline, e.g. "after applying sma_cross.json", so a bad value
 * that came from a parameter file or the config is traced to its source.
 */
export function validateStrategy(
  strategy: IStrategy,
  where: { file: string; className: string; context?: string },
): StrategyMetadata {
  const problems: string[] = [];
  const names = allPropertyNames(strategy);

  for (const [ftName, keelName] of Object.entries(FREQTRADE_NAMES)) {
    if (names.has(ftName)) {
      problems.push(`${ftName}: this is Freqtrade's name; Keel reads ${keelName} (rename it, or it is ignored)`);
    }
  }

  for (const h of missingHooks(strategy)) {
    problems.push(`${h}: expected a method ${h}(df, meta), got ${showValue(prop(strategy, h))}`);
  }
  for (const cb of CALLBACK_NAMES) {
    const v = prop(strategy, cb);
    if (v !== undefined && typeof v !== 'function') problems.push(`${cb}: expected a method or nothing, got ${showValue(v)}`);
  }
  for (const m of ['version', 'informative', 'informativePairs'] as const) {
    const v = prop(strategy, m);
    if (typeof v !== 'function') problems.push(`${m}: expected a method, got ${showValue(v)}`);
  }

  const values: Record<string, unknown> = {};
  for (const name of ATTRIBUTE_NAMES) values[name] = prop(strategy, name);
  const parsed = strategyAttributesSchema.safeParse(values);
  if (!parsed.success) problems.push(...formatIssues(parsed.error.issues, values));

  let version: string | undefined;
  if (typeof strategy.version === 'function') {
    try {
      const v: unknown = strategy.version();
      if (v === undefined || v === null) version = undefined;
      else if (typeof v === 'string') version = v;
      else problems.push(`version(): expected a string or undefined, got ${showValue(v)}`);
    } catch (err) {
      problems.push(`version(): threw ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  if (typeof strategy.informative === 'function') problems.push(...checkInformative(strategy));

  if (problems.length > 0 || !parsed.success) {
    const head = `${describeWhere(where.file, where.className)} is invalid${where.context ? ` ${where.context}` : ''}:`;
    throw new StrategyLoadError(`${head}\n  - ${problems.join('\n  - ')}`, {
      file: where.file,
      className: where.className,
      reason: problems.join('; '),
    });
  }
  return { ...parsed.data, version };
}

/** informative() is declarative (Freqtrade's @informative), so it is called and checked at load. */
function checkInformative(strategy: IStrategy): string[] {
  let specs: unknown;
  try {
    specs = strategy.informative();
  } catch (err) {
    return [`informative(): threw ${err instanceof Error ? err.message : String(err)} (it must not depend on the runtime context)`];
  }
  if (!Array.isArray(specs)) return [`informative(): expected an array of { timeframe, populate }, got ${showValue(specs)}`];
  const out: string[] = [];
  specs.forEach((spec: unknown, i) => {
    const at = `informative()[${i}]`;
    if (spec === null || typeof spec !== 'object') {
      out.push(`${at}: expected { timeframe, populate, pair?, suffix? }, got ${showValue(spec)}`);
      return;
    }
    const s = spec as Record<string, unknown>;
    if (typeof s.timeframe !== 'string' || !isTimeframe(s.timeframe)) {
      out.push(`${at}.timeframe: expected a timeframe such as "1h", got ${showValue(s.timeframe)}`);
    }
    if (typeof s.populate !== 'function') out.push(`${at}.populate: expected a function (df, meta), got ${showValue(s.populate)}`);
    if (s.pair !== undefined && typeof s.pair !== 'string') out.push(`${at}.pair: expected a pair string, got ${showValue(s.pair)}`);
    if (s.suffix !== undefined && typeof s.suffix !== 'string') out.push(`${at}.suffix: expected a string, got ${showValue(s.suffix)}`);
  });
  return out;
}
