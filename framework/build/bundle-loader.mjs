// @ts-check
/**
 * Runs a compiled bundle (dist/<fingerprint>/run.cjs or worker.cjs, see build.mjs) with a V8
 * code cache. Node 20 caches no compiled code between processes, so every start parsed ~2 MB
 * of JavaScript and compiled each function again on first call; the cache holds the bytecode
 * of every function a command ran, taken when its first run exits, and the next run of that
 * command starts from it (V8 checks that the cache belongs to this very source and this V8,
 * and ignores it otherwise).
 *
 * One cache per command (dist/<fp>/cache/<command>.cache): a backtest and a data download run
 * different code. The CLI's command is known only once it has parsed its arguments, so a run
 * picks the cache of the first argument that names an existing cache, and writes the cache of
 * the command it ran (COMMAND_NAME) when it had none for it and succeeded. Worker threads run
 * without one (`codeCache: false`): hyperopt ends them with terminate(), before any exit hook.
 *
 * With --verbose the bundle is required as a plain CommonJS file instead: Node then maps stack
 * traces through the bundle's source map to the TypeScript sources.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { COMMAND_NAME, IMPORT_MODULE } from './public-modules.mjs';

const CACHE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * @param {string} file the bundle
 * @param {{ argv?: readonly string[], codeCache?: boolean, sourceMaps?: boolean }} [opts]
 */
export function runBundle(file, opts = {}) {
  // The bundle's import() calls of user code land here, in a module that may use import().
  /** @type {Record<symbol, unknown>} */ (globalThis)[IMPORT_MODULE] = (/** @type {string} */ url) => import(url);
  if (opts.sourceMaps) {
    process.setSourceMapsEnabled(true);
    createRequire(import.meta.url)(file);
    return;
  }
  const cacheDir = path.join(path.dirname(file), 'cache');
  const useCache = opts.codeCache !== false;
  const name = useCache ? pickCache(cacheDir, opts.argv ?? []) : undefined;
  const cached = name === undefined ? undefined : readOrUndefined(path.join(cacheDir, `${name}.cache`));
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: cached });
  if (useCache && (cached === undefined || script.cachedDataRejected === true)) {
    // Only after a run that succeeded: a command stopped early by an error ran little of its code.
    process.once('exit', (code) => {
      if (code === 0) writeCache(script, cacheDir, /** @type {Record<symbol, unknown>} */ (globalThis)[COMMAND_NAME]);
    });
  }
  const dir = path.dirname(file);
  const mod = new Module(file);
  mod.filename = file;
  // @ts-expect-error Node's own lookup paths of a module in `dir` (not in the public typings).
  mod.paths = Module._nodeModulePaths(dir);
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dir);
}

/** The first argument that names an existing cache (commands come before their values mostly). */
function pickCache(/** @type {string} */ dir, /** @type {readonly string[]} */ argv) {
  let names;
  try {
    names = new Set(fs.readdirSync(dir).filter((f) => f.endsWith('.cache')).map((f) => f.slice(0, -'.cache'.length)));
  } catch {
    return undefined;
  }
  return argv.find((a) => names.has(a));
}

function readOrUndefined(/** @type {string} */ file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written through a temporary file renamed into place: processes exiting at once never see half a cache. */
function writeCache(/** @type {vm.Script} */ script, /** @type {string} */ dir, /** @type {unknown} */ name) {
  if (typeof name !== 'string' || !CACHE_NAME.test(name)) return;
  const target = path.join(dir, `${name}.cache`);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, target);
  } catch {
    // A cache is only an optimisation (read-only checkout, full disk): run without one.
    fs.rmSync(tmp, { force: true });
  }
}
