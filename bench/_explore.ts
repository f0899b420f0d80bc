import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC, tableToIPC, Table, makeVector, makeData, TimestampMillisecond, Field, Schema } from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetRead, parquetMetadata } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readBinance5m } from '../test/helpers/shared-data.ts';
import { allocateCandles, type Candles } from '../framework/data/candles.ts';
import { candlesToArrowTable, candlesFromArrowTable } from '../framework/data/arrow.ts';

function build(n: number): Candles {
  const srcs = [readBinance5m('BTC'), readBinance5m('ETH')];
  const out = allocateCandles(n);
  let at = 0, k = 0, shift = 0;
  while (at < n) {
    const s = srcs[k % 2]!; const m = Math.min(s.timestamp.length, n - at);
    for (let i = 0; i < m; i++) { out.timestamp[at+i] = s.timestamp[i]! + shift; out.open[at+i]=s.open[i]!; out.high[at+i]=s.high[i]!; out.low[at+i]=s.low[i]!; out.close[at+i]=s.close[i]!; out.volume[at+i]=s.volume[i]!; }
    shift += s.timestamp[s.timestamp.length-1]! - s.timestamp[0]! + 300000; at += m; k++;
  }
  return out;
}
const c = build(1_000_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'pq-'));
function med(a: number[]) { const s = [...a].sort((x,y)=>x-y); return s[s.length>>1]!; }
function time(fn: () => void, reps = 7) { const t: number[] = []; for (let i=0;i<reps;i++){ const t0=performance.now(); fn(); t.push(performance.now()-t0);} return +med(t).toFixed(1); }
async function timeA(fn: () => Promise<void>, reps = 7) { const t: number[] = []; for (let i=0;i<reps;i++){ const t0=performance.now(); await fn(); t.push(performance.now()-t0);} return +med(t).toFixed(1); }

function tsTable(c: Candles) {
  const big = new BigInt64Array(c.timestamp.length);
  const h = new Int32Array(big.buffer);
  for (let i = 0; i < c.timestamp.length; i++) { const v = c.timestamp[i]!; const hi = Math.floor(v / 4294967296); h[2*i] = (v - hi*4294967296) | 0; h[2*i+1] = hi; }
  const ts = makeVector(makeData({ type: new TimestampMillisecond('UTC'), data: big, length: big.length }));
  const t = candlesToArrowTable(c);
  return new Table({ timestamp: ts, open: t.getChild('open')!, high: t.getChild('high')!, low: t.getChild('low')!, close: t.getChild('close')!, volume: t.getChild('volume')! });
}
const results: Record<string, unknown> = {};
for (const [codecName, codec] of [['ZSTD', pw.Compression.ZSTD], ['SNAPPY', pw.Compression.SNAPPY], ['UNCOMPRESSED', pw.Compression.UNCOMPRESSED], ['LZ4_RAW', pw.Compression.LZ4_RAW]] as const) {
  const file = path.join(dir, `pw-${codecName}.parquet`);
  let bytes!: Uint8Array;
  const w = time(() => {
    const props = new pw.WriterPropertiesBuilder().setCompression(codec).setMaxRowGroupSize(1 << 30).build();
    const wt = pw.Table.fromIPCStream(tableToIPC(tsTable(c), 'stream'));
    bytes = pw.writeParquet(wt, props);
    writeFileSync(file, bytes);
  });
  let back!: Candles;
  const r = time(() => {
    const buf = readFileSync(file);
    const t = tableFromIPC(pw.readParquet(buf, { batchSize: 1 << 30 }).intoIPCStream());
    back = candlesFromArrowTable(t);
  });
  const ok = back.close.every((v, i) => Object.is(v, c.close[i])) && back.timestamp.every((v, i) => v === c.timestamp[i]);
  results['pw-' + codecName] = { w, r, bytes: bytes.length, ok };
  console.log('pw', codecName, results['pw-' + codecName]);
}
for (const codec of ['SNAPPY', 'UNCOMPRESSED'] as const) {
  const file = path.join(dir, `hy-${codec}.parquet`);
  let bytes!: ArrayBuffer;
  const w = time(() => {
    const big = new BigInt64Array(c.timestamp.length);
    for (let i = 0; i < big.length; i++) big[i] = BigInt(c.timestamp[i]!);
    bytes = parquetWriteBuffer({ codec, columnData: [
      { name: 'timestamp', data: big, type: 'INT64' },
      { name: 'open', data: c.open, type: 'DOUBLE' }, { name: 'high', data: c.high, type: 'DOUBLE' },
      { name: 'low', data: c.low, type: 'DOUBLE' }, { name: 'close', data: c.close, type: 'DOUBLE' }, { name: 'volume', data: c.volume, type: 'DOUBLE' } ] });
    writeFileSync(file, new Uint8Array(bytes));
  }, 3);
  let back: Record<string, any> = {};
  const r = await timeA(async () => {
    const buf = readFileSync(file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const cols: Record<string, any[]> = {};
    await parquetRead({ file: ab, compressors, onChunk: (ch) => { (cols[ch.columnName] ??= []).push(ch.columnData); } });
    back = cols;
  }, 5);
  results['hy-' + codec] = { w, r, bytes: bytes.byteLength, chunks: Object.values(back)[0]?.length, type: back.close?.[0]?.constructor?.name };
  console.log('hy', codec, results['hy-' + codec]);
}
// hyparquet reading the parquet-wasm zstd file
{
  const file = path.join(dir, `pw-ZSTD.parquet`);
  const r = await timeA(async () => {
    const buf = readFileSync(file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    await parquetRead({ file: ab, compressors, parsers: { timestampFromMilliseconds: (v: bigint) => Number(v) }, onChunk: () => {} });
  }, 5);
  console.log('hy read pw-zstd', r);
}
