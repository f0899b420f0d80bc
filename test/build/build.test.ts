/**
 * The compiled framework (framework/build/build.mjs + launch.mjs) on a copy of the repository:
 * the fingerprint follows the sources, a build is reused while nothing changed, an edited
 * source is picked up by the next start, processes starting at once share one build, and each
 * command keeps a V8 code cache that a damaged file cannot break.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild, fingerprint } from '../../framework/build/build.mjs';
import { makeTempDir, REPO_ROOT } from '../helpers/tmp.ts';

let tmp: ReturnType<typeof makeTempDir>;
let root: string;

beforeAll(() => {
  tmp = makeTempDir('keel-build-');
  root = path.join(tmp.dir, 'repo');
  fs.mkdirSync(root);
  for (const f of ['run.ts', 'package.json', 'tsconfig.json']) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(root, f));
  fs.cpSync(path.join(REPO_ROOT, 'framework'), path.join(root, 'framework'), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
});
afterAll(() => tmp.cleanup());

function launch(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'framework/build/launch.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const builds = (): string[] => (fs.existsSync(path.join(root, 'dist')) ? fs.readdirSync(path.join(root, 'dist')).sort() : []);

describe('compiled framework', () => {
  it('processes starting at the same time share one build and leave no temporary directory', async () => {
    const runs = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const p = spawn(process.execPath, [path.join(root, 'framework/build/launch.mjs'), '--build-only'], { cwd: root });
            let out = '';
            p.stdout.on('data', (d: Buffer) => (out += d.toString()));
            p.on('close', (code) => resolve({ code, out }));
          }),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(new Set(runs.map((r) => r.out)).size).toBe(1);
    expect(builds()).toEqual([fingerprint(root)]);
    expect(fs.existsSync(path.join(root, 'dist', fingerprint(root), 'run.cjs'))).toBe(true);
  });

  it('reuses the build while no source changed', async () => {
    const dir = await ensureBuild(root);
    const before = fs.statSync(path.join(dir, 'run.cjs')).mtimeMs;
    expect(await ensureBuild(root)).toBe(dir);
    expect(fs.statSync(path.join(dir, 'run.cjs')).mtimeMs).toBe(before);
  });

  it('a different fingerprint for an edited source, and the next start runs the edit', () => {
    const fp = fingerprint(root);
    expect(fingerprint(root)).toBe(fp);
    const file = path.join(root, 'framework/cli/kill.ts');
    const text = fs.readFileSync(file, 'utf8');
    const m = /\.description\(\s*'([^']+)'/.exec(text);
    expect(m, 'kill.ts sets its description with a string literal').not.toBeNull();
    fs.writeFileSync(file, text.replace(m![1]!, 'EDITED DESCRIPTION OF KILL'));
    expect(fingerprint(root)).not.toBe(fp);

    const r = launch(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('EDITED DESCRIPTION OF KILL');
    expect(builds()).toContain(fingerprint(root));
  });

  it('a new build removes builds older than a day, and those beyond the newest five older than an hour', async () => {
    const dist = path.join(root, 'dist');
    const fake = (name: string, ageMs: number): void => {
      fs.mkdirSync(path.join(dist, name), { recursive: true });
      const t = new Date(Date.now() - ageMs);
      fs.utimesSync(path.join(dist, name), t, t);
    };
    fake('old-day', 25 * 3600_000);
    for (let i = 0; i < 7; i++) fake(`idle-${i}`, 2 * 3600_000 + i * 60_000); // idle-0 newest
    const recent = builds().filter((b) => !b.startsWith('old-') && !b.startsWith('idle-')).length;
    const file = path.join(root, 'framework/cli/kill.ts');
    fs.appendFileSync(file, '\n// touched by the prune test\n');
    const dir = await ensureBuild(root);
    const left = builds();
    expect(left).toContain(path.basename(dir));
    expect(left).not.toContain('old-day');
    const keptIdle = Array.from({ length: 7 }, (_, i) => `idle-${i}`).filter((n) => left.includes(n));
    expect(keptIdle).toEqual(Array.from({ length: Math.max(0, 5 - recent) }, (_, i) => `idle-${i}`));
  });

  it('an install that changes the lock file gives a new fingerprint (zod and yaml are bundled)', () => {
    const fp = fingerprint(root);
    const lock = path.join(root, 'package-lock.json');
    fs.writeFileSync(lock, '{}\n');
    try {
      expect(fingerprint(root)).not.toBe(fp);
    } finally {
      fs.rmSync(lock);
    }
    expect(fingerprint(root)).toBe(fp);
  });

  it('a moved repository gets a build of its own (the build records where its sources are)', () => {
    // The fingerprint includes the repository's path: a copy never runs another copy's build.
    // Every input is a link to the same file, so only the location differs.
    const copy = path.join(tmp.dir, 'moved');
    fs.mkdirSync(copy);
    for (const f of ['framework', 'node_modules', 'run.ts', 'package.json', 'tsconfig.json']) fs.symlinkSync(path.join(root, f), path.join(copy, f));
    expect(fingerprint(copy)).not.toBe(fingerprint(root));
  });

  it('a command writes its code cache on its first run, uses it on the next, and rewrites a damaged one', async () => {
    const dir = await ensureBuild(root);
    const cache = path.join(dir, 'cache', 'list-strategies.cache');
    const strategies = path.join(tmp.dir, 'no-strategies');
    fs.mkdirSync(strategies, { recursive: true });
    const args = ['list-strategies', '--strategy-path', strategies, '--json'];
    fs.rmSync(path.join(dir, 'cache'), { recursive: true, force: true });

    const help = launch(['--help']);
    expect(help.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'cache')), '--help runs no command: no cache').toBe(false);

    const first = launch(args);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ strategies: [] });
    const written = fs.readFileSync(cache);
    expect(written.length).toBeGreaterThan(10_000);

    // Accepted by V8: the next run leaves it as it is.
    const mtime = fs.statSync(cache).mtimeMs;
    const second = launch(args);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(fs.statSync(cache).mtimeMs).toBe(mtime);

    // Garbage of the same length: V8 rejects it, the command runs as before and writes a good cache.
    const garbage = Buffer.alloc(written.length, 0x5a);
    fs.writeFileSync(cache, garbage);
    const third = launch(args);
    expect(third.status).toBe(0);
    expect(third.stdout).toBe(first.stdout);
    expect(fs.readFileSync(cache).equals(garbage)).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'cache')).sort()).toEqual(['list-strategies.cache']);
  });
});
