import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { redactString } from './redact.ts';

// pino-pretty (and its dependencies) load only when a console actually gets the pretty format:
// not with --log-json, not in a silent run, which keeps them off a backtest's start-up.
const requireModule = createRequire(import.meta.url);
const pretty = (options: PinoPretty.PrettyOptions): PinoPretty.PrettyStream => (requireModule('pino-pretty') as typeof PinoPretty)(options);

export type { Logger } from 'pino';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface LoggerOptions {
  level?: LogLevel;
  /** Directory for the per-run JSON log file (user_data/logs); none when omitted. */
  logDir?: string;
  /** Name of the run, used in the log file name, e.g. "backtest". */
  runName?: string;
  /** Console format: human-readable lines (default) or raw JSON lines. */
  consoleFormat?: 'pretty' | 'json';
  /** Where console lines go; stderr by default so stdout stays for command output. */
  consoleStream?: NodeJS.WritableStream;
}

let root: Logger = pino({ level: 'silent' });
let currentLogFile: string | undefined;

/**
 * Configure the process-wide logger: structured JSON to a per-run file, a readable form on the
 * console, and secret values masked in every line (the hooks run before serialization).
 */
export function initLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? 'info';
  const streams: pino.StreamEntry[] = [];
  const consoleStream = opts.consoleStream ?? process.stderr;
  if (level !== 'silent') {
    const stream =
      opts.consoleFormat === 'json'
        ? consoleStream
        : pretty({
            destination: consoleStream,
            colorize: Boolean((consoleStream as NodeJS.WriteStream).isTTY),
            translateTime: 'SYS:HH:MM:ss',
            ignore: 'pid,hostname',
            singleLine: true,
            sync: true,
          });
    streams.push({ level, stream });
  }
  currentLogFile = undefined;
  if (opts.logDir) {
    fs.mkdirSync(opts.logDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    currentLogFile = path.join(opts.logDir, `${opts.runName ?? 'keel'}_${stamp}_${process.pid}.jsonl`);
    streams.push({ level: 'debug', stream: pino.destination({ dest: currentLogFile, sync: true, mkdir: true }) });
  }
  root = pino(
    {
      // The file keeps debug lines even when the console shows less.
      level: opts.logDir ? minLevel(level, 'debug') : level,
      base: undefined,
      hooks: {
        streamWrite: (line: string) => redactString(line),
      },
    },
    pino.multistream(streams),
  );
  return root;
}

function minLevel(a: LogLevel, b: LogLevel): LogLevel {
  const order: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
  return order.indexOf(a) <= order.indexOf(b) ? a : b;
}

export function getLogger(component?: string): Logger {
  return component ? root.child({ component }) : root;
}

export function logFilePath(): string | undefined {
  return currentLogFile;
}
