// @ts-check
/**
 * The compiled framework: run.ts and every framework module bundled by esbuild into plain
 * JavaScript under dist/<fingerprint>/, so a command starts without a TypeScript loader
 * (tsx costs ~0.3 s per process). Plain JavaScript itself, because it runs before anything
 * can load TypeScript.
 *
 * Every framework file is an entry point (code splitting keeps one copy of each module), so
 * dist/<fp>/framework/x/y.js stands for framework/x/y.ts: user strategies compiled at run time
 * (framework/build/user-modules.ts) import those and share the classes the CLI uses.
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
const BUILD_FORMAT = 1;
/** Builds of other fingerprints older than this are removed when a new one is made. */
const STALE_BUILD_MS = 24 * 3600 * 1000;

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

/** @returns {string} hex digest that changes whenever a source file (or the toolchain) does. */
export function fingerprint(root = REPO_ROOT) {
  const h = createHash('sha1');
  h.update(`${BUILD_FORMAT}\0${root}\0${esbuildVersion(root)}\0`);
  for (const rel of sourceFiles(root)) {
    const st = fs.statSync(path.join(root, rel));
    h.update(`${rel}\0${st.size}\0${st.mtimeMs}\0`);
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
    .filter((f) => f.endsWith('.ts'))
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
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    // Where the build lives and where its sources are: framework/build/runtime.ts reads these.
    define: { __KEEL_DIST__: JSON.stringify(target), __KEEL_ROOT__: JSON.stringify(root) },
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
 * @param {string} distDir
 * @param {string} keep
 */
function pruneOldBuilds(distDir, keep) {
  const now = Date.now();
  for (const name of fs.readdirSync(distDir)) {
    if (name === keep) continue;
    const p = path.join(distDir, name);
    try {
      if (now - fs.statSync(p).mtimeMs > STALE_BUILD_MS) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}
