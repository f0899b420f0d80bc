import type { Command } from 'commander';
import { action } from './action.ts';

/** `run.ts show-config`: the resolved configuration, where each key came from, secrets masked. */
export function registerShowConfig(program: Command): void {
  program
    .command('show-config')
    .description('print the resolved configuration with the source of every key (secrets masked)')
    .option('--json', 'print JSON: { config, sources }')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const [{ loadCommandConfig }, { describeSource }, { redact }] = await Promise.all([
          import('./common.ts'),
          import('../config/load.ts'),
          import('../core/redact.ts'),
        ]);
        const { config, sources, file } = loadCommandConfig(cmd);
        const safe = redact(config);
        if (opts.json) {
          const src = Object.fromEntries([...sources].map(([k, s]) => [k, describeSource(s)]));
          process.stdout.write(`${JSON.stringify({ file: file ?? null, config: safe, sources: src }, null, 2)}\n`);
          return;
        }
        process.stdout.write(`# config file: ${file ?? '(none: defaults, environment and flags only)'}\n`);
        const width = Math.max(...[...sources.keys()].map((k) => k.length));
        for (const [key, source] of sources) {
          const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], safe);
          process.stdout.write(`${key.padEnd(width)}  ${JSON.stringify(value ?? null)}  # ${describeSource(source)}\n`);
        }
      }),
    );
}
