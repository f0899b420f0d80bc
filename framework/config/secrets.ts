import { ConfigError } from '../core/errors.ts';
import { registerSecret } from '../core/redact.ts';
import { envVarName } from './env.ts';

/** Dotted key paths that hold credentials: accepted from the environment only. */
export const SECRET_PATHS = ['exchange.key', 'exchange.secret', 'exchange.password', 'exchange.uid'] as const;

/**
 * Refuse credentials written in a config file: they would end up in backups, git history and
 * support tickets. The error names the file and the variable to use instead, never the value.
 */
export function refuseSecretsInFile(raw: unknown, file: string): void {
  for (const p of SECRET_PATHS) {
    const v = getPath(raw, p.split('.'));
    if (v !== undefined && v !== null && v !== '') {
      throw new ConfigError(
        `${file}: ${p} holds a credential; credentials are accepted only from environment variables (set ${envVarName(p)} and remove the key from the file)`,
      );
    }
  }
}

/** Register every secret the resolved config holds so log lines and errors mask it. */
export function registerConfigSecrets(config: unknown): void {
  for (const p of SECRET_PATHS) {
    const v = getPath(config, p.split('.'));
    if (typeof v === 'string') registerSecret(v);
  }
}

function getPath(obj: unknown, keys: string[]): unknown {
  let cur: unknown = obj;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
