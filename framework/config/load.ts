import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { ConfigError, errorMessage } from '../core/errors.ts';
import { configSchema, type KeelConfig } from './schema.ts';
import { readEnvOverrides } from './env.ts';
import { refuseSecretsInFile, registerConfigSecrets } from './secrets.ts';
import { formatConfigIssues } from './issues.ts';

export const DEFAULT_CONFIG_FILE = 'configs/platform_config.yaml';

/** Command-line overrides as flat dotted keys, e.g. { 'exchange.name': 'kraken' }; undefined is ignored. */
export type CliOverrides = Record<string, unknown>;

/** Where a resolved key's value came from, for show-config and for error messages. */
export type ConfigSource =
  | { kind: 'default' }
  | { kind: 'file'; file: string }
  | { kind: 'env'; variable: string }
  | { kind: 'cli'; flag: string };

export interface ResolvedConfig {
  config: KeelConfig;
  /** Dotted key -> source, for every leaf of the resolved config. */
  sources: Map<string, ConfigSource>;
  /** The config file used, if any. */
  file?: string;
}

export interface LoadConfigOptions {
  /** Explicit config file; when absent, configs/platform_config.yaml is used if it exists. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cli?: CliOverrides;
  /** Base for relative paths; the working directory by default. */
  cwd?: string;
}

/** Directory keys resolved to absolute paths against the working directory. */
const PATH_KEYS = [
  ['data', 'directory'],
  ['strategy', 'path'],
  ['logging', 'directory'],
  ['backtest', 'results_directory'],
  ['hyperopt', 'results_directory'],
] as const;

/**
 * Resolve the configuration: schema defaults < config file < KEEL__* environment < CLI flags.
 * Every problem is reported at once, each naming where the bad value came from.
 */
export function loadConfig(opts: LoadConfigOptions = {}): ResolvedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const explicit = opts.file !== undefined;
  const file = path.resolve(cwd, opts.file ?? DEFAULT_CONFIG_FILE);
  const raw: Record<string, unknown> = {};
  const given = new Map<string, ConfigSource>();

  let usedFile: string | undefined;
  if (fs.existsSync(file)) {
    const fromFile = readConfigFile(file);
    refuseSecretsInFile(fromFile, file);
    mergeInto(raw, fromFile, [], given, { kind: 'file', file });
    usedFile = file;
  } else if (explicit) {
    throw new ConfigError(`config file not found: ${file}`);
  }

  const defaults = configSchema.parse({});
  for (const o of readEnvOverrides(opts.env ?? {})) {
    setPath(raw, o.path, coerceList(defaults, o.path, o.value), given, { kind: 'env', variable: o.variable });
  }
  for (const [key, value] of Object.entries(opts.cli ?? {})) {
    if (value === undefined) continue;
    const keyPath = key.split('.');
    setPath(raw, keyPath, value, given, { kind: 'cli', flag: key });
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(formatConfigIssues(parsed.error.issues as z.core.$ZodIssue[], raw, given));
  }
  const config = parsed.data;
  for (const keyPath of PATH_KEYS) {
    const section = config[keyPath[0]] as Record<string, unknown>;
    section[keyPath[1]] = path.resolve(cwd, String(section[keyPath[1]]));
  }
  registerConfigSecrets(config);

  const sources = new Map<string, ConfigSource>();
  for (const leaf of leafPaths(config)) sources.set(leaf, sourceOf(leaf, given));
  return usedFile ? { config, sources, file: usedFile } : { config, sources };
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${errorMessage(err)}`);
  }
  let value: unknown;
  if (file.endsWith('.json')) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`${file}: not valid JSON: ${errorMessage(err)}`);
    }
  } else {
    const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const where = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      throw new ConfigError(`${file}: not valid YAML${where}: ${e.message.split('\n')[0]}`);
    }
    value = doc.toJS();
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${file}: the top level must be a mapping of sections (exchange:, stake:, ...), got ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeInto(
  target: Record<string, unknown>,
  src: Record<string, unknown>,
  prefix: string[],
  given: Map<string, ConfigSource>,
  source: ConfigSource,
): void {
  for (const [k, v] of Object.entries(src)) {
    const keyPath = [...prefix, k];
    if (isPlainObject(v) && Object.keys(v).length > 0) {
      if (!isPlainObject(target[k])) target[k] = {};
      mergeInto(target[k] as Record<string, unknown>, v, keyPath, given, source);
    } else {
      target[k] = v;
      given.set(keyPath.join('.'), source);
    }
  }
}

function setPath(
  target: Record<string, unknown>,
  keyPath: string[],
  value: unknown,
  given: Map<string, ConfigSource>,
  source: ConfigSource,
): void {
  let cur = target;
  for (const k of keyPath.slice(0, -1)) {
    if (!isPlainObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keyPath[keyPath.length - 1]!;
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    if (!isPlainObject(cur[last])) cur[last] = {};
    mergeInto(cur[last] as Record<string, unknown>, value, keyPath, given, source);
  } else {
    cur[last] = value;
    given.set(keyPath.join('.'), source);
  }
}

/** KEEL__EXCHANGE__PAIR_WHITELIST=BTC/USDT,ETH/USDT: a plain string for a list key becomes a list. */
function coerceList(defaults: unknown, keyPath: string[], value: unknown): unknown {
  let cur: unknown = defaults;
  for (const k of keyPath) cur = isPlainObject(cur) ? cur[k] : undefined;
  if (Array.isArray(cur) && typeof value === 'string') {
    return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  return value;
}

/** Dotted paths of the leaves: scalars, arrays and empty objects; records are walked into. */
export function leafPaths(obj: unknown, prefix = ''): string[] {
  if (!isPlainObject(obj) || Object.keys(obj).length === 0) return prefix ? [prefix] : [];
  return Object.entries(obj).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

function sourceOf(leaf: string, given: Map<string, ConfigSource>): ConfigSource {
  // A value set on a parent (e.g. a whole section from one env variable) is the leaf's source.
  const parts = leaf.split('.');
  for (let i = parts.length; i > 0; i--) {
    const s = given.get(parts.slice(0, i).join('.'));
    if (s) return s;
  }
  return { kind: 'default' };
}

export function describeSource(s: ConfigSource): string {
  switch (s.kind) {
    case 'default':
      return 'default';
    case 'file':
      return `file ${s.file}`;
    case 'env':
      return `env ${s.variable}`;
    case 'cli':
      return `flag (${s.flag})`;
  }
}
