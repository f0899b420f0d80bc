/**
 * Exchange precision: prices live on a tick grid, quantities on a lot grid. Comparisons go
 * through integer step counts (never float equality), with a tolerance for the binary
 * representation of decimal steps (0.1 + 0.2 is not 0.3).
 */

/** Relative tolerance when deciding whether a value sits on a grid. */
const GRID_EPS = 1e-9;

/** Number of whole steps in value (nearest integer); use to compare prices/quantities exactly. */
export function toSteps(value: number, step: number): number {
  return Math.round(value / step);
}

/** Whether value is a whole number of steps (within floating tolerance). */
export function isOnStep(value: number, step: number): boolean {
  if (!(step > 0)) return true;
  const q = value / step;
  return Math.abs(q - Math.round(q)) <= GRID_EPS * Math.max(1, Math.abs(q));
}

/** Decimal places of a step such as 0.01 -> 2, 0.5 -> 1, 1 -> 0, 1e-8 -> 8. */
export function decimalsOf(step: number): number {
  // Steps repeat (one tick and one lot per instrument): a tiny cache keeps the loop off the fill path.
  if (step === cacheStep0) return cacheDec0;
  if (step === cacheStep1) return cacheDec1;
  const d = computeDecimals(step);
  cacheStep1 = cacheStep0;
  cacheDec1 = cacheDec0;
  cacheStep0 = step;
  cacheDec0 = d;
  return d;
}

let cacheStep0 = Number.NaN;
let cacheDec0 = 0;
let cacheStep1 = Number.NaN;
let cacheDec1 = 0;

function computeDecimals(step: number): number {
  if (!(step > 0)) return 0;
  for (let d = 0; d <= 16; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= GRID_EPS * scaled) return d;
  }
  return 16;
}

/** value on the grid, rounded to nearest; the result is printed cleanly (no 0.30000000000000004). */
export function roundToStep(value: number, step: number): number {
  if (!(step > 0)) return value;
  return fromSteps(Math.round(value / step), step);
}

/** value on the grid, rounded down (amounts: never spend more than available). */
export function floorToStep(value: number, step: number): number {
  if (!(step > 0)) return value;
  const q = value / step;
  // A value a hair below a grid point because of binary representation is that grid point.
  const r = Math.round(q);
  return fromSteps(Math.abs(q - r) <= GRID_EPS * Math.max(1, Math.abs(q)) ? r : Math.floor(q), step);
}

/** value on the grid, rounded up. */
export function ceilToStep(value: number, step: number): number {
  if (!(step > 0)) return value;
  const q = value / step;
  const r = Math.round(q);
  return fromSteps(Math.abs(q - r) <= GRID_EPS * Math.max(1, Math.abs(q)) ? r : Math.ceil(q), step);
}

/** steps * step, rounded to the step's decimals so the float is the shortest decimal. */
export function fromSteps(steps: number, step: number): number {
  // decimalsOf's cache hit written out (this runs several times per order).
  return toFixedNumber(steps * step, step === cacheStep0 ? cacheDec0 : decimalsOf(step));
}

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Number(x.toFixed(d)) without the string round trip (this runs on every fill). toFixed picks
 * the integer n nearest to x * 10^d (exact value; ties to the larger magnitude); n / 10^d of two
 * exact doubles is correctly rounded, as Number() of the decimal string is. The product
 * x * 10^d is off by at most half an ulp, which can only change n near a tie: there, and
 * outside the exact range, toFixed itself decides.
 */
export function toFixedNumber(x: number, d: number): number {
  if (x === 0) return 0;
  if (d <= 22 && x === x) {
    const neg = x < 0;
    const y = (neg ? -x : x) * POW10[d]!;
    // Below 2^43 the product's error (half an ulp <= 2^-10) stays inside the tie band below.
    if (y < 8e12) {
      const n = Math.round(y);
      const frac = y - Math.floor(y);
      if (frac < 0.499 || frac > 0.501) {
        const v = n / POW10[d]!;
        return neg ? -v : v;
      }
    }
  }
  return Number(x.toFixed(d));
}

/** a and b equal within a relative tolerance (prices from different computations). */
export function nearlyEqual(a: number, b: number, relTol = 1e-9): boolean {
  return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}
