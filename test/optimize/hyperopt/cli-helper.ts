/**
 * The hyperopt commands as a user runs them: `run.ts hyperopt ...` through test/helpers/run-cli.ts
 * once framework/cli/index.ts registers them. Until then (the registration is the lead's), the
 * same program is started with the three commands added, as a real child process too, so
 * signals and kills reach the CLI itself.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnCli, type CliOptions, type CliProcess, type CliResult } from '../../helpers/run-cli.ts';
import { REPO_ROOT } from '../../helpers/tmp.ts';

function registered(): boolean {
  const index = fs.readFileSync(path.join(REPO_ROOT, 'framework/cli/index.ts'), 'utf8');
  return /registerHyperopt\(program\)/.test(index) && /registerHyperoptList\(program\)/.test(index) && /registerHyperoptShow\(program\)/.test(index);
}

function entryCode(): string {
  const url = (f: string): string => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, f)).href);
  return `const [{ buildProgram }, h, l, s] = await Promise.all([import(${url('framework/cli/index.ts')}), import(${url('framework/cli/hyperopt.ts')}), import(${url('framework/cli/hyperopt-list.ts')}), import(${url('framework/cli/hyperopt-show.ts')})]);
const p = buildProgram();
const has = (n) => p.commands.some((c) => c.name() === n);
if (!has('hyperopt')) h.registerHyperopt(p);
if (!has('hyperopt-list')) l.registerHyperoptList(p);
if (!has('hyperopt-show')) s.registerHyperoptShow(p);
await p.parseAsync(['node', 'keel', ...process.argv.slice(1)]);`;
}

export function spawnKeel(args: string[], opts: CliOptions = {}): CliProcess {
  if (registered()) return spawnCli(args, opts);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const proc = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', entryCode(), '--', ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, CI: '1', ...opts.env },
    timeout: opts.timeoutMs ?? 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('close', (status, signal) => resolve({ status, signal })));
  return { proc, stdout: () => out, stderr: () => err, exit };
}

export async function runKeel(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawnKeel(args, opts);
  const { status } = await child.exit;
  return { status, stdout: child.stdout(), stderr: child.stderr() };
}
