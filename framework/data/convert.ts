/**
 * Import one candle file (any supported format) into the Parquet store: read, sort and drop
 * duplicate timestamps, check quality, merge with what is stored, write atomically.
 * A file with errors that sorting cannot repair (bad prices, rows off the timeframe grid) is
 * refused unless `force`, so a wrong `--timeframe` or a broken export never lands in the store.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataError, UsageError } from '../core/errors.ts';
import { parsePair, type Pair } from '../core/pair.ts';
import { timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import { sortAndDedupe } from './clean.ts';
import { importCandles, isImportableFile, parseFreqtradeFileName, type ImportOptions } from './importers/index.ts';
import { mergeCandles } from './merge.ts';
import { CandleStore, type TradingMode } from './parquet-store.ts';
import { checkCandles, QUALITY_CHECKS, SEVERITY, type QualityOptions, type QualityReport } from './quality.ts';

export interface ConvertOptions extends ImportOptions {
  dataDir: string;
  exchange: string;
  tradingMode?: TradingMode;
  /** Pair and timeframe; taken from a Freqtrade-style file name (`BTC_USDT-5m.json`) when absent. */
  pair?: Pair;
  timeframe?: Timeframe;
  /** Replace the stored candles instead of merging into them. */
  erase?: boolean;
  /** Write even when the quality checks find errors. */
  force?: boolean;
  quality?: QualityOptions;
}

export interface ConvertResult {
  input: string;
  pair: Pair;
  timeframe: Timeframe;
  file: string;
  /** Rows read from the input. */
  imported: number;
  duplicatesRemoved: number;
  /** Rows stored before this import (0 with erase or a new file). */
  previouslyStored: number;
  /** Rows in the store file after the write. */
  written: number;
  first?: string;
  last?: string;
  report: QualityReport;
}

/** Errors that sorting and deduplication before the write repair. */
const REPAIRED = new Set(['unsorted', 'duplicate']);

export async function convertFile(input: string, opts: ConvertOptions): Promise<ConvertResult> {
  const fromName = parseFreqtradeFileName(input);
  const pair = opts.pair ?? fromName?.pair;
  const timeframe = opts.timeframe ?? fromName?.timeframe;
  if (!pair || !timeframe) {
    throw new UsageError(
      `${input}: cannot tell the ${!pair ? 'pair' : 'timeframe'} from the file name (expected e.g. BTC_USDT-5m.json); give --pair and --timeframe`,
    );
  }
  parsePair(pair); // throws a UsageError naming a bad pair
  const tfMs = timeframeToMs(timeframe); // and a bad timeframe
  const tradingMode: TradingMode = fromName?.candleType === 'futures' ? 'futures' : (opts.tradingMode ?? 'spot');
  if (fromName?.candleType && !['futures', 'spot'].includes(fromName.candleType)) {
    throw new UsageError(`${input}: ${fromName.candleType} candles are not traded prices; only spot and futures candles can be imported`);
  }

  const raw = await importCandles(input, opts);
  const report = checkCandles(raw, tfMs, { ...opts.quality, checkGrid: !timeframe.endsWith('M') });
  const blocking = QUALITY_CHECKS.filter((c) => SEVERITY[c] === 'error' && !REPAIRED.has(c) && report.counts[c] > 0);
  if (blocking.length > 0 && !opts.force) {
    const first = report.findings.find((f) => blocking.includes(f.check));
    const hint = blocking.includes('misaligned') ? ` (is ${timeframe} the right timeframe? give --timeframe)` : '';
    throw new DataError(
      `${input}: not imported: ${blocking.map((c) => `${report.counts[c]} ${c}`).join(', ')}` +
        (first ? `; first at row ${first.row} (${first.timestamp}): ${first.message}` : '') +
        `${hint}; run check-data --file for the full report, or --force to import anyway`,
    );
  }
  const { candles, duplicatesRemoved } = sortAndDedupe(raw);

  const store = new CandleStore(opts.dataDir, opts.exchange, tradingMode);
  let merged = candles;
  let previouslyStored = 0;
  if (!opts.erase && store.exists(pair, timeframe)) {
    const stored = await store.read(pair, timeframe);
    previouslyStored = stored.timestamp.length;
    merged = mergeCandles(stored, candles);
  }
  await store.write(pair, timeframe, merged);
  const n = merged.timestamp.length;
  return {
    input,
    pair,
    timeframe,
    file: store.path(pair, timeframe),
    imported: raw.timestamp.length,
    duplicatesRemoved,
    previouslyStored,
    written: n,
    ...(n > 0 ? { first: new Date(merged.timestamp[0]!).toISOString(), last: new Date(merged.timestamp[n - 1]!).toISOString() } : {}),
    report,
  };
}

/** Files named by `inputs`: files as given, directories expanded to their importable files (not recursive). */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = await stat(input);
    } catch {
      throw new DataError(`${input}: no such file or directory`);
    }
    if (st.isDirectory()) {
      const names = (await readdir(input)).filter(isImportableFile).sort();
      if (names.length === 0) throw new DataError(`${input}: directory holds no candle files (.json, .json.gz, .feather, .csv, .txt, .parquet)`);
      files.push(...names.map((n) => path.join(input, n)));
    } else {
      files.push(input);
    }
  }
  return files;
}
