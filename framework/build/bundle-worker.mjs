// @ts-check
/**
 * A worker thread's entry under the compiled framework: runs the bundle named by the thread's
 * last argument (dist/<fp>/worker.cjs, see build.mjs and runtime.ts workerEntry) as
 * bundle-loader.mjs runs the CLI's.
 */
import { runBundle } from './bundle-loader.mjs';

const bundle = process.argv.at(-1);
if (bundle === undefined || !bundle.endsWith('.cjs')) throw new Error(`bundle-worker.mjs: the last argument names no bundle to run (${bundle})`);
runBundle(bundle, { codeCache: false });
