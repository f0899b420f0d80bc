import { readFile } from 'node:fs/promises';
import { DataError, errorMessage } from '../../core/errors.ts';

/** Read a whole input file; a missing or unreadable file becomes a DataError naming it. */
export async function readInputFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError(`${file}: file not found`);
    if (code === 'EISDIR') throw new DataError(`${file}: is a directory, expected a data file`);
    throw new DataError(`${file}: cannot read (${errorMessage(err)})`, { cause: err });
  }
}
