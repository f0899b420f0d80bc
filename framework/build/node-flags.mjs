// @ts-check
/**
 * Node.js flags every Keel process is started with: `npm start`, `npm run keel`, the `keel`
 * bin (its shebang) and the benches and tests that run the CLI as users do.
 * test/build/node-flags.test.ts checks that package.json and launch.mjs carry exactly these.
 *
 * --v8-pool-size=0: V8's background threads (concurrent optimizing compiler, parallel GC) sized
 * to the machine's cores minus one instead of Node's fixed 4. A backtest runs on one thread;
 * on a 2-core machine the default 4 compiler threads, all busy while the loop warms up, take
 * the core from the loop thread (it waits ~40% of the loop's wall time). Measured with
 * bench/backtest-sma.ts and side-by-side runs: docs/benchmarks.md.
 */
export const KEEL_NODE_FLAGS = Object.freeze(['--v8-pool-size=0']);
