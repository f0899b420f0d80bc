/**
 * The rows a condition selects, as positions. Conditions that write signals select a few rows
 * in a hundred; a loop over every byte runs in V8's interpreter in a fresh process (about
 * 20 ns a row, milliseconds per 100k rows), while the typed array's own indexOf jumps from one
 * selected row to the next natively. indexOf costs a call per selected row, so a dense
 * condition goes back to the plain loop.
 */

/** Once this many rows are found, a mean spacing under DENSE_GAP rows switches to the plain loop. */
const DENSE_CHECK = 64;
const DENSE_GAP = 32;

/** Positions of the values of `m` that are exactly 1 (a condition's bytes, or a 0/1 signal column), ascending. */
export function maskRows(m: Uint8Array | Float64Array): Int32Array {
  const n = m.length;
  let out = new Int32Array(Math.min(n, 1024));
  let k = 0;
  const push = (i: number): void => {
    if (k === out.length) {
      const bigger = new Int32Array(Math.min(n, out.length * 4));
      bigger.set(out);
      out = bigger;
    }
    out[k++] = i;
  };
  for (let i = m.indexOf(1); i !== -1; i = m.indexOf(1, i + 1)) {
    push(i);
    if (k >= DENSE_CHECK && i < k * DENSE_GAP) {
      for (let j = i + 1; j < n; j++) if (m[j] === 1) push(j);
      break;
    }
  }
  return out.subarray(0, k);
}
