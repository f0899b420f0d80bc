const TWO_32 = 4_294_967_296;

/**
 * floor(int64 / divisor) for n values, exactly, without a BigInt per row (shared by the Parquet
 * reader and the Arrow conversion). Each value is two little-endian int32 halves,
 * v = hi * 2^32 + lo, and 2^32 = a * divisor + b, so
 * v / divisor = hi * a + (hi * b + lo) / divisor where every term fits in a double exactly.
 */
export function int64ToMs(halves: Int32Array, n: number, divisor: number, out: Float64Array, at: number): void {
  if (divisor === 0) {
    for (let i = 0; i < n; i++) out[at + i] = (halves[2 * i + 1]! * TWO_32 + (halves[2 * i]! >>> 0)) * 1000;
    return;
  }
  if (divisor === 1) {
    for (let i = 0; i < n; i++) out[at + i] = halves[2 * i + 1]! * TWO_32 + (halves[2 * i]! >>> 0);
    return;
  }
  const a = Math.floor(TWO_32 / divisor);
  const b = TWO_32 - a * divisor;
  for (let i = 0; i < n; i++) {
    const hi = halves[2 * i + 1]!;
    out[at + i] = hi * a + Math.floor((hi * b + (halves[2 * i]! >>> 0)) / divisor);
  }
}
