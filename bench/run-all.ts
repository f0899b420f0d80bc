/**
 * `npm run bench`: run every bench/*.ts (except this file) in its own process, one after the
 * other so they do not compete for the two cores, and print each one's JSON line.
 * `npm run bench -- parquet` runs only the benchmarks whose file name contains "parquet".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts' && !f.startsWith('_'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

let failed = 0;
for (const f of files) {
  const r = spawnSync(path.join(dir, '..', 'node_modules', '.bin', 'tsx'), [path.join(dir, f)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || !line) {
    failed++;
    process.stdout.write(`${JSON.stringify({ bench: f, error: `exit ${r.status}` })}\n`);
  } else {
    process.stdout.write(`${line}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
