/**
 * Whether this code runs from the compiled framework (dist/, see framework/build/build.mjs) or
 * from the TypeScript sources (tsx, vitest), and where each lives. The build defines the two
 * constants; under tsx they do not exist.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

declare const __KEEL_DIST__: string | undefined;
declare const __KEEL_ROOT__: string | undefined;

/** The compiled framework's directory, or undefined when running from the sources. */
export const DIST_ROOT: string | undefined = typeof __KEEL_DIST__ === 'string' ? __KEEL_DIST__ : undefined;

/** The repository: the directory holding run.ts and framework/. */
export const SOURCE_ROOT: string =
  typeof __KEEL_ROOT__ === 'string' ? __KEEL_ROOT__ : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A file that ships beside the framework's sources (templates, assets): `framework/...` relative path. */
export function frameworkAsset(rel: string): string {
  return path.join(SOURCE_ROOT, 'framework', rel);
}

/**
 * How to start a worker thread that runs the framework file `rel` (`framework/...` relative,
 * .ts): the file itself from the sources; from dist/, bundle-worker.mjs with the bundle built
 * for it (`bundle`, e.g. 'worker.cjs', see build.mjs) as its argument.
 */
export function workerEntry(rel: string, bundle: string): { url: URL; argv: string[] } {
  if (DIST_ROOT === undefined) return { url: pathToFileURL(path.join(SOURCE_ROOT, 'framework', rel)), argv: [] };
  return { url: pathToFileURL(path.join(SOURCE_ROOT, 'framework/build/bundle-worker.mjs')), argv: [path.join(DIST_ROOT, bundle)] };
}
