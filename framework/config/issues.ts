import type { z } from 'zod';
import type { ConfigSource } from './load.ts';
import { configSchema } from './schema.ts';

/**
 * Turn zod issues into lines a user can act on: where the value came from (file, environment
 * variable or flag), the key path, what was given and what was expected.
 */
export function formatConfigIssues(
  issues: z.core.$ZodIssue[],
  raw: Record<string, unknown>,
  given: Map<string, ConfigSource>,
): string {
  const lines = issues.flatMap((issue) => describeIssue(issue, raw, given));
  const head = lines.length === 1 ? 'invalid configuration: ' : `invalid configuration (${lines.length} problems):\n  - `;
  return head + lines.join('\n  - ');
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>, given: Map<string, ConfigSource>): string[] {
  const keyPath = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => {
      const full = [...keyPath, k].join('.');
      return `${where(full, given)}: unknown key "${full}"${suggest(k, keyPath)}`;
    });
  }
  const key = keyPath.join('.') || '(top level)';
  const value = valueAt(raw, keyPath);
  const givenText = value === undefined ? 'nothing' : JSON.stringify(value);
  return [`${where(key, given)}: ${key}: ${expectation(issue)}, got ${givenText}`];
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return `expected a value ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `expected a value ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `expected ${unionAlternatives(issue)}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

function unionAlternatives(issue: z.core.$ZodIssueInvalidUnion): string {
  const parts = issue.errors.map((branch) => branch.map((i) => expectation(i)).join(' and ').replace(/^expected /, ''));
  return parts.length > 0 ? parts.join(' or ') : 'a different value';
}

function where(key: string, given: Map<string, ConfigSource>): string {
  const parts = key.split('.');
  for (let i = parts.length; i > 0; i--) {
    const s = given.get(parts.slice(0, i).join('.'));
    if (s?.kind === 'file') return s.file;
    if (s?.kind === 'env') return `environment variable ${s.variable}`;
    if (s?.kind === 'cli') return `command-line option for ${s.flag}`;
  }
  return 'config';
}

function valueAt(obj: unknown, keyPath: string[]): unknown {
  let cur = obj;
  for (const k of keyPath) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** "did you mean" for a misspelt key, among the keys the schema allows at that level. */
function suggest(bad: string, parent: string[]): string {
  const allowed = allowedKeysAt(configSchema, parent);
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of allowed) {
    const d = editDistance(bad, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best && bestD <= Math.max(2, Math.floor(bad.length / 3))) return ` (did you mean "${best}"?)`;
  return allowed.length > 0 ? ` (allowed here: ${allowed.join(', ')})` : '';
}

/** Keys of the object schema at `keyPath`, looking through defaults/optionals/prefaults. */
function allowedKeysAt(schema: z.ZodType, keyPath: string[]): string[] {
  let cur: unknown = schema;
  for (const k of [...keyPath, null]) {
    let def = (cur as { _zod?: { def?: { type?: string; innerType?: unknown; shape?: Record<string, unknown> } } })._zod?.def;
    while (def && def.innerType && def.type !== 'object') {
      def = (def.innerType as { _zod: { def: typeof def } })._zod.def;
    }
    if (!def || def.type !== 'object' || !def.shape) return [];
    if (k === null) return Object.keys(def.shape);
    cur = def.shape[k];
  }
  return [];
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
