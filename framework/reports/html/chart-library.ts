/**
 * The charting library inlined into every report: TradingView Lightweight Charts (npm
 * `lightweight-charts`, v5, Apache-2.0), its standalone build, which defines the global
 * `LightweightCharts`. Its licence asks for the NOTICE attribution and a link to
 * tradingview.com on the page: `attribution` carries both (the page prints them in its
 * footer, and the chart keeps the library's own attribution logo).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DataError } from '../../core/errors.ts';
import { scriptSafe } from './escape.ts';

const STANDALONE = 'dist/lightweight-charts.standalone.production.js';

export interface ChartLibrary {
  /** The minified standalone build, checked safe to inline. */
  code: string;
  version: string;
  /** Copyright line of the library's licence banner, e.g. "Copyright (c) 2026 TradingView, Inc.". */
  copyright: string;
  licence: string;
  homepage: string;
}

let cached: ChartLibrary | undefined;

/** Reads the library once per process (about 200 kB). */
export function loadChartLibrary(): ChartLibrary {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  let pkgFile: string;
  try {
    pkgFile = require.resolve('lightweight-charts/package.json');
  } catch {
    throw new DataError('the HTML report needs the npm package lightweight-charts (v5); run npm install');
  }
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version?: string; license?: string };
  const file = path.join(path.dirname(pkgFile), STANDALONE);
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    throw new DataError(`${file} is missing: the HTML report inlines this build of lightweight-charts (v5 expected, found ${pkg.version ?? 'unknown'})`);
  }
  const version = pkg.version ?? 'unknown';
  if (!version.startsWith('5.')) throw new DataError(`lightweight-charts ${version} is installed; the HTML report is written for v5`);
  const copyright = /Copyright \(c\)[^\n*]*/.exec(code)?.[0]?.trim() ?? 'Copyright (c) TradingView, Inc.';
  cached = {
    code: scriptSafe(code, file),
    version,
    copyright,
    licence: pkg.license ?? 'Apache-2.0',
    homepage: 'https://www.tradingview.com/',
  };
  return cached;
}
