// @ts-check
/**
 * The framework modules user code may import, and the two hooks through which compiled user
 * code reaches the running framework (framework/build/build.mjs, user-modules.ts,
 * bundle-loader.mjs). Plain JavaScript: the build script, which runs before anything can load
 * TypeScript, needs it too.
 */

/**
 * Framework modules user code may import (repository-relative path, .ts): every index.ts under
 * framework/, plus the strategy base class and the parameter classes.
 * @param {string} rel
 */
export function isPublicModule(rel) {
  return /^framework\/.+\/index\.ts$/.test(rel) || rel === 'framework/strategy/strategy.ts' || rel === 'framework/strategy/parameters.ts';
}

/**
 * On globalThis in a compiled process: `(rel) => namespace` of a public module of the bundle
 * that runs (loaded on first use). Compiled user code imports the framework through it, so a
 * strategy extends the very IStrategy class the CLI checks against.
 */
export const FRAMEWORK_MODULES = Symbol.for('keel.framework-modules');

/**
 * On globalThis in a compiled process: `(url) => import(url)` from a real module. The bundle runs
 * as a script compiled with a V8 code cache, and such a script cannot call import() itself.
 */
export const IMPORT_MODULE = Symbol.for('keel.import-module');

/** On globalThis: the command a process runs (set by the CLI), which names its code cache. */
export const COMMAND_NAME = Symbol.for('keel.command-name');
