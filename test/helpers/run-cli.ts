import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './tmp.ts';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `tsx run.ts ...args` as a real child process, as a user would. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [path.join(REPO_ROOT, 'run.ts'), ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, CI: '1', ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
