/**
 * Start-up cost of the CLI: run.ts registers every command on every start, so what the
 * registration files import is paid by every command. These tests run run.ts in a child
 * process with a module loader hook that records every module loaded, and check that a command
 * loads only what it uses: `--help` no library besides commander, `show-config` only the config
 * and logging libraries. (Timing belongs in bench/; this checks the cause.)
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/tmp.ts';

let tmp: ReturnType<typeof makeTempDir>;
let register: string;

beforeAll(() => {
  tmp = makeTempDir('keel-startup-');
  // A loader hook (it runs on the loader thread) that appends each module URL to a file.
  const hooks = path.join(tmp.dir, 'hooks.mjs');
  fs.writeFileSync(
    hooks,
    "import fs from 'node:fs';\n" +
      'export async function load(url, context, next) {\n' +
      '  const r = await next(url, context);\n' +
      "  fs.appendFileSync(process.env.KEEL_TRACE_FILE, url + '\\n');\n" +
      '  return r;\n' +
      '}\n',
  );
  register = path.join(tmp.dir, 'register.mjs');
  fs.writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});
afterAll(() => tmp.cleanup());

/** The modules `run.ts ...args` loads: npm packages by name, framework files by repo path. */
function modulesLoaded(args: string[]): { packages: Set<string>; framework: string[]; status: number | null } {
  const trace = path.join(tmp.dir, `trace-${args.join('_').replace(/[^a-z-]/gi, '')}.txt`);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, '--import', pathToFileURL(register).href, path.join(REPO_ROOT, 'run.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, CI: '1', KEEL_TRACE_FILE: trace, KEEL__LOGGING__DIRECTORY: path.join(tmp.dir, 'logs') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const urls = fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  const packages = new Set<string>();
  const framework: string[] = [];
  for (const url of urls) {
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (pkg) packages.add(pkg[1]!);
    else if (url.startsWith('file:')) {
      const rel = path.relative(REPO_ROOT, new URL(url).pathname);
      if (rel.startsWith('framework/')) framework.push(rel);
    }
  }
  return { packages, framework, status: r.status };
}

/**
 * Framework code no registration needs: config schema, data layer, engine, strategies, reports,
 * command implementations. (kill.ts writes the kill signal itself: risk/kill-signal.ts is fs only.)
 */
const HEAVY =
  /^framework\/(config|engine|execution|venues|portfolio|strategy|optimize|frame|indicators|cli\/actions)\/|^framework\/risk\/(?!kill-signal\.ts)|data\/(parquet-store|importers\/index|arrow|load)\.ts|reports\/(export|text|metrics|result-schema|html\/)/;

describe('CLI start-up: each command loads what it uses', () => {
  it('--help and a command\'s --help load commander and the registration files only', () => {
    for (const args of [['--help'], ['backtest', '--help']]) {
      const m = modulesLoaded(args);
      expect(m.status).toBe(0);
      expect([...m.packages]).toEqual(['commander']);
      expect(m.framework.filter((f) => HEAVY.test(f))).toEqual([]);
      expect(m.framework).toContain('framework/cli/backtest.ts');
      expect(m.framework).not.toContain('framework/cli/actions/backtest.ts');
    }
  });

  it('show-config loads the config and logging libraries, no data, engine or report code', () => {
    const m = modulesLoaded(['show-config']);
    expect(m.status).toBe(0);
    // pino-pretty is loaded through require() only when a console gets the readable form, so
    // whether the module hook sees it depends on the environment; nothing else may load.
    const packages = [...m.packages].filter((p) => p !== 'pino-pretty').sort();
    expect(packages).toEqual(['commander', 'pino', 'yaml', 'zod']);
    const extra = m.framework.filter((f) => HEAVY.test(f) && !f.startsWith('framework/config/'));
    expect(extra).toEqual([]);
    expect(m.framework).toContain('framework/config/load.ts');
  });
});
