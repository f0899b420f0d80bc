/**
 * Importing user code (strategies, custom hyperopt losses): TypeScript files under user_data/.
 *
 * From the sources (tsx, vitest) a loader is already in place and the file is imported as is.
 * From the compiled framework (framework/build/build.mjs) there is no loader: each user file is
 * compiled here with esbuild into dist/<build>/user/, one output per source file, with its
 * imports rewritten so that
 *   - framework sources (`../../framework/strategy/index.ts`) become the modules of the bundle
 *     that runs (FRAMEWORK_MODULES: one IStrategy class, not a second copy); only the public
 *     modules (isPublicModule) can be imported,
 *   - other user files become their own compiled outputs (compiled too, recursively),
 *   - packages installed in the repository stay bare (the framework's copy), others resolve to
 *     their file.
 * An output records its source's sha256 and the user files it imports; it is reused while the
 * hashes match, so an unchanged strategy is not compiled again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { tempPathFor } from '../data/atomic-write.ts';
import { FRAMEWORK_MODULES, IMPORT_MODULE, isPublicModule } from './public-modules.mjs';
import { DIST_ROOT, SOURCE_ROOT } from './runtime.ts';

const HEADER = '// keel-user-module ';
const USER_CODE = /\.(ts|mts|cts|tsx|js|mjs|jsx)$/;
const BUILTINS = new Set(builtinModules);

/** Import a user file (strategy, loss) the way this process can. */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  if (DIST_ROOT === undefined) return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const out = await compileUserModule(path.resolve(file), path.join(DIST_ROOT, 'user'));
  // The bundle runs as a script (bundle-loader.mjs), which cannot call import() itself.
  const importModule = (globalThis as Record<symbol, unknown>)[IMPORT_MODULE] as (url: string) => Promise<Record<string, unknown>>;
  return importModule(pathToFileURL(out).href);
}

interface Header {
  hash: string;
  deps: string[];
}

/** A syntax or resolution error in a user file (see describeBuildFailure). */
export class UserCompileError extends Error {}

/**
 * Compile `file` (and the user files it imports) into `outDir` when their text changed; returns
 * the output path of `file`.
 */
export async function compileUserModule(file: string, outDir: string, seen = new Set<string>(), importedBy = file): Promise<string> {
  const out = outputPath(outDir, file);
  if (seen.has(file)) return out;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  let header = readHeader(out);
  if (header?.hash !== hash) {
    const compiled = await compile(file, outDir, importedBy);
    header = { hash, deps: compiled.deps };
    writeAtomic(out, `${HEADER}${JSON.stringify(header)}\n${compiled.code}`);
  }
  for (const dep of header.deps) await compileUserModule(dep, outDir, seen, importedBy);
  return out;
}

/** One output per source path: a short hash of the path keeps same-named files apart. */
function outputPath(outDir: string, file: string): string {
  const id = createHash('sha1').update(file).digest('hex').slice(0, 12);
  return path.join(outDir, `${path.basename(file).replace(USER_CODE, '')}-${id}.mjs`);
}

function readHeader(out: string): Header | undefined {
  let fd: number;
  try {
    fd = fs.openSync(out, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const first = buf.toString('utf8', 0, n).split('\n', 1)[0]!;
    if (!first.startsWith(HEADER)) return undefined;
    const h = JSON.parse(first.slice(HEADER.length)) as Header;
    return typeof h.hash === 'string' && Array.isArray(h.deps) ? h : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** `importedBy`: the file being imported (errors in a helper it imports name the helper). */
async function compile(file: string, outDir: string, importedBy: string): Promise<{ code: string; deps: string[] }> {
  const { build } = await import('esbuild');
  const deps: string[] = [];
  const url = pathToFileURL(file).href;
  try {
    const r = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      // The code sees its own location, not the compiled copy's.
      define: {
        'import.meta.url': JSON.stringify(url),
        'import.meta.filename': JSON.stringify(file),
        'import.meta.dirname': JSON.stringify(path.dirname(file)),
      },
      logLevel: 'silent',
      plugins: [rewriteImports(outDir, deps)],
    });
    return { code: r.outputFiles[0]!.text, deps };
  } catch (err) {
    throw new UserCompileError(describeBuildFailure(err, importedBy), { cause: err });
  }
}

/** Every import becomes external; where it points is decided here (see the file comment). */
function rewriteImports(outDir: string, deps: string[]): Plugin {
  const frameworkDir = path.join(SOURCE_ROOT, 'framework') + path.sep;
  const nodeModules = path.join(SOURCE_ROOT, 'node_modules') + path.sep;
  return {
    name: 'keel-user-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === 'keel-inner') return undefined;
        const spec = args.path;
        if (spec.startsWith('node:') || BUILTINS.has(spec)) return { path: spec, external: true };
        const r = await b.resolve(spec, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'keel-inner' });
        if (r.errors.length > 0) return { errors: r.errors };
        const target = r.path;
        const bare = !spec.startsWith('.') && !path.isAbsolute(spec) && !spec.startsWith('file:');
        if (bare) return { path: target.startsWith(nodeModules) ? spec : pathToFileURL(target).href, external: true };
        if (target.startsWith(frameworkDir) && target.endsWith('.ts')) {
          const rel = path.relative(SOURCE_ROOT, target).split(path.sep).join('/');
          if (!isPublicModule(rel)) return { errors: [{ text: notPublic(rel) }] };
          return { path: rel, namespace: 'keel-framework' };
        }
        if (!target.startsWith(frameworkDir) && !target.includes(`${path.sep}node_modules${path.sep}`) && USER_CODE.test(target)) {
          deps.push(target);
          return { path: pathToFileURL(outputPath(outDir, target)).href, external: true };
        }
        return { path: pathToFileURL(target).href, external: true };
      });
      // A framework module is the running bundle's own (a CommonJS stand-in that esbuild turns
      // into named imports).
      b.onLoad({ filter: /.*/, namespace: 'keel-framework' }, (args) => ({
        contents: `module.exports = globalThis[Symbol.for(${JSON.stringify(Symbol.keyFor(FRAMEWORK_MODULES))})](${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/** The error for an import of a framework module user code may not import. */
function notPublic(rel: string): string {
  return (
    `${rel} is not one of the framework's public modules: import from framework/strategy/index.ts ` +
    '(the strategy API: IStrategy, parameters, DataFrame, ta, qtpylib), another index.ts under framework/, ' +
    'framework/strategy/strategy.ts or framework/strategy/parameters.ts'
  );
}

/**
 * esbuild's errors as "<message> at line L, column C: <code>", naming the file only when it is
 * not the one being imported (a helper it imports); the caller names that one.
 */
function describeBuildFailure(err: unknown, entry: string): string {
  type Located = { text: string; location?: { file: string; line: number; column: number; lineText: string } | null };
  const errors = (err as { errors?: Located[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return err instanceof Error ? err.message : String(err);
  return errors
    .slice(0, 3)
    .map((e) => {
      const loc = e.location;
      if (!loc) return e.text;
      const where = path.resolve(loc.file);
      const other = where === entry ? '' : ` in ${where}`;
      const code = loc.lineText.trim();
      return `${e.text}${other} at line ${loc.line}, column ${loc.column + 1}${code ? `: ${code}` : ''}`;
    })
    .join('\n');
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Random per call: hyperopt's worker threads share the pid.
  const tmp = tempPathFor(file);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
