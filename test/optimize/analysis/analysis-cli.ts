/**
 * Entry point for the analysis CLI tests: run.ts's program, with lookahead-analysis and
 * recursive-analysis registered if framework/cli/index.ts does not register them (yet). Same
 * argv handling as run.ts.
 */
import { buildProgram } from '../../../framework/cli/index.ts';
import { registerLookaheadAnalysis } from '../../../framework/cli/lookahead-analysis.ts';
import { registerRecursiveAnalysis } from '../../../framework/cli/recursive-analysis.ts';

const program = buildProgram();
const has = (name: string): boolean => program.commands.some((c) => c.name() === name);
if (!has('lookahead-analysis')) registerLookaheadAnalysis(program);
if (!has('recursive-analysis')) registerRecursiveAnalysis(program);
await program.parseAsync(process.argv);
