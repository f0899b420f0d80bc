import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { startProgress } from '../../core/progress.ts';
import { parseTimerange } from '../../core/timerange.ts';
import { iso, pairWindow } from '../../optimize/analysis/data.ts';
import { LOOKAHEAD_DEFAULTS, lookaheadAnalysis, type LookaheadResult, type SignalExample } from '../../optimize/analysis/lookahead.ts';
import { prepareAnalysis } from '../../optimize/analysis/setup.ts';
import { loadCommandConfig, splitList } from '../common.ts';
import type { LookaheadFlags } from '../lookahead-analysis.ts';
import { formatTable, shortTime } from '../text-table.ts';

/** What `run.ts lookahead-analysis` does (registered in ../lookahead-analysis.ts). */
export async function lookaheadAction(opts: LookaheadFlags, cmd: Command): Promise<void> {
  const { config } = loadCommandConfig(cmd, {
    'data.directory': opts.datadir,
    'exchange.name': opts.exchange,
    'strategy.path': opts.strategyPath,
  });
  const range = parseTimerange(opts.timerange);
  const minimumSignals = wholeNumber('--minimum-trade-amount', opts.minimumTradeAmount, 0) ?? LOOKAHEAD_DEFAULTS.minimumSignals;
  const targetedSignals = wholeNumber('--targeted-trade-amount', opts.targetedTradeAmount, 1) ?? LOOKAHEAD_DEFAULTS.targetedSignals;
  const tolerance = opts.tolerance === undefined ? 0 : Number(opts.tolerance);
  if (!(tolerance >= 0 && tolerance < 1)) throw new UsageError(`invalid --tolerance "${opts.tolerance}": expected a ratio in [0, 1), e.g. 1e-12`);

  const started = performance.now();
  const prepared = await prepareAnalysis(config, { strategy: opts.strategy, pairs: splitList(opts.pairs) ?? config.exchange.pair_whitelist });
  const { strategy } = prepared.loaded;
  const windows = prepared.pairs.map((p) => pairWindow(prepared.data, p, range, strategy.startupCandleCount));
  const progress = startProgress('lookahead-analysis', 1);
  let result: LookaheadResult;
  try {
    result = await lookaheadAnalysis(strategy, windows, {
      minimumSignals,
      targetedSignals,
      relativeTolerance: tolerance,
      selection: opts.signalSelection ?? 'spread',
      freshStrategy: prepared.freshStrategy,
      onRun: (done, total) => {
        progress.setTotal(total);
        progress.update(done);
      },
    });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;

  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ...result, seconds: Number(seconds.toFixed(3)) }, null, 2)}\n`);
    return;
  }
  const candles = windows.reduce((n, w) => n + w.candles.timestamp.length, 0);
  const out: string[] = [
    `Lookahead analysis of ${result.strategy} (${prepared.loaded.strategy.timeframe}) on ${result.pairs.join(', ')}: ` +
      `${candles.toLocaleString('en-US')} candles, ${result.runs} truncated runs, ${seconds.toFixed(2)} s`,
    '',
    lookaheadTable([result]).trimEnd(),
  ];
  const details = lookaheadDetails(result);
  if (details) out.push('', details.trimEnd());
  if (result.verdict === 'too_few_signals') {
    out.push(
      '',
      `Only ${result.entriesFound + result.exitsFound} signals in the range, fewer than --minimum-trade-amount ${result.minimumSignals}: ` +
        'extend the timerange or lower the minimum. Signals that never fired were not checked.',
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`invalid ${flag} "${value}": expected a whole number >= ${min}`);
  return n;
}

const time = (ms: number): string => shortTime(iso(ms));
const fmt = (n: number): string => n.toLocaleString('en-US');

/** Freqtrade's summary table: one row per strategy. */
export function lookaheadTable(results: readonly LookaheadResult[]): string {
  return formatTable(
    ['strategy', 'has_bias', 'signals found', 'biased entry signals', 'biased exit signals', 'biased indicators'],
    results.map((r) => [
      r.strategy,
      r.verdict === 'bias' ? 'yes' : r.verdict === 'no_bias' ? 'no' : 'unknown (too few signals)',
      `${fmt(r.entriesFound)} entries, ${fmt(r.exitsFound)} exits`,
      `${r.biasedEntries} of ${r.entriesChecked}`,
      `${r.biasedExits} of ${r.exitsChecked}`,
      r.biasedColumns.length > 0 ? r.biasedColumns.map((c) => c.column).join(', ') : '-',
    ]),
  );
}

/** What changed, with the first example of each kind; empty for a strategy without bias. */
export function lookaheadDetails(r: LookaheadResult): string {
  if (!r.hasBias) return '';
  const lines: string[] = [];
  if (r.biasedColumns.length > 0) {
    lines.push('Indicator columns that change once the future is cut off (first difference):');
    lines.push(
      formatTable(
        ['column', 'runs differing', 'pair', 'row', 'cut after', 'full run', 'truncated run'],
        r.biasedColumns.map((c) => [
          c.column,
          `${c.runs} of ${r.runs}`,
          c.example.pair,
          time(c.example.time),
          time(c.example.truncatedAt),
          c.example.full,
          c.example.truncated,
        ]),
      ).trimEnd(),
    );
  }
  const signal = (label: string, e: SignalExample | undefined): void => {
    if (!e) return;
    const changes = e.changes.map((c) => `${c.column} ${c.full} -> ${c.truncated}`).join(', ');
    lines.push(`First changed ${label} signal: ${e.pair} ${time(e.time)}: ${changes}`);
  };
  signal('entry', r.entryExample);
  signal('exit', r.exitExample);
  return `${lines.join('\n')}\n`;
}
