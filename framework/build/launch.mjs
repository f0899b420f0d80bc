#!/usr/bin/env -S node --v8-pool-size=0
// @ts-check
/**
 * Keel's fast entry point: `node framework/build/launch.mjs <command> ...` runs run.ts from the
 * compiled framework (framework/build/build.mjs), rebuilding it first when a source changed.
 * `npm start` and `npm run keel` go through here; `npx tsx run.ts` runs the sources directly
 * (same commands, slower start). `--build-only` just brings the build up to date.
 */
import path from 'node:path';
import { ensureBuild } from './build.mjs';
import { runBundle } from './bundle-loader.mjs';

const dist = await ensureBuild();
const args = process.argv.slice(2);
if (args[0] === '--build-only') {
  process.stdout.write(`framework compiled in ${path.relative(process.cwd(), dist) || dist}\n`);
} else {
  // Stack traces (printed with --verbose) then name the TypeScript sources, not the bundle.
  // Only then: reading the source map costs start-up time, and it skips the code cache.
  runBundle(path.join(dist, 'run.cjs'), { argv: args, sourceMaps: args.includes('--verbose') || args.includes('-v') });
}
