/**
 * Candles out of a parquet-wasm Table through the Arrow C Data Interface: the column buffers
 * are read in WebAssembly memory and copied straight into Float64Arrays. This is the store's
 * read path: it skips the Arrow IPC round trip and, above all, loading apache-arrow (~150
 * modules, a good part of a backtest's start-up).
 *
 * Only the layouts the store writes and their close relatives are read here: `timestamp` (or
 * `date`) as timestamp[s|ms|us|ns], int64 epoch ms or float64, and float64 prices, in any
 * number of chunks, with or without nulls. Anything else (other types, missing columns, a
 * dictionary) returns null and the caller takes the apache-arrow path, which converts the
 * remaining types and words the errors. Results are bit for bit those of
 * candlesFromArrowTable (arrow.ts) on the same file.
 *
 * Layouts (wasm32, little endian; https://arrow.apache.org/docs/format/CDataInterface.html):
 *   ArrowSchema { format*, name*, metadata* @0/4/8; flags i64 @16; n_children i64 @24;
 *                 children** @32; dictionary* @36; release @40; private @44 }
 *   ArrowArray  { length, null_count, offset, n_buffers, n_children: i64 @0/8/16/24/32;
 *                 buffers** @40; children** @44; dictionary* @48; release @52; private @56 }
 */
import { wasmMemory, type Table as WasmTable } from 'parquet-wasm';
import type { Candles } from './candles.ts';
import { int64ToMs } from './int64-ms.ts';

const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
const TIMESTAMP_NAMES = ['timestamp', 'date'] as const;

/** How a column's values become epoch ms / prices. */
const F64 = 0;
const INT64_MS = 1;
const TS_SECONDS = 2;
const TS_MICROS = 3;
const TS_NANOS = 4;

/** Candles from the table, or null when its layout is not one read here (the table is not consumed). */
export function candlesFromWasmTable(table: WasmTable): Candles | null {
  const ffi = table.toFFI();
  try {
    const mem = new DataView(wasmMemory().buffer);
    const schema = ffi.schemaAddr();
    if (cString(mem, u32(mem, schema)) !== '+s' || u32(mem, schema + 36) !== 0) return null;
    const nFields = i64(mem, schema + 24);
    const fieldsPtr = u32(mem, schema + 32);
    const names: string[] = [];
    const kinds: number[] = [];
    for (let j = 0; j < nFields; j++) {
      const f = u32(mem, fieldsPtr + 4 * j);
      names.push(cString(mem, u32(mem, f + 4)));
      kinds.push(u32(mem, f + 36) !== 0 ? -1 : kindOf(cString(mem, u32(mem, f))));
    }
    const tsName = TIMESTAMP_NAMES.find((n) => names.includes(n));
    if (tsName === undefined) return null;
    const wanted = [tsName, ...PRICE_COLUMNS];
    const index = wanted.map((n) => names.indexOf(n));
    if (index.some((i) => i < 0)) return null;
    const tsKind = kinds[index[0]!]!;
    if (tsKind < 0) return null;
    for (let c = 1; c < index.length; c++) if (kinds[index[c]!] !== F64) return null;

    const chunks = ffi.numArrays();
    const arrays: number[] = [];
    let rows = 0;
    for (let k = 0; k < chunks; k++) {
      const a = ffi.arrayAddr(k);
      if (i64(mem, a + 16) !== 0 || i64(mem, a + 32) !== nFields) return null;
      arrays.push(a);
      rows += i64(mem, a);
    }
    const out = wanted.map(() => new Float64Array(rows));
    for (let c = 0; c < wanted.length; c++) {
      const kind = c === 0 ? tsKind : F64;
      let at = 0;
      for (const a of arrays) {
        const child = u32(mem, u32(mem, a + 44) + 4 * index[c]!);
        if (!readColumn(mem, child, kind, out[c]!, at)) return null;
        at += i64(mem, child);
      }
    }
    return { timestamp: out[0]!, open: out[1]!, high: out[2]!, low: out[3]!, close: out[4]!, volume: out[5]! };
  } finally {
    ffi.free();
  }
}

function kindOf(format: string): number {
  if (format === 'g') return F64;
  if (format === 'l') return INT64_MS; // plain int64 timestamps are epoch ms (Freqtrade's json rows)
  if (format.startsWith('ts') && format.length >= 4 && format[3] === ':') {
    switch (format[2]) {
      case 's':
        return TS_SECONDS;
      case 'm':
        return INT64_MS;
      case 'u':
        return TS_MICROS;
      case 'n':
        return TS_NANOS;
    }
  }
  return -1;
}

/** Copies one chunk of a column into out[at..]; false for a layout not handled here. */
function readColumn(mem: DataView, arr: number, kind: number, out: Float64Array, at: number): boolean {
  const length = i64(mem, arr);
  const nulls = i64(mem, arr + 8);
  const offset = i64(mem, arr + 16);
  if (i64(mem, arr + 24) !== 2 || i64(mem, arr + 32) !== 0 || u32(mem, arr + 48) !== 0) return false;
  const buffers = u32(mem, arr + 40);
  const validity = u32(mem, buffers);
  const values = u32(mem, buffers + 4) + offset * 8;
  const bytes = new Uint8Array(mem.buffer, values, length * 8).slice(); // an aligned copy out of wasm memory
  if (kind === F64) {
    out.set(new Float64Array(bytes.buffer, 0, length), at);
  } else {
    const halves = new Int32Array(bytes.buffer, 0, length * 2);
    int64ToMs(halves, length, DIVISOR[kind]!, out, at);
  }
  if (nulls !== 0 && validity !== 0) {
    // Null slots hold arbitrary bytes in Arrow; candles have no nulls, so they become NaN.
    for (let i = 0; i < length; i++) {
      const bit = offset + i;
      if ((mem.getUint8(validity + (bit >>> 3)) & (1 << (bit & 7))) === 0) out[at + i] = Number.NaN;
    }
  }
  return true;
}

/** int64 units per millisecond by kind (0: the column counts seconds). */
const DIVISOR: Record<number, number> = { [INT64_MS]: 1, [TS_SECONDS]: 0, [TS_MICROS]: 1_000, [TS_NANOS]: 1_000_000 };

const TWO_32 = 4_294_967_296;

function u32(mem: DataView, ptr: number): number {
  return mem.getUint32(ptr, true);
}

/** An int64 field that holds a count or length (well below 2^53). */
function i64(mem: DataView, ptr: number): number {
  return mem.getUint32(ptr, true) + mem.getInt32(ptr + 4, true) * TWO_32;
}

function cString(mem: DataView, ptr: number): string {
  if (ptr === 0) return '';
  let end = ptr;
  while (mem.getUint8(end) !== 0) end++;
  return UTF8.decode(new Uint8Array(mem.buffer, ptr, end - ptr));
}

const UTF8 = new TextDecoder();
