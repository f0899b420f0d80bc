const t0 = performance.now();
const [{ Command }, { registerBacktest }] = await Promise.all([import('commander'), import('/work/main/framework/cli/backtest.ts')]);
const t1 = performance.now();
const program = new Command('keel').option('-c, --config <file>').option('-v, --verbose').option('--log-level <level>').option('--log-json');
registerBacktest(program);
await program.parseAsync(['node', 'keel', '--config', '/tmp/keelguard/smarun/config.yaml', '--log-json', 'backtest', '--strategy', 'SmaCross']);
const t2 = performance.now();
process.stderr.write(`\nIMPORT_MS ${(t1 - t0).toFixed(0)} RUN_MS ${(t2 - t1).toFixed(0)} UPTIME_MS ${(process.uptime() * 1000).toFixed(0)}\n`);
