/**
 * Entry point for CLI tests: run.ts's program, with download-data registered if
 * framework/cli/index.ts does not register it (yet). Same argv handling as run.ts.
 */
import { buildProgram } from '../../framework/cli/index.ts';
import { registerDownloadData } from '../../framework/cli/download-data.ts';

const program = buildProgram();
if (!program.commands.some((c) => c.name() === 'download-data')) registerDownloadData(program);
await program.parseAsync(process.argv);
