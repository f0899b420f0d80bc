import fs from 'node:fs';
import path from 'node:path';
import { readResultsFile, type EpochLine } from '../../../framework/optimize/hyperopt/results-file.ts';
import { makeTempDir, REPO_ROOT } from '../../helpers/tmp.ts';

/**
 * A user's working directory for the hyperopt CLI tests: the bundled candles (user_data/data,
 * Binance BTC/USDT 5m, read only), a strategies directory with a copy of SmaCross (the export
 * writes its JSON parameter file there, never into the repository), a config, and results /
 * logs directories, all in a temp dir.
 */

export const TIMERANGE = '20230101-20230128';

export interface Workspace {
  dir: string;
  strategies: string;
  results: string;
  config: string;
  cleanup: () => void;
}

/** Import specifier of a framework file from a strategy written in `dir`. */
export function frameworkImport(dir: string, file: string): string {
  const rel = path.relative(dir, path.join(REPO_ROOT, 'framework', file)).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export function makeWorkspace(extraConfig: string[] = []): Workspace {
  const tmp = makeTempDir('keel-hyperopt-');
  const strategies = path.join(tmp.dir, 'strategies');
  fs.mkdirSync(strategies, { recursive: true });
  // Strategy files outside the repository need their own "type": "module" to load as ES modules.
  fs.writeFileSync(path.join(strategies, 'package.json'), '{ "type": "module" }\n');
  const sma = fs
    .readFileSync(path.join(REPO_ROOT, 'user_data/strategies/sma_cross.ts'), 'utf8')
    .replace("'../../framework/strategy/index.ts'", `'${frameworkImport(strategies, 'strategy/index.ts')}'`);
  fs.writeFileSync(path.join(strategies, 'sma_cross.ts'), sma);
  const results = path.join(tmp.dir, 'hyperopt_results');
  const config = path.join(tmp.dir, 'config.yaml');
  fs.writeFileSync(
    config,
    [
      'exchange: { name: binance, pair_whitelist: [BTC/USDT] }',
      'stake: { currency: USDT, amount: unlimited, tradable_balance_ratio: 0.99, starting_balance: 1000 }',
      'max_open_trades: 1',
      'fees: { maker: 0.001, taker: 0.001 }',
      `data: { directory: ${JSON.stringify(path.join(REPO_ROOT, 'user_data/data'))}, check_on_load: false }`,
      `strategy: { name: SmaCross, path: ${JSON.stringify(strategies)} }`,
      `backtest: { export: none, results_directory: ${JSON.stringify(path.join(tmp.dir, 'backtest_results'))} }`,
      `hyperopt: { results_directory: ${JSON.stringify(results)} }`,
      `logging: { directory: ${JSON.stringify(path.join(tmp.dir, 'logs'))} }`,
      ...extraConfig,
    ].join('\n'),
  );
  return { dir: tmp.dir, strategies, results, config, cleanup: tmp.cleanup };
}

/** Write a strategy file into the workspace's strategies directory. */
export function writeStrategy(ws: Workspace, fileName: string, source: (imports: { strategy: string; optimize: string }) => string): string {
  const file = path.join(ws.strategies, fileName);
  fs.writeFileSync(file, source({ strategy: frameworkImport(ws.strategies, 'strategy/index.ts'), optimize: frameworkImport(ws.strategies, 'optimize/spaces/index.ts') }));
  return file;
}

/** The results files of the workspace, oldest first. */
export function resultFiles(ws: Workspace): string[] {
  if (!fs.existsSync(ws.results)) return [];
  return fs
    .readdirSync(ws.results)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(ws.results, f));
}

/** Epochs of a results file keyed by epoch number: point, loss and metrics (what must be reproducible). */
export function epochMap(file: string): Map<number, Pick<EpochLine, 'params' | 'loss' | 'metrics'>> {
  const r = readResultsFile(file, { warn: false });
  return new Map(r.epochs.map((e) => [e.epoch, { params: e.params, loss: e.loss, metrics: e.metrics }]));
}

/** Epoch lines written so far (complete lines only), for watching a running CLI. */
export function countEpochLines(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.pop();
  return Math.max(0, lines.length - 1);
}
