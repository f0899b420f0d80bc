/**
 * Errors that reach a user. Each one carries a stable machine-readable `code` and a message
 * that names what was wrong and where (file, key path, row), so the CLI can print one clear
 * sentence without a stack trace.
 */
export class KeelError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configuration file, environment override or CLI flag is invalid. */
export class ConfigError extends KeelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}

/** A data file is missing, unreadable or fails validation. */
export class DataError extends KeelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DATA_INVALID', message, options);
  }
}

/** A command-line argument is invalid. */
export class UsageError extends KeelError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** An exchange (or a stand-in server) replied with something unusable or refused the request. */
export class ExchangeError extends KeelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EXCHANGE', message, options);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
