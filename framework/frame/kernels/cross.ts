/**
 * The crossing kernel behind Series.crossedAbove and crossedBelow. One function for both
 * (crossed below is crossed above with the operands swapped: a < b is exactly b > a, and
 * a >= b exactly b <= a, NaN included), so the second call of a strategy runs code V8 has
 * already compiled; a fresh process runs a first call of a loop in its interpreter.
 */

/** out[i] = 1 where a[i] > b[i] and a[i-1] <= b[i-1]; row 0 and every other row stay 0 (as allocated). */
export function crossUp(a: Float64Array, b: Float64Array, out: Uint8Array): void {
  const n = a.length;
  if (n === 0) return;
  // The previous row's values kept in locals: two reads per row instead of four.
  let pa = a[0]!;
  let pb = b[0]!;
  for (let i = 1; i < n; i++) {
    const ca = a[i]!;
    const cb = b[i]!;
    if (ca > cb && pa <= pb) out[i] = 1;
    pa = ca;
    pb = cb;
  }
}
