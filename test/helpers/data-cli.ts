/**
 * Entry point for the data-command CLI tests: run.ts's program, with convert-data, check-data
 * and list-data registered if framework/cli/index.ts does not register them (yet). Same argv
 * handling as run.ts.
 */
import { buildProgram } from '../../framework/cli/index.ts';
import { registerCheckData } from '../../framework/cli/check-data.ts';
import { registerConvertData } from '../../framework/cli/convert-data.ts';
import { registerListData } from '../../framework/cli/list-data.ts';

const program = buildProgram();
const has = (name: string): boolean => program.commands.some((c) => c.name() === name);
if (!has('convert-data')) registerConvertData(program);
if (!has('check-data')) registerCheckData(program);
if (!has('list-data')) registerListData(program);
await program.parseAsync(process.argv);
