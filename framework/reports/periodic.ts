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
import { max, min } from './ratios.ts';
import type { BreakdownPeriod, PeriodicBreakdown, PeriodStats } from './result-schema.ts';

const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** pandas' Series.round(n): rint(x * 10^n) / 10^n. */
function npRound(x: number, digits: number): number {
  const f = 10 ** digits;
  return roundHalfEven(x * f) / f;
}

function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** 0 = Monday .. 6 = Sunday (pandas' dayofweek). */
export function weekdayOf(ms: number): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((Math.floor(ms / DAY_MS) + 3) % 7) + 7) % 7;
}

/** The bin label (epoch ms) a close time falls into, and the label of the bin after a label. */
interface Binning {
  label(ms: number): number;
  next(label: number): number;
}

const BINNINGS: Record<Exclude<BreakdownPeriod, 'weekday'>, Binning> = {
  day: { label: dayStart, next: (l) => l + DAY_MS },
  week: {
    label: (ms) => {
      const d = dayStart(ms);
      return d + ((7 - weekdayOf(d)) % 7) * DAY_MS;
    },
    next: (l) => l + 7 * DAY_MS,
  },
  month: {
    label: (ms) => {
      const d = new Date(ms);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    },
    next: (l) => {
      const d = new Date(l);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 0);
    },
  },
  year: {
    label: (ms) => Date.UTC(new Date(ms).getUTCFullYear(), 11, 31),
    next: (l) => Date.UTC(new Date(l).getUTCFullYear() + 1, 11, 31),
  },
};

/** Trades grouped into consecutive bins from the first close to the last (empty bins included). */
function resample(trades: readonly TradeRecord[], binning: Binning): Array<{ label: number; trades: TradeRecord[] }> {
  if (trades.length === 0) return [];
  let first = Infinity;
  let last = -Infinity;
  for (const t of trades) {
    first = Math.min(first, t.closeDate);
    last = Math.max(last, t.closeDate);
  }
  const bins = new Map<number, TradeRecord[]>();
  const end = binning.label(last);
  for (let l = binning.label(first); l <= end; l = binning.next(l)) bins.set(l, []);
  // Every label is a function of the UTC day: compute it once per day. Trades keep their
  // recorded order inside a bin (the order pandas sums them in).
  const labelOfDay = new Map<number, TradeRecord[]>();
  for (const t of trades) {
    const d = dayStart(t.closeDate);
    let bin = labelOfDay.get(d);
    if (!bin) labelOfDay.set(d, (bin = bins.get(binning.label(d))!));
    bin.push(t);
  }
  return [...bins].map(([label, list]) => ({ label, trades: list }));
}

function statsForPeriod(trades: readonly TradeRecord[]): Omit<PeriodStats, 'date' | 'dateTs'> {
  let sum = 0;
  let wins = 0;
  let draws = 0;
  let losses = 0;
  let win = 0;
  let loss = 0;
  for (const t of trades) {
    sum += t.profitAbs;
    if (t.profitAbs > 0) {
      wins++;
      win += t.profitAbs;
    } else if (t.profitAbs === 0) draws++;
    else if (t.profitAbs < 0) {
      losses++;
      loss += t.profitAbs;
    }
  }
  const profitFactor = loss ? win / Math.abs(loss) : 0;
  return { profitAbs: npRound(sum, 10), wins, draws, losses, trades: wins + draws + losses, profitFactor: npRound(profitFactor, 8) };
}

export function generatePeriodicBreakdown(trades: readonly TradeRecord[], period: BreakdownPeriod): PeriodStats[] {
  if (trades.length === 0) return [];
  if (period === 'weekday') {
    const byDay: TradeRecord[][] = [[], [], [], [], [], [], []];
    for (const t of trades) byDay[weekdayOf(t.closeDate)]!.push(t);
    const out: PeriodStats[] = [];
    byDay.forEach((list, d) => {
      if (list.length > 0) out.push({ date: WEEKDAY_NAMES[d]!, dateTs: d, ...statsForPeriod(list) });
    });
    return out;
  }
  return resample(trades, BINNINGS[period]).map((b) => ({ date: formatDayMonthYear(b.label), dateTs: b.label, ...statsForPeriod(b.trades) }));
}

export function generateAllPeriodicBreakdowns(trades: readonly TradeRecord[]): PeriodicBreakdown {
  return {
    day: generatePeriodicBreakdown(trades, 'day'),
    week: generatePeriodicBreakdown(trades, 'week'),
    month: generatePeriodicBreakdown(trades, 'month'),
    year: generatePeriodicBreakdown(trades, 'year'),
    weekday: generatePeriodicBreakdown(trades, 'weekday'),
  };
}

export interface DailyStats {
  /** Best / worst day by summed profit ratio, and by summed profit_abs. */
  backtestBestDay: number;
  backtestWorstDay: number;
  backtestBestDayAbs: number;
  backtestWorstDayAbs: number;
  winningDays: number;
  drawDays: number;
  losingDays: number;
  dailyProfit: Array<[string, number]>;
}

/** Freqtrade's generate_daily_stats: every calendar day from the first close to the last. */
export function generateDailyStats(trades: readonly TradeRecord[]): DailyStats {
  if (trades.length === 0) {
    return { backtestBestDay: 0, backtestWorstDay: 0, backtestBestDayAbs: 0, backtestWorstDayAbs: 0, winningDays: 0, drawDays: 0, losingDays: 0, dailyProfit: [] };
  }
  const days = resample(trades, BINNINGS.day);
  const rel = days.map((d) => d.trades.reduce((a, t) => a + t.profitRatio, 0));
  const abs = days.map((d) => npRound(d.trades.reduce((a, t) => a + t.profitAbs, 0), 10));
  return {
    backtestBestDay: max(rel),
    backtestWorstDay: min(rel),
    backtestBestDayAbs: max(abs),
    backtestWorstDayAbs: min(abs),
    winningDays: abs.filter((v) => v > 0).length,
    drawDays: abs.filter((v) => v === 0).length,
    losingDays: abs.filter((v) => v < 0).length,
    dailyProfit: days.map((d, i) => [new Date(d.label).toISOString().slice(0, 10), abs[i]!]),
  };
}
