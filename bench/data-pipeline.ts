/**
 * The data pipeline around the store, on 1M real candles (bench/lib/real-candles.ts): quality
 * checks, sort + dedupe, gap filling, resampling 5m -> 1h, trades -> candles; and the importers
 * on the real files of ../shared/data (CSV, Freqtrade json, feather).
 *
 *   npx tsx bench/data-pipeline.ts          (BENCH_REPS=n to change the repetitions, default 7)
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { allocateCandles, type Candles } from '../framework/data/candles.ts';
import { fillGaps, sortAndDedupe } from '../framework/data/clean.ts';
import { parseCsv } from '../framework/data/importers/csv.ts';
import { parseFeather } from '../framework/data/importers/feather.ts';
import { parseFreqtradeJson } from '../framework/data/importers/freqtrade-json.ts';
import { checkCandles } from '../framework/data/quality.ts';
import { resampleCandles } from '../framework/data/resample.ts';
import { tradesToCandles } from '../framework/data/trades-to-candles.ts';
import { realCandles, round, sharedDataPath, timeRuns } from './lib/real-candles.ts';

const ROWS = 1_000_000;
const REPS = Number(process.env.BENCH_REPS ?? 7);
const M5 = 300_000;

const candles = realCandles(ROWS);

/** Every 10th row swapped with its neighbour and every 1000th repeated: the sort + dedupe slow path. */
function messy(c: Candles): Candles {
  const n = c.timestamp.length;
  const extra = Math.floor(n / 1000);
  const out = allocateCandles(n + extra);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const src = i % 10 === 0 && i + 1 < n ? i + 1 : i % 10 === 1 ? i - 1 : i;
    for (const col of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) out[col][w] = c[col][src]!;
    w++;
    if (i % 1000 === 999) {
      for (const col of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) out[col][w] = c[col][i]!;
      w++;
    }
  }
  return out;
}

function trades(n: number) {
  const timestamp = new Float64Array(n);
  const price = new Float64Array(n);
  const amount = new Float64Array(n);
  const t0 = Date.UTC(2023, 0, 1);
  for (let i = 0; i < n; i++) {
    timestamp[i] = t0 + i * 250; // 4 trades a second
    price[i] = candles.close[i % ROWS]!;
    amount[i] = candles.volume[i % ROWS]! / 100;
  }
  return { timestamp, price, amount };
}

const perMillion = (ms: number, rows: number): number => round((ms * 1_000_000) / rows);

async function main(): Promise<void> {
  const messyCandles = messy(candles);
  const tr = trades(ROWS);
  const check = await timeRuns(REPS, () => checkCandles(candles, M5));
  const checkZ = await timeRuns(REPS, () => checkCandles(candles, M5, { maxReturnZScore: 30 }));
  const dedupeClean = await timeRuns(REPS, () => sortAndDedupe(candles));
  const dedupeMessy = await timeRuns(REPS, () => sortAndDedupe(messyCandles));
  const fill = await timeRuns(REPS, () => fillGaps(candles, M5));
  const resample = await timeRuns(REPS, () => resampleCandles(candles, '5m', '1h'));
  const tradesMs = await timeRuns(REPS, () => tradesToCandles(tr, '1m'));

  const csvFile = sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.csv');
  const csvText = await readFile(csvFile, 'utf8');
  const csv = await timeRuns(REPS, () => parseCsv(csvText, csvFile));
  const jsonFile = sharedDataPath('freqtrade_testdata', 'UNITTEST_BTC-1m.json');
  const jsonText = await readFile(jsonFile, 'utf8');
  const json = await timeRuns(REPS, () => parseFreqtradeJson(jsonText, jsonFile));
  const featherFile = sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather');
  const featherBytes = await readFile(featherFile);
  const feather = await timeRuns(REPS, () => parseFeather(featherBytes, featherFile));

  const line = {
    bench: 'data-pipeline',
    rows: ROWS,
    reps: REPS,
    check_ms_median: check.median,
    check_ms_min: check.min,
    check_with_zscore_ms_median: checkZ.median,
    sort_dedupe_clean_ms_median: dedupeClean.median,
    sort_dedupe_messy_ms_median: dedupeMessy.median,
    fill_gaps_ms_median: fill.median,
    resample_5m_1h_ms_median: resample.median,
    trades_to_1m_ms_median: tradesMs.median,
    import_csv_ms_per_1m_rows: perMillion(csv.median, 104_816),
    import_json_ms_per_1m_rows: perMillion(json.median, 13_681),
    import_feather_ms_per_1m_rows: perMillion(feather.median, 104_816),
    node: process.version,
    cpus: os.cpus().length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

await main();
