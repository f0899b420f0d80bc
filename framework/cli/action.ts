import { InvalidArgumentError, type Command } from 'commander';
import path from 'node:path';
import { KeelError, UsageError, errorMessage } from '../core/errors.ts';
import type { LogLevel } from '../core/logger.ts';

/**
 * What a command's registration file may use: the action wrapper and flag helpers. Nothing
 * here imports more than core/errors.ts, because run.ts registers every command on every
 * start: a registration file that imported the config schema, the logger or the data layer
 * would make `run.ts --help` (and every other command) pay for them. Loading the config is in
 * common.ts, which the commands' implementations import.
 */

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
      // The logger is loaded by then whenever the command got as far as its config; loading
      // it here otherwise costs nothing that matters on the way out.
      const { getLogger } = await import('../core/logger.ts');
      getLogger().error({ err: errorMessage(err), command: cmd.name() }, 'command failed');
      process.exitCode = 1;
    }
  };
}

/**
 * A number flag checked at the edge: the flag, the value and what was expected are named.
 * Undefined (flag not given) stays undefined.
 */
export function numberFlag(value: string | undefined, flag: string, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected ${expected}`);
  }
  return n;
}

/** A numberFlag check: a whole number >= min. */
export const wholeAtLeast =
  (min: number) =>
  (n: number): boolean =>
    Number.isInteger(n) && n >= min;

/** Repeatable/variadic list flags may be given as "A B" or "A,B"; normalise to a flat list. */
export function splitList(values: string[] | string | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const list = (Array.isArray(values) ? values : [values]).flatMap((v) => v.split(',')).map((v) => v.trim());
  return list.filter((v) => v.length > 0);
}

/**
 * Argument parser of a variadic flag whose values come from a fixed list, given as "A B" or
 * "A,B" (like every list flag): commander's own .choices() would refuse "A,B". A value outside
 * the list is a usage error in commander's words ("argument 'x' is invalid. Allowed choices
 * are ..."). Name the choices in the flag's help text.
 */
export function choiceList<T extends string>(choices: readonly T[]): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => {
    const out = [...(previous ?? [])];
    for (const v of value.split(',').map((x) => x.trim())) {
      if (v === '') continue;
      if (!(choices as readonly string[]).includes(v)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
      out.push(v as T);
    }
    return out;
  };
}

export function resolveFromCwd(p: string): string {
  return path.resolve(process.cwd(), p);
}
