import path from 'node:path';
import type { Command } from 'commander';
import { DataError, errorMessage } from '../../core/errors.ts';
import { convertFile, expandInputs, type ConvertOptions, type ConvertResult } from '../../data/convert.ts';
import type { TradingMode } from '../../data/parquet-store.ts';
import { loadCommandConfig } from '../common.ts';
import type { ConvertDataFlags } from '../convert-data.ts';
import { formatTable, shortTime } from '../text-table.ts';
import { importOptionsFromFlags, qualityOptionsFromFlags } from './data-flags.ts';

/** What `run.ts convert-data` does (registered in ../convert-data.ts). */
export async function convertDataCommand(flags: ConvertDataFlags, command: Command): Promise<void> {
  const { config } = loadCommandConfig(command, { 'data.directory': flags.datadir, 'exchange.name': flags.exchange });
  const results = await convertData({
    inputs: flags.input,
    dataDir: config.data.directory,
    exchange: config.exchange.name,
    tradingMode: config.exchange.trading_mode as TradingMode,
    ...(flags.pair ? { pair: flags.pair } : {}),
    ...(flags.timeframe ? { timeframe: flags.timeframe } : {}),
    erase: Boolean(flags.erase),
    force: Boolean(flags.force),
    quality: qualityOptionsFromFlags(flags),
    ...importOptionsFromFlags(flags),
  });
  printResults(results, config.data.directory, Boolean(flags.json));
  const failed = results.filter((r) => 'error' in r);
  if (failed.length > 0) {
    throw new DataError(`${failed.length} of ${results.length} input files were not imported (see above)`);
  }
}

export type ConvertOutcome = ConvertResult | { input: string; error: string };

export interface ConvertDataParams extends Omit<ConvertOptions, 'pair' | 'timeframe'> {
  inputs: string[];
  pair?: string;
  timeframe?: string;
}

/**
 * Import every input; a failing file does not stop the others (its error is returned in its
 * place). The same target given twice (e.g. X.json and X.feather) is merged in input order.
 */
export async function convertData(params: ConvertDataParams): Promise<ConvertOutcome[]> {
  const files = await expandInputs(params.inputs);
  if (params.pair && files.length > 1) {
    throw new DataError(`--pair applies to one input file, but ${files.length} were given; name files like BTC_USDT-5m.json instead`);
  }
  const out: ConvertOutcome[] = [];
  for (const file of files) {
    try {
      out.push(await convertFile(file, { ...params, ...(params.pair ? { pair: params.pair } : {}) }));
    } catch (err) {
      out.push({ input: file, error: errorMessage(err) });
    }
  }
  return out;
}

function printResults(results: ConvertOutcome[], dataDir: string, json: boolean): void {
  if (json) {
    const slim = results.map((r) => ('error' in r ? r : { ...r, report: { ...r.report, findings: r.report.findings.slice(0, 20) } }));
    process.stdout.write(`${JSON.stringify(slim, null, 2)}\n`);
    return;
  }
  const ok = results.filter((r): r is ConvertResult => !('error' in r));
  const targets = new Map<string, string[]>();
  for (const r of ok) targets.set(r.file, [...(targets.get(r.file) ?? []), r.input]);
  if (ok.length > 0) {
    process.stdout.write(`Imported ${ok.length} file${ok.length === 1 ? '' : 's'} into ${dataDir}:\n`);
    process.stdout.write(
      formatTable(
        ['pair', 'timeframe', 'imported', 'stored', 'first', 'last', 'quality', 'input', 'written to'],
        ok.map((r) => [
          r.pair,
          r.timeframe,
          r.imported,
          r.written,
          shortTime(r.first),
          shortTime(r.last),
          qualitySummary(r),
          r.input,
          path.relative(dataDir, r.file),
        ]),
      ),
    );
  }
  for (const [file, inputs] of targets) {
    if (inputs.length > 1) {
      process.stdout.write(`note: ${inputs.join(' and ')} went into the same file ${file} (merged; the later file wins on equal timestamps)\n`);
    }
  }
  for (const r of results) {
    if ('error' in r) process.stdout.write(`failed: ${r.error}\n`);
  }
}

function qualitySummary(r: ConvertResult): string {
  const parts: string[] = [];
  const rep = r.report;
  if (r.duplicatesRemoved > 0) parts.push(`${r.duplicatesRemoved} duplicates dropped`);
  if (rep.counts.unsorted > 0) parts.push('sorted');
  if (rep.gaps > 0) parts.push(`${rep.gaps} gap${rep.gaps === 1 ? '' : 's'} (${rep.missingCandles} missing)`);
  if (rep.counts.stale_run > 0) parts.push(`${rep.counts.stale_run} stale runs`);
  if (rep.counts.outlier_return > 0) parts.push(`${rep.counts.outlier_return} outlier returns`);
  const otherErrors = rep.errors - rep.counts.unsorted - rep.counts.duplicate;
  if (otherErrors > 0) parts.push(`${otherErrors} errors (forced)`);
  if (r.previouslyStored > 0) parts.push(`merged with ${r.previouslyStored} stored`);
  return parts.length > 0 ? parts.join(', ') : 'ok';
}
