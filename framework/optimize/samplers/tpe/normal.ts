/**
 * The standard normal distribution to double precision, in plain arithmetic (no table, no
 * dependency): erfc, the CDF Φ, log Φ without underflow far in the tails, the inverse CDF,
 * and the log of a probability mass Φ(b) - Φ(a). TPE's truncated-normal kernels are built on
 * these.
 */

const SQRT2 = Math.SQRT2;
const SQRT_PI = Math.sqrt(Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** Below this erfc goes through the series for erf, above through the continued fraction. */
const SERIES_LIMIT = 2.5;
/** The table is built with the continued fraction from here up (it converges slowly below, but is free of cancellation). */
const TABLE_FRACTION_FROM = 1;

/** erf(x) = 2/√π e^{-x²} Σ 2^n x^{2n+1} / (1·3·…·(2n+1)): all terms positive, so no cancellation. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x2) * sum);
}

/**
 * e^{x²} erfc(x) for x >= SERIES_LIMIT, from the continued fraction
 *   erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
 * evaluated by the modified Lentz method.
 */
function erfcxFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 100000; n++) {
    const a = n / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    d = 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / (SQRT_PI * f);
}

/** e^{x²} erfc(x) for x >= 0 from the series / continued fraction: exact to ~1e-15, but slow (a loop). */
export function erfcxSlow(x: number): number {
  if (x < SERIES_LIMIT) return Math.exp(x * x) * (1 - erfSeries(x));
  return erfcxFraction(x);
}

/*
 * Fast erfcx: quintic Hermite interpolation between nodes every 1/64 on [0, 32], using the
 * exact value and the analytic first and second derivatives at each node
 *   f' = 2x f - 2/√π,   f'' = (2 + 4x²) f - 4x/√π.
 * The interpolation error is below 1e-13 relative; beyond 32 the asymptotic series is exact
 * to double precision. The table (3 × 2049 numbers) is built once from erfcxSlow.
 */
const NODES_PER_UNIT = 64;
const TABLE_END = 32;
const H = 1 / NODES_PER_UNIT;
const TWO_OVER_SQRT_PI = 2 / SQRT_PI;
let table: { f: Float64Array; d1: Float64Array; d2: Float64Array } | null = null;

function erfcxTable(): { f: Float64Array; d1: Float64Array; d2: Float64Array } {
  if (table) return table;
  const n = TABLE_END * NODES_PER_UNIT + 1;
  const f = new Float64Array(n);
  const d1 = new Float64Array(n);
  const d2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i * H;
    const v = x < TABLE_FRACTION_FROM ? erfcxSlow(x) : erfcxFraction(x);
    f[i] = v;
    d1[i] = 2 * x * v - TWO_OVER_SQRT_PI;
    d2[i] = (2 + 4 * x * x) * v - 2 * x * TWO_OVER_SQRT_PI;
  }
  table = { f, d1, d2 };
  return table;
}

/** e^{x²} erfc(x), the scaled complementary error function (finite for every x >= 0). */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 * Math.exp(x * x) - erfcx(-x);
  if (x >= TABLE_END) {
    // 1/(x√π) · Σ (-1)^n (2n-1)!! / (2x²)^n
    const u = 1 / (2 * x * x);
    const series = 1 - u * (1 - 3 * u * (1 - 5 * u * (1 - 7 * u * (1 - 9 * u * (1 - 11 * u)))));
    return series / (x * SQRT_PI);
  }
  const t = erfcxTable();
  const i = Math.floor(x * NODES_PER_UNIT);
  const s = x * NODES_PER_UNIT - i;
  const s2 = s * s;
  const s3 = s2 * s;
  const s4 = s3 * s;
  const s5 = s4 * s;
  const h0 = 1 - 10 * s3 + 15 * s4 - 6 * s5;
  const h1 = s - 6 * s3 + 8 * s4 - 3 * s5;
  const h2 = 0.5 * (s2 - 3 * s3 + 3 * s4 - s5);
  const h3 = 0.5 * (s3 - 2 * s4 + s5);
  const h4 = -4 * s3 + 7 * s4 - 3 * s5;
  const h5 = 10 * s3 - 15 * s4 + 6 * s5;
  return (
    t.f[i]! * h0 + H * t.d1[i]! * h1 + H * H * t.d2[i]! * h2 + H * H * t.d2[i + 1]! * h3 + H * t.d1[i + 1]! * h4 + t.f[i + 1]! * h5
  );
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x > 27) return 0;
  return Math.exp(-x * x) * erfcx(x);
}

/** Φ(x), the standard normal CDF. */
export function ndtr(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

/** log Φ(x), accurate where Φ(x) underflows (x down to about -1e150). */
export function logNdtr(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 6) return -0.5 * erfc(x / SQRT2); // log(1 - q) ≈ -q for the tiny upper tail q
  const z = -x / SQRT2;
  if (z < 0.5) return Math.log(0.5 * erfc(z));
  if (z > 1e150) return -Infinity;
  return Math.log(0.5) - z * z + Math.log(erfcx(z));
}

/** log φ(x), the standard normal log density. */
export function logNormPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/**
 * Φ^{-1}(p): Acklam's rational approximation (relative error < 1.2e-9) polished with one
 * Halley step on Φ, which brings it to double precision.
 */
export function ndtri(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q) /
      (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  }
  // Halley step: e = Φ(x) - p, u = e / φ(x).
  const e = p < 0.5 ? ndtr(x) - p : -(0.5 * erfc(x / SQRT2) - (1 - p));
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  if (Number.isFinite(u)) x -= u / (1 + (x * u) / 2);
  return x;
}

/** log(Φ(b) - Φ(a)) for a <= b, without cancellation in either tail. */
export function logGaussMass(a: number, b: number): number {
  if (!(a < b)) return -Infinity;
  if (a >= 0) return logGaussMass(-b, -a);
  if (b <= 0) {
    const lb = logNdtr(b);
    const la = logNdtr(a);
    return lb + Math.log1p(-Math.exp(la - lb));
  }
  // a < 0 < b: 1 - Φ(a) - Φ(-b), both small terms below 0.5.
  return Math.log1p(-ndtr(a) - ndtr(-b));
}
