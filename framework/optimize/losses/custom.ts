import fs from 'node:fs';
import path from 'node:path';
import { KeelError, errorMessage } from '../../core/errors.ts';
import type { HyperoptLoss } from './types.ts';
import { importUserModule } from '../../build/user-modules.ts';

/**
 * Custom loss classes from a directory (user_data/hyperopts by default): every .ts / .js file
 * (not starting with _ or ., not a test or declaration file) is imported, and every exported
 * class with a `compute` method (or object with `name` and `compute`) becomes a loss named by
 * its class name. A file that cannot be imported is reported with its path and the error.
 */

export const DEFAULT_LOSS_DIRECTORY = 'user_data/hyperopts';

/** A custom loss file or class that cannot be used. */
export class LossLoadError extends KeelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HYPEROPT_LOSS_INVALID', message, options);
  }
}

export interface CustomLossDiscovery {
  directory: string;
  losses: Array<{ loss: HyperoptLoss; file: string }>;
  problems: Array<{ file: string; error: LossLoadError }>;
}

const FILE_RE = /\.(ts|js|mjs)$/;
const EXCLUDED_RE = /(\.d\.ts|\.(test|spec)\.(ts|js))$/;

export function listLossFiles(dir: string): string[] {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && FILE_RE.test(e.name) && !EXCLUDED_RE.test(e.name) && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

function isClass(value: unknown): value is new () => unknown {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** Turn one export into a loss, or explain why it is not one (undefined: not meant as a loss). */
function asLoss(exportName: string, value: unknown, file: string): HyperoptLoss | LossLoadError | undefined {
  const where = `${path.basename(file)}: export ${exportName}`;
  let candidate: unknown = value;
  let name: string | undefined;
  if (isClass(value)) {
    const proto = value.prototype as Record<string, unknown>;
    if (typeof proto['compute'] !== 'function') return undefined;
    try {
      candidate = new value();
    } catch (err) {
      return new LossLoadError(`${where}: the constructor threw: ${errorMessage(err)}`, { cause: err });
    }
    name = value.name;
  } else if (value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)['compute'] === 'function') {
    name = (value as { name?: unknown }).name as string | undefined;
    if (typeof name !== 'string' || name === '') return new LossLoadError(`${where}: a loss object needs a name (string)`);
  } else {
    return undefined;
  }
  const objectives = (candidate as { objectives?: unknown }).objectives ?? 1;
  if (!Number.isInteger(objectives) || (objectives as number) < 1) {
    return new LossLoadError(`${where}: objectives must be a whole number >= 1, got ${JSON.stringify(objectives)}`);
  }
  const c = candidate as { compute: HyperoptLoss['compute'] };
  return { name: name!, objectives: objectives as number, compute: (input) => c.compute(input) };
}

/** Import every loss file of `dir` (a missing directory has no losses). */
export async function discoverLosses(dir: string): Promise<CustomLossDiscovery> {
  const directory = path.resolve(dir);
  const out: CustomLossDiscovery = { directory, losses: [], problems: [] };
  for (const file of listLossFiles(directory)) {
    let mod: Record<string, unknown>;
    try {
      mod = await importUserModule(file);
    } catch (err) {
      const detail = errorMessage(err).split('\n').filter((l) => l.trim() !== '').slice(0, 4).join(' | ');
      out.problems.push({ file, error: new LossLoadError(`custom loss file ${file} cannot be imported: ${detail}`, { cause: err }) });
      continue;
    }
    for (const [exportName, value] of Object.entries(mod)) {
      const r = asLoss(exportName, value, file);
      if (r === undefined) continue;
      if (r instanceof LossLoadError) out.problems.push({ file, error: new LossLoadError(`custom loss file ${file}: ${r.message}`) });
      else if (!out.losses.some((l) => l.loss.name === r.name)) out.losses.push({ loss: r, file });
      else {
        const first = out.losses.find((l) => l.loss.name === r.name)!;
        if (first.file !== file) {
          out.problems.push({ file, error: new LossLoadError(`custom loss ${r.name} is defined in ${first.file} and in ${file}; rename one`) });
        }
      }
    }
  }
  return out;
}
