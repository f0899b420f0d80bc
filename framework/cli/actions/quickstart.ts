import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { listStoredCandles } from '../../data/inventory.ts';
import { CandleStore } from '../../data/parquet-store.ts';
import { discoverStrategies } from '../../strategy/registry.ts';
import { loadConfiguredStrategy } from '../../strategy/loader.ts';
import { analyzeWhitelist } from '../../strategy/prepare.ts';
import { signalArrays, entryAt, ENTRY_LONG, ENTRY_SHORT, exitSignalAt } from '../../strategy/signals.ts';
import { loadCommandConfig } from '../common.ts';
import { formatTable } from '../text-table.ts';

/** What `run.ts quickstart` does (registered in ../quickstart.ts). */
export async function quickstart(opts: { strategy?: string }, cmd: Command): Promise<void> {
  const { config } = loadCommandConfig(cmd, { 'strategy.name': opts.strategy });
  const out = (s = ''): boolean => process.stdout.write(`${s}\n`);
  const pairs = config.exchange.pair_whitelist;
  if (pairs.length === 0) throw new UsageError('exchange.pair_whitelist is empty: name the pairs to use in the config');

  out(`Keel quickstart: exchange ${config.exchange.name}, timeframe ${config.timeframe}, pairs ${pairs.join(', ')}`);
  out(`Data directory: ${path.relative(process.cwd(), config.data.directory) || '.'}`);
  out();
  const store = new CandleStore(config.data.directory, config.exchange.name, config.exchange.trading_mode);
  const stored = await listStoredCandles(store, { pairs });
  out('Data:');
  out(
    formatTable(
      ['pair', 'timeframe', 'candles', 'first', 'last', 'gaps', 'missing'],
      stored.map((s) => [s.pair, s.timeframe, s.candles, s.first ?? '-', s.last ?? '-', s.gaps, s.missingCandles]),
    ),
  );
  out();

  const discovery = await discoverStrategies(config.strategy.path);
  out(`Strategies in ${path.relative(process.cwd(), config.strategy.path)}: ${discovery.strategies.map((s) => s.name).join(', ') || '(none)'}`);
  for (const p of discovery.problems) out(`  problem: ${p.error.message}`);
  out();

  const loaded = await loadConfiguredStrategy(config);
  const timeframe = loaded.strategy.timeframe;
  const analyzed = await analyzeWhitelist(loaded.strategy, {
    store,
    pairs,
    timeframe,
    load: { fillGaps: config.data.fill_gaps, check: config.data.check_on_load },
  });
  out(`Signals of ${loaded.name} (${path.relative(process.cwd(), loaded.file)}), ${timeframe}:`);
  const rows = analyzed.map(({ pair, frame, load }) => {
    const s = signalArrays(frame);
    let long = 0;
    let short = 0;
    let exits = 0;
    for (let i = 0; i < s.length; i++) {
      const e = entryAt(s, i, loaded.strategy.canShort);
      if (e === ENTRY_LONG) long++;
      else if (e === ENTRY_SHORT) short++;
      if (exitSignalAt(s, i, false)) exits++;
    }
    return [pair, frame.length, load.filled, long, short, exits, frame.columns.length];
  });
  out(formatTable(['pair', 'candles', 'gap candles filled', 'long entries', 'short entries', 'long exits', 'columns'], rows));
  out();
  out('`npm start` (run.ts backtest) trades these signals: see docs/quickstart.md, docs/backtesting.md and `npx tsx run.ts --help`.');
}
