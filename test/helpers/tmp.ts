import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary directory, removed by the returned cleanup function. */
export function makeTempDir(prefix = 'keel-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');
