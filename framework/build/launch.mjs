#!/usr/bin/env node
// @ts-check
/**
 * Keel's fast entry point: `node framework/build/launch.mjs <command> ...` runs run.ts from the
 * compiled framework (framework/build/build.mjs), rebuilding it first when a source changed.
 * `npm start` and `npm run keel` go through here; `npx tsx run.ts` runs the sources directly
 * (same commands, slower start). `--build-only` just brings the build up to date.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild } from './build.mjs';

const dist = await ensureBuild();
if (process.argv[2] === '--build-only') {
  process.stdout.write(`framework compiled in ${path.relative(process.cwd(), dist) || dist}\n`);
} else {
  // Stack traces (printed with --verbose) then name the TypeScript sources, not the bundle.
  // Only then: with source maps on, Node reads every module's map as it loads (~8% of a
  // backtest's start-up).
  if (process.argv.includes('--verbose') || process.argv.includes('-v')) process.setSourceMapsEnabled(true);
  await import(pathToFileURL(path.join(dist, 'run.js')).href);
}
