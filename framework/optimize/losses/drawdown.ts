import { calculateMaxDrawdown, calculateUnderwater } from '../../reports/drawdown.ts';
import type { HyperoptLoss, LossInput } from './types.ts';

/**
 * Freqtrade's drawdown losses (hyperopt_loss_max_drawdown.py, _max_drawdown_relative.py,
 * _profit_drawdown.py), on the closed-trade equity curve of framework/reports/drawdown.ts.
 */

function totalProfitAbs(input: LossInput): number {
  let s = 0;
  for (const t of input.trades) s += t.profitAbs;
  return s;
}

/**
 * loss = -Σ profit_abs / max drawdown (absolute, in stake currency).
 * No trades or no drawdown: loss = -Σ profit_abs. (Freqtrade's calculate_max_drawdown raised
 * "No losing trade, therefore no drawdown" there, which this loss catches; newer versions
 * divide by zero instead, which would rank a run without drawdown above everything, so Keel
 * keeps the documented behaviour.)
 */
export const MaxDrawDownHyperOptLoss: HyperoptLoss = {
  name: 'MaxDrawDownHyperOptLoss',
  objectives: 1,
  compute(input: LossInput): number {
    const total = totalProfitAbs(input);
    const dd = calculateMaxDrawdown(input.trades, { value: 'profitAbs' });
    if (dd === null || dd.drawdownAbs === 0) return -total;
    return -total / dd.drawdownAbs;
  },
};

/**
 * loss = -Σ profit_abs / max drawdown / max relative drawdown, both from the underwater curve
 * against the starting balance (largest absolute drop, largest drop relative to balance + high
 * water mark, each at its own worst point). No trades or no drawdown: -Σ profit_abs.
 */
export const MaxDrawDownRelativeHyperOptLoss: HyperoptLoss = {
  name: 'MaxDrawDownRelativeHyperOptLoss',
  objectives: 1,
  compute(input: LossInput): number {
    const total = totalProfitAbs(input);
    if (input.trades.length === 0) return -total;
    const s = calculateUnderwater(input.trades, { value: 'profitAbs', startingBalance: input.startingBalance });
    let minDrawdown = Infinity;
    let maxRelative = -Infinity;
    for (let i = 0; i < s.drawdown.length; i++) {
      minDrawdown = Math.min(minDrawdown, s.drawdown[i]!);
      if (!Number.isNaN(s.drawdownRelative[i]!)) maxRelative = Math.max(maxRelative, s.drawdownRelative[i]!);
    }
    const maxDrawdown = Math.abs(minDrawdown);
    if (maxDrawdown === 0) return -total;
    return -total / maxDrawdown / maxRelative;
  },
};

/** Higher penalizes drawdown less (Freqtrade's DRAWDOWN_MULT for ProfitDrawDownHyperOptLoss). */
export const PROFIT_DRAWDOWN_MULT = 0.075;

/**
 * loss = -(P - D·P·(1 - 0.075)), P = Σ profit_abs, D = relative account drawdown at the
 * largest absolute drawdown (against the starting balance); D = 0 without trades.
 */
export const ProfitDrawDownHyperOptLoss: HyperoptLoss = {
  name: 'ProfitDrawDownHyperOptLoss',
  objectives: 1,
  compute(input: LossInput): number {
    const total = totalProfitAbs(input);
    const dd = calculateMaxDrawdown(input.trades, { value: 'profitAbs', startingBalance: input.startingBalance });
    const relative = dd?.relativeAccountDrawdown ?? 0;
    return -1 * (total - relative * total * (1 - PROFIT_DRAWDOWN_MULT));
  },
};
