import { Command, Option } from 'commander';
import { COMMAND_NAME } from '../build/public-modules.mjs';
import { registerShowConfig } from './show-config.ts';
import { registerConfigDocs } from './config-docs.ts';
import { registerDownloadData } from './download-data.ts';
import { registerConvertData } from './convert-data.ts';
import { registerListData } from './list-data.ts';
import { registerCheckData } from './check-data.ts';
import { registerListStrategies } from './list-strategies.ts';
import { registerLookaheadAnalysis } from './lookahead-analysis.ts';
import { registerRecursiveAnalysis } from './recursive-analysis.ts';
import { registerBacktestingShow } from './backtesting-show.ts';
import { registerBacktestingAnalysis } from './backtesting-analysis.ts';
import { registerKill } from './kill.ts';
import { registerBacktest } from './backtest.ts';
import { registerHyperopt } from './hyperopt.ts';
import { registerHyperoptList } from './hyperopt-list.ts';
import { registerHyperoptShow } from './hyperopt-show.ts';

/**
 * Every command is registered on every start (so `--help` lists them all and commander checks
 * every flag), which makes the registration files part of each command's start-up. They
 * therefore import only commander, action.ts and small constant modules; a command's work is
 * in actions/<command>.ts (or behind `await import(...)` in its action), loaded when it runs.
 * test/cli/startup.test.ts checks that `--help` loads none of the heavy libraries.
 */
export function buildProgram(): Command {
  const program = new Command('keel')
    .description('Keel: strategy research to production. Backtest, hyperopt, paper and live on one engine.')
    .option('-c, --config <file>', 'config file (YAML or JSON); default configs/platform_config.yaml')
    .option('-v, --verbose', 'debug logging and stack traces on errors')
    .addOption(new Option('--log-level <level>', 'console log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']))
    .option('--log-json', 'print log lines as JSON instead of the readable form')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str) });
  program.exitOverride((err) => {
    // commander's own usage errors: exit non-zero without a stack trace.
    process.exit(err.exitCode);
  });
  // The compiled framework keeps a code cache per command (framework/build/bundle-loader.mjs).
  program.hook('preAction', (_program, actionCommand) => {
    (globalThis as Record<symbol, unknown>)[COMMAND_NAME] = actionCommand.name();
  });

  registerBacktest(program);
  registerHyperopt(program);
  registerHyperoptList(program);
  registerHyperoptShow(program);
  registerShowConfig(program);
  registerConfigDocs(program);
  registerDownloadData(program);
  registerConvertData(program);
  registerListData(program);
  registerCheckData(program);
  registerListStrategies(program);
  registerLookaheadAnalysis(program);
  registerRecursiveAnalysis(program);
  registerBacktestingShow(program);
  registerBacktestingAnalysis(program);
  registerKill(program);
  return program;
}
