import { UsageError } from '../../core/errors.ts';
import { getLogger } from '../../core/logger.ts';
import { BUILTIN_LOSSES, findBuiltinLoss } from './builtin.ts';
import { DEFAULT_LOSS_DIRECTORY, LossLoadError, discoverLosses } from './custom.ts';
import type { HyperoptLoss } from './types.ts';

export * from './types.ts';
export * from './builtin.ts';
export * from './custom.ts';
export * from './evaluate.ts';
export * from './input.ts';
export { dailyReturns, SharpeHyperOptLossDaily, SortinoHyperOptLossDaily } from './daily.ts';
export { MaxDrawDownHyperOptLoss, MaxDrawDownRelativeHyperOptLoss, ProfitDrawDownHyperOptLoss, PROFIT_DRAWDOWN_MULT } from './drawdown.ts';
export { MultiMetricHyperOptLoss, MULTI_METRIC } from './multi-metric.ts';
export { OnlyProfitHyperOptLoss, ShortTradeDurHyperOptLoss } from './profit.ts';
export { CalmarHyperOptLoss, SharpeHyperOptLoss, SortinoHyperOptLoss } from './ratio.ts';

export interface ResolveLossOptions {
  /** Directory of custom loss files (default user_data/hyperopts, relative to the working directory). */
  directory?: string;
}

/**
 * The loss called `name` (--hyperopt-loss): a built-in (full or short name) or a class from
 * the custom loss directory. An unknown name is a UsageError listing every known name; when
 * some custom file could not be imported the error names those files too (the loss may be in
 * one of them).
 */
export async function resolveLoss(name: string, opts: ResolveLossOptions = {}): Promise<HyperoptLoss> {
  const builtin = findBuiltinLoss(name);
  if (builtin) return builtin;
  const found = await discoverLosses(opts.directory ?? DEFAULT_LOSS_DIRECTORY);
  const custom = found.losses.find((l) => l.loss.name === name);
  if (custom) {
    for (const p of found.problems) getLogger('hyperopt').warn({ file: p.file }, p.error.message);
    return custom.loss;
  }
  const known = [...BUILTIN_LOSSES.map((b) => `${b.loss.name} (${b.short})`), ...found.losses.map((l) => l.loss.name)];
  const broken = found.problems.map((p) => p.error.message);
  const message =
    `unknown hyperopt loss ${JSON.stringify(name)}: choose one of ${known.join(', ')}` +
    ` (custom losses are classes in ${found.directory})` +
    (broken.length > 0 ? `; these custom loss files could not be used: ${broken.join('; ')}` : '');
  if (broken.length > 0) throw new LossLoadError(message);
  throw new UsageError(message);
}
