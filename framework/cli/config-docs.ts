import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { action } from './action.ts';

/** `run.ts config-docs`: regenerate docs/configuration.md and docs/config.schema.json from the schema. */
export function registerConfigDocs(program: Command): void {
  program
    .command('config-docs')
    .description('write docs/configuration.md and docs/config.schema.json from the config schema')
    .option('--out-dir <dir>', 'directory to write into', 'docs')
    .action(
      action(async (opts: { outDir: string }) => {
        const { configJsonSchema, configReferenceMarkdown } = await import('../config/reference.ts');
        const dir = path.resolve(opts.outDir);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'configuration.md'), configReferenceMarkdown());
        fs.writeFileSync(path.join(dir, 'config.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
        process.stdout.write(`wrote ${path.join(dir, 'configuration.md')} and ${path.join(dir, 'config.schema.json')}\n`);
      }),
    );
}
