/**
 * Every way a user starts Keel's compiled command line carries KEEL_NODE_FLAGS: the npm scripts,
 * the `keel` bin's shebang (run here as a program, so the shebang itself is exercised), and
 * through test/helpers/run-cli.ts and the benches, which import the same list.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEEL_NODE_FLAGS } from '../../framework/build/node-flags.mjs';
import { REPO_ROOT } from '../helpers/tmp.ts';

const LAUNCH = 'framework/build/launch.mjs';
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
const flags = KEEL_NODE_FLAGS.join(' ');

describe('Node.js flags of the compiled command line', () => {
  it('are a non-empty list of node options', () => {
    expect(KEEL_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const f of KEEL_NODE_FLAGS) expect(f).toMatch(/^--[a-z0-9-]+(=\S+)?$/);
  });

  it('npm start and npm run keel pass them to node', () => {
    expect(pkg.scripts['start']).toBe(`node ${flags} ${LAUNCH} backtest`);
    expect(pkg.scripts['keel']).toBe(`node ${flags} ${LAUNCH}`);
  });

  it("the keel bin's shebang passes them, and the bin runs as a program", () => {
    expect(pkg.bin['keel']).toBe(LAUNCH);
    const file = path.join(REPO_ROOT, LAUNCH);
    expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${flags}`);
    expect(fs.statSync(file).mode & 0o111).not.toBe(0);
    const out = execFileSync(file, ['--build-only'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(out).toMatch(/^framework compiled in dist\/[0-9a-f]+\n$/);
  });
});
