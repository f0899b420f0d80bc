import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, errorMessage } from '../core/errors.ts';
import { getLogger } from '../core/logger.ts';
import { writeFileAtomic } from '../data/atomic-write.ts';
import type { IStrategy } from './strategy.ts';
import type { AnyParameter } from './parameters.ts';
import type { MinimalRoi } from './types.ts';
import { StrategyLoadError, displayPath, showValue } from './errors.ts';
import {
  formatIssues,
  maxOpenTradesSchema,
  roiTableSchema,
  stoplossSchema,
  trailingStopPositiveOffsetSchema,
  trailingStopPositiveSchema,
} from './metadata.ts';

/**
 * Freqtrade's strategy parameter file: `<strategy file stem>.json` next to the strategy, written
 * by hyperopt, read when the strategy loads. The format is Freqtrade's (`ft_stratparam_v` 1), so
 * a file exported by Freqtrade for the same strategy works unchanged:
 *
 *   { "strategy_name": "SmaCross",
 *     "params": { "buy": { "buy_fast": 10 }, "sell": {...}, "protection": {...},
 *                 "roi": { "0": 0.1, "30": 0.05 }, "stoploss": { "stoploss": -0.1 },
 *                 "trailing": { "trailing_stop": false, "trailing_stop_positive": null,
 *                               "trailing_stop_positive_offset": 0.0, "trailing_only_offset_is_reached": false },
 *                 "max_open_trades": { "max_open_trades": 3 } },
 *     "ft_stratparam_v": 1, "export_time": "2024-01-01T00:00:00.000Z" }
 *
 * Precedence: class defaults < parameter file < config `strategy.parameters`.
 */

export const PARAMETER_FILE_VERSION = 1;

/** Sections of `params` that are not parameter spaces but strategy attributes. */
const ATTRIBUTE_SECTIONS = new Set(['roi', 'stoploss', 'trailing', 'max_open_trades']);

export type TrailingParams = {
  trailing_stop?: boolean;
  trailing_stop_positive?: number | null;
  trailing_stop_positive_offset?: number;
  trailing_only_offset_is_reached?: boolean;
};

/** `params` of the file: parameter spaces (buy, sell, protection, custom) plus the attribute sections. */
export interface ParameterFileParams {
  roi?: MinimalRoi;
  stoploss?: { stoploss: number };
  trailing?: TrailingParams;
  max_open_trades?: { max_open_trades: number };
  [space: string]: Record<string, unknown> | undefined;
}

export interface ParameterFile {
  strategy_name: string;
  params: ParameterFileParams;
  ft_stratparam_v: number;
  export_time?: string;
}

/** Where the parameter file of a strategy file lives: same directory, same stem, `.json`. */
export function parameterFilePath(strategyFile: string): string {
  const ext = path.extname(strategyFile);
  return path.join(path.dirname(strategyFile), `${path.basename(strategyFile, ext)}.json`);
}

const sectionObject = z.record(z.string(), z.unknown(), { error: 'expected an object' });

const fileSchema = z.looseObject(
  {
    strategy_name: z.string({ error: 'expected the strategy class name as a string' }),
    params: z.record(z.string(), sectionObject, { error: 'expected an object of sections (buy, sell, roi, ...)' }).default({}),
    ft_stratparam_v: z.number({ error: 'expected a version number' }).int({ error: 'expected a version number' }).default(1),
    export_time: z.unknown().optional(),
  },
  { error: 'expected a JSON object { strategy_name, params, ft_stratparam_v }' },
);

/**
 * Read and check the parameter file of `strategyName`; undefined when there is none. A file that
 * is not JSON, is shaped wrongly or belongs to another strategy is an error naming the file.
 */
export function readParameterFile(file: string, strategyName: string): ParameterFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StrategyLoadError(`parameter file ${displayPath(file)}: cannot be read: ${errorMessage(err)}`, { file, className: strategyName });
  }
  return parseParameterFile(text, file, strategyName);
}

export function parseParameterFile(text: string, file: string, strategyName: string): ParameterFile {
  const fail = (msg: string): never => {
    throw new StrategyLoadError(`parameter file ${displayPath(file)}: ${msg}`, { file, className: strategyName });
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(`not valid JSON: ${errorMessage(err)}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) return fail(formatIssues(parsed.error.issues, raw).join('; '));
  const data = parsed.data;
  if (data.strategy_name !== strategyName) {
    fail(
      `strategy_name is ${JSON.stringify(data.strategy_name)} but the file belongs to strategy ${strategyName} ` +
        `(rename the file or fix strategy_name)`,
    );
  }
  if (data.ft_stratparam_v > PARAMETER_FILE_VERSION) {
    getLogger('strategy').warn(
      { file, version: data.ft_stratparam_v },
      `parameter file ${displayPath(file)} has ft_stratparam_v ${data.ft_stratparam_v}; Keel knows version ${PARAMETER_FILE_VERSION} and reads what it understands`,
    );
  }
  const out: ParameterFile = {
    strategy_name: data.strategy_name,
    params: data.params as ParameterFileParams,
    ft_stratparam_v: data.ft_stratparam_v,
  };
  if (typeof data.export_time === 'string') out.export_time = data.export_time;
  return out;
}

/** What applying a parameter file did: values set, and what was skipped (also logged as warnings). */
export interface ApplyResult {
  applied: string[];
  warnings: string[];
}

/** Where values come from, for error messages: "parameter file x.json" or "config strategy.parameters". */
interface Source {
  label: string;
  fail(message: string): never;
}

/**
 * Apply a parameter file to a fresh strategy instance: values of parameters with `load: true`,
 * then roi, stoploss, trailing and max_open_trades. Unknown parameter names and disabled
 * parameters are warnings (Freqtrade's behaviour); a value of the wrong type is an error naming
 * the file and the key.
 */
export function applyParameterFile(
  strategy: IStrategy,
  parameters: Map<string, AnyParameter>,
  pf: ParameterFile,
  file: string,
): ApplyResult {
  const log = getLogger('strategy');
  const name = strategy.constructor.name;
  const source: Source = {
    label: `parameter file ${displayPath(file)}`,
    fail: (message) => {
      throw new StrategyLoadError(`parameter file ${displayPath(file)}: ${message}`, { file, className: name });
    },
  };
  const result: ApplyResult = { applied: [], warnings: [] };
  const warn = (msg: string): void => {
    result.warnings.push(msg);
    log.warn({ strategy: name, file }, msg);
  };

  for (const [space, values] of Object.entries(pf.params)) {
    if (ATTRIBUTE_SECTIONS.has(space) || values === undefined) continue;
    for (const [paramName, value] of Object.entries(values)) {
      const key = `params.${space}.${paramName}`;
      const p = parameters.get(paramName);
      if (!p) {
        warn(`${source.label}: ${key}: strategy ${name} has no parameter ${paramName}; ignored`);
        continue;
      }
      if (p.space !== space) {
        warn(`${source.label}: ${key}: parameter ${paramName} is in space "${String(p.space)}", not "${space}"; ignored`);
        continue;
      }
      if (!p.load) {
        warn(`${source.label}: ${key}: parameter ${paramName} has load: false; keeping its default ${showValue(p.value)}`);
        continue;
      }
      setParameter(p, value, key, source);
      result.applied.push(paramName);
    }
  }

  const { roi, stoploss, trailing, max_open_trades: mot } = pf.params;
  if (roi !== undefined) {
    strategy.minimalRoi = parseWith(roiTableSchema, roi, 'params.roi', source);
    result.applied.push('roi');
  }
  if (stoploss !== undefined && 'stoploss' in stoploss) {
    strategy.stoploss = parseWith(stoplossSchema, stoploss.stoploss, 'params.stoploss.stoploss', source);
    result.applied.push('stoploss');
  }
  if (trailing !== undefined) {
    applyTrailing(strategy, trailing, 'params.trailing', source);
    result.applied.push('trailing');
  }
  if (mot !== undefined && 'max_open_trades' in mot) {
    strategy.maxOpenTrades = parseWith(maxOpenTradesSchema, mot.max_open_trades, 'params.max_open_trades.max_open_trades', source);
    result.applied.push('max_open_trades');
  }
  if (result.applied.length > 0) log.info({ strategy: name, file, applied: result.applied }, `loaded parameters from ${displayPath(file)}`);
  return result;
}

/** Keys of config `strategy.parameters` that set strategy attributes rather than parameters. */
export const CONFIG_ATTRIBUTE_KEYS = [
  'minimal_roi',
  'stoploss',
  'trailing_stop',
  'trailing_stop_positive',
  'trailing_stop_positive_offset',
  'trailing_only_offset_is_reached',
  'max_open_trades',
] as const;

/**
 * Apply config `strategy.parameters` (a flat map: parameter name -> value, plus the attribute
 * keys above). They win over the class and its parameter file, and apply even to parameters
 * with `load: false` (that flag is about the file). Unknown keys are errors: a typo in an
 * explicit override must not pass silently.
 */
export function applyConfigOverrides(
  strategy: IStrategy,
  parameters: Map<string, AnyParameter>,
  overrides: Record<string, unknown>,
  label = 'config strategy.parameters',
): string[] {
  const source: Source = {
    label,
    fail: (message) => {
      throw new ConfigError(`${label}: ${message}`);
    },
  };
  const applied: string[] = [];
  const trailing: TrailingParams = {};
  let hasTrailing = false;
  for (const [key, value] of Object.entries(overrides)) {
    const keyPath = `strategy.parameters.${key}`;
    switch (key) {
      case 'minimal_roi':
        strategy.minimalRoi = parseWith(roiTableSchema, value, keyPath, source);
        break;
      case 'stoploss':
        strategy.stoploss = parseWith(stoplossSchema, value, keyPath, source);
        break;
      case 'max_open_trades':
        strategy.maxOpenTrades = parseWith(maxOpenTradesSchema, value, keyPath, source);
        break;
      case 'trailing_stop':
      case 'trailing_stop_positive':
      case 'trailing_stop_positive_offset':
      case 'trailing_only_offset_is_reached':
        (trailing as Record<string, unknown>)[key] = value;
        hasTrailing = true;
        break;
      default: {
        const p = parameters.get(key);
        if (!p) {
          const known = [...parameters.keys(), ...CONFIG_ATTRIBUTE_KEYS];
          source.fail(`${keyPath}: strategy ${strategy.constructor.name} has no parameter "${key}" (known: ${known.join(', ')})`);
        }
        setParameter(p, value, keyPath, source);
      }
    }
    applied.push(key);
  }
  if (hasTrailing) applyTrailing(strategy, trailing, 'strategy.parameters', source);
  if (applied.length > 0) getLogger('strategy').info({ strategy: strategy.constructor.name, applied }, `applied ${label}`);
  return applied;
}

function setParameter(p: AnyParameter, value: unknown, key: string, source: Source): void {
  try {
    p.value = value;
  } catch (err) {
    // ParameterError says "parameter x: v is not ..."; restate it with the key in the source.
    source.fail(`${key}: ${errorMessage(err).replace(/^parameter [^:]+: /, '')}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, key: string, source: Source): T {
  const r = schema.safeParse(value);
  if (!r.success) source.fail(formatIssues(r.error.issues, value, key).join('; '));
  return r.data as T;
}

const trailingSchema = z.strictObject({
  trailing_stop: z.boolean({ error: 'expected true or false' }).optional(),
  trailing_stop_positive: trailingStopPositiveSchema.nullable().optional(),
  trailing_stop_positive_offset: trailingStopPositiveOffsetSchema.optional(),
  trailing_only_offset_is_reached: z.boolean({ error: 'expected true or false' }).optional(),
});

function applyTrailing(strategy: IStrategy, values: unknown, key: string, source: Source): void {
  const t = parseWith(trailingSchema, values, key, source);
  if (t.trailing_stop !== undefined) strategy.trailingStop = t.trailing_stop;
  if (t.trailing_stop_positive !== undefined) strategy.trailingStopPositive = t.trailing_stop_positive ?? undefined;
  if (t.trailing_stop_positive_offset !== undefined) strategy.trailingStopPositiveOffset = t.trailing_stop_positive_offset;
  if (t.trailing_only_offset_is_reached !== undefined) strategy.trailingOnlyOffsetIsReached = t.trailing_only_offset_is_reached;
}

/**
 * The strategy's current values in the file's `params` shape: every parameter by space, plus
 * roi, stoploss, trailing and max_open_trades (hyperopt exports this after merging its best
 * epoch into the strategy).
 */
export function parameterSnapshot(strategy: IStrategy, parameters: Map<string, AnyParameter>): ParameterFileParams {
  const params: ParameterFileParams = {};
  for (const [name, p] of parameters) {
    const space = String(p.space);
    const section = (params[space] ??= {}) as Record<string, unknown>;
    section[name] = p.value;
  }
  params.roi = { ...strategy.minimalRoi };
  params.stoploss = { stoploss: strategy.stoploss };
  params.trailing = {
    trailing_stop: strategy.trailingStop,
    trailing_stop_positive: strategy.trailingStopPositive ?? null,
    trailing_stop_positive_offset: strategy.trailingStopPositiveOffset,
    trailing_only_offset_is_reached: strategy.trailingOnlyOffsetIsReached,
  };
  if (strategy.maxOpenTrades !== undefined) params.max_open_trades = { max_open_trades: strategy.maxOpenTrades };
  return params;
}

/**
 * Write a parameter file atomically (a reader never sees half a file). The content is checked
 * with the same rules as when reading, so what hyperopt writes always loads back.
 */
export async function writeParameterFile(
  file: string,
  strategyName: string,
  params: ParameterFileParams,
  exportTime: Date = new Date(),
): Promise<void> {
  const body: ParameterFile = {
    strategy_name: strategyName,
    params,
    ft_stratparam_v: PARAMETER_FILE_VERSION,
    export_time: exportTime.toISOString(),
  };
  const text = `${JSON.stringify(body, null, 2)}\n`;
  const check = parseParameterFile(text, file, strategyName);
  const source: Source = {
    label: `parameter file ${displayPath(file)}`,
    fail: (message) => {
      throw new StrategyLoadError(`refusing to write parameter file ${displayPath(file)}: ${message}`, { file, className: strategyName });
    },
  };
  if (check.params.roi !== undefined) parseWith(roiTableSchema, check.params.roi, 'params.roi', source);
  if (check.params.stoploss !== undefined) parseWith(stoplossSchema, check.params.stoploss.stoploss, 'params.stoploss.stoploss', source);
  if (check.params.trailing !== undefined) parseWith(trailingSchema, check.params.trailing, 'params.trailing', source);
  if (check.params.max_open_trades !== undefined) {
    parseWith(maxOpenTradesSchema, check.params.max_open_trades.max_open_trades, 'params.max_open_trades.max_open_trades', source);
  }
  await writeFileAtomic(file, new TextEncoder().encode(text));
}
