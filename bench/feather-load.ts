/**
 * Loading ~7M candles, the work Freqtrade's documentation times at ~3.5 s from feather:
 * 67 pair files of 104,816 real 5m candles (a year each; 7,022,672 in all) loaded one after
 * another into memory.
 *
 * - parquet: the files written by the store into a temp dir, loaded with CandleStore.read
 *   (file read + Snappy decode + Arrow -> Float64Array columns).
 * - feather: the real Freqtrade feather file (Arrow IPC, LZ4_FRAME-compressed) loaded 67 times.
 *   apache-arrow JS cannot decode compressed IPC by itself ("Record batch is compressed but
 *   codec not found"); it can once an LZ4 frame codec is registered, which the feather
 *   importer (framework/data/importers/feather.ts) does.
 *
 *   npx tsx bench/feather-load.ts          (BENCH_REPS=n, default 3)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { errorMessage } from '../framework/core/errors.ts';
import type { Candles } from '../framework/data/candles.ts';
import { CandleStore, PARQUET_CODEC, PARQUET_LIBRARY } from '../framework/data/parquet-store.ts';
import { median, readBinance5m, round, sharedDataPath } from './lib/real-candles.ts';

const FILES = 67;
const REPS = Number(process.env.BENCH_REPS ?? 3);
const FREQTRADE_REFERENCE = { candles: 7_000_000, seconds: 3.5 };

const pairs = Array.from({ length: FILES }, (_, i) => `P${String(i).padStart(2, '0')}/USDT`);

/** Median (and minimum) over REPS of loading every file once, and the candle count loaded. */
async function timeLoad(load: (i: number) => Promise<Candles>): Promise<{ ms: number; minMs: number; candles: number }> {
  await load(0); // warm-up (JIT, wasm instantiation)
  const times: number[] = [];
  let candles = 0;
  for (let r = 0; r < REPS; r++) {
    candles = 0;
    const t0 = performance.now();
    for (let i = 0; i < FILES; i++) candles += (await load(i)).timestamp.length;
    times.push(performance.now() - t0);
  }
  return { ms: round(median(times)), minMs: round(Math.min(...times)), candles };
}

function figures(t: { ms: number; minMs: number; candles: number }) {
  return {
    total_ms: t.ms,
    total_ms_min: t.minMs,
    candles: t.candles,
    candles_per_s: Math.round(t.candles / (t.ms / 1000)),
    // time to load Freqtrade's ~7M candles at this rate, for a like-for-like comparison
    ms_per_7m: round((FREQTRADE_REFERENCE.candles / t.candles) * t.ms),
  };
}

async function featherFigures() {
  const file = sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather');
  const bytes = readFileSync(file);
  let plainArrow: string;
  try {
    tableFromIPC(bytes);
    plainArrow = 'reads';
  } catch (err) {
    plainArrow = `fails: ${errorMessage(err)}`;
  }
  let importer: typeof import('../framework/data/importers/feather.ts');
  try {
    importer = await import('../framework/data/importers/feather.ts');
  } catch (err) {
    return { apache_arrow_without_codec: plainArrow, supported: false, reason: errorMessage(err) };
  }
  const t = await timeLoad(async () => importer.parseFeather(await readFile(file), file));
  return {
    apache_arrow_without_codec: plainArrow,
    supported: true,
    how: 'apache-arrow tableFromIPC + LZ4 frame codec registered by framework/data/importers/feather.ts',
    file_bytes: bytes.length,
    ...figures(t),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-bench-load-'));
  try {
    const store = new CandleStore(dir, 'binance');
    const sources = [readBinance5m('BTC'), readBinance5m('ETH')];
    for (let i = 0; i < FILES; i++) await store.write(pairs[i]!, '5m', sources[i % 2]!);

    const parquet = await timeLoad((i) => store.read(pairs[i]!, '5m'));
    const feather = await featherFigures();
    const line = {
      bench: 'feather-load',
      files: FILES,
      rows_per_file: sources[0]!.timestamp.length,
      reps: REPS,
      parquet: { library: PARQUET_LIBRARY, codec: PARQUET_CODEC, ...figures(parquet) },
      feather,
      freqtrade_reference: {
        ...FREQTRADE_REFERENCE,
        candles_per_s: Math.round(FREQTRADE_REFERENCE.candles / FREQTRADE_REFERENCE.seconds),
      },
      parquet_speedup_vs_freqtrade: round((FREQTRADE_REFERENCE.seconds * 1000) / figures(parquet).ms_per_7m, 2),
      node: process.version,
      cpus: os.cpus().length,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
