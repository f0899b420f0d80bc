/**
 * Freqtrade's number rules, reproduced where they decide a trade:
 *
 * - Prices and amounts are rounded on their DECIMAL representation (Freqtrade and ccxt convert
 *   the float with `str()` and round that string), not on the binary value: a stop computed as
 *   17100.000000000004 rounds UP to 17100.01 for a long stop, and 0.0299999999999999988 (the
 *   double nearest 0.03) truncates to 0.03. JavaScript's `String(x)` gives the same shortest
 *   round-trip digits as Python's `repr`, so the rounding below works on those digits with
 *   BigInt arithmetic.
 * - Profit ratios are `float(f"{x:.8f}")`: correctly rounded to 8 decimals, ties to even.
 *
 * Hot paths call these rarely (per order, per stop change), never per candle without need.
 */

export const ROUND_HALF_UP = 0;
export const ROUND_UP = 1;
export const ROUND_DOWN = 2;
export type RoundingMode = typeof ROUND_HALF_UP | typeof ROUND_UP | typeof ROUND_DOWN;

const MAX_SAFE = 9007199254740991;
const POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

// Fast path: the decimal digits of a number as a float integer and a scale, when both fit
// (mantissa <= 2^53, scale <= 22). Results in module fields: no allocation but the String().
let fm = 0;
let fs = 0;

/** Sets fm / fs to x's shortest decimal digits and scale; false when they do not fit a float integer. */
function parseFast(x: number): boolean {
  // The same few values come back many times per order (its amount in the entry value, the
  // open value, the exit value and the profit; the price; the fee rate): the last results are
  // remembered. parseFast is a pure function of x; zero is left out (+0 and -0 compare equal
  // but parse to differently signed digits).
  const c = cacheFind(x);
  if (c >= 0) {
    fm = cacheM[c]!;
    fs = cacheS[c]!;
    return true;
  }
  if (parseFastUncached(x)) {
    if (x !== 0) cacheAdd(x, fm, fs);
    return true;
  }
  return false;
}

/** parseFast without the cache. */
function parseFastUncached(x: number): boolean {
  // Without String(x) (this runs several times per order): the smallest scale s at which some
  // integer m gives back x as m / 10^s. Both divisions are exact operands, so the quotient is
  // correctly rounded and equals x exactly when the decimal m / 10^s rounds to x. While
  // |m| < 10^15 two decimals of the same scale never round to the same double, and Math.round
  // of the product finds the one candidate (its error is far below half a unit); the first
  // scale that round-trips has the fewest digits, which are the digits String(x) prints.
  // Values below 1e-6 (lot sizes such as 1e-8) print in exponent notation but have the same
  // digits: the loop finds them too.
  //
  // Round-tripping is monotone in s (a scale that works keeps working at every larger scale
  // below 1e15: the product stays within 0.2 of the exact integer), so after the first three
  // scales (prices with 0-2 decimals, the common case) a binary search finds the same smallest
  // scale as trying them in turn, and a value that works at no scale (17-digit computed prices)
  // is known after one try.
  const a = x < 0 ? -x : x;
  if (a < 1e15) {
    for (let s = 0; s <= 2; s++) {
      const p = POW10[s]!;
      const y = a * p;
      if (y >= 1e15) return parseFastString(x);
      const m = Math.round(y);
      if (m / p === a) {
        fm = x < 0 ? -m : m;
        fs = s;
        return true;
      }
    }
    // The largest scale whose product stays below 1e15 (a few multiplications: cheaper than log10).
    let hi = 22;
    while (hi > 2 && !(a * POW10[hi]! < 1e15)) hi--;
    if (hi > 2 && roundTrips(a, hi)) {
      let lo = 3;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (roundTrips(a, mid)) hi = mid;
        else lo = mid + 1;
      }
      const m = Math.round(a * POW10[hi]!);
      fm = x < 0 ? -m : m;
      fs = hi;
      return true;
    }
  }
  return parseFastString(x);
}

// parseFast's memory of its last results (direct-mapped by arrival: the oldest entry goes).
const CACHE = 8;
const cacheX = new Float64Array(CACHE).fill(Number.NaN);
const cacheM = new Float64Array(CACHE);
const cacheS = new Int32Array(CACHE);
let cacheNext = 0;

function cacheFind(x: number): number {
  for (let k = 0; k < CACHE; k++) if (cacheX[k] === x) return k;
  return -1;
}

function cacheAdd(x: number, m: number, scale: number): void {
  const k = cacheNext;
  cacheX[k] = x;
  cacheM[k] = m;
  cacheS[k] = scale;
  cacheNext = (k + 1) & (CACHE - 1);
}

/** Whether some integer m gives back a as m / 10^s (a * 10^s < 1e15). */
function roundTrips(a: number, s: number): boolean {
  const p = POW10[s]!;
  return Math.round(a * p) / p === a;
}

/** parseFast on String(x): exponent notation, zero and digits beyond 10^15. */
function parseFastString(x: number): boolean {
  const s = String(x);
  if (s.indexOf('e') >= 0) return false;
  const dot = s.indexOf('.');
  const scale = dot < 0 ? 0 : s.length - dot - 1;
  if (scale > 22) return false;
  // x is within half an ulp of its decimal value d: x * 10^scale rounds to the integer d * 10^scale.
  const m = Math.round(x * POW10[scale]!);
  if (!(Math.abs(m) <= MAX_SAFE / 8)) return false;
  fm = m;
  fs = scale;
  return true;
}

/**
 * Whether parsing on String(x) takes the fast paths of decimalMul / decimalValueWithFee for
 * these operands (third operand 0 for decimalMul). Only a zero result asks: the exact path
 * returns +0 where the fast one keeps the sign of a -0, and the results must not depend on
 * which parse found the digits.
 */
function stringParsesFast(a: number, b: number, c: number): boolean {
  if (!parseFastString(a)) return false;
  let scale = fs;
  if (!parseFastString(b)) return false;
  scale += fs;
  if (!parseFastString(c)) return false;
  return scale + fs <= 22;
}

// Tick and lot sizes repeat: the last one's digits are kept.
let stepX = Number.NaN;
let stepOk = false;
let stepM = 0;
let stepS = 0;

function parseStep(x: number): boolean {
  if (x !== stepX) {
    stepX = x;
    stepOk = parseFast(x);
    stepM = fm;
    stepS = fs;
  }
  return stepOk;
}

interface Decimal {
  /** Signed integer digits. */
  digits: bigint;
  /** Number of decimals: value = digits / 10^scale. */
  scale: number;
}

function parseDecimal(x: number): Decimal {
  const s = String(x);
  const e = s.indexOf('e');
  let mant = e < 0 ? s : s.slice(0, e);
  const exp = e < 0 ? 0 : Number(s.slice(e + 1));
  const neg = mant.startsWith('-');
  if (neg) mant = mant.slice(1);
  const dot = mant.indexOf('.');
  const intPart = dot < 0 ? mant : mant.slice(0, dot);
  const frac = dot < 0 ? '' : mant.slice(dot + 1);
  let digits = BigInt(intPart + frac);
  let scale = frac.length - exp;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: neg ? -digits : digits, scale };
}

/**
 * digits / 10^scale, correctly rounded (what Number() of the decimal string gives), in BigInt
 * arithmetic: the quotient is taken with at least 55 bits and a sticky bit for a nonzero
 * remainder, so Number()'s round-half-even of it is the rounding of the exact quotient; the
 * scaling back by a power of two is exact.
 */
function toNumber(digits: bigint, scale: number): number {
  if (scale === 0) return Number(digits);
  const neg = digits < 0n;
  const n = neg ? -digits : digits;
  if (n === 0n) return 0;
  if (n <= MAX_SAFE_N && scale <= 22) {
    // Both exact doubles: the division is correctly rounded.
    const v = Number(n) / POW10[scale]!;
    return neg ? -v : v;
  }
  const q = scale < POW10N.length ? POW10N[scale]! : 10n ** BigInt(scale);
  // log2 estimates (within a bit or two): aim for 58 quotient bits, never fewer than 55.
  const nBits = bitLength(n);
  const qBits = Math.ceil(scale * LOG2_10) + 1;
  const shift = Math.max(0, 58 - (nBits - qBits));
  const scaled = shift > 0 ? n << BigInt(shift) : n;
  let quotient = scaled / q;
  if (scaled % q !== 0n) quotient |= 1n;
  const r = Number(quotient);
  // Far outside the prices and values met here (subnormal or infinite): the decimal string decides.
  if (!(r < 2 ** 1000) || shift > 1000) return toNumberViaString(digits, scale);
  const v = r * 2 ** -shift;
  return neg ? -v : v;
}

function toNumberViaString(digits: bigint, scale: number): number {
  const neg = digits < 0n;
  const s = (neg ? -digits : digits).toString().padStart(scale + 1, '0');
  return Number(`${neg ? '-' : ''}${s.slice(0, -scale)}.${s.slice(-scale)}`);
}

const MAX_SAFE_N = BigInt(MAX_SAFE);
const POW10N: readonly bigint[] = Array.from({ length: 45 }, (_, i) => 10n ** BigInt(i));
const LOG2_10 = Math.log2(10);

/** Bits of a positive BigInt, within one (from its double value, or its hex length when huge). */
function bitLength(n: bigint): number {
  const d = Number(n);
  if (d < 2 ** 1000) return Math.floor(Math.log2(d)) + 1;
  return n.toString(16).length * 4;
}

/**
 * Freqtrade's price_to_precision with a tick size (TICK_SIZE precision mode): the price on the
 * tick grid, rounded half up (ROUND, ccxt's default), up or down, on the decimal digits of the
 * price. No tick (undefined or <= 0) returns the price unchanged, as Freqtrade does without a
 * precision.
 */
export function priceToPrecision(price: number, tick: number | undefined, mode: RoundingMode = ROUND_HALF_UP): number {
  if (tick === undefined || !(tick > 0) || !Number.isFinite(price)) return price;
  if (price > 0 && parseStep(tick)) {
    // Computed prices (stops, targets) carry 17 digits: decide on the float quotient when it is
    // clearly away from a grid point and from a half step. The price's decimal value lies
    // within half an ulp of the float, so the quotient is off by a few ulps at most (< 1e-6
    // below 1e9 steps) and the exact rounding picks the same grid point k. The result
    // k x tick is then the same exact quotient of integers as below: the same double.
    const q = (price * POW10[stepS]!) / stepM;
    if (q < 1e9) {
      const lo = Math.floor(q);
      const frac = q - lo;
      // A half step matters only to half-up rounding; up and down only care about the grid points.
      if (frac > 1e-6 && frac < 1 - 1e-6 && (mode !== ROUND_HALF_UP || frac < 0.5 - 1e-6 || frac > 0.5 + 1e-6)) {
        const k = mode === ROUND_DOWN ? lo : mode === ROUND_UP || frac > 0.5 ? lo + 1 : lo;
        const out = k * stepM;
        if (out <= MAX_SAFE) return out / POW10[stepS]!;
      } else {
        const near = nearGrid(price, q, lo, frac, mode);
        if (near === near) return near;
      }
    }
  }
  if (price >= 0 && parseFast(price)) {
    const pm = fm;
    const ps = fs;
    if (parseStep(tick)) {
      const scale = ps > stepS ? ps : stepS;
      const pd = pm * POW10[scale - ps]!;
      const td = stepM * POW10[scale - stepS]!;
      if (pd <= MAX_SAFE && td <= MAX_SAFE) {
        const rem = pd % td;
        if (rem === 0) return price;
        const down = pd - rem;
        const out = mode === ROUND_DOWN ? down : mode === ROUND_UP || rem * 2 >= td ? down + td : down;
        // An exact integer over an exact power of ten: the division is correctly rounded.
        return out / POW10[scale]!;
      }
    }
  }
  const p = parseDecimal(price);
  const t = parseDecimal(tick);
  const scale = Math.max(p.scale, t.scale);
  const pd = p.digits * 10n ** BigInt(scale - p.scale);
  const td = t.digits * 10n ** BigInt(scale - t.scale);
  const rem = ((pd % td) + td) % td; // non-negative remainder
  if (rem === 0n) return price;
  const down = pd - rem;
  let out: bigint;
  if (mode === ROUND_DOWN) out = down;
  else if (mode === ROUND_UP) out = down + td;
  else out = rem * 2n >= td ? down + td : down;
  return toNumber(out, scale);
}

/**
 * priceToPrecision when the quotient q = price / tick is within 1e-6 of a grid point (or, for
 * half-up rounding, of a half step), without the price's decimal digits, or NaN to leave it to
 * the exact path. Stops computed as price x (1 - ratio) land there often (0.9 x a price on the
 * cent grid is on the grid in decimals, but the float may print as 17100.000000000004).
 *
 * The decision only needs on which side of the grid point g the price's decimal d (its
 * shortest digits) lies: rounding to the nearest double is monotone, so price > fl(g) means
 * d > g and price < fl(g) means d < g (d rounds to price); and d is within a tick of g. Only
 * price === fl(g) needs the digits (d may then be g itself). Results are k x stepM / 10^stepS,
 * the same correctly rounded quotient the exact path returns.
 */
function nearGrid(price: number, q: number, lo: number, frac: number, mode: RoundingMode): number {
  const p10 = POW10[stepS]!;
  if (frac <= 1e-6 || frac >= 1 - 1e-6) {
    const k = frac <= 1e-6 ? lo : lo + 1;
    if (!((k + 1) * stepM <= MAX_SAFE) || k < 1) return Number.NaN;
    const g = (k * stepM) / p10;
    if (price === g) return Number.NaN;
    const above = price > g;
    const out = mode === ROUND_DOWN ? (above ? k : k - 1) : mode === ROUND_UP ? (above ? k + 1 : k) : k;
    return (out * stepM) / p10;
  }
  // Half-up near the half step between lo and lo + 1: h = (2 lo + 1) x stepM / (2 x 10^stepS).
  if (mode !== ROUND_HALF_UP || !((2 * lo + 1) * stepM <= MAX_SAFE) || !(2 * p10 <= MAX_SAFE)) return Number.NaN;
  const h = ((2 * lo + 1) * stepM) / (2 * p10);
  if (price === h) return Number.NaN;
  return ((price > h ? lo + 1 : lo) * stepM) / p10;
}

/**
 * Freqtrade's amount_to_precision (TRUNCATE) with a lot size: the largest multiple of the lot
 * not above the amount's decimal value. No lot returns the amount unchanged.
 */
export function amountToPrecision(amount: number, lot: number | undefined): number {
  if (lot === undefined || !(lot > 0) || !Number.isFinite(amount) || amount <= 0) return amount > 0 ? amount : 0;
  return priceToPrecision(amount, lot, ROUND_DOWN);
}

/**
 * `float(f"{x:.8f}")`: x correctly rounded to 8 decimals, ties to even. The fast path is exact
 * whenever x * 1e8 is not within a hair of a half (then the nearest integer of the product is
 * the nearest integer of the exact value, and the division is correctly rounded); near a half
 * the exact decimal expansion decides.
 */
export function round8(x: number): number {
  if (!Number.isFinite(x)) return x;
  const y = x * 1e8;
  const r = Math.round(y);
  const frac = Math.abs(y - Math.trunc(y));
  const ay = Math.abs(y);
  // The product is off the exact x * 1e8 by half an ulp of y at most: below 1e9 that is < 1e-7,
  // below 8e12 (|x| < 80,000: profits in the stake currency) < 2^-10. Away from a half by more
  // than that, the exact value rounds to the same integer r; r / 1e8 (two exact doubles) is then
  // correctly rounded, as Python's float of the 8-decimal string is.
  if (ay < 1e9 ? Math.abs(frac - 0.5) > 1e-6 : ay < 8e12 && Math.abs(frac - 0.5) > 1e-2) return r / 1e8;
  return slowRound8(x);
}

function slowRound8(x: number): number {
  const neg = x < 0;
  const mag = Math.abs(x);
  let s = mag.toFixed(8);
  const exact = mag.toFixed(100);
  const tail = exact.slice(exact.indexOf('.') + 9);
  if (tail[0] === '5' && /^50*$/.test(tail)) {
    // toFixed rounded the tie up; Python rounds it to the even neighbour.
    const last = Number(s[s.length - 1]);
    if (last % 2 === 1) {
      const n = BigInt(s.replace('.', '')) - 1n;
      const d = n.toString().padStart(9, '0');
      s = `${d.slice(0, -8)}.${d.slice(-8)}`;
    }
  }
  const v = Number(s);
  return neg ? -v : v;
}

/**
 * Freqtrade computes trade values with ccxt's Precise (decimal strings): amount x rate, plus or
 * minus amount x rate x fee, exactly, converted to a float once. These do the same on the
 * numbers' shortest decimal digits; Number() of the exact result is correctly rounded.
 * Used per fill and per closed trade, not per candle.
 */
export function decimalMul(a: number, b: number): number {
  if (parseFast(a)) {
    const am = fm;
    const as = fs;
    if (parseFast(b)) {
      if (as + fs <= 22) {
        const p = am * fm;
        if (Math.abs(p) <= MAX_SAFE) {
          const scale = as + fs;
          // A zero keeps its sign only where the String-based parse took this path too.
          if (p === 0 && !stringParsesFast(a, b, 0)) return 0;
          return p / POW10[scale]!;
        }
      }
      // Too many digits for a double: the same exact product on the parsed digits.
      return toNumber(BigInt(am) * BigInt(fm), as + fs);
    }
  }
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return toNumber(x.digits * y.digits, x.scale + y.scale);
}

/** a x r x (1 + sign x f), exactly (sign +1: open value of a long / close value of a short). */
export function decimalValueWithFee(a: number, r: number, f: number, sign: 1 | -1): number {
  if (parseFast(a)) {
    const am = fm;
    const as = fs;
    if (parseFast(r)) {
      const rm = fm;
      const rs = fs;
      if (parseFast(f)) {
        if (as + rs + fs <= 22) {
          const base = am * rm;
          const scaled = base * POW10[fs]!;
          const fee = base * fm;
          if (Math.abs(scaled) + Math.abs(fee) <= MAX_SAFE) {
            const scale = as + rs + fs;
            const n = scaled + sign * fee;
            if (n === 0 && !stringParsesFast(a, r, f)) return 0;
            return n / POW10[scale]!;
          }
        }
        // Too many digits for a double (an 8-decimal amount at a 7-digit price): exact on the parsed digits.
        // a x r x (10^fs + sign x fm); the factor is a small integer (1001 for a 0.1% fee), exact
        // as a double up to 15 decimals of fee.
        const factor = fs <= 15 ? BigInt(POW10[fs]! + sign * fm) : POW10N[fs]! + BigInt(sign) * BigInt(fm);
        const total = BigInt(am) * BigInt(rm) * factor;
        return toNumber(total, as + rs + fs);
      }
    }
  }
  const x = parseDecimal(a);
  const y = parseDecimal(r);
  const z = parseDecimal(f);
  const base = x.digits * y.digits;
  const baseScale = x.scale + y.scale;
  const fee = base * z.digits; // scale baseScale + z.scale
  const total = base * 10n ** BigInt(z.scale) + BigInt(sign) * fee;
  return toNumber(total, baseScale + z.scale);
}
