import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../framework/cli/index.ts';
import { registerKill, writeKill } from '../../framework/cli/kill.ts';
import { readKillSignal } from '../../framework/risk/kill-signal.ts';
import { runCli } from '../helpers/run-cli.ts';
import { makeTempDir } from '../helpers/tmp.ts';

describe('run.ts kill', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('writeKill writes "halt" or "flatten" to the configured file (relative to the working directory) or the one given', () => {
    expect(writeKill({ configured: 'user_data/KILL', cwd: tmp.dir })).toEqual({ file: path.join(tmp.dir, 'user_data', 'KILL'), action: 'halt' });
    expect(fs.readFileSync(path.join(tmp.dir, 'user_data', 'KILL'), 'utf8')).toBe('halt\n');
    const other = path.join(tmp.dir, 'elsewhere', 'STOP');
    expect(writeKill({ configured: 'user_data/KILL', signalFile: other, flatten: true, cwd: tmp.dir }).file).toBe(other);
    expect(readKillSignal(other)).toEqual({ action: 'flatten', text: 'flatten', unrecognized: false });
    expect(() => writeKill({ configured: null, cwd: tmp.dir })).toThrow(/signal file is off .* pass --signal-file/);
  });

  it('the command parses its flags, loads the config and tells what it wrote', async () => {
    const cfg = path.join(tmp.dir, 'config.yaml');
    fs.writeFileSync(cfg, `logging:\n  directory: ${JSON.stringify(path.join(tmp.dir, 'logs'))}\nrisk:\n  kill_switch:\n    signal_file: ${JSON.stringify(path.join(tmp.dir, 'K'))}\n`);
    const program = new Command('keel').option('-c, --config <file>').exitOverride();
    registerKill(program);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let text = '';
    try {
      await program.parseAsync(['node', 'run.ts', '-c', cfg, 'kill', '--flatten']);
      text = out.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      out.mockRestore();
    }
    expect(fs.readFileSync(path.join(tmp.dir, 'K'), 'utf8')).toBe('flatten\n');
    expect(text).toContain(`wrote "flatten" to ${path.join(tmp.dir, 'K')}`);
    expect(text).toContain('within one engine cycle');
  });

  const registered = buildProgram().commands.some((c) => c.name() === 'kill');
  it.runIf(registered)('runs from run.ts (once registered in framework/cli/index.ts)', () => {
    const file = path.join(tmp.dir, 'KILL');
    const r = runCli(['kill', '--signal-file', file]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe('halt\n');
    expect(r.stdout).toContain(`wrote "halt" to ${file}`);
  });
});
