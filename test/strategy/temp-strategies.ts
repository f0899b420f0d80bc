import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/tmp.ts';

/** Import specifier of a framework file as seen from `dir` (relative, so tsx and vitest resolve it alike). */
export function frameworkImport(dir: string, file: string): string {
  const rel = path.relative(dir, path.join(REPO_ROOT, 'framework', file)).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Write a strategy file into `dir`; `body` is the class body after the three trivial hooks. */
export function writeStrategy(dir: string, fileName: string, className: string, body = '', opts: { extendsClause?: string; header?: string } = {}): string {
  const file = path.join(dir, fileName);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const from = path.dirname(file);
  const src = [
    `import { IStrategy } from '${frameworkImport(from, 'strategy/strategy.ts')}';`,
    `import { IntParameter, DecimalParameter, CategoricalParameter, BooleanParameter, RealParameter } from '${frameworkImport(from, 'strategy/parameters.ts')}';`,
    opts.header ?? '',
    `export class ${className} extends ${opts.extendsClause ?? 'IStrategy'} {`,
    '  populateIndicators(df: any) { return df; }',
    '  populateEntryTrend(df: any) { return df; }',
    '  populateExitTrend(df: any) { return df; }',
    body,
    '}',
    '',
  ].join('\n');
  fs.writeFileSync(file, src);
  return file;
}
