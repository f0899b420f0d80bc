/**
 * The page's own decoder (framework/reports/html/assets/decode.js) loaded into node:vm, so
 * the codec tests check the encoder against the exact code the browser runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { EncodedOhlc, EncodedSeries, TimeRuns } from '../../../framework/reports/html/column-codec.ts';
import { REPO_ROOT } from '../../helpers/tmp.ts';

export interface PageDecoder {
  times(runs: TimeRuns): Float64Array;
  ohlc(enc: EncodedOhlc): { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array };
  series(enc: EncodedSeries): Float64Array;
}

export function loadPageDecoder(): PageDecoder {
  const file = path.join(REPO_ROOT, 'framework/reports/html/assets/decode.js');
  const context = vm.createContext({ Float64Array, Number, Math });
  vm.runInContext(`${readFileSync(file, 'utf8')}\nthis.KeelDecode = KeelDecode;`, context, { filename: file });
  return (context as { KeelDecode: PageDecoder }).KeelDecode;
}
