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
 * The module URL of a framework source file (`framework/...` relative, with .ts) as this
 * process runs it: the compiled .js when running from dist/, else the .ts itself.
 */
export function frameworkModuleUrl(rel: string): URL {
  if (DIST_ROOT === undefined) return pathToFileURL(path.join(SOURCE_ROOT, 'framework', rel));
  return pathToFileURL(path.join(DIST_ROOT, 'framework', rel.replace(/\.ts$/, '.js')));
}
