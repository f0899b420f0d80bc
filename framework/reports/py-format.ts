/**
 * Number, money, date and duration formatting that prints exactly what Freqtrade's Python
 * prints: `f"{x:.2f}"` and `round(x, 2)` round half to EVEN on the exact binary value (JS
 * toFixed rounds ties away from zero), `str(timedelta)` reads `1 day, 2:03:00`, and money
 * is shown with Freqtrade's decimals per coin and trailing zeros stripped.
 */

/** `f"{x:.{digits}f}"` as Python formats it (ties to even, `-0.00` kept, nan/inf spelled). */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const mag = Math.abs(x);
  let s = mag.toFixed(digits);
  if (mag < 1e21 && isExactTie(mag, digits)) {
    // toFixed picked the larger neighbour; Python picks the even one.
    const lastDigit = Number(s[s.length - 1]);
    if (lastDigit % 2 === 1) s = decrementLastDigit(s);
  }
  return negative ? `-${s}` : s;
}

/** Python's `round(x, digits)` for floats: correctly rounded, ties to even. */
export function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  return Number(pyFixed(x, digits));
}

/** Python's `round(x)` to an integer: ties to even (`round(2.5) == 2`). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const diff = x - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** True when `mag` lies exactly halfway between two `digits`-decimal numbers. */
function isExactTie(mag: number, digits: number): boolean {
  // toFixed(100) is the exact binary expansion for every value that can be a tie at <= 20 digits.
  if (digits > 20) return false;
  const exact = mag.toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  return tail[0] === '5' && /^50*$/.test(tail);
}

function decrementLastDigit(s: string): string {
  const point = s.indexOf('.');
  const decimals = point < 0 ? 0 : s.length - point - 1;
  const n = BigInt(s.replace('.', '')) - 1n;
  const digits = n.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** Python's `str(float)`: shortest round-trip digits, `1.0` for whole numbers, `1e-05` style exponents. */
export function pyStr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Object.is(x, -0)) return '-0.0';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mant, exp] = x.toExponential().split('e') as [string, string];
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/** `f"{x:.2%}"`: the ratio times 100 with two decimals and a percent sign. */
export function pyPct(ratio: number, digits = 2): string {
  return `${pyFixed(ratio * 100, digits)}%`;
}

// Freqtrade's constants: decimals shown per stake currency (output only).
const DECIMALS_PER_COIN: Readonly<Record<string, number>> = { BTC: 8, ETH: 5 };
const DECIMAL_PER_COIN_FALLBACK = 3;

export function decimalsPerCoin(coin: string): number {
  return DECIMALS_PER_COIN[coin] ?? DECIMAL_PER_COIN_FALLBACK;
}

/** Freqtrade's fmt_coin: `1000.5 USDT` (trailing zeros stripped unless kept; `N/A` for NaN). */
export function fmtCoin(value: number, coin: string, showCoinName = true, keepTrailingZeros = false): string {
  let v: string;
  if (Number.isNaN(value)) v = 'N/A';
  else {
    v = pyFixed(value, decimalsPerCoin(coin));
    if (!keepTrailingZeros && v.includes('.')) v = v.replace(/0+$/, '').replace(/\.$/, '');
  }
  return showCoinName ? `${v} ${coin}` : v;
}

/**
 * Python's `str(timedelta(seconds=s))`: `0:45:00`, `1 day, 2:00:00`, `3 days, 0:05:00`,
 * `-1 day, 23:00:00`; fractional seconds print as `.ffffff` microseconds.
 */
export function pyTimedelta(totalSeconds: number): string {
  const micros = Math.round(totalSeconds * 1e6);
  const days = Math.floor(micros / 86_400e6);
  let rem = micros - days * 86_400e6;
  const h = Math.floor(rem / 3_600e6);
  rem -= h * 3_600e6;
  const m = Math.floor(rem / 60e6);
  rem -= m * 60e6;
  const s = Math.floor(rem / 1e6);
  const us = rem - s * 1e6;
  let hms = `${h}:${pad2(m)}:${pad2(s)}`;
  if (us !== 0) hms += `.${String(us).padStart(6, '0')}`;
  return days !== 0 ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${hms}` : hms;
}

/** Freqtrade's format_duration (winner/loser holding times): `1d 02:05`. */
export function formatDurationDHM(totalSeconds: number): string {
  const days = Math.floor(totalSeconds / 86_400);
  const rem = totalSeconds - days * 86_400;
  const h = Math.floor(rem / 3600);
  const m = Math.floor((rem - h * 3600) / 60);
  return `${days}d ${pad2(h)}:${pad2(m)}`;
}

/** Freqtrade's DATETIME_PRINT_FORMAT `%Y-%m-%d %H:%M:%S`, in UTC. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** `%d/%m/%Y` in UTC, the periodic breakdown's date label. */
export function formatDayMonthYear(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
