/**
 * The versioned JSON result of a backtest (schema: result-schema.ts, version 1): written
 * atomically to <results dir>/<strategy>-<YYYY-MM-DD_HH-MM-SS>.json with a
 * `.last_result.json` pointer beside it (Freqtrade's layout: { "latest_backtest": name }),
 * read back with full validation so a corrupt, truncated or older file fails with the file
 * and field named.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { DataError } from '../core/errors.ts';
import { redact } from '../core/redact.ts';
import { writeFileAtomic } from '../data/atomic-write.ts';
import { generateStrategyComparison, generateStrategyReport } from './metrics.ts';
import { RESULT_VERSION, backtestResultSchema, type BacktestResult, type StrategyResult } from './result-schema.ts';
import { hashTradeList } from './trade-hash.ts';
import type { BacktestRun } from './types.ts';

export const LAST_RESULT_FILE = '.last_result.json';

function checkRun(run: BacktestRun): void {
  const where = `backtest run of strategy "${run.strategy}"`;
  if (!(run.startingBalance > 0)) throw new DataError(`${where}: startingBalance must be > 0, got ${run.startingBalance}`);
  if (!(run.timerange.start <= run.timerange.end)) {
    throw new DataError(`${where}: timerange.start (${run.timerange.start}) is after timerange.end (${run.timerange.end})`);
  }
}

/** Metrics, tables, provenance and trades of one run. */
export function buildStrategyResult(run: BacktestRun): StrategyResult {
  checkRun(run);
  const hash = hashTradeList(run.trades);
  if (run.tradeListHash !== undefined && run.tradeListHash !== hash) {
    throw new DataError(
      `backtest run of strategy "${run.strategy}": tradeListHash ${run.tradeListHash} does not match the trades (they hash to ${hash})`,
    );
  }
  // The result owns its trades; its tables are computed from them (some on first read, see lazy.ts).
  const trades = run.trades.map((t) => ({ ...t }));
  return {
    ...generateStrategyReport({ ...run, trades }),
    provenance: {
      fillModel: run.fillModel,
      ...(run.venueModels ? { venueModels: structuredClone(run.venueModels) } : {}),
      seed: run.seed,
      tradeListHash: hash,
      strategySourceHash: run.strategySourceHash,
      dataHashes: { ...run.dataHashes },
      // The caller redacts already; this second pass is the guarantee that nothing secret is written.
      configResolved: redact(run.configResolved),
      runStartedAt: run.runStartedAt ?? null,
      runEndedAt: run.runEndedAt ?? null,
    },
    trades,
  };
}

/** The result of one backtest command: one entry per strategy (--strategy-list) and the comparison. */
export function buildBacktestResult(runs: readonly BacktestRun[], opts: { createdAt?: number } = {}): BacktestResult {
  const strategy: Record<string, StrategyResult> = {};
  for (const run of runs) {
    if (Object.hasOwn(strategy, run.strategy)) throw new DataError(`strategy "${run.strategy}" appears twice in one backtest result`);
    strategy[run.strategy] = buildStrategyResult(run);
  }
  return {
    version: RESULT_VERSION,
    kind: 'keel-backtest-result',
    createdAt: opts.createdAt ?? Date.now(),
    strategy,
    strategyComparison: generateStrategyComparison(Object.values(strategy)),
  };
}

/** `SmaCross-2024-05-01_12-30-00.json` (several strategies: `A+B-...`), UTC. */
export function resultFileName(result: BacktestResult): string {
  const names = Object.keys(result.strategy);
  const base = (names.length === 0 ? 'backtest' : names.join('+')).replace(/[^A-Za-z0-9_+-]/g, '_').slice(0, 100);
  const ts = new Date(result.createdAt).toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');
  return `${base}-${ts}.json`;
}

/**
 * Validate `result` against the schema, write it atomically into `dir` and point
 * `.last_result.json` at it. Returns the path written. An existing file of the same name is
 * never overwritten (a `-2`, `-3` ... suffix is added).
 */
export async function writeBacktestResult(result: BacktestResult, dir: string): Promise<string> {
  const checked = backtestResultSchema.safeParse(result);
  if (!checked.success) throw new DataError(`refusing to write an invalid backtest result: ${describeIssue(checked.error)}`);
  const name = resultFileName(result);
  let file = path.join(dir, name);
  for (let n = 2; await exists(file); n++) file = path.join(dir, name.replace(/\.json$/, `-${n}.json`));
  await writeFileAtomic(file, Buffer.from(`${JSON.stringify(result, null, 1)}\n`));
  await writeFileAtomic(path.join(dir, LAST_RESULT_FILE), Buffer.from(`${JSON.stringify({ latest_backtest: path.basename(file) })}\n`));
  return file;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The result file a user means: a file path as is; a directory (or nothing given: the
 * default results directory) through its `.last_result.json` pointer.
 */
export async function resolveResultFile(fileOrDir: string): Promise<string> {
  let info;
  try {
    info = await stat(fileOrDir);
  } catch {
    throw new DataError(`backtest result ${fileOrDir} does not exist`);
  }
  if (!info.isDirectory()) return fileOrDir;
  const pointer = path.join(fileOrDir, LAST_RESULT_FILE);
  let text: string;
  try {
    text = await readFile(pointer, 'utf8');
  } catch {
    throw new DataError(`no backtest result in ${fileOrDir}: ${LAST_RESULT_FILE} is missing (run a backtest first, or pass --export-filename)`);
  }
  let latest: unknown;
  try {
    latest = (JSON.parse(text) as { latest_backtest?: unknown }).latest_backtest;
  } catch {
    latest = undefined;
  }
  if (typeof latest !== 'string' || latest.length === 0) {
    throw new DataError(`${pointer}: expected { "latest_backtest": "<file name>" }`);
  }
  return path.join(fileOrDir, latest);
}

/** Read and validate a result file; errors name the file and the first bad field. */
export async function readBacktestResult(file: string): Promise<BacktestResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `backtest result ${file} does not exist` : `cannot read backtest result ${file}: ${String(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${file} is not valid JSON (truncated or corrupt?): ${(err as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new DataError(`${file}: expected a JSON object, the Keel backtest result`);
  const version = (raw as { version?: unknown }).version;
  if (version === undefined) {
    throw new DataError(`${file} is not a Keel backtest result: it has no "version" field`);
  }
  if (version !== RESULT_VERSION) {
    throw new DataError(`${file}: result format version ${JSON.stringify(version)} is not supported (this Keel reads version ${RESULT_VERSION}); re-run the backtest`);
  }
  const parsed = backtestResultSchema.safeParse(raw);
  if (!parsed.success) throw new DataError(`${file}: ${describeIssue(parsed.error)}`);
  for (const [name, s] of Object.entries(parsed.data.strategy)) {
    const hash = hashTradeList(s.trades);
    if (hash !== s.provenance.tradeListHash) {
      throw new DataError(
        `${file}: field strategy.${name}.provenance.tradeListHash does not match the stored trades (edited or corrupt file): stored ${s.provenance.tradeListHash}, trades hash to ${hash}`,
      );
    }
  }
  return parsed.data;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `field ${field || '(root)'}: ${issue.message}${more}`;
}
