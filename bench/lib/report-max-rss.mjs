// Preloaded by the whole-process backtest benchmarks (--import): the peak RSS, on stderr at exit.
process.on('exit', () => process.stderr.write(`\nKEEL_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`));
