import fs from 'node:fs';
import path from 'node:path';
import { UsageError, errorMessage } from '../core/errors.ts';

/**
 * The kill switch's signal file: a running process (paper / live) looks for it once per engine
 * cycle; `run.ts kill` (or anyone: `echo flatten > user_data/KILL`) creates it. Its content
 * says what to do: "halt" (stop trading, cancel open orders) or "flatten" (also close every
 * position with market orders). After acting, the process renames it to
 * `<file>.done-<engine time ms>` so it is not applied again and stays as a record.
 */

export type KillAction = 'halt' | 'flatten';

export interface KillSignal {
  action: KillAction;
  /** The file's text, trimmed (for the log). */
  text: string;
  /** True when the text was neither empty, "halt" nor "flatten" (then it halts). */
  unrecognized: boolean;
}

export const DEFAULT_SIGNAL_FILE = 'user_data/KILL';

/** The action a signal text asks for: "flatten" flattens; "halt", empty or anything else halts. */
export function parseKillSignal(text: string): KillSignal {
  const t = text.trim();
  const word = t.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (word === 'flatten') return { action: 'flatten', text: t, unrecognized: false };
  return { action: 'halt', text: t, unrecognized: word !== '' && word !== 'halt' };
}

/** The signal in `file`, or null when there is none. */
export function readKillSignal(file: string): KillSignal | null {
  // existsSync first: the usual answer is "no file", and a failed read would build an Error each cycle.
  if (!fs.existsSync(file)) return null;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A signal we cannot read is still a signal: stopping is the safe reading.
    return { action: 'halt', text: `(unreadable: ${errorMessage(err)})`, unrecognized: true };
  }
  return parseKillSignal(text);
}

/** Rename the signal file out of the way; returns the new path. */
export function consumeKillSignal(file: string, now: number): string {
  let target = `${file}.done-${now}`;
  for (let n = 1; fs.existsSync(target); n++) target = `${file}.done-${now}-${n}`;
  fs.renameSync(file, target);
  return target;
}

/** Write a signal file atomically (temp file + rename), creating its directory. */
export function writeKillSignal(file: string, action: KillAction): string {
  const abs = path.resolve(file);
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, `${action}\n`);
    fs.renameSync(tmp, abs);
  } catch (err) {
    throw new UsageError(`cannot write the kill signal file ${abs}: ${errorMessage(err)}`);
  }
  return abs;
}
