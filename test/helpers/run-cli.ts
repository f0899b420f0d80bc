/**
 * Runs Keel's command line (`run.ts`, compiled) as a real child process, as a user would: the one way
 * CLI tests start it. Every command is registered in framework/cli/index.ts, so no test needs
 * an entry point of its own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { KEEL_NODE_FLAGS } from '../../framework/build/node-flags.mjs';
import { REPO_ROOT } from './tmp.ts';

export interface CliOptions {
  /** Working directory of the child; default the repository root. */
  cwd?: string;
  /** Added to this process's environment (with CI=1, so no progress bars or prompts). */
  env?: NodeJS.ProcessEnv;
  /** The child is killed (SIGTERM) after this long; default 120 s. */
  timeoutMs?: number;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliExit {
  status: number | null;
  signal: NodeJS.Signals | null;
}

/** A running CLI child process, with its output so far. */
export interface CliProcess {
  /** The child itself, e.g. to send it SIGINT or SIGKILL in the middle of a command. */
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Settles once the child has exited and its output streams are closed. */
  exit: Promise<CliExit>;
}

/**
 * `node <KEEL_NODE_FLAGS> framework/build/launch.mjs ...args`: what `npm start` and `npm run keel` run (the
 * framework compiled to JavaScript, rebuilt when a source changed), so the tests cover the path
 * users take. Started with node itself, not through npm, so a signal sent to the process a test
 * holds reaches the CLI (SIGKILL cannot be passed on). test/cli/startup.test.ts runs run.ts
 * from the sources instead.
 */
function command(args: string[]): [string, string[]] {
  return [process.execPath, [...KEEL_NODE_FLAGS, path.join(REPO_ROOT, 'framework/build/launch.mjs'), ...args]];
}

function spawnOptions(opts: CliOptions) {
  return {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, CI: '1', ...opts.env },
    timeout: opts.timeoutMs ?? 120_000,
  };
}

/** Run the CLI to completion, blocking this process (fine unless the test serves the child itself). */
export function runCli(args: string[], opts: CliOptions = {}): CliResult {
  const [exe, argv] = command(args);
  const r = spawnSync(exe, argv, { ...spawnOptions(opts), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Start the CLI without waiting for it, for tests that must keep serving it (a fake exchange on
 * 127.0.0.1 in this process) or signal it while it runs.
 */
export function spawnCli(args: string[], opts: CliOptions = {}): CliProcess {
  const [exe, argv] = command(args);
  const proc = spawn(exe, argv, { ...spawnOptions(opts), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<CliExit>((resolve) => proc.on('close', (status, signal) => resolve({ status, signal })));
  return { proc, stdout: () => out, stderr: () => err, exit };
}

/** spawnCli, then wait for the exit: runCli for tests whose own event loop must keep running. */
export async function runCliAsync(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, opts);
  const { status } = await child.exit;
  return { status, stdout: child.stdout(), stderr: child.stderr() };
}
