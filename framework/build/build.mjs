// @ts-check
/**
 * The compiled framework: run.ts and every framework module bundled by esbuild into plain
 * JavaScript under dist/<fingerprint>/, so a command starts without a TypeScript loader
 * (tsx costs ~0.3 s per process). Plain JavaScript itself, because it runs before anything
 * can load TypeScript.
 *
 * Two bundles, each one CommonJS file: dist/<fp>/run.cjs (the CLI, what run.ts runs) and
 * worker.cjs (the hyperopt worker thread). bundle-loader.mjs runs them with a V8 code cache.
 * Commands a run does not use are bundled too but cost little: their modules are initialised
 * only when first required, and the code cache spares parsing them. User code compiled at run
 * time (framework/build/user-modules.ts) reaches the framework's public modules through the
 * bundle that runs (FRAMEWORK_MODULES), so it shares the classes the CLI uses. (An earlier
 * layout of ES module chunks, one file per public module, cost ~0.1 s per start in module
 * resolution and parsing, which Node 20 cannot cache for ES modules.)
 *
 * The fingerprint covers each source file's path, size and mtime, the repository's location
 * and the esbuild version: any edit gives a new directory, built on the next start. Builds go
 * to a temporary directory renamed into place, so processes starting at the same time never
 * see half a build.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FRAMEWORK_MODULES, isPublicModule } from './public-modules.mjs';

/** Bump when the build's options change, so older builds are not reused. */
const BUILD_FORMAT = 5;
/**
 * Dependencies bundled into the build instead of loaded from node_modules: zod loads ~95 files
 * (all of its ~50 locales included, 850 KB) where the bundle keeps only what the config schema
 * uses; yaml is ~70 files. Both are pure JavaScript. Everything else stays external (native or
 * WebAssembly files, worker threads, or loaded only by some commands).
 */
const BUNDLED_PACKAGES = ['zod', 'yaml'];
/** Files besides the sources that change what a build contains. */
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', ...BUNDLED_PACKAGES.map((p) => `node_modules/${p}/package.json`)];
/**
 * When a new build is made, older ones are removed: those older than a day, and beyond the
 * newest KEEP_BUILDS those older than an hour (a process started from one may still start
 * worker threads from its worker.cjs or compile user code into it, so a build is never removed
 * right away).
 */
const STALE_BUILD_MS = 24 * 3600 * 1000;
const KEEP_BUILDS = 5;
const IDLE_BUILD_MS = 3600 * 1000;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** @returns {string[]} run.ts and every framework source file, repository-relative, sorted. */
export function sourceFiles(root = REPO_ROOT) {
  const out = ['run.ts'];
  const walk = (/** @type {string} */ rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(child);
    }
  };
  walk('framework');
  return out.sort();
}

/** @returns {string} hex digest that changes whenever a source file (or the toolchain) does. */
export function fingerprint(root = REPO_ROOT) {
  const h = createHash('sha1');
  h.update(`${BUILD_FORMAT}\0${root}\0${esbuildVersion(root)}\0`);
  // The bundled packages (zod, yaml) and the compiler settings count as sources too.
  for (const rel of [...sourceFiles(root), ...BUILD_INPUTS]) {
    const st = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
    h.update(`${rel}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\0`);
  }
  return h.digest('hex').slice(0, 16);
}

function esbuildVersion(/** @type {string} */ root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules/esbuild/package.json'), 'utf8')).version;
  } catch {
    return 'none';
  }
}

/**
 * The directory of the current build, built first when the sources changed since the last one.
 * @returns {Promise<string>}
 */
export async function ensureBuild(root = REPO_ROOT) {
  const fp = fingerprint(root);
  const dir = path.join(root, 'dist', fp);
  if (fs.existsSync(path.join(dir, 'run.cjs'))) return dir;
  await build(root, dir);
  pruneOldBuilds(path.join(root, 'dist'), fp);
  return dir;
}

/**
 * Bundle into `target` (through a temporary sibling renamed into place).
 * @param {string} root
 * @param {string} target
 */
export async function build(root, target) {
  const { build: esbuild } = await import('esbuild');
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const external = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies ?? {}).filter(
    (name) => !BUNDLED_PACKAGES.includes(name),
  );
  await esbuild({
    entryPoints: [
      { in: 'keel-entry:run', out: 'run' },
      { in: 'keel-entry:worker', out: 'worker' },
    ],
    outdir: tmp,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    // One CommonJS file per entry: bundle-loader.mjs runs it with a V8 code cache, which Node 20
    // offers for scripts only (not for ES modules).
    format: 'cjs',
    // import() of framework files becomes a lazy require (a script run from a code cache cannot
    // call import(); user code is imported through IMPORT_MODULE, see user-modules.ts).
    supported: { 'dynamic-import': false },
    platform: 'node',
    target: 'node20',
    external,
    banner: { js: "var __keelModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: 'linked',
    // Where the build lives and where its sources are: framework/build/runtime.ts reads these.
    define: { __KEEL_DIST__: JSON.stringify(target), __KEEL_ROOT__: JSON.stringify(root), 'import.meta.url': '__keelModuleUrl' },
    plugins: [entries(root), zodEnglishOnly(root)],
    logLevel: 'silent',
  });
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    // Another process finished the same build first: theirs is identical, use it.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(target, 'run.cjs'))) throw err;
  }
}

/**
 * The two bundles: run.cjs does what run.ts does, worker.cjs is the hyperopt worker thread. Both
 * first publish the framework's public modules (FRAMEWORK_MODULES), each loaded on first use,
 * for the user code compiled by user-modules.ts.
 * @param {string} root
 * @returns {import('esbuild').Plugin}
 */
function entries(root) {
  const publicModules = sourceFiles(root).filter(isPublicModule);
  const registry = [
    'const modules = {',
    ...publicModules.map((rel) => `  ${JSON.stringify(rel)}: () => require(${JSON.stringify(`./${rel}`)}),`),
    '};',
    `globalThis[Symbol.for(${JSON.stringify(Symbol.keyFor(FRAMEWORK_MODULES))})] = (rel) => modules[rel]?.();`,
  ].join('\n');
  const main = {
    run: "require('./framework/cli/index.ts').buildProgram().parseAsync(process.argv);",
    worker: "require('./framework/optimize/hyperopt/worker.ts');",
  };
  return {
    name: 'keel-entries',
    setup(b) {
      b.onResolve({ filter: /^keel-entry:/ }, (args) => ({ path: args.path.slice('keel-entry:'.length), namespace: 'keel-entry' }));
      b.onLoad({ filter: /.*/, namespace: 'keel-entry' }, (args) => ({
        contents: `${registry}\n${main[/** @type {'run' | 'worker'} */ (args.path)]}\n`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

/**
 * zod re-exports all of its ~60 message locales (`z.locales`), and the bundle keeps every one
 * because the config code uses zod through its namespace object: ~400 KB of JavaScript parsed
 * at each start. Keel's messages are English (zod's default, set by zod itself), so the
 * locales index resolves to English only.
 * @param {string} root
 * @returns {import('esbuild').Plugin}
 */
function zodEnglishOnly(root) {
  const zodDir = `${path.join(root, 'node_modules', 'zod')}${path.sep}`;
  return {
    name: 'zod-english-only',
    setup(b) {
      b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
        args.importer.startsWith(zodDir) ? { path: 'zod-locales', namespace: 'keel-zod-locales' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'keel-zod-locales' }, () => ({
        contents: `export { default as en } from ${JSON.stringify(path.join(zodDir, 'v4', 'locales', 'en.js'))};`,
        resolveDir: root,
      }));
    },
  };
}

/**
 * @param {string} distDir
 * @param {string} keep
 */
function pruneOldBuilds(distDir, keep) {
  const now = Date.now();
  const builds = [];
  for (const name of fs.readdirSync(distDir)) {
    if (name === keep) continue;
    try {
      builds.push({ name, mtimeMs: fs.statSync(path.join(distDir, name)).mtimeMs });
    } catch {
      // Removed by another process meanwhile.
    }
  }
  builds.sort((a, b) => b.mtimeMs - a.mtimeMs);
  builds.forEach((b, i) => {
    const age = now - b.mtimeMs;
    if (age > STALE_BUILD_MS || (i >= KEEP_BUILDS && age > IDLE_BUILD_MS)) fs.rmSync(path.join(distDir, b.name), { recursive: true, force: true });
  });
}
