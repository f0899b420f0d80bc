import path from 'node:path';
import type { Command } from 'commander';
import { loadCommandConfig } from '../common.ts';
import { discoverStrategies, type StrategyDiscovery } from '../../strategy/registry.ts';
import { displayPath } from '../../strategy/errors.ts';
import type { ListStrategiesOptions } from '../list-strategies.ts';

/** What `run.ts list-strategies` does (registered in ../list-strategies.ts). */
export async function listStrategiesAction(opts: ListStrategiesOptions, cmd: Command): Promise<void> {
  const { config } = loadCommandConfig(cmd, { 'strategy.path': opts.strategyPath });
  const discovery = await discoverStrategies(config.strategy.path);
  process.stdout.write(opts.json ? `${JSON.stringify(strategiesJson(discovery), null, 2)}\n` : strategiesTable(discovery));
}

function formatCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([space, n]) => `${space}:${n}`);
  return parts.length > 0 ? parts.join(' ') : '-';
}

export function strategiesJson(d: StrategyDiscovery): unknown {
  return {
    directory: d.directory,
    strategies: d.strategies.map((s) => ({
      name: s.name,
      file: path.relative(d.directory, s.file),
      timeframe: s.metadata.timeframe,
      interfaceVersion: s.metadata.interfaceVersion,
      version: s.metadata.version ?? null,
      parameters: s.parameterCounts,
      canShort: s.metadata.canShort,
      sourceHash: s.sourceHash,
      status: 'OK',
    })),
    problems: d.problems.map((p) => ({
      name: p.className ?? null,
      file: path.relative(d.directory, p.file),
      status: p.error.reason,
      error: p.error.message,
    })),
  };
}

/** Rows of OK strategies first (by name), then problems (by file); one line per class or file. */
export function strategiesTable(d: StrategyDiscovery): string {
  const header = ['Name', 'File', 'Timeframe', 'Interface', 'Version', 'Parameters', 'Status'];
  const rows: string[][] = [];
  for (const s of d.strategies) {
    rows.push([
      s.name,
      path.relative(d.directory, s.file),
      s.metadata.timeframe,
      String(s.metadata.interfaceVersion),
      s.metadata.version ?? '-',
      formatCounts(s.parameterCounts),
      'OK',
    ]);
  }
  for (const p of d.problems) {
    rows.push([p.className ?? '-', path.relative(d.directory, p.file), '-', '-', '-', '-', `ERROR: ${p.error.reason}`]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === header.length - 1 ? 0 : r[i]!.length))));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const summary =
    `Strategies in ${displayPath(d.directory)}: ${d.strategies.length} OK` +
    (d.problems.length > 0 ? `, ${d.problems.length} with problems` : '');
  if (rows.length === 0) return `${summary}\n(no strategy classes found: a strategy file must export a class that extends IStrategy)\n`;
  return `${[summary, '', line(header), ...rows.map(line)].join('\n')}\n`;
}
