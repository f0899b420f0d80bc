import path from 'node:path';
import { KeelError } from '../core/errors.ts';

/**
 * A strategy file or class cannot be used: it does not import, a hook is missing, an attribute
 * or its parameter file holds a bad value. The message names the file (and the class when the
 * problem is about one class), what was given and what was expected.
 */
export class StrategyLoadError extends KeelError {
  readonly file: string;
  readonly className: string | undefined;
  /** What is wrong, without the location (one line; list-strategies shows it as the status). */
  readonly reason: string;
  constructor(
    message: string,
    where: { file: string; className?: string | undefined; cause?: unknown; reason?: string },
  ) {
    super('STRATEGY_INVALID', message, where.cause === undefined ? undefined : { cause: where.cause });
    this.file = where.file;
    this.className = where.className;
    this.reason = where.reason ?? message.replace(/\n\s*(- )?/g, '; ');
  }
}

/** A path as users read it: relative to the working directory when inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** "class SmaCross (user_data/strategies/sma_cross.ts)" or just the file. */
export function describeWhere(file: string, className?: string): string {
  return className ? `strategy ${className} (${displayPath(file)})` : displayPath(file);
}

/** A value as it appears in an error message: JSON where possible, short. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `a function`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A strategy misbehaved while running (a populate hook broke the frame, a bad informative spec). */
export class StrategyRuntimeError extends KeelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STRATEGY_RUNTIME', message, options);
  }
}
