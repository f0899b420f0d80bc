import { invokeCustomRoi } from '../../strategy/callbacks.ts';
import type { IStrategy } from '../../strategy/strategy.ts';
import type { CustomRoiArgs, TradeView } from '../../strategy/types.ts';
import type { Trade } from './trade.ts';

/**
 * Freqtrade's minimal ROI: the table's entry in force after `dur` minutes is the one with the
 * largest key <= dur; customRoi (when the strategy defines it) may lower it, and then counts as
 * an entry at the trade's current duration (min_roi_reached_entry).
 */
export class RoiTable {
  private readonly keys: Float64Array;
  private readonly values: Float64Array;
  /** Result of the last lookup (fields, not an object, so the per-candle check allocates nothing). */
  entry = Number.NaN;
  roi = Number.NaN;
  /** customRoi's argument object, refilled for every call (it runs on every candle of every open trade). */
  private readonly args: CustomRoiArgs = {
    pair: '',
    trade: undefined as unknown as TradeView,
    currentTime: Number.NaN,
    tradeDuration: Number.NaN,
    entryTag: undefined,
    side: 'long',
  };

  constructor(table: Readonly<Record<string, number>>) {
    const pairs = Object.entries(table)
      .map(([k, v]) => [Number(k), v] as const)
      .sort((a, b) => a[0] - b[0]);
    this.keys = Float64Array.from(pairs.map((p) => p[0]));
    this.values = Float64Array.from(pairs.map((p) => p[1]));
  }

  get isEmpty(): boolean {
    return this.keys.length === 0;
  }

  /**
   * Sets `entry` / `roi` for a trade `dur` minutes old (NaN when no entry applies) at the time
   * `now.time`; returns whether one applies. The time comes in an object (the candle row), not
   * as a number: V8 boxes a double passed to a call it does not inline.
   */
  lookup(strategy: IStrategy, trade: Trade, dur: number, now: { readonly time: number }, hasCustom: boolean): boolean {
    let entry = Number.NaN;
    let roi = Number.NaN;
    const keys = this.keys;
    for (let i = keys.length - 1; i >= 0; i--) {
      if (keys[i]! <= dur) {
        entry = keys[i]!;
        roi = this.values[i]!;
        break;
      }
    }
    if (hasCustom) {
      const args = this.args;
      args.pair = trade.pair;
      args.trade = trade;
      args.currentTime = now.time;
      args.tradeDuration = dur;
      args.entryTag = trade.enterTag;
      args.side = trade.side;
      const custom = invokeCustomRoi(strategy, args, trade.cbOpts);
      if (typeof custom === 'number' && Number.isFinite(custom) && (roi !== roi || custom < roi)) {
        entry = dur;
        roi = custom;
      }
    }
    this.entry = entry;
    this.roi = roi;
    return roi === roi;
  }
}

/** Trade age in whole minutes at `time` (Freqtrade: int(seconds // 60)). */
export function tradeDurationMinutes(trade: Trade, time: number): number {
  return Math.floor((time - trade.openDate) / 60_000);
}
