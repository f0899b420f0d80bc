import type { Command } from 'commander';
import { initLogger, type LogLevel } from '../core/logger.ts';
import { loadConfig, type ResolvedConfig, type CliOverrides } from '../config/load.ts';
import { globalOptions } from './action.ts';

/**
 * Config loading for command implementations. Registration files import action.ts only (see
 * there why); this module loads the config schema, the YAML parser and the logger.
 */
export { action, globalOptions, numberFlag, resolveFromCwd, splitList, wholeAtLeast, type GlobalOptions } from './action.ts';

/**
 * Resolve the config for a command: file (--config, else configs/platform_config.yaml when
 * present), then KEEL__* environment variables, then the command's own flags, and start the
 * per-run logger under the configured log directory.
 */
export function loadCommandConfig(cmd: Command, cli: CliOverrides = {}): ResolvedConfig {
  const g = globalOptions(cmd);
  const resolved = loadConfig({ file: g.config, cli, env: process.env });
  const level: LogLevel = g.logLevel ?? (g.verbose ? 'debug' : resolved.config.logging.level);
  initLogger({
    level,
    logDir: resolved.config.logging.directory,
    runName: cmd.name(),
    consoleFormat: g.logJson ? 'json' : 'pretty',
  });
  return resolved;
}
