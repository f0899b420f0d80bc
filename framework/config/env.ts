import { ConfigError } from '../core/errors.ts';

export const ENV_PREFIX = 'KEEL__';

/** exchange.pair_whitelist -> KEEL__EXCHANGE__PAIR_WHITELIST */
export function envVarName(dottedPath: string): string {
  return ENV_PREFIX + dottedPath.split('.').map((p) => p.toUpperCase()).join('__');
}

export interface EnvOverride {
  path: string[];
  value: unknown;
  variable: string;
}

/**
 * Read KEEL__SECTION__KEY=value overrides (double underscore = nesting, names case-insensitive).
 * Values are parsed as JSON when they are valid JSON (numbers, booleans, arrays, null), else
 * taken as strings; a comma list is accepted for array keys by the loader, which knows the shape.
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv): EnvOverride[] {
  const out: EnvOverride[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const parts = name.slice(ENV_PREFIX.length).split('__').map((p) => p.toLowerCase());
    if (parts.some((p) => p === '')) {
      throw new ConfigError(`environment variable ${name}: empty key segment (use KEEL__SECTION__KEY)`);
    }
    out.push({ path: parts, value: parseEnvValue(raw), variable: name });
  }
  // Deterministic order: shallower paths first, so KEEL__EXCHANGE='{...}' is applied before KEEL__EXCHANGE__NAME.
  return out.sort((a, b) => a.path.length - b.path.length || a.variable.localeCompare(b.variable));
}

function parseEnvValue(raw: string): unknown {
  const t = raw.trim();
  if (t === '') return '';
  if (/^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null|\[.*\]|\{.*\})$/s.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return raw;
    }
  }
  return raw;
}
