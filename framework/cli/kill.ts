import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import { writeKillSignal, type KillAction } from '../risk/kill-signal.ts';
import { action } from './action.ts';

export interface KillCommandOptions {
  flatten?: boolean;
  /** Explicit signal file; else the config's risk.kill_switch.signal_file. */
  signalFile?: string;
  /** risk.kill_switch.signal_file from the config (null = off). */
  configured: string | null;
  cwd?: string;
}

/**
 * What `run.ts kill` does: write the kill switch's signal file. A running Keel process (paper
 * or live) with the same signal file acts on it at its next engine cycle. Returns the file and
 * the action written.
 */
export function writeKill(opts: KillCommandOptions): { file: string; action: KillAction } {
  const given = opts.signalFile ?? opts.configured;
  if (given === null) {
    throw new UsageError('the kill switch signal file is off (risk.kill_switch.signal_file is null); pass --signal-file <path> to name the file the running process watches');
  }
  const file = path.resolve(opts.cwd ?? process.cwd(), given);
  const act: KillAction = opts.flatten ? 'flatten' : 'halt';
  return { file: writeKillSignal(file, act), action: act };
}

/** `run.ts kill [--flatten] [--signal-file path]`. */
export function registerKill(program: Command): void {
  program
    .command('kill')
    .description(
      'stop a running paper/live process: write the kill switch signal file, which that process checks once per engine cycle ' +
        '(it cannot be reached otherwise); it halts trading and cancels all open orders, and with --flatten also closes every position',
    )
    .option('--flatten', 'also close every position with market (reduce-only) orders, not only halt')
    .option('--signal-file <path>', 'signal file the running process watches (default: risk.kill_switch.signal_file of the config, user_data/KILL)')
    .action(
      action(async (opts: { flatten?: boolean; signalFile?: string }, cmd: Command) => {
        const { loadCommandConfig } = await import('./common.ts');
        const { config } = loadCommandConfig(cmd);
        const { file, action: act } = writeKill({ flatten: opts.flatten, signalFile: opts.signalFile, configured: config.risk.kill_switch.signal_file });
        process.stdout.write(
          `wrote "${act}" to ${file}\n` +
            `A running Keel process watching this file will ${act === 'flatten' ? 'halt, cancel all open orders and flatten every position' : 'halt and cancel all open orders'} ` +
            `within one engine cycle, then rename the file to ${path.basename(file)}.done-<time>.\n` +
            'This command only writes the file: a process watching another file (or none, e.g. a backtest) is not affected.\n',
        );
      }),
    );
}
