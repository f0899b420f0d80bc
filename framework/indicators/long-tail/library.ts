import { createRequire } from 'node:module';
import type * as TechnicalIndicators from 'technicalindicators';

let lib: typeof TechnicalIndicators | undefined;

/**
 * technicalindicators, loaded on first use: importing it costs every command ~50 ms of start-up,
 * and only the long-tail indicators need it. (It is CommonJS, so require keeps the callers sync.)
 */
export function technicalIndicators(): typeof TechnicalIndicators {
  return (lib ??= createRequire(import.meta.url)('technicalindicators') as typeof TechnicalIndicators);
}
