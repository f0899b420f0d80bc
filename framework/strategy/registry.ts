import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, errorMessage } from '../core/errors.ts';
import { IStrategy, type StrategyClass } from './strategy.ts';
import { collectParameters } from './parameters.ts';
import { StrategyLoadError, describeWhere, displayPath } from './errors.ts';
import { missingHooks, validateStrategy, type HookName, type StrategyMetadata } from './metadata.ts';
import { importUserModule, UserCompileError } from '../build/user-modules.ts';

/**
 * Discovery of strategy classes in a directory tree (user_data/strategies by default). Each file
 * is imported on its own; a file or class that is broken becomes a StrategyProblem and never
 * stops the others from loading.
 *
 * Node caches imported modules for the life of the process: a file edited after its first
 * import is seen again only in a new process (every CLI command is one).
 */

/** A selectable strategy: a class that extends IStrategy, implements all three hooks and validates. */
export interface StrategyEntry {
  /** The class name, which is how a strategy is selected (`--strategy SmaCross`). */
  name: string;
  /** Absolute path of the file that defines the class. */
  file: string;
  cls: StrategyClass;
  /** sha256 (hex) of the defining file's text when it was imported. */
  sourceHash: string;
  /** The class defaults, validated and normalised (before any parameter file or config). */
  metadata: StrategyMetadata;
  /** Number of hyperoptable parameters per space, e.g. { buy: 2, sell: 1 }. */
  parameterCounts: Record<string, number>;
}

/** A file that cannot be imported, or a class in it that cannot be used. */
export interface StrategyProblem {
  file: string;
  /** The class concerned, when the problem is about one class. */
  className?: string;
  error: StrategyLoadError;
}

/** A class missing hooks that other strategies extend: not selectable, not a problem. */
export interface StrategyBase {
  name: string;
  file: string;
  missingHooks: HookName[];
}

export interface StrategyDiscovery {
  /** Absolute path of the directory searched. */
  directory: string;
  strategies: StrategyEntry[];
  problems: StrategyProblem[];
  bases: StrategyBase[];
}

const FOREIGN = "extends a different copy of IStrategy; import IStrategy from Keel's framework/strategy/strategy.ts";

const ANSI_RE = /\x1b\[[0-9;]*m/g;

const STRATEGY_FILE_RE = /\.(ts|js)$/;
const EXCLUDED_FILE_RE = /(\.d\.ts|\.(test|spec)\.(ts|js))$/;

/**
 * Strategy source files under `dir`, sorted: `**\/*.ts` and `**\/*.js`, skipping declaration
 * and test files and every file or folder whose name starts with `_` or `.` (the place for
 * shared helpers and base classes that should not be scanned on their own), and node_modules.
 */
export function listStrategyFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('_') || e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(d, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const st = fs.statSync(full, { throwIfNoEntry: false });
        isDir = st?.isDirectory() ?? false;
        isFile = st?.isFile() ?? false;
      }
      if (isDir) walk(full);
      else if (isFile && STRATEGY_FILE_RE.test(e.name) && !EXCLUDED_FILE_RE.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** How a value relates to IStrategy: a subclass, a subclass of another copy of IStrategy, or neither. */
function lineage(value: unknown): 'strategy' | 'foreign' | 'none' {
  if (typeof value !== 'function' || value === IStrategy) return 'none';
  for (let p: unknown = Object.getPrototypeOf(value); typeof p === 'function' && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
    if (p === IStrategy) return 'strategy';
    if ((p as { name?: string }).name === 'IStrategy') return 'foreign';
  }
  return 'none';
}

interface ImportedFile {
  file: string;
  text: string;
  hash: string;
}

interface Candidate {
  cls: Function;
  files: ImportedFile[];
}

/** The first lines of an import error (esbuild's syntax errors name the line and column there). */
function importErrorText(file: string, err: unknown): string {
  // Loaders word .js syntax errors vaguely (tsx: "Parse error <file>:1:1"); node --check is exact.
  // It passes for a file that parses, so a runtime error at import keeps its own message.
  // The compiled framework's own compile step (esbuild) already names file, line and column.
  const syntax = file.endsWith('.js') && !(err instanceof UserCompileError) ? jsSyntaxError(file) : undefined;
  if (syntax) return syntax;
  const lines = errorMessage(err)
    .replace(ANSI_RE, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  return lines.slice(0, 6).join('\n    ');
}

/** `node --check`'s verdict on a .js file: "SyntaxError: ... at line N: <code>", or undefined if it parses. */
function jsSyntaxError(file: string): string | undefined {
  const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 15_000 });
  if (r.status === 0 || !r.stderr) return undefined;
  const lines = r.stderr.split('\n');
  const message = lines.find((l) => /^\w*Error: /.test(l));
  const where = /:(\d+)$/.exec(lines[0] ?? '');
  if (!message || !where) return undefined;
  const code = (lines[1] ?? '').trim();
  return `${message} at line ${where[1]}${code ? `: ${code}` : ''}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Import every strategy file under `dir` and sort what they export into selectable strategies,
 * problems (with the file, the class and what is wrong) and abstract bases.
 *
 * `names`: the caller needs only these classes (a backtest of one strategy). Then only the files
 * whose text mentions one of the names are imported (the class's own file, and files deriving
 * from it or defining the same name again, so duplicates are still found); when that does not
 * yield every name (the class is exported under another name, say), every file is imported
 * after all. Problems of files not imported are not reported (list-strategies reports them).
 */
export async function discoverStrategies(dir: string, opts: { names?: readonly string[] } = {}): Promise<StrategyDiscovery> {
  const names = opts.names;
  if (names && names.length > 0) {
    const some = await discoverIn(dir, (text) => names.some((n) => text.includes(n)));
    if (names.every((n) => some.strategies.some((s) => s.name === n))) return some;
  }
  return discoverIn(dir, () => true);
}

async function discoverIn(dir: string, wanted: (text: string) => boolean): Promise<StrategyDiscovery> {
  const directory = path.resolve(dir);
  const st = fs.statSync(directory, { throwIfNoEntry: false });
  if (!st?.isDirectory()) {
    throw new UsageError(
      `strategy directory ${directory} ${st ? 'is not a directory' : 'does not exist'} (set strategy.path in the config or pass --strategy-path)`,
    );
  }

  const problems: StrategyProblem[] = [];
  const candidates = new Map<Function, Candidate>();

  for (const file of listStrategyFiles(directory)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      const reason = `cannot be read: ${errorMessage(err)}`;
      problems.push({ file, error: new StrategyLoadError(`${displayPath(file)}: ${reason}`, { file, cause: err, reason }) });
      continue;
    }
    if (!wanted(text)) continue;
    const imported: ImportedFile = { file, text, hash: createHash('sha256').update(text).digest('hex') };
    let mod: Record<string, unknown>;
    try {
      mod = await importUserModule(file);
    } catch (err) {
      const detail = importErrorText(file, err);
      problems.push({
        file,
        error: new StrategyLoadError(`${displayPath(file)}: cannot be imported:\n    ${detail}`, {
          file,
          cause: err,
          reason: `cannot be imported: ${detail.replace(/\n\s*/g, ' | ')}`,
        }),
      });
      continue;
    }
    for (const [exportName, value] of Object.entries(mod)) {
      const kind = lineage(value);
      if (kind === 'none') continue;
      const cls = value as Function;
      if (kind === 'foreign') {
        problems.push({
          file,
          className: cls.name,
          error: new StrategyLoadError(`${describeWhere(file, cls.name)}: ${FOREIGN}`, { file, className: cls.name, reason: FOREIGN }),
        });
        continue;
      }
      // An anonymous `export default class` is named "default" (vitest's runner names it __vite_ssr_export_default__).
      if (!cls.name || cls.name === 'default' || cls.name.startsWith('__vite_ssr_')) {
        const reason =
          `the ${exportName === 'default' ? 'default export' : `export ${exportName}`} is an anonymous class; ` +
          'give it a name (export class MyStrategy extends IStrategy): strategies are selected by class name';
        problems.push({ file, error: new StrategyLoadError(`${displayPath(file)}: ${reason}`, { file, reason }) });
        continue;
      }
      const c = candidates.get(cls) ?? { cls, files: [] };
      if (!c.files.includes(imported)) c.files.push(imported);
      candidates.set(cls, c);
    }
  }

  // One class exported by several files (re-exports) belongs to the file that declares it.
  const classes: Array<{ cls: Function; home: ImportedFile }> = [];
  for (const c of candidates.values()) {
    const decl = new RegExp(`\\bclass\\s+${escapeRegExp(c.cls.name)}\\b`);
    classes.push({ cls: c.cls, home: c.files.find((f) => decl.test(f.text)) ?? c.files[0]! });
  }

  // Two different classes with one name cannot be selected by name: both are refused.
  const byName = new Map<string, Array<{ cls: Function; home: ImportedFile }>>();
  for (const c of classes) byName.set(c.cls.name, [...(byName.get(c.cls.name) ?? []), c]);

  const strategies: StrategyEntry[] = [];
  const bases: StrategyBase[] = [];
  for (const [name, group] of byName) {
    if (group.length > 1) {
      const files = group.map((g) => displayPath(g.home.file));
      for (const g of group) {
        const reason = `class name ${name} is defined in ${files.length} files: ${files.join(', ')}; class names must be unique, rename one`;
        problems.push({
          file: g.home.file,
          className: name,
          error: new StrategyLoadError(`strategy ${reason}`, { file: g.home.file, className: name, reason }),
        });
      }
      continue;
    }
    const { cls, home } = group[0]!;
    const missing = hooksMissing(cls as StrategyClass);
    if (missing.length > 0) {
      const extended = classes.some((o) => o.cls !== cls && Object.prototype.isPrototypeOf.call(cls.prototype, o.cls.prototype));
      if (extended) {
        bases.push({ name, file: home.file, missingHooks: missing });
      } else {
        problems.push({ file: home.file, className: name, error: missingHookError(home.file, name, missing, cls.prototype as object) });
      }
      continue;
    }
    const entry = inspectClass(cls as StrategyClass, name, home);
    if (entry instanceof StrategyLoadError) problems.push({ file: home.file, className: name, error: entry });
    else strategies.push(entry);
  }

  strategies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.className ?? '') < (b.className ?? '') ? -1 : 1));
  bases.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { directory, strategies, problems, bases };
}

/**
 * Hooks a class lacks. Methods live on the prototype; hooks written as arrow-function fields
 * exist only on an instance, so a class missing some on the prototype is constructed to look.
 */
function hooksMissing(cls: StrategyClass): HookName[] {
  const missing = missingHooks(cls.prototype);
  if (missing.length === 0) return missing;
  try {
    return missingHooks(new cls());
  } catch {
    return missing;
  }
}

export function missingHookError(file: string, name: string, missing: HookName[], proto: object): StrategyLoadError {
  const snake = (h: string): string => h.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const hints = missing
    .filter((h) => typeof (proto as Record<string, unknown>)[snake(h)] === 'function')
    .map((h) => ` (found ${snake(h)}: Keel's hook is ${h})`);
  const reason =
    `does not implement ${missing.join(', ')}${hints.join('')}; ` +
    'a strategy needs populateIndicators, populateEntryTrend and populateExitTrend ' +
    '(a base class meant only to be extended can live in a file whose name starts with _)';
  return new StrategyLoadError(`${describeWhere(file, name)}: ${reason}`, { file, className: name, reason });
}

/** Instantiate a class once to validate its attributes and count its parameters. */
function inspectClass(cls: StrategyClass, name: string, home: ImportedFile): StrategyEntry | StrategyLoadError {
  const fail = (reason: string, cause: unknown): StrategyLoadError =>
    new StrategyLoadError(`${describeWhere(home.file, name)}: ${reason}`, { file: home.file, className: name, cause, reason });
  let instance: IStrategy;
  try {
    instance = new cls();
  } catch (err) {
    return fail(`the constructor threw: ${errorMessage(err)}`, err);
  }
  let metadata: StrategyMetadata;
  try {
    metadata = validateStrategy(instance, { file: home.file, className: name });
  } catch (err) {
    if (err instanceof StrategyLoadError) return err;
    return fail(errorMessage(err), err);
  }
  const parameterCounts: Record<string, number> = {};
  try {
    for (const p of collectParameters(instance, name).values()) {
      const space = String(p.space);
      parameterCounts[space] = (parameterCounts[space] ?? 0) + 1;
    }
  } catch (err) {
    return fail(errorMessage(err), err);
  }
  return { name, file: home.file, cls, sourceHash: home.hash, metadata, parameterCounts };
}
