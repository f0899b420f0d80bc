import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC, tableToIPC, Table, makeVector, makeData, TimestampMillisecond } from 'apache-arrow';
import * as pw from 'parquet-wasm';
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
function tsTable(c: Candles) {
  const big = new BigInt64Array(c.timestamp.length);
  const h = new Int32Array(big.buffer);
  for (let i = 0; i < c.timestamp.length; i++) { const v = c.timestamp[i]!; const hi = Math.floor(v / 4294967296); h[2*i] = (v - hi*4294967296) | 0; h[2*i+1] = hi; }
  const ts = makeVector(makeData({ type: new TimestampMillisecond('UTC'), data: big, length: big.length }));
  const t = candlesToArrowTable(c);
  return new Table({ timestamp: ts, open: t.getChild('open')!, high: t.getChild('high')!, low: t.getChild('low')!, close: t.getChild('close')!, volume: t.getChild('volume')! });
}
type Cfg = { codec: pw.Compression; dict: boolean; enc?: pw.Encoding; tsEnc?: pw.Encoding; stats?: boolean };
const cfgs: Record<string, Cfg> = {
  'zstd-dict': { codec: pw.Compression.ZSTD, dict: true },
  'zstd-plain': { codec: pw.Compression.ZSTD, dict: false },
  'zstd-bss-delta': { codec: pw.Compression.ZSTD, dict: false, enc: pw.Encoding.BYTE_STREAM_SPLIT, tsEnc: pw.Encoding.DELTA_BINARY_PACKED },
  'zstd-plain-delta': { codec: pw.Compression.ZSTD, dict: false, tsEnc: pw.Encoding.DELTA_BINARY_PACKED },
  'snappy-plain': { codec: pw.Compression.SNAPPY, dict: false },
  'snappy-plain-delta': { codec: pw.Compression.SNAPPY, dict: false, tsEnc: pw.Encoding.DELTA_BINARY_PACKED },
  'snappy-bss-delta': { codec: pw.Compression.SNAPPY, dict: false, enc: pw.Encoding.BYTE_STREAM_SPLIT, tsEnc: pw.Encoding.DELTA_BINARY_PACKED },
  'lz4raw-plain-delta': { codec: pw.Compression.LZ4_RAW, dict: false, tsEnc: pw.Encoding.DELTA_BINARY_PACKED },
  'none-plain-delta': { codec: pw.Compression.UNCOMPRESSED, dict: false, tsEnc: pw.Encoding.DELTA_BINARY_PACKED },
};
for (const [name, cfg] of Object.entries(cfgs)) {
  const file = path.join(dir, `${name}.parquet`);
  let bytes!: Uint8Array;
  const st = { ipc: 0, fromIpc: 0, write: 0, fs: 0 };
  const w = time(() => {
    let b = new pw.WriterPropertiesBuilder().setCompression(cfg.codec).setMaxRowGroupSize(1 << 30).setDictionaryEnabled(cfg.dict);
    if (cfg.stats === false) b = b.setStatisticsEnabled(pw.EnabledStatistics.None);
    if (cfg.enc !== undefined) for (const col of ['open','high','low','close','volume']) b = b.setColumnEncoding(col, cfg.enc);
    if (cfg.tsEnc !== undefined) b = b.setColumnEncoding('timestamp', cfg.tsEnc);
    const props = b.build();
    let t0 = performance.now(); const ipc = tableToIPC(tsTable(c), 'stream'); st.ipc = performance.now() - t0;
    t0 = performance.now(); const wt = pw.Table.fromIPCStream(ipc); st.fromIpc = performance.now() - t0;
    t0 = performance.now(); bytes = pw.writeParquet(wt, props); st.write = performance.now() - t0;
    t0 = performance.now(); writeFileSync(file, bytes); st.fs = performance.now() - t0;
  });
  const rt = { fs: 0, read: 0, ipc: 0, arrow: 0, candles: 0 };
  let back!: Candles;
  const r = time(() => {
    let t0 = performance.now(); const buf = readFileSync(file); rt.fs = performance.now() - t0;
    t0 = performance.now(); const wt = pw.readParquet(buf, { batchSize: 1 << 30 }); rt.read = performance.now() - t0;
    t0 = performance.now(); const ipc = wt.intoIPCStream(); rt.ipc = performance.now() - t0;
    t0 = performance.now(); const t = tableFromIPC(ipc); rt.arrow = performance.now() - t0;
    t0 = performance.now(); back = candlesFromArrowTable(t); rt.candles = performance.now() - t0;
  });
  const ok = back.close.every((v, i) => Object.is(v, c.close[i])) && back.timestamp.every((v, i) => v === c.timestamp[i]) && back.volume.every((v, i) => Object.is(v, c.volume[i]));
  const f = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, +v.toFixed(1)]));
  console.log(name, JSON.stringify({ w, r, MB: +(bytes.length / 1e6).toFixed(2), ok, wst: f(st), rst: f(rt) }));
}
