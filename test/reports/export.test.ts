/** The JSON result: round trip through a real file, hash stability, redaction, and clear errors for bad files. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../framework/core/errors.ts';
import { registerSecret } from '../../framework/core/redact.ts';
import {
  LAST_RESULT_FILE,
  buildBacktestResult,
  readBacktestResult,
  resolveResultFile,
  resultFileName,
  writeBacktestResult,
} from '../../framework/reports/export.ts';
import { backtestResultSchema } from '../../framework/reports/result-schema.ts';
import { hashTradeList } from '../../framework/reports/trade-hash.ts';
import { makeTempDir } from '../helpers/tmp.ts';
import { handRun, handTrades } from './fixtures.ts';

const CREATED = Date.UTC(2024, 4, 1, 12, 30, 5);
/** hashTradeList(handTrades()), pinned: if it changes, every stored hash changes (bump the hash format instead). */
const HAND_TRADES_HASH = '84165d9b6b8bf485b9917967acaedab9e94fc6d87ca6538f2c492f4b07f50d8a';
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('keel-reports-');
});
afterEach(() => tmp.cleanup());

describe('trade list hash', () => {
  it('is a fixed sha256 of the canonical form (stable across runs and Keel versions)', () => {
    // Pinned: a change here means every stored hash changes; bump the hash format instead.
    expect(hashTradeList(handTrades())).toBe(HAND_TRADES_HASH);
    expect(hashTradeList([])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores key order and -0, and sees every field, every bit and the order of trades', () => {
    const base = hashTradeList(handTrades());
    const reordered = handTrades().map((t) => Object.fromEntries(Object.entries(t).reverse()) as typeof t);
    expect(hashTradeList(reordered)).toBe(base);
    const negZero = handTrades();
    negZero[3]!.profitAbs = -0;
    expect(hashTradeList(negZero)).toBe(base);
    const ulp = handTrades();
    ulp[0]!.closeRate = ulp[0]!.closeRate + Number.EPSILON * 16; // 12 plus two ulps
    expect(hashTradeList(ulp)).not.toBe(base);
    const tag = handTrades();
    tag[3]!.enterTag = 'null'; // the string "null" is not the null tag
    expect(hashTradeList(tag)).not.toBe(base);
    expect(hashTradeList(handTrades().reverse())).not.toBe(base);
  });
});

describe('write and read a result file', () => {
  it('round-trips exactly, names the file <strategy>-<timestamp>.json and points .last_result.json at it', async () => {
    const result = buildBacktestResult([handRun(), handRun({ strategy: 'Second', trades: handTrades().slice(0, 2) })], { createdAt: CREATED });
    const file = await writeBacktestResult(result, tmp.dir);
    expect(path.basename(file)).toBe('HandMade+Second-2024-05-01_12-30-05.json');
    expect(JSON.parse(fs.readFileSync(path.join(tmp.dir, LAST_RESULT_FILE), 'utf8'))).toEqual({ latest_backtest: path.basename(file) });
    expect(await resolveResultFile(tmp.dir)).toBe(file);
    const back = await readBacktestResult(file);
    expect(back).toEqual(result);
    expect(back.version).toBe(1);
    expect(back.strategyComparison.map((r) => [r.key, r.trades])).toEqual([['HandMade', 6], ['Second', 2]]);
    expect(back.strategy.HandMade!.provenance).toMatchObject({ seed: 42, fillModel: { name: 'freqtrade', version: 1 }, tradeListHash: HAND_TRADES_HASH });
    // no temp files left behind by the atomic writes
    expect(fs.readdirSync(tmp.dir).sort()).toEqual([LAST_RESULT_FILE, path.basename(file)].sort());
  });

  it('never overwrites: a second result in the same second gets a suffix and becomes the latest', async () => {
    const result = buildBacktestResult([handRun()], { createdAt: CREATED });
    const a = await writeBacktestResult(result, tmp.dir);
    const b = await writeBacktestResult(result, tmp.dir);
    expect(path.basename(b)).toBe('HandMade-2024-05-01_12-30-05-2.json');
    expect(fs.existsSync(a)).toBe(true);
    expect(await resolveResultFile(tmp.dir)).toBe(b);
  });

  it('redacts the resolved config again before writing', async () => {
    registerSecret('zq-registered-secret-value');
    const run = handRun({ configResolved: { exchange: { name: 'binance', secret: 'plain-secret', note: 'key zq-registered-secret-value' } } });
    const file = await writeBacktestResult(buildBacktestResult([run], { createdAt: CREATED }), tmp.dir);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('plain-secret');
    expect(text).not.toContain('zq-registered-secret-value');
    const back = await readBacktestResult(file);
    expect(back.strategy.HandMade!.provenance.configResolved).toEqual({ exchange: { name: 'binance', secret: '***', note: 'key ***' } });
  });

  it('an empty trade list round-trips (no NaN reaches the file)', async () => {
    const file = await writeBacktestResult(buildBacktestResult([handRun({ trades: [] })], { createdAt: CREATED }), tmp.dir);
    const back = await readBacktestResult(file);
    expect(back.strategy.HandMade!.metrics.totalTrades).toBe(0);
    expect(backtestResultSchema.safeParse(back).success).toBe(true);
  });

  it('checks a given tradeListHash against the trades', () => {
    expect(() => buildBacktestResult([handRun({ tradeListHash: HAND_TRADES_HASH })])).not.toThrow();
    expect(() => buildBacktestResult([handRun({ tradeListHash: '0'.repeat(64) })])).toThrow(/does not match the trades/);
  });

  it('file name for a strategy name with unsafe characters', () => {
    const r = buildBacktestResult([handRun({ strategy: 'My Strat/v2' })], { createdAt: CREATED });
    expect(resultFileName(r)).toBe('My_Strat_v2-2024-05-01_12-30-05.json');
  });
});

describe('bad result files fail with the file and field named', () => {
  async function written(): Promise<{ file: string; json: Record<string, any> }> {
    const file = await writeBacktestResult(buildBacktestResult([handRun()], { createdAt: CREATED }), tmp.dir);
    return { file, json: JSON.parse(fs.readFileSync(file, 'utf8')) };
  }

  it('truncated JSON', async () => {
    const { file } = await written();
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.length / 2));
    await expect(readBacktestResult(file)).rejects.toThrow(DataError);
    await expect(readBacktestResult(file)).rejects.toThrow(`${file} is not valid JSON`);
  });

  it('a field of the wrong type', async () => {
    const { file, json } = await written();
    json.strategy.HandMade.trades[2].openRate = 'ten';
    fs.writeFileSync(file, JSON.stringify(json));
    await expect(readBacktestResult(file)).rejects.toThrow(`${file}: field strategy.HandMade.trades[2].openRate:`);
  });

  it('a missing metric', async () => {
    const { file, json } = await written();
    delete json.strategy.HandMade.metrics.sharpe;
    fs.writeFileSync(file, JSON.stringify(json));
    await expect(readBacktestResult(file)).rejects.toThrow(/field strategy\.HandMade\.metrics\.sharpe:/);
  });

  it('an older or foreign file', async () => {
    const { file, json } = await written();
    fs.writeFileSync(file, JSON.stringify({ ...json, version: 0 }));
    await expect(readBacktestResult(file)).rejects.toThrow(`${file}: result format version 0 is not supported (this Keel reads version 1)`);
    fs.writeFileSync(file, JSON.stringify({ strategy: {}, metadata: {} })); // e.g. a Freqtrade result
    await expect(readBacktestResult(file)).rejects.toThrow(`${file} is not a Keel backtest result: it has no "version" field`);
    fs.writeFileSync(file, '[1, 2]');
    await expect(readBacktestResult(file)).rejects.toThrow('expected a JSON object');
  });

  it('a trade edited after the run (hash no longer matches)', async () => {
    const { file, json } = await written();
    json.strategy.HandMade.trades[0].profitAbs = 2000;
    fs.writeFileSync(file, JSON.stringify(json));
    await expect(readBacktestResult(file)).rejects.toThrow(/field strategy\.HandMade\.provenance\.tradeListHash does not match the stored trades/);
  });

  it('missing file, missing or broken pointer', async () => {
    const missing = path.join(tmp.dir, 'nope.json');
    await expect(readBacktestResult(missing)).rejects.toThrow(`backtest result ${missing} does not exist`);
    await expect(resolveResultFile(tmp.dir)).rejects.toThrow(`no backtest result in ${tmp.dir}: ${LAST_RESULT_FILE} is missing`);
    fs.writeFileSync(path.join(tmp.dir, LAST_RESULT_FILE), '{"latest":1}');
    await expect(resolveResultFile(tmp.dir)).rejects.toThrow('expected { "latest_backtest": "<file name>" }');
  });
});
