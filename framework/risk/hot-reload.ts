import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../core/errors.ts';
import { getLogger, type Logger } from '../core/logger.ts';
import { loadConfig, type ResolvedConfig } from '../config/load.ts';
import type { RiskConfig } from '../config/risk-schema.ts';

/**
 * Hot reload of the risk section in long-running modes (paper, live): the config file is
 * polled (content hash every `intervalMs`); a changed file
 * is loaded and validated exactly like at start-up (loadConfig: file < KEEL__* environment),
 * and its `risk` section handed to `onChange`. An invalid file is rejected with the loader's
 * error (logged, and in `lastError`) and the limits in force stay as they are. Changes to
 * other sections are not applied (they need a restart), which the log says.
 *
 * Polling rather than fs.watch: it behaves the same on every platform and with editors that
 * replace the file, and tests can drive it deterministically with `check()`.
 */

export type ReloadOutcome = 'unchanged' | 'applied' | 'rejected';

export interface RiskConfigWatcher {
  /** Look at the file now (the timer calls this); what happened. */
  check(): ReloadOutcome;
  /** Error of the last rejected file, cleared by the next good one. */
  readonly lastError: string | undefined;
  close(): void;
}

export interface WatchRiskConfigOptions {
  /** Poll interval in ms (default 1000); 0 = no timer, call check() yourself. */
  intervalMs?: number;
  /** Environment overrides applied on reload, as at start-up (default process.env). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
}

function hashOf(file: string): string | null {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/**
 * Watch `file` and call `onChange(risk, resolved)` with the new risk section whenever the file
 * changes and is valid. The current content is the baseline (no call at start).
 */
export function watchRiskConfig(
  file: string,
  onChange: (risk: RiskConfig, resolved: ResolvedConfig) => void,
  options: WatchRiskConfigOptions = {},
): RiskConfigWatcher {
  const abs = path.resolve(options.cwd ?? process.cwd(), file);
  const log = options.logger ?? getLogger('risk');
  /** Content hash of the file last looked at; null when it did not exist. */
  let seen: string | null = hashOf(abs);
  let lastError: string | undefined;
  let lastOther: string | undefined;

  const check = (): ReloadOutcome => {
    // The content decides (a small file): an editor may keep size and mtime on a quick rewrite.
    const hash = hashOf(abs);
    if (hash === null) {
      if (seen !== null) {
        lastError = `config file ${abs} is gone; the risk limits in force stay`;
        log.error(lastError);
        seen = null;
        return 'rejected';
      }
      return 'unchanged';
    }
    if (hash === seen) return 'unchanged';
    seen = hash;
    let resolved: ResolvedConfig;
    try {
      resolved = loadConfig({ file: abs, env: options.env ?? process.env, cwd: options.cwd });
    } catch (err) {
      lastError = `config file ${abs} changed but is invalid, the risk limits in force stay: ${errorMessage(err)}`;
      log.error(lastError);
      return 'rejected';
    }
    const risk = resolved.config.risk;
    const other = JSON.stringify({ ...resolved.config, risk: undefined });
    if (lastOther !== undefined && other !== lastOther) log.warn(`config file ${abs}: sections other than risk changed; they take effect on restart only`);
    lastOther = other;
    try {
      onChange(risk, resolved);
    } catch (err) {
      lastError = `config file ${abs}: the new risk section could not be applied, the limits in force stay: ${errorMessage(err)}`;
      log.error(lastError);
      return 'rejected';
    }
    lastError = undefined;
    log.info({ file: abs }, `risk limits reloaded from ${abs}`);
    return 'applied';
  };

  // Baseline of the other sections, so a reload can tell when they changed too.
  try {
    if (seen) lastOther = JSON.stringify({ ...loadConfig({ file: abs, env: options.env ?? process.env, cwd: options.cwd }).config, risk: undefined });
  } catch {
    lastOther = undefined;
  }

  const interval = options.intervalMs ?? 1000;
  const timer = interval > 0 ? setInterval(check, interval) : undefined;
  timer?.unref();
  return {
    check,
    get lastError() {
      return lastError;
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
