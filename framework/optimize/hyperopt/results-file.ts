import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import type { ParameterFileParams } from '../../strategy/parameter-file.ts';
import type { Point } from '../spaces/dimensions.ts';
import type { EpochMetrics } from './epoch-metrics.ts';
import type { HyperoptRunSpec } from './run-spec.ts';

/**
 * The results of a hyperopt run: one JSON Lines file, user_data/hyperopt_results/
 * <strategy>_<time>.jsonl. Line 1 is the header (the run's spec: strategy, search space,
 * sampler and seed, loss, backtest settings, hashes); every following line is one finished
 * epoch, appended and fsync'ed before the sampler learns its loss, in the order epochs finish.
 * A run killed at any moment leaves a readable file: at worst its last line is cut short,
 * which readers skip with a warning (and --resume cuts off before appending).
 */

export const RESULTS_KIND = 'keel-hyperopt';
export const RESULTS_VERSION = 1;

export interface ResultsHeader {
  kind: typeof RESULTS_KIND;
  version: number;
  createdAt: string;
  /** Epochs the run was started for (--epochs). */
  epochs: number;
  spec: HyperoptRunSpec;
  /** sha256 of the backtest settings, base parameter values and min trades (run-spec.ts). */
  configHash: string;
  /** sha256 of each pair's candles (`<pair> <timeframe>`), startup candles included. */
  dataHashes: Record<string, string>;
  /** Trials per sampler batch (the determinism rule; Infinity is written as null). */
  samplerBatchSize: number | null;
  node: string;
}

export interface EpochLine {
  kind: 'epoch';
  /** 1-based (trial number + 1). */
  epoch: number;
  params: Point;
  /** Freqtrade's params_details: the point by section, as the parameter file holds it. */
  paramsDetails: ParameterFileParams;
  /** The first objective (the loss); null when the epoch failed. */
  loss: number | null;
  /** Every objective; null for a non-finite value. */
  values: Array<number | null>;
  failed: boolean;
  belowMinTrades: boolean;
  metrics: EpochMetrics | null;
  error?: string;
  /** The run's seed (the sampler derives each trial's random stream from it and the trial number). */
  seed: number;
  durationMs: number;
  worker: number;
  finishedAt: string;
}

export interface ResultsFile {
  file: string;
  header: ResultsHeader;
  epochs: EpochLine[];
  /** Line number (1-based) of a cut-off last line that was skipped, or null. */
  skippedLastLine: number | null;
  /** Bytes up to the end of the last complete line (where --resume appends). */
  validBytes: number;
  /** The last complete line has no newline yet (a writer must add one before appending). */
  needsNewline: boolean;
}

/** `<strategy>_<YYYY-MM-DD_HH-MM-SS>.jsonl`, with `_2`, `_3`... if that name is taken. */
export function newResultsPath(dir: string, strategy: string, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
  const base = `${strategy}_${stamp}`;
  for (let k = 1; ; k++) {
    const file = path.join(dir, `${base}${k === 1 ? '' : `_${k}`}.jsonl`);
    if (!fs.existsSync(file)) return file;
  }
}

/** Appends lines and makes each durable (fsync) before returning. */
export class ResultsWriter {
  private fd: number;
  readonly file: string;

  private constructor(file: string, fd: number) {
    this.file = file;
    this.fd = fd;
  }

  /** A new file with its header line. */
  static create(file: string, header: ResultsHeader): ResultsWriter {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'wx');
    const w = new ResultsWriter(file, fd);
    w.append(header);
    return w;
  }

  /** Reopen a file read by readResultsFile for --resume: a cut-off last line is removed first. */
  static resume(r: ResultsFile): ResultsWriter {
    const fd = fs.openSync(r.file, 'r+');
    fs.ftruncateSync(fd, r.validBytes);
    const w = new ResultsWriter(r.file, fd);
    if (r.needsNewline) fs.writeSync(fd, '\n', r.validBytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    w.fd = fs.openSync(r.file, 'a');
    return w;
  }

  append(line: object): void {
    fs.writeSync(this.fd, `${JSON.stringify(line, finiteOrNull)}\n`);
    fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

/** JSON has no NaN or Infinity: they are written as null. */
function finiteOrNull(_k: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/**
 * Read a results file. A cut-off or garbled LAST line is skipped with a warning (a run killed
 * while writing it); any other bad line is an error naming the file and the line.
 */
export function readResultsFile(file: string, opts: { warn?: boolean } = {}): ResultsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`hyperopt results ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`}`);
  }
  if (text.trim() === '') throw new UsageError(`hyperopt results ${file}: the file is empty (no header line)`);
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  // The last non-empty line's number; blank lines elsewhere are an error like any other bad line.
  let last = lines.length;
  while (last > 0 && lines[last - 1]!.trim() === '') last--;

  let offset = 0;
  let validBytes = 0;
  let needsNewline = false;
  let header: ResultsHeader | undefined;
  const epochs: EpochLine[] = [];
  const seen = new Map<number, number>();
  let skippedLastLine: number | null = null;
  for (let i = 0; i < last; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    const bytes = Buffer.byteLength(raw) + 1;
    let value: unknown;
    let problem: string | null = null;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problem = `is not valid JSON (${(err as Error).message})`;
    }
    if (problem === null) problem = lineNo === 1 ? checkHeader(value) : checkEpoch(value);
    if (problem !== null) {
      if (lineNo === last && lineNo > 1) {
        skippedLastLine = lineNo;
        if (opts.warn !== false) {
          getLogger('hyperopt').warn({ file, line: lineNo }, `hyperopt results ${file}: skipping the partial last line ${lineNo} (${problem})`);
        }
        break;
      }
      throw new UsageError(`hyperopt results ${file}: line ${lineNo}${lineNo === 1 ? ' (the header)' : ''} ${problem}`);
    }
    offset += bytes;
    const isLastInFile = i === lines.length - 1 && !endsWithNewline;
    validBytes = isLastInFile ? offset - 1 : offset;
    needsNewline = isLastInFile;
    if (lineNo === 1) header = value as ResultsHeader;
    else {
      const e = value as EpochLine;
      const prior = seen.get(e.epoch);
      if (prior !== undefined) throw new UsageError(`hyperopt results ${file}: line ${lineNo} repeats epoch ${e.epoch} (already on line ${prior})`);
      seen.set(e.epoch, lineNo);
      epochs.push(e);
    }
  }
  return { file, header: header!, epochs, skippedLastLine, validBytes, needsNewline };
}

function checkHeader(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || (v as { kind?: unknown }).kind !== RESULTS_KIND) {
    return `is not a Keel hyperopt header (expected {"kind":"${RESULTS_KIND}", ...})`;
  }
  const h = v as ResultsHeader;
  if (h.version !== RESULTS_VERSION) return `has version ${JSON.stringify(h.version)}; this Keel reads version ${RESULTS_VERSION}`;
  if (!h.spec || typeof h.spec !== 'object' || !h.spec.searchSpace || !h.spec.strategy) return 'has no run spec (spec.strategy, spec.searchSpace)';
  return null;
}

function checkEpoch(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || (v as { kind?: unknown }).kind !== 'epoch') return 'is not an epoch line (expected {"kind":"epoch", ...})';
  const e = v as EpochLine;
  if (!Number.isSafeInteger(e.epoch) || e.epoch < 1) return `has epoch ${JSON.stringify(e.epoch)}; expected a whole number >= 1`;
  if (e.params === null || typeof e.params !== 'object' || Array.isArray(e.params)) return 'has no params object';
  if (!Array.isArray(e.values)) return 'has no values array';
  return null;
}

/**
 * The file a RUN argument names: a path (relative to the working directory), or a name in the
 * results directory, with or without `.jsonl`.
 */
export function resolveResultsFile(run: string, dir: string): string {
  const candidates = [path.resolve(run), path.join(dir, run), path.join(dir, `${run}.jsonl`)];
  for (const c of candidates) if (fs.statSync(c, { throwIfNoEntry: false })?.isFile()) return c;
  const known = listResultsFiles(dir).slice(0, 10).map((f) => path.basename(f));
  throw new UsageError(
    `no hyperopt results file ${JSON.stringify(run)} (looked for ${candidates.join(', ')})` +
      (known.length > 0 ? `; recent runs in ${dir}: ${known.join(', ')}` : `; ${dir} holds no runs`),
  );
}

/** Results files in `dir`, newest (last written) first. */
export function listResultsFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return [];
  }
  return names
    .map((n) => ({ file: path.join(dir, n), mtime: fs.statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || (a.file < b.file ? 1 : -1))
    .map((x) => x.file);
}

/** --results FILE, else the newest run in the results directory. */
export function pickResultsFile(given: string | undefined, dir: string): string {
  if (given !== undefined) return resolveResultsFile(given, dir);
  const newest = listResultsFiles(dir)[0];
  if (!newest) throw new UsageError(`no hyperopt results in ${dir}: run hyperopt first, or pass --results FILE`);
  return newest;
}
