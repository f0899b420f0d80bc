/**
 * Day / week / month / year / weekday breakdowns and the daily statistics, with pandas'
 * resample semantics as Freqtrade uses them (optimize_reports.py: generate_daily_stats,
 * generate_periodic_breakdown_stats), all in UTC on the trades' close dates:
 * - day   ('1d'):     [00:00, next 00:00), labelled by the day.
 * - week  ('1W-MON'): pandas closes weekly bins on the right, so a bin runs from Tuesday
 *                     00:00 through Monday 23:59:59.999 and is labelled by that closing
 *                     Monday (a trade closing on Monday 2023-01-09 is in week "09/01/2023",
 *                     one closing on Tuesday 2023-01-10 in week "16/01/2023").
 * - month ('1ME'):    the calendar month, labelled by its last day.
 * - year  ('1YE'):    the calendar year, labelled 31/12.
 * - weekday:          Monday..Sunday of the close date, only days that have trades.
 * Every bin between the first and the last close is listed, empty ones with zeros (and the
 * daily statistics count empty days as draw days), as pandas' resample produces them.
 */
import type { TradeRecord } from '../portfolio/trade-record.ts';
import { formatDayMonthYear, roundHalfEven } from './py-format.ts';
import { BREAKDOWN_PERIODS, type BreakdownPeriod } from './breakdown-periods.ts';
import { defineLazy } from './lazy.ts';
import type { PeriodicBreakdown, PeriodStats } from './result-schema.ts';

const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** pandas' Series.round(n): rint(x * 10^n) / 10^n. */
function npRound(x: number, digits: number): number {
  const f = 10 ** digits;
  return roundHalfEven(x * f) / f;
}

/** 0 = Monday .. 6 = Sunday (pandas' dayofweek) of a day number (days since 1970-01-01, a Thursday: index 3). */
function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * Civil date of a day number (days since 1970-01-01), as year * 10000 + month * 100 + day
 * (H. Hinnant's days -> civil algorithm): plain arithmetic instead of a Date object and an
 * ISO string per day.
 */
function civilOfDay(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10_000 + m * 100 + d;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `%d/%m/%Y` of a day number (formatDayMonthYear without a Date; years outside 1000..9999 through it). */
function dayMonthYear(day: number): string {
  const c = civilOfDay(day);
  const y = Math.floor(c / 10_000);
  if (y < 1000 || y > 9999) return formatDayMonthYear(day * DAY_MS);
  return `${pad2(c % 100)}/${pad2(Math.floor(c / 100) % 100)}/${y}`;
}

/** `YYYY-MM-DD` of a day number (the ISO date; years outside 1000..9999 through Date). */
function isoDate(day: number): string {
  const c = civilOfDay(day);
  const y = Math.floor(c / 10_000);
  if (y < 1000 || y > 9999) return new Date(day * DAY_MS).toISOString().slice(0, 10);
  return `${y}-${pad2(Math.floor(c / 100) % 100)}-${pad2(c % 100)}`;
}

/** The UTC day (number) of every trade's close, and the first and last of them. */
interface CloseDays {
  first: number;
  last: number;
  /** Per trade: its close day. */
  day: Int32Array;
}

function closeDays(trades: readonly TradeRecord[]): CloseDays {
  const days = new Int32Array(trades.length);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < trades.length; i++) {
    const day = Math.floor(trades[i]!.closeDate / DAY_MS);
    days[i] = day;
    if (day < first) first = day;
    if (day > last) last = day;
  }
  return { first, last, day: days };
}

/**
 * A period's bins: the bin of each day from the first close day to the last, and each bin's
 * label (epoch ms of the day it is labelled by). Every bin between the first and the last is
 * listed, empty ones included, as pandas' resample lists them.
 */
interface Bins {
  binOfDay: Int32Array;
  labelDay: number[];
}

function binsOf(period: Exclude<BreakdownPeriod, 'weekday'>, days: CloseDays): Bins {
  const count = days.last - days.first + 1;
  const binOfDay = new Int32Array(count);
  const labelDay: number[] = [];
  if (period === 'day') {
    for (let j = 0; j < count; j++) {
      binOfDay[j] = j;
      labelDay.push(days.first + j);
    }
  } else if (period === 'week') {
    // pandas' 1W-MON: a bin closes on (and is labelled by) a Monday, Tuesday..Monday.
    const weekEnd = (d: number): number => d + ((7 - weekdayOfDay(d)) % 7);
    const firstEnd = weekEnd(days.first);
    for (let j = 0; j < count; j++) binOfDay[j] = (weekEnd(days.first + j) - firstEnd) / 7;
    for (let l = firstEnd, end = weekEnd(days.last); l <= end; l += 7) labelDay.push(l);
  } else {
    // Months and years are labelled by their last day.
    const monthly = period === 'month';
    const indexOf = (day: number): number => {
      const c = civilOfDay(day);
      const y = Math.floor(c / 10_000);
      return monthly ? y * 12 + (Math.floor(c / 100) % 100) - 1 : y;
    };
    const firstIndex = indexOf(days.first);
    // A civil date per day of the range (hundreds of days, not one per trade).
    for (let j = 0; j < count; j++) binOfDay[j] = indexOf(days.first + j) - firstIndex;
    const bins = indexOf(days.last) - firstIndex + 1;
    const y0 = Math.floor(firstIndex / (monthly ? 12 : 1));
    const m0 = monthly ? firstIndex - y0 * 12 : 11;
    for (let b = 0; b < bins; b++) {
      const ms = monthly ? Date.UTC(y0, m0 + b + 1, 0) : Date.UTC(y0 + b, 11, 31);
      labelDay.push(Math.floor(ms / DAY_MS));
    }
  }
  return { binOfDay, labelDay };
}

/** Per-bin sums over the trades, added in the trades' recorded order (the order pandas sums them in). */
interface BinSums {
  /** Trades per bin (a NaN profit counts here but in none of wins / draws / losses). */
  count: Int32Array;
  profitAbs: Float64Array;
  profitRatio: Float64Array;
  wins: Int32Array;
  draws: Int32Array;
  losses: Int32Array;
  winAbs: Float64Array;
  lossAbs: Float64Array;
}

function binSums(trades: readonly TradeRecord[], days: CloseDays, binOfDay: Int32Array, bins: number): BinSums {
  const s: BinSums = {
    count: new Int32Array(bins),
    profitAbs: new Float64Array(bins),
    profitRatio: new Float64Array(bins),
    wins: new Int32Array(bins),
    draws: new Int32Array(bins),
    losses: new Int32Array(bins),
    winAbs: new Float64Array(bins),
    lossAbs: new Float64Array(bins),
  };
  const { count, profitAbs, profitRatio, wins, draws, losses, winAbs, lossAbs } = s;
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i]!;
    const b = binOfDay[days.day[i]! - days.first]!;
    const p = t.profitAbs;
    count[b]!++;
    profitAbs[b] = profitAbs[b]! + p;
    profitRatio[b] = profitRatio[b]! + t.profitRatio;
    if (p > 0) {
      wins[b]!++;
      winAbs[b] = winAbs[b]! + p;
    } else if (p === 0) draws[b]!++;
    else if (p < 0) {
      losses[b]!++;
      lossAbs[b] = lossAbs[b]! + p;
    }
  }
  return s;
}

/** Freqtrade's per-period row (profit rounded to 10 decimals, profit factor to 8). */
function periodStats(s: BinSums, b: number, date: string, dateTs: number): PeriodStats {
  const wins = s.wins[b]!;
  const draws = s.draws[b]!;
  const losses = s.losses[b]!;
  const loss = s.lossAbs[b]!;
  const profitFactor = loss ? s.winAbs[b]! / Math.abs(loss) : 0;
  return { date, dateTs, profitAbs: npRound(s.profitAbs[b]!, 10), wins, draws, losses, trades: wins + draws + losses, profitFactor: npRound(profitFactor, 8) };
}

/** One breakdown computed on shared close days (and, for 'day', the day sums when already known). */
function breakdownOn(trades: readonly TradeRecord[], period: BreakdownPeriod, days: CloseDays, daySums?: BinSums): PeriodStats[] {
  if (period === 'weekday') {
    const weekdays = new Int32Array(days.last - days.first + 1);
    for (let j = 0; j < weekdays.length; j++) weekdays[j] = weekdayOfDay(days.first + j);
    const s = binSums(trades, days, weekdays, 7);
    const out: PeriodStats[] = [];
    for (let d = 0; d < 7; d++) if (s.count[d]! > 0) out.push(periodStats(s, d, WEEKDAY_NAMES[d]!, d));
    return out;
  }
  const bins = binsOf(period, days);
  const s = daySums && period === 'day' ? daySums : binSums(trades, days, bins.binOfDay, bins.labelDay.length);
  return bins.labelDay.map((day, b) => periodStats(s, b, dayMonthYear(day), day * DAY_MS));
}

export function generatePeriodicBreakdown(trades: readonly TradeRecord[], period: BreakdownPeriod): PeriodStats[] {
  if (trades.length === 0) return [];
  return breakdownOn(trades, period, closeDays(trades));
}

/** The scalars of Freqtrade's generate_daily_stats. */
export interface DailyScalars {
  /** Best / worst day by summed profit ratio, and by summed profit_abs. */
  backtestBestDay: number;
  backtestWorstDay: number;
  backtestBestDayAbs: number;
  backtestWorstDayAbs: number;
  winningDays: number;
  drawDays: number;
  losingDays: number;
}

export interface DailyStats extends DailyScalars {
  dailyProfit: Array<[string, number]>;
}

/** Freqtrade's generate_daily_stats: every calendar day from the first close to the last. */
export function generateDailyStats(trades: readonly TradeRecord[]): DailyStats {
  const r = generatePeriodicReport(trades);
  return { ...r.daily, dailyProfit: r.dailyProfit() };
}

export interface PeriodicReport {
  /** Every breakdown; each is computed when first read (see lazy.ts). */
  breakdown: PeriodicBreakdown;
  daily: DailyScalars;
  /** [YYYY-MM-DD, summed profit_abs rounded to 10 decimals] per day from the first close to the last. */
  dailyProfit: () => Array<[string, number]>;
}

/**
 * Every breakdown and the daily statistics on one set of close days and day sums. The daily
 * scalars are computed now; the breakdowns and the daily profit list only when read (they are
 * printed on request and exported, and the closures keep only the trades and the day sums).
 */
export function generatePeriodicReport(trades: readonly TradeRecord[]): PeriodicReport {
  if (trades.length === 0) {
    return {
      breakdown: { day: [], week: [], month: [], year: [], weekday: [] },
      daily: { backtestBestDay: 0, backtestWorstDay: 0, backtestBestDayAbs: 0, backtestWorstDayAbs: 0, winningDays: 0, drawDays: 0, losingDays: 0 },
      dailyProfit: () => [],
    };
  }
  const days = closeDays(trades);
  const dayBins = binsOf('day', days);
  const dayCount = dayBins.labelDay.length;
  const daySums = binSums(trades, days, dayBins.binOfDay, dayCount);
  const breakdown: PeriodicBreakdown = { day: [], week: [], month: [], year: [], weekday: [] };
  for (const period of BREAKDOWN_PERIODS) defineLazy(breakdown, period, () => breakdownOn(trades, period, days, daySums));
  // max / min as ratios.ts: NaN days skipped. A day's profit is the day breakdown's (rounded) one.
  let bestRel = -Infinity;
  let worstRel = Infinity;
  let bestAbs = -Infinity;
  let worstAbs = Infinity;
  let winningDays = 0;
  let drawDays = 0;
  let losingDays = 0;
  for (let j = 0; j < dayCount; j++) {
    const rel = daySums.profitRatio[j]!;
    const abs = npRound(daySums.profitAbs[j]!, 10);
    if (rel > bestRel) bestRel = rel;
    if (rel < worstRel) worstRel = rel;
    if (abs > bestAbs) bestAbs = abs;
    if (abs < worstAbs) worstAbs = abs;
    if (abs > 0) winningDays++;
    else if (abs === 0) drawDays++;
    else if (abs < 0) losingDays++;
  }
  return {
    breakdown,
    daily: { backtestBestDay: bestRel, backtestWorstDay: worstRel, backtestBestDayAbs: bestAbs, backtestWorstDayAbs: worstAbs, winningDays, drawDays, losingDays },
    dailyProfit: () => {
      const out: Array<[string, number]> = [];
      for (let j = 0; j < dayCount; j++) out.push([isoDate(days.first + j), npRound(daySums.profitAbs[j]!, 10)]);
      return out;
    },
  };
}
