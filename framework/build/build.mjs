// @ts-check
/**
 * The compiled framework: run.ts and every framework module bundled by esbuild into plain
 * JavaScript under dist/<fingerprint>/, so a command starts without a TypeScript loader
 * (tsx costs ~0.3 s per process). Plain JavaScript itself, because it runs before anything
 * can load TypeScript.
 *
 * Entry points: run.ts, the hyperopt worker, and the public modules of the framework (isPublicModule:
 * every index.ts under framework/, plus strategy.ts and parameters.ts), each compiled to
 * dist/<fp>/framework/.../name.js; code splitting keeps one copy of every module behind them.
 * User code compiled at run time (framework/build/user-modules.ts) imports those files and so
 * shares the classes the CLI uses. Everything else is merged into shared chunks: making every
 * file an entry split the code into ~300 chunks, and loading them cost a backtest ~0.1 s.
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

/** Bump when the build's options change, so older builds are not reused. */
const BUILD_FORMAT = 4;
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
 * newest KEEP_BUILDS those older than an hour (a process started from one may still import
 * its lazily loaded chunks, so a build is never removed right away).
 */
const STALE_BUILD_MS = 24 * 3600 * 1000;
const KEEP_BUILDS = 5;
const IDLE_BUILD_MS = 3600 * 1000;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST_DIR = path.join(REPO_ROOT, 'dist');

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

/**
 * Framework modules user code may import (repository-relative path, .ts): the compiled build
 * has a file for each of these only.
 * @param {string} rel
 */
export function isPublicModule(rel) {
  return /^framework\/.+\/index\.ts$/.test(rel) || rel === 'framework/strategy/strategy.ts' || rel === 'framework/strategy/parameters.ts';
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
  if (fs.existsSync(path.join(dir, 'run.js'))) return dir;
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
  const entryPoints = sourceFiles(root)
    .filter((f) => f === 'run.ts' || f === 'framework/optimize/hyperopt/worker.ts' || isPublicModule(f))
    .map((f) => path.join(root, f));
  await esbuild({
    entryPoints,
    outdir: tmp,
    outbase: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies ?? {}).filter(
      (name) => !BUNDLED_PACKAGES.includes(name),
    ),
    // Bundled CommonJS code (yaml's Node entry) calls require: give each chunk a real one.
    banner: { js: "import { createRequire as __keelCreateRequire } from 'node:module'; const require = __keelCreateRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    // Where the build lives and where its sources are: framework/build/runtime.ts reads these.
    define: { __KEEL_DIST__: JSON.stringify(target), __KEEL_ROOT__: JSON.stringify(root) },
    plugins: [zodEnglishOnly(root)],
    logLevel: 'silent',
  });
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    // Another process finished the same build first: theirs is identical, use it.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(target, 'run.js'))) throw err;
  }
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
