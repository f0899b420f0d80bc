/**
 * A trade as the engine reports it when it closes (or is left open at the end of a backtest):
 * one entry (possibly in several fills, DCA) and one exit (possibly partial exits first). The
 * fields are Freqtrade's trade export, camelCased, so reports compute Freqtrade's metrics from
 * them and the JSON export maps 1:1 to what Freqtrade users know.
 */
export interface TradeRecord {
  id: number;
  pair: string;
  isShort: boolean;
  leverage: number;
  /** Entry and exit time of the trade (epoch ms): first entry fill, final exit fill. */
  openDate: number;
  closeDate: number;
  /** Average entry price, and exit price (average over partial exits). */
  openRate: number;
  closeRate: number;
  /** Base quantity bought (total over entries). */
  amount: number;
  /** Stake in stake currency (total over entries). */
  stakeAmount: number;
  /** Fee ratios charged on the entry and exit legs, e.g. 0.001. */
  feeOpen: number;
  feeClose: number;
  /** Fees paid in stake currency, summed over the fills of each leg. */
  feeOpenCost: number;
  feeCloseCost: number;
  /** Freqtrade's profit ratio (net of fees, relative to the entry value incl. fee, times leverage for futures). */
  profitRatio: number;
  /** close value - open value, net of fees, in stake currency. */
  profitAbs: number;
  /** roi, stop_loss, trailing_stop_loss, exit_signal, custom_exit (or its tag), force_exit, liquidation ... */
  exitReason: string;
  enterTag: string | null;
  exitTag: string | null;
  /** Lowest and highest price seen while open (for MAE/MFE). */
  minRate: number;
  maxRate: number;
  initialStopLoss: number | null;
  stopLoss: number | null;
  /** True when the backtest ended with the trade still open (it is then force-exited at the last candle's open). */
  isOpen: boolean;
  /** Number of filled entry and exit orders. */
  nrOfEntries: number;
  nrOfExits: number;
}

/** Trade duration in whole minutes, floored as Freqtrade's trade_duration. */
export function tradeDurationMinutes(t: TradeRecord): number {
  return Math.floor((t.closeDate - t.openDate) / 60_000);
}
