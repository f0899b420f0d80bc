import { SharpeHyperOptLossDaily, SortinoHyperOptLossDaily } from './daily.ts';
import { MaxDrawDownHyperOptLoss, MaxDrawDownRelativeHyperOptLoss, ProfitDrawDownHyperOptLoss } from './drawdown.ts';
import { MultiMetricHyperOptLoss } from './multi-metric.ts';
import { OnlyProfitHyperOptLoss, ShortTradeDurHyperOptLoss } from './profit.ts';
import { CalmarHyperOptLoss, SharpeHyperOptLoss, SortinoHyperOptLoss } from './ratio.ts';
import type { HyperoptLoss } from './types.ts';

/** Freqtrade's eleven losses, under Freqtrade's class names, with the short names the docs use. */
export const BUILTIN_LOSSES: ReadonlyArray<{ loss: HyperoptLoss; short: string }> = [
  { loss: ShortTradeDurHyperOptLoss, short: 'ShortTradeDur' },
  { loss: OnlyProfitHyperOptLoss, short: 'OnlyProfit' },
  { loss: SharpeHyperOptLoss, short: 'Sharpe' },
  { loss: SharpeHyperOptLossDaily, short: 'SharpeDaily' },
  { loss: SortinoHyperOptLoss, short: 'Sortino' },
  { loss: SortinoHyperOptLossDaily, short: 'SortinoDaily' },
  { loss: CalmarHyperOptLoss, short: 'Calmar' },
  { loss: MaxDrawDownHyperOptLoss, short: 'MaxDrawDown' },
  { loss: MaxDrawDownRelativeHyperOptLoss, short: 'MaxDrawDownRelative' },
  { loss: ProfitDrawDownHyperOptLoss, short: 'ProfitDrawDown' },
  { loss: MultiMetricHyperOptLoss, short: 'MultiMetric' },
];

/** Freqtrade's alias of its default loss. */
const ALIASES: Record<string, string> = { DefaultHyperOptLoss: 'ShortTradeDurHyperOptLoss' };

/** The built-in loss called `name` (full or short name, any letter case), or undefined. */
export function findBuiltinLoss(name: string): HyperoptLoss | undefined {
  const wanted = (ALIASES[name] ?? name).toLowerCase();
  return BUILTIN_LOSSES.find((b) => b.loss.name.toLowerCase() === wanted || b.short.toLowerCase() === wanted)?.loss;
}
