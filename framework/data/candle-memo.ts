/**
 * Facts derived from one stored candle file, remembered beside its column cache so that a
 * fresh process does not recompute them: the quality report of the checks run on load, where
 * the gaps are, the sha256 of the candles a backtest used. Each costs a pass over every row,
 * and a pass over 100k rows in a process that has just started runs in V8's interpreter
 * (milliseconds each), against well under a millisecond to read them back.
 *
 * A memo file is `<dataDir>/.cache/<exchange>[/futures]/<BASE>_<QUOTE>-<tf>.memo.json`:
 *   { "format": 1, "source": { "size", "mtimeMs", "ino" }, "entries": { "<key>": <value> } }
 * `source` is the Parquet file's identity, checked as the column cache checks it: any write of
 * the Parquet file makes every entry stale, and a stale, unreadable or foreign memo is treated
 * as empty and rewritten. Keys name the producer and its version (e.g. `quality:1:...`), so a
 * change in how a fact is computed never reads an old value: the producer bumps its version.
 * Values are plain JSON; a producer stores only what JSON gives back exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempPathFor } from './atomic-write.ts';
import { sameSource, sourceOf, type FileSource } from './column-cache.ts';

const FORMAT = 1;
/** Entries kept per file: keys include the timerange of a hash, so many runs add many; oldest go first. */
const MAX_ENTRIES = 64;

interface MemoFile {
  format: number;
  source: FileSource;
  entries: Record<string, unknown>;
}

/** Where the memo of `parquetFile` (inside `dataDir`) lives. */
export function candleMemoPath(dataDir: string, parquetFile: string): string {
  const rel = path.relative(dataDir, parquetFile);
  return path.join(dataDir, '.cache', rel.replace(/\.parquet$/, '.memo.json'));
}

export class CandleMemo {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly parquetFile: string,
    private readonly source: FileSource,
    private readonly entries: Record<string, unknown>,
  ) {}

  /** The memo of `parquetFile` (empty when missing or stale); undefined when the Parquet file does not exist. */
  static open(memoFile: string, parquetFile: string): CandleMemo | undefined {
    const source = sourceOf(parquetFile);
    if (!source) return undefined;
    let entries: Record<string, unknown> = {};
    try {
      const m = JSON.parse(fs.readFileSync(memoFile, 'utf8')) as Partial<MemoFile>;
      if (m.format === FORMAT && sameSource(m.source, source) && typeof m.entries === 'object' && m.entries !== null && !Array.isArray(m.entries)) {
        entries = m.entries;
      }
    } catch {
      // missing or unreadable: start empty
    }
    return new CandleMemo(memoFile, parquetFile, source, entries);
  }

  /** Whether the Parquet file is still the one the memo was opened for (its facts apply to what was just read). */
  isCurrent(): boolean {
    const now = sourceOf(this.parquetFile);
    return now !== undefined && sameSource(this.source, now);
  }

  get<T>(key: string): T | undefined {
    return Object.hasOwn(this.entries, key) ? (this.entries[key] as T) : undefined;
  }

  set(key: string, value: unknown): void {
    delete this.entries[key]; // re-inserted last: the newest entry survives the cap
    this.entries[key] = value;
    this.dirty = true;
  }

  /** The remembered value, or `compute()` remembered (saved by `save`). */
  getOrCompute<T>(key: string, compute: () => T): T {
    const got = this.get<T>(key);
    if (got !== undefined) return got;
    const value = compute();
    this.set(key, value);
    return value;
  }

  /**
   * Write the memo when something was added. Best effort: a memo that cannot be written (read-only
   * data directory, full disk) only means the facts are computed again next time. The source is
   * checked again first, so a Parquet file rewritten meanwhile never gets facts of its old contents.
   */
  save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    if (!this.isCurrent()) return;
    const keys = Object.keys(this.entries);
    const entries: Record<string, unknown> = {};
    for (const k of keys.slice(Math.max(0, keys.length - MAX_ENTRIES))) entries[k] = this.entries[k];
    const body = JSON.stringify({ format: FORMAT, source: this.source, entries } satisfies MemoFile);
    const tmp = tempPathFor(this.file);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, body);
      fs.renameSync(tmp, this.file);
    } catch {
      // best effort (see above); a temporary file left by a failed rename goes
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // the directory itself is unusable
      }
    }
  }
}
