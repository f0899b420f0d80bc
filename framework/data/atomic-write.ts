/**
 * Atomic file replacement: write a temp file in the target's directory, fsync it, rename it
 * over the target, fsync the directory. A crash or error at any point leaves either the old
 * file or the new one, never a torn file; on error the temp file is removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Temp names end in `.tmp-<pid>-<random>` (ignored by git, skipped by CandleStore.list). */
export function tempPathFor(file: string): string {
  return `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Replaces `file` with what `fill` writes into the handle (or with `data`). Creates missing
 * parent directories.
 */
export async function writeFileAtomic(
  file: string,
  data: Uint8Array | ((handle: FileHandle) => Promise<void>),
): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = tempPathFor(file);
  const handle = await open(tmp, 'wx');
  let closed = false;
  try {
    if (typeof data === 'function') await data(handle);
    else await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    closed = true;
    await rename(tmp, file);
  } catch (err) {
    if (!closed) await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable; not every platform lets a directory be opened, so failures are ignored. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
