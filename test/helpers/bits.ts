/**
 * Bit-exact comparison of float64 columns. Object.is/=== would hide a -0/+0 flip or a NaN
 * payload change; comparing the raw bytes does not, and is fast on 100k-row columns (vitest's
 * deep equality on large typed arrays is very slow).
 */
export function firstBitDifference(a: Float64Array, b: Float64Array): string | null {
  if (a.length !== b.length) return `lengths differ: ${a.length} vs ${b.length}`;
  const ab = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const bb = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (ab.equals(bb)) return null;
  const ai = new BigUint64Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
  const bi = new BigUint64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  for (let i = 0; i < ai.length; i++) {
    if (ai[i] !== bi[i]) return `row ${i}: ${a[i]} (0x${ai[i]!.toString(16)}) vs ${b[i]} (0x${bi[i]!.toString(16)})`;
  }
  return null;
}
