/**
 * Downloads OHLCV candles through ccxt's fetchOHLCV into the candle store: paginated, rate
 * limited by ccxt, incremental (only what is missing), resumable after an interruption, and
 * strict about what the exchange sends back (a malformed reply never reaches the store).
 *
 * Resumability comes from the shape of the writes, not from a journal: candles are written in
 * chunks (merge + atomic replace), each chunk extends the stored series contiguously (forward
 * after its last candle, or, with prepend, backward before its first), so a run killed at any
 * moment leaves a valid file, and the next run continues from the stored edge.
 */
import { rm } from 'node:fs/promises';
import ccxt from 'ccxt';
import type { Exchange, MarketInterface as Market, OHLCV } from 'ccxt';
import { ExchangeError, KeelError, UsageError, errorMessage } from '../core/errors.ts';
import { getLogger } from '../core/logger.ts';
import { startProgress } from '../core/progress.ts';
import { timeframeToMs } from '../core/timeframe.ts';
import { allocateCandles, sliceCandles, type Candles } from './candles.ts';
import { concatCandles, mergeCandles } from './merge.ts';

/** The part of the candle store the downloader needs (framework/data/parquet-store.ts). */
export interface CandleSink {
  path(pair: string, timeframe: string): string;
  exists(pair: string, timeframe: string): boolean | Promise<boolean>;
  read(pair: string, timeframe: string): Promise<Candles>;
  /** Must be atomic (temp file + rename): an interrupted write leaves the previous file. */
  write(pair: string, timeframe: string, candles: Candles): Promise<void>;
}

export interface DownloadProgressEvent {
  pair: string;
  timeframe: string;
  /** Requests answered so far for this pair/timeframe (retries not counted). */
  pages: number;
  /** New candles received so far for this pair/timeframe. */
  candles: number;
  /** Open time of the newest candle of the last page (epoch ms). */
  lastTimestamp: number | undefined;
}

export interface DownloadOptions {
  exchange: Exchange;
  store: CandleSink;
  pairs: readonly string[];
  timeframes: readonly string[];
  /** First candle wanted (open time, epoch ms, inclusive). Default: `defaultDays` before now. */
  startMs?: number;
  /** Last candle wanted (open time, epoch ms, inclusive). Default: up to the last closed candle. */
  endMs?: number;
  /** Download the history before the first stored candle (down to startMs) instead of after the last. */
  prepend?: boolean;
  /** Ignore what is stored and download afresh; the old file is replaced by the first chunk written. */
  erase?: boolean;
  onProgress?: (event: DownloadProgressEvent) => void;
  signal?: AbortSignal;
  /** Days of history for a pair with no stored data and no startMs (Freqtrade's default: 30). */
  defaultDays?: number;
  /** Candles per request; default: the exchange's maximum from ccxt's `features` (binance: 1000). */
  pageLimit?: number;
  /** Write to the store after this many pages (default 50)... */
  flushEveryPages?: number;
  /** ...or after this much wall time since the last write (default 30 s), whichever comes first. */
  flushEveryMs?: number;
  /** Retries of a request that failed with a ccxt NetworkError (timeouts, 5xx, 429); default 4. */
  retries?: number;
  /** First retry delay; doubled on each retry (default 1000 ms). */
  retryDelayMs?: number;
  /** Clock for "is this candle closed yet" (tests). */
  now?: () => number;
}

export interface DownloadResult {
  pair: string;
  timeframe: string;
  mode: 'new' | 'append' | 'prepend' | 'erase';
  requests: number;
  newCandles: number;
  totalCandles: number;
  firstMs: number | undefined;
  lastMs: number | undefined;
}

const DAY_MS = 86_400_000;
const INTERRUPTED_HINT = 'the candles received so far are stored, run the same command again to resume';

/** Raised when the signal aborts a download; what was received before is stored. */
export class DownloadInterruptedError extends KeelError {
  constructor(message: string) {
    super('INTERRUPTED', message);
  }
}

export async function downloadCandles(opts: DownloadOptions): Promise<DownloadResult[]> {
  const { exchange } = opts;
  // The raw JSON of each reply is checked too: ccxt turns a garbage body into an empty list,
  // which would otherwise look like "no more data".
  exchange.enableLastJsonResponse = true;
  await loadMarkets(exchange);
  const markets = validatePairs(exchange, opts.pairs);
  validateTimeframes(exchange, opts.timeframes);
  if (opts.startMs !== undefined && opts.endMs !== undefined && opts.startMs > opts.endMs) {
    throw new UsageError(`the timerange start (${iso(opts.startMs)}) is after its end (${iso(opts.endMs)})`);
  }

  const results: DownloadResult[] = [];
  for (const pair of opts.pairs) {
    for (const timeframe of opts.timeframes) {
      results.push(await downloadOne(opts, pair, markets.get(pair)!, timeframe));
    }
  }
  return results;
}

async function loadMarkets(exchange: Exchange): Promise<void> {
  try {
    await exchange.loadMarkets();
  } catch (err) {
    throw new ExchangeError(`could not load the market list of ${exchange.id}: ${shorten(errorMessage(err))}`, { cause: err });
  }
}

function validatePairs(exchange: Exchange, pairs: readonly string[]): Map<string, Market> {
  if (pairs.length === 0) {
    throw new UsageError('no pairs to download: give --pairs or set exchange.pair_whitelist in the config');
  }
  const markets: Record<string, Market | undefined> = exchange.markets ?? {};
  const found = new Map<string, Market>();
  const unknown: string[] = [];
  for (const pair of pairs) {
    const m = markets[pair];
    if (m) found.set(pair, m);
    else unknown.push(pair);
  }
  if (unknown.length > 0) {
    const hints = unknown.map((p) => {
      const upper = p.toUpperCase();
      if (markets[upper]) return `${p} (did you mean ${upper}?)`;
      const base = upper.split('/')[0] ?? '';
      const same = Object.keys(markets).filter((s) => s.startsWith(`${base}/`)).slice(0, 5);
      return same.length > 0 ? `${p} (markets with base ${base}: ${same.join(', ')})` : p;
    });
    const types = (exchange.options.defaultType as string | undefined) ?? 'default';
    throw new UsageError(
      `unknown pair${unknown.length > 1 ? 's' : ''} on ${exchange.id}: ${hints.join('; ')}; ` +
        `not among the ${Object.keys(markets).length} ${types} markets the exchange lists`,
    );
  }
  return found;
}

function validateTimeframes(exchange: Exchange, timeframes: readonly string[]): void {
  if (timeframes.length === 0) {
    throw new UsageError('no timeframes to download: give --timeframes or set timeframe in the config');
  }
  const offered = Object.keys(exchange.timeframes ?? {});
  if (!exchange.has.fetchOHLCV || offered.length === 0) {
    throw new UsageError(`${exchange.id} does not offer OHLCV candles through ccxt (has.fetchOHLCV is not true)`);
  }
  const unknown = timeframes.filter((tf) => !offered.includes(tf));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown timeframe${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `"${t}"`).join(', ')} on ${exchange.id}: ` +
        `it offers ${offered.join(', ')}`,
    );
  }
  for (const tf of timeframes) timeframeToMs(tf); // Keel must be able to do arithmetic on it too
}

/** The exchange's maximum candles per request, from ccxt's per-market-type `features`. */
export function ohlcvPageLimit(exchange: Exchange, market: Market): number {
  const f = exchange.features as Record<string, unknown> | undefined;
  const pick = (...keys: string[]): unknown => {
    let v: unknown = f;
    for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v;
  };
  const sub = market.linear ? 'linear' : market.inverse ? 'inverse' : undefined;
  const candidates = market.spot
    ? [pick('spot', 'fetchOHLCV', 'limit')]
    : [pick(market.type ?? 'swap', sub ?? '', 'fetchOHLCV', 'limit'), pick(market.type ?? 'swap', 'fetchOHLCV', 'limit')];
  for (const c of candidates) if (typeof c === 'number' && c > 0) return c;
  return 500;
}

/** Close time of the candle opening at `ts`; calendar months for `M` timeframes. */
function candleCloseMs(ts: number, timeframe: string, tfMs: number): number {
  if (timeframe.endsWith('M')) {
    const d = new Date(ts);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + Number(timeframe.slice(0, -1)), 1);
  }
  return ts + tfMs;
}

async function downloadOne(opts: DownloadOptions, pair: string, market: Market, timeframe: string): Promise<DownloadResult> {
  const { exchange, store, signal } = opts;
  const log = getLogger('download-data');
  const now = opts.now ?? Date.now;
  const tfMs = timeframeToMs(timeframe);
  const limit = opts.pageLimit ?? ohlcvPageLimit(exchange, market);
  const flushEveryPages = opts.flushEveryPages ?? 50;
  const flushEveryMs = opts.flushEveryMs ?? 30_000;
  const ctx = `${exchange.id} ${pair} ${timeframe}`;

  const existing = !opts.erase && (await store.exists(pair, timeframe)) ? await store.read(pair, timeframe) : allocateCandles(0);
  const nExisting = existing.timestamp.length;
  const firstStored = nExisting > 0 ? existing.timestamp[0]! : undefined;
  const lastStored = nExisting > 0 ? existing.timestamp[nExisting - 1]! : undefined;

  let mode: DownloadResult['mode'] = opts.erase ? 'erase' : nExisting > 0 ? 'append' : 'new';
  if (opts.prepend && firstStored !== undefined) {
    mode = 'prepend';
    if (opts.startMs === undefined) {
      throw new UsageError(`--prepend needs a timerange with a start (e.g. --timerange 20220101-) to know how far back to go for ${pair} ${timeframe}`);
    }
  }

  // What is in the store (or, with erase, what will replace it) and what is waiting to be written.
  let stored = existing;
  let pending: Candles[] = [];
  let pendingPages = 0;
  let lastFlushAt = Date.now();
  let wrote = false;
  let requests = 0;
  let received = 0;

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    stored = mergeCandles(stored, concatCandles(pending));
    await store.write(pair, timeframe, stored);
    wrote = true;
    pending = [];
    pendingPages = 0;
    lastFlushAt = Date.now();
  };
  const flushDue = (): boolean => pendingPages >= flushEveryPages || (pendingPages > 0 && Date.now() - lastFlushAt >= flushEveryMs);

  // Plan the range.
  let from: number;
  let to: number; // inclusive
  if (mode === 'prepend') {
    from = opts.startMs!;
    to = firstStored! - 1;
  } else {
    from = lastStored !== undefined ? lastStored + 1 : (opts.startMs ?? now() - (opts.defaultDays ?? 30) * DAY_MS);
    to = opts.endMs ?? Number.POSITIVE_INFINITY;
    if (lastStored !== undefined && opts.startMs !== undefined && opts.startMs < firstStored!) {
      log.info(
        { pair, timeframe },
        `${pair} ${timeframe}: the requested start ${iso(opts.startMs)} is before the stored data (${iso(firstStored!)}); ` +
          'downloading after the stored data only. Use --prepend for older candles or --erase to download everything again.',
      );
    }
  }
  const horizon = Math.min(to, now());
  const expected = horizon > from ? Math.ceil((horizon - from) / tfMs) : 0;
  const bar = startProgress(`${pair} ${timeframe}`, Math.max(expected, 1));
  log.info({ pair, timeframe, mode }, `${ctx}: downloading ${iso(from)} .. ${Number.isFinite(to) ? iso(to) : 'now'} (${mode})`);

  /** Pages forward from `since` to `until` (inclusive), handing each non-empty page to `onPage`. */
  const fetchForward = async (since0: number, until: number, onPage: (c: Candles) => Promise<void> | void): Promise<void> => {
    let since = since0;
    for (;;) {
      if (signal?.aborted) throw new DownloadInterruptedError(`download of ${ctx} interrupted; ${INTERRUPTED_HINT}`);
      if (since > until || candleCloseMs(since, timeframe, tfMs) > now()) return;
      const page = await fetchPage(exchange, pair, timeframe, since, limit, opts, ctx);
      requests++;
      const ts = page.timestamp;
      let lo = 0;
      while (lo < ts.length && ts[lo]! < since) lo++;
      let hi = lo;
      const nowMs = now();
      while (hi < ts.length && ts[hi]! <= until && candleCloseMs(ts[hi]!, timeframe, tfMs) <= nowMs) hi++;
      if (hi > lo) {
        received += hi - lo;
        await onPage(sliceCandles(page, lo, hi));
      }
      opts.onProgress?.({ pair, timeframe, pages: requests, candles: received, lastTimestamp: ts.length > 0 ? ts[ts.length - 1] : undefined });
      bar.update(Math.min(received, Math.max(expected, 1)));
      // Done: no more data, the range end or the still-open candle reached, or no progress.
      if (hi === lo || hi < ts.length) return;
      const last = ts[hi - 1]!;
      // The next candle cannot open before this one closes: skip a request that can only come back empty.
      if (candleCloseMs(last, timeframe, tfMs) > until) return;
      const next = last + 1;
      if (next <= since) return;
      since = next;
    }
  };

  try {
    if (mode === 'prepend') {
      // Backward in windows of one page each, so that every chunk written joins the stored data
      // without a hole: a rerun after an interruption continues from the new first candle.
      let end = firstStored!; // exclusive
      while (end > from) {
        const since = Math.max(from, end - limit * tfMs);
        const windowPages: Candles[] = [];
        await fetchForward(since, end - 1, (c) => {
          windowPages.push(c);
        });
        if (windowPages.length === 0) break; // nothing older on the exchange
        pending = [...windowPages, ...pending];
        pendingPages += windowPages.length;
        if (flushDue()) await flush();
        end = since;
      }
    } else {
      await fetchForward(from, to, async (c) => {
        pending.push(c);
        pendingPages++;
        if (flushDue()) await flush();
      });
    }
    await flush();
  } catch (err) {
    // Keep the valid candles received before an interruption or a network failure, so the
    // next run resumes after them (in prepend mode `pending` holds whole windows only, so this
    // keeps the stored series contiguous). A malformed reply is different: the session's
    // unwritten candles came from the same misbehaving source and are dropped.
    if (!(err instanceof MalformedReplyError)) await flush().catch(() => undefined);
    throw err;
  } finally {
    bar.stop();
  }

  // With --erase and nothing at all received, honour the request to remove the old data.
  if (opts.erase && !wrote && (await store.exists(pair, timeframe))) {
    await rm(store.path(pair, timeframe), { force: true });
  }

  const n = stored.timestamp.length;
  const result: DownloadResult = {
    pair,
    timeframe,
    mode,
    requests,
    newCandles: received,
    totalCandles: n,
    firstMs: n > 0 ? stored.timestamp[0] : undefined,
    lastMs: n > 0 ? stored.timestamp[n - 1] : undefined,
  };
  log.info({ pair, timeframe, requests }, `${ctx}: ${received} new candles, ${n} stored`);
  return result;
}

/** One fetchOHLCV call with retries for transient network errors, and a strict check of the reply. */
async function fetchPage(
  exchange: Exchange,
  pair: string,
  timeframe: string,
  since: number,
  limit: number,
  opts: DownloadOptions,
  ctx: string,
): Promise<Candles> {
  const retries = opts.retries ?? 4;
  const baseDelay = opts.retryDelayMs ?? 1000;
  const log = getLogger('download-data');
  for (let attempt = 0; ; attempt++) {
    let rows: OHLCV[];
    try {
      exchange.last_json_response = undefined;
      rows = await exchange.fetchOHLCV(pair, timeframe, since, limit);
    } catch (err) {
      if (err instanceof ccxt.NetworkError && attempt < retries && !opts.signal?.aborted) {
        const delay = baseDelay * 2 ** attempt;
        log.warn({ pair, timeframe, attempt: attempt + 1, delayMs: delay, err: shorten(errorMessage(err)) }, `${ctx}: request failed, retrying`);
        await sleep(delay, opts.signal);
        if (opts.signal?.aborted) throw new DownloadInterruptedError(`download of ${ctx} interrupted; ${INTERRUPTED_HINT}`);
        continue;
      }
      if (err instanceof ccxt.NetworkError) {
        throw new ExchangeError(
          `${ctx}: request for candles since ${iso(since)} failed after ${attempt + 1} attempt${attempt > 0 ? 's' : ''}: ${shorten(errorMessage(err))}`,
          { cause: err },
        );
      }
      throw new ExchangeError(`${ctx}: the exchange refused the request for candles since ${iso(since)}: ${shorten(errorMessage(err))}`, {
        cause: err,
      });
    }
    return checkReply(exchange, rows, ctx, since);
  }
}

/** The exchange answered with something that is not a list of candles. */
export class MalformedReplyError extends ExchangeError {}

function malformed(ctx: string, since: number, what: string): MalformedReplyError {
  return new MalformedReplyError(`${ctx}: malformed reply to the request for candles since ${iso(since)}: ${what}; nothing from it was stored`);
}

/**
 * Validate both the raw JSON the exchange sent and ccxt's parsed rows, and return the rows as
 * columns. ccxt is lenient by design (a non-JSON body or a wrong shape comes back as an empty
 * list or rows of undefined), which here would silently end a download or store NaNs.
 */
function checkReply(exchange: Exchange, rows: unknown, ctx: string, since: number): Candles {
  const raw: unknown = exchange.last_json_response;
  if (raw === undefined) {
    const body = exchange.last_http_response;
    if (typeof body === 'string' && body.trim() !== '') throw malformed(ctx, since, `the body is not JSON: ${JSON.stringify(shorten(body, 80))}`);
  } else {
    const list = findCandleList(raw);
    if (list === undefined) throw malformed(ctx, since, `no list of candles in ${JSON.stringify(shorten(JSON.stringify(raw), 80))}`);
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (Array.isArray(r)) {
        for (let k = 0; k < Math.min(r.length, 6); k++) {
          const v = r[k];
          if ((typeof v !== 'number' && typeof v !== 'string') || !Number.isFinite(Number(v)) || (typeof v === 'string' && v.trim() === '')) {
            throw malformed(ctx, since, `row ${i} field ${k} is ${JSON.stringify(v)}, expected a number`);
          }
        }
        if (r.length < 6) throw malformed(ctx, since, `row ${i} has ${r.length} fields, expected at least 6 (time, open, high, low, close, volume)`);
      } else if (r === null || typeof r !== 'object') {
        throw malformed(ctx, since, `row ${i} is ${JSON.stringify(r)}, expected a list or an object`);
      }
    }
  }
  if (!Array.isArray(rows)) throw malformed(ctx, since, `ccxt returned ${typeof rows}, expected a list of candles`);
  const n = rows.length;
  const out = allocateCandles(n);
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const r: unknown = rows[i];
    if (!Array.isArray(r) || r.length < 6) throw malformed(ctx, since, `candle ${i} is ${JSON.stringify(r)}, expected [time, open, high, low, close, volume]`);
    for (let k = 0; k < 6; k++) {
      const v: unknown = r[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw malformed(ctx, since, `candle ${i} field ${['time', 'open', 'high', 'low', 'close', 'volume'][k]} is ${String(v)}, expected a finite number`);
      }
    }
    const t = r[0] as number;
    if (!Number.isInteger(t) || t < 0) throw malformed(ctx, since, `candle ${i} time ${t} is not epoch milliseconds`);
    if (t <= prev) throw malformed(ctx, since, `candle ${i} time ${iso(t)} is not after the previous candle's (${iso(prev)})`);
    prev = t;
    out.timestamp[i] = t;
    out.open[i] = r[1] as number;
    out.high[i] = r[2] as number;
    out.low[i] = r[3] as number;
    out.close[i] = r[4] as number;
    out.volume[i] = r[5] as number;
  }
  return out;
}

/** The candle list inside a reply: the reply itself, or the first list within two levels of
 *  wrapping ({data: [...]}, {result: {list: [...]}}, {result: {XXBTZUSD: [...]}}). */
function findCandleList(raw: unknown, depth = 0): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (depth >= 2 || raw === null || typeof raw !== 'object') return undefined;
  const values = Object.values(raw as Record<string, unknown>);
  // Prefer a non-empty list (an empty `error: []` beside the data is common).
  for (const v of values) if (Array.isArray(v) && v.length > 0) return v;
  for (const v of values) {
    const inner = findCandleList(v, depth + 1);
    if (inner !== undefined && inner.length > 0) return inner;
  }
  for (const v of values) if (Array.isArray(v)) return v;
  return undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : String(ms);
}

function shorten(s: string, max = 300): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
