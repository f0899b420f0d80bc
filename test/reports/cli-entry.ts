/**
 * run.ts for the CLI tests of backtesting-show / backtesting-analysis: the real program,
 * plus these two commands when framework/cli/index.ts does not register them yet.
 */
import { registerBacktestingAnalysis } from '../../framework/cli/backtesting-analysis.ts';
import { registerBacktestingShow } from '../../framework/cli/backtesting-show.ts';
import { buildProgram } from '../../framework/cli/index.ts';

const program = buildProgram();
const has = (name: string): boolean => program.commands.some((c) => c.name() === name);
if (!has('backtesting-show')) registerBacktestingShow(program);
if (!has('backtesting-analysis')) registerBacktestingAnalysis(program);
await program.parseAsync(process.argv);
