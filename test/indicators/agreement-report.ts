/**
 * Prints the measured TA-Lib agreement quoted in docs/indicators.md, one markdown row per
 * indicator column: values compared, bit-identical count and max relative / absolute error
 * for both reference files. Run: `npx tsx test/indicators/agreement-report.ts`.
 * (Not a test file; talib-agreement.test.ts asserts the tolerances.)
 */
import { compare, computeOurs, EXTRA_COLUMNS, readTalibCsv, TALIB_FILES } from './talib-reference.ts';

const results = TALIB_FILES.map((file) => {
  const cols = readTalibCsv(file);
  const ours = computeOurs(cols);
  return Object.fromEntries(Object.entries(ours).map(([k, v]) => [k, compare(v, cols[k]!)]));
});

const fmt = (x: number): string => (x === 0 ? '0' : x.toExponential(1));
console.log('| column | ORCL values (bit-identical) | ORCL max rel | ETH/BTC values (bit-identical) | ETH/BTC max rel | NaN rows differ |');
console.log('|---|---|---|---|---|---|');
for (const name of Object.keys(results[0]!)) {
  const [a, b] = [results[0]![name]!, results[1]![name]!];
  const extra = EXTRA_COLUMNS.has(name) ? ' (extra)' : '';
  console.log(
    `| ${name}${extra} | ${a.values} (${a.bitIdentical}) | ${fmt(a.maxRel)} | ${b.values} (${b.bitIdentical}) | ${fmt(b.maxRel)} | ${a.nanMismatches + b.nanMismatches} |`,
  );
}
const all = results.flatMap((r) => Object.values(r));
const total = all.reduce((s, r) => s + r.values, 0);
const identical = all.reduce((s, r) => s + r.bitIdentical, 0);
const maxRel = Math.max(...all.map((r) => r.maxRel));
console.log(`\ntotal: ${total} values compared, ${identical} bit-identical, max relative error ${fmt(maxRel)}`);
