import { Command } from 'commander';
import { buildProgram } from './framework/cli/index.ts';
import { registerBacktest } from './framework/cli/backtest.ts';
const program = buildProgram();
registerBacktest(program);
await program.parseAsync(process.argv);
