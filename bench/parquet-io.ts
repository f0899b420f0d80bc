/**
 * Parquet write and read of 1M real candles (goals: read into typed arrays < 150 ms,
 * write < 500 ms), through the store (parquet-wasm, Snappy, atomic write with fsync), plus
 * the alternatives it was chosen over: parquet-wasm with zstd / LZ4_RAW / no compression,
 * and hyparquet + hyparquet-writer with the same file layout.
 *
 *   npx tsx bench/parquet-io.ts          (BENCH_REPS=n to change the repetitions, default 7)
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CANDLE_COLUMNS, type Candles } from '../framework/data/candles.ts';
import { writeFileAtomic } from '../framework/data/atomic-write.ts';
import { decodeCandles, encodeCandles } from '../framework/data/parquet-codec.ts';
import {
  PARQUET_CODEC,
  PARQUET_LIBRARY,
  readCandlesParquet,
  writeCandlesParquet,
  type CandleCodec,
} from '../framework/data/parquet-store.ts';
import { realCandles, round, timeRuns } from './lib/real-candles.ts';

const ROWS = 1_000_000;
const REPS = Number(process.env.BENCH_REPS ?? 7);
const SLOW_REPS = Math.max(1, Math.min(REPS, 3));

const candles = realCandles(ROWS);
const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-bench-parquet-'));

function sameBits(a: Candles, b: Candles): boolean {
  return CANDLE_COLUMNS.every((k) =>
    Buffer.from(a[k].buffer, a[k].byteOffset, a[k].byteLength).equals(
      Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength),
    ),
  );
}

async function parquetWasm(codec: CandleCodec, reps: number) {
  const file = path.join(dir, `pw-${codec}.parquet`);
  const write = await timeRuns(reps, () => writeFileAtomic(file, encodeCandles(candles, file, codec)));
  let back!: Candles;
  const read = await timeRuns(reps, async () => {
    back = decodeCandles(await readFile(file), file);
  });
  return {
    codec,
    write_ms_median: write.median,
    read_ms_median: read.median,
    write_ms_min: write.min,
    read_ms_min: read.min,
    file_bytes: statSync(file).size,
    exact: sameBits(back, candles),
  };
}

/**
 * The competitor, for the record: hyparquet-writer with the store's layout
 * (TIMESTAMP_MILLIS + 5 DOUBLE, Snappy) and hyparquet reading into six Float64Arrays. Loaded
 * dynamically so the bench still runs (without these figures) if the packages are removed.
 */
async function hyparquetFigures(storeFile: string): Promise<Record<string, unknown>> {
  let hy: typeof import('hyparquet');
  let writer: typeof import('hyparquet-writer');
  let compressors: typeof import('hyparquet-compressors').compressors;
  try {
    hy = await import('hyparquet');
    writer = await import('hyparquet-writer');
    compressors = (await import('hyparquet-compressors')).compressors;
  } catch (err) {
    return { skipped: `hyparquet packages not installed (${String(err)})` };
  }
  const write = async (file: string): Promise<void> => {
    const columnData = [
      { name: 'timestamp', data: candles.timestamp, type: 'TIMESTAMP' as const, nullable: false },
      ...(['open', 'high', 'low', 'close', 'volume'] as const).map((name) => ({
        name,
        data: candles[name],
        type: 'DOUBLE' as const,
        nullable: false,
      })),
    ];
    const buf = writer.parquetWriteBuffer({ columnData, codec: 'SNAPPY', rowGroupSize: ROWS });
    await writeFileAtomic(file, new Uint8Array(buf));
  };
  const read = async (file: string): Promise<Candles> => {
    const bytes = await readFile(file);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const cols: Record<string, Float64Array> = {};
    for (const k of CANDLE_COLUMNS) cols[k] = new Float64Array(ROWS);
    await hy.parquetRead({
      file: ab,
      compressors,
      parsers: { timestampFromMilliseconds: (v: bigint) => Number(v) },
      onChunk: ({ columnName, columnData, rowStart }) => {
        const out = cols[columnName]!;
        for (let i = 0; i < columnData.length; i++) out[rowStart + i] = Number(columnData[i]);
      },
    });
    return cols as unknown as Candles;
  };
  const file = path.join(dir, 'hyparquet.parquet');
  const w = await timeRuns(SLOW_REPS, () => write(file));
  let back!: Candles;
  const r = await timeRuns(SLOW_REPS, async () => {
    back = await read(file);
  });
  const rStore = await timeRuns(SLOW_REPS, () => read(storeFile));
  return {
    codec: 'SNAPPY',
    write_ms_median: w.median,
    read_ms_median: r.median,
    write_ms_min: w.min,
    read_ms_min: r.min,
    read_store_file_ms_median: rStore.median,
    file_bytes: statSync(file).size,
    exact: sameBits(back, candles),
  };
}

async function main(): Promise<void> {
  // The store itself: what `CandleStore.read/write` cost, file I/O, fsync and rename included.
  const file = path.join(dir, 'store', 'BTC_USDT-5m.parquet');
  const write = await timeRuns(REPS, () => writeCandlesParquet(file, candles));
  let back!: Candles;
  const read = await timeRuns(REPS, async () => {
    back = await readCandlesParquet(file);
  });
  const bytes = readFileSync(file);
  // in memory only: what the codec costs without file I/O, fsync and rename
  const encode = await timeRuns(REPS, () => encodeCandles(candles, file));
  const decode = await timeRuns(REPS, () => decodeCandles(bytes, file));

  const alternatives: Record<string, unknown> = {};
  for (const codec of ['ZSTD', 'LZ4_RAW', 'UNCOMPRESSED'] as const) {
    alternatives[`parquet-wasm/${codec}`] = await parquetWasm(codec, codec === 'ZSTD' ? SLOW_REPS : REPS);
  }
  alternatives['hyparquet/SNAPPY'] = await hyparquetFigures(file);

  const line = {
    bench: 'parquet-io',
    rows: ROWS,
    reps: REPS,
    library: PARQUET_LIBRARY,
    codec: PARQUET_CODEC,
    read_ms_median: read.median,
    write_ms_median: write.median,
    read_ms_min: read.min,
    write_ms_min: write.min,
    encode_ms_median: encode.median,
    decode_ms_median: decode.median,
    file_bytes: bytes.length,
    bytes_per_candle: round(bytes.length / ROWS, 2),
    roundtrip_exact: sameBits(back, candles),
    goal_read_ms: 150,
    goal_write_ms: 500,
    alternatives,
    node: process.version,
    cpus: os.cpus().length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
