import type { Command } from 'commander';
import path from 'node:path';
import { KeelError, errorMessage } from '../core/errors.ts';
import { initLogger, getLogger, type LogLevel } from '../core/logger.ts';
import { loadConfig, type ResolvedConfig, type CliOverrides } from '../config/load.ts';

/** Options every command inherits from the root program (see run.ts). */
export interface GlobalOptions {
  config?: string;
  verbose?: boolean;
  logLevel?: LogLevel;
  logJson?: boolean;
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

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

/**
 * Wrap a command action: a KeelError prints as one sentence (stack only with --verbose),
 * the exit code becomes 1, and the process is never left in an unhandled rejection.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    try {
      await fn(...args);
    } catch (err) {
      const verbose = Boolean(globalOptions(cmd).verbose);
      const prefix = err instanceof KeelError ? 'Error' : 'Unexpected error';
      process.stderr.write(`${prefix}: ${errorMessage(err)}\n`);
      if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      else if (!(err instanceof KeelError)) process.stderr.write('(run again with --verbose for the stack trace)\n');
      getLogger().error({ err: errorMessage(err), command: cmd.name() }, 'command failed');
      process.exitCode = 1;
    }
  };
}

/** Repeatable/variadic list flags may be given as "A B" or "A,B"; normalise to a flat list. */
export function splitList(values: string[] | string | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const list = (Array.isArray(values) ? values : [values]).flatMap((v) => v.split(',')).map((v) => v.trim());
  return list.filter((v) => v.length > 0);
}

export function resolveFromCwd(p: string): string {
  return path.resolve(process.cwd(), p);
}
