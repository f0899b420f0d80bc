/**
 * A stand-in for Binance's public spot REST API on 127.0.0.1, speaking its real wire format,
 * so that ccxt's own binance class can be tested end to end without touching the internet.
 *
 * Served: GET /api/v3/exchangeInfo (what ccxt's loadMarkets reads for spot markets),
 * GET /api/v3/time and GET /api/v3/klines with Binance's parameter rules (symbol, interval,
 * startTime, endTime, limit; default 500, max 1000; rows = strings with 8 decimals as Binance
 * sends them). Anything else is answered 404 and recorded, so a test can assert that ccxt
 * asked for nothing unexpected.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Candles } from '../../framework/data/candles.ts';
import { allocateCandles } from '../../framework/data/candles.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** How the server misbehaves on klines requests; consumed in order, one per request. */
export type KlinesFault =
  | { kind: 'status'; status: number; body?: string } // e.g. 503 maintenance
  | { kind: 'garbage'; body: string; contentType?: string } // 200 with a body that is not klines
  | { kind: 'reset' } // drop the connection without a reply
  | { kind: 'hang' }; // never answer (the test kills the client)

export interface FakeBinanceOptions {
  /** Candle series by Binance symbol id and interval, e.g. { 'BTCUSDT': { '5m': candles } }. */
  series: Record<string, Record<string, Candles>>;
  /** Symbols listed in exchangeInfo that have no series (answer empty klines). */
  extraSymbols?: string[];
}

export interface FakeBinance {
  url: string;
  requests: RecordedRequest[];
  /** Only the klines requests, in order. */
  klines(): RecordedRequest[];
  /** Faults applied to the next klines requests, first one first. */
  faults: KlinesFault[];
  /** After this many successful klines replies, every further klines request gets `after`. */
  failAfter(okReplies: number, after: KlinesFault): void;
  /** Called when a klines request arrives, with its 1-based number; the reply waits for it. */
  onKlines?: (n: number) => void | Promise<void>;
  close(): Promise<void>;
}

const INTERVALS = new Set(['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M']);
const INTERVAL_MS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 };

function splitSymbol(id: string): { base: string; quote: string } {
  for (const q of ['USDT', 'BTC', 'ETH', 'BUSD']) {
    if (id.endsWith(q) && id.length > q.length) return { base: id.slice(0, -q.length), quote: q };
  }
  throw new Error(`fake binance: cannot split symbol ${id}`);
}

/** One spot market as Binance's exchangeInfo lists it (fields ccxt's parseMarket reads). */
function marketInfo(id: string): Record<string, unknown> {
  const { base, quote } = splitSymbol(id);
  return {
    symbol: id,
    status: 'TRADING',
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
      { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
    ],
    permissions: [],
    permissionSets: [['SPOT', 'MARGIN']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

/** Binance prints prices and quantities as strings with 8 decimals. */
function dec8(x: number): string {
  return x.toFixed(8);
}

function lowerBound(ts: Float64Array, target: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(ts: Float64Array, target: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startFakeBinance(opts: FakeBinanceOptions): Promise<FakeBinance> {
  const requests: RecordedRequest[] = [];
  let okKlines = 0;
  let klinesSeen = 0;
  let failAfterN: number | undefined;
  let failAfterFault: KlinesFault | undefined;
  const symbols = [...Object.keys(opts.series), ...(opts.extraSymbols ?? [])];
  const sockets = new Set<import('node:net').Socket>();

  const fake: FakeBinance = {
    url: '',
    requests,
    klines: () => requests.filter((r) => r.path === '/api/v3/klines'),
    faults: [],
    failAfter(n, after) {
      failAfterN = n;
      failAfterFault = after;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  function klines(req: RecordedRequest, res: http.ServerResponse): void {
    const q = req.query;
    const symbol = q.symbol;
    if (!symbol || !symbols.includes(symbol)) return sendJson(res, 400, { code: -1121, msg: 'Invalid symbol.' });
    const interval = q.interval ?? '';
    if (!INTERVALS.has(interval)) return sendJson(res, 400, { code: -1120, msg: 'Invalid interval.' });
    const limit = q.limit === undefined ? 500 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return sendJson(res, 400, { code: -1130, msg: "Data sent for parameter 'limit' is not valid." });
    }
    const c = opts.series[symbol]?.[interval];
    if (!c) return sendJson(res, 200, []);
    const ts = c.timestamp;
    const startTime = q.startTime === undefined ? undefined : Number(q.startTime);
    const endTime = q.endTime === undefined ? undefined : Number(q.endTime);
    let lo: number;
    let hi: number;
    if (startTime !== undefined) {
      // Binance: the first `limit` candles opening at or after startTime (and not after endTime).
      lo = lowerBound(ts, startTime);
      hi = Math.min(endTime === undefined ? ts.length : upperBound(ts, endTime), lo + limit);
    } else {
      // Without startTime: the most recent `limit` candles up to endTime.
      hi = endTime === undefined ? ts.length : upperBound(ts, endTime);
      lo = Math.max(0, hi - limit);
    }
    const tfMs = INTERVAL_MS[interval] ?? 60_000;
    const rows: unknown[] = [];
    for (let i = lo; i < hi; i++) {
      const t = ts[i]!;
      const v = c.volume[i]!;
      rows.push([
        t,
        dec8(c.open[i]!),
        dec8(c.high[i]!),
        dec8(c.low[i]!),
        dec8(c.close[i]!),
        dec8(v),
        t + tfMs - 1,
        dec8(v * c.close[i]!),
        100 + (i % 50),
        dec8(v / 2),
        dec8((v / 2) * c.close[i]!),
        '0',
      ]);
    }
    sendJson(res, 200, rows);
  }

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: u.pathname, query: Object.fromEntries(u.searchParams) };
    requests.push(rec);
    if (rec.method !== 'GET') return sendJson(res, 405, { code: -1, msg: 'method not allowed' });
    if (rec.path === '/api/v3/time') return sendJson(res, 200, { serverTime: Date.now() });
    if (rec.path === '/api/v3/exchangeInfo') {
      return sendJson(res, 200, {
        timezone: 'UTC',
        serverTime: Date.now(),
        rateLimits: [
          { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
          { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
        ],
        exchangeFilters: [],
        symbols: symbols.map(marketInfo),
      });
    }
    if (rec.path === '/api/v3/klines') {
      klinesSeen++;
      await fake.onKlines?.(klinesSeen);
      let fault = fake.faults.shift();
      if (!fault && failAfterN !== undefined && okKlines >= failAfterN) fault = failAfterFault;
      if (fault) {
        switch (fault.kind) {
          case 'status':
            res.writeHead(fault.status, { 'content-type': 'text/html' });
            res.end(fault.body ?? `<html><body>${fault.status} Service Unavailable</body></html>`);
            return;
          case 'garbage':
            res.writeHead(200, { 'content-type': fault.contentType ?? 'application/json;charset=UTF-8' });
            res.end(fault.body);
            return;
          case 'reset':
            req.socket.destroy();
            return;
          case 'hang':
            return;
        }
      }
      okKlines++;
      return klines(rec, res);
    }
    sendJson(res, 404, { code: -1, msg: `not served by the fake: ${rec.path}` });
  }
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Hourly candles built from 5m ones (first open, max high, min low, last close, summed volume),
 *  rounded to 8 decimals so that they travel through Binance's string format unchanged. */
export function aggregate5mTo1h(c5: Candles): Candles {
  const hourMs = 3_600_000;
  const n5 = c5.timestamp.length;
  const starts: number[] = [];
  for (let i = 0; i < n5; i++) {
    const h = Math.floor(c5.timestamp[i]! / hourMs) * hourMs;
    if (starts.length === 0 || starts[starts.length - 1] !== h) starts.push(h);
  }
  const out = allocateCandles(starts.length);
  let j = -1;
  let last = -1;
  const r8 = (x: number) => Number(x.toFixed(8));
  for (let i = 0; i < n5; i++) {
    const h = Math.floor(c5.timestamp[i]! / hourMs) * hourMs;
    if (h !== last) {
      j++;
      last = h;
      out.timestamp[j] = h;
      out.open[j] = c5.open[i]!;
      out.high[j] = c5.high[i]!;
      out.low[j] = c5.low[i]!;
      out.volume[j] = 0;
    }
    out.high[j] = Math.max(out.high[j]!, c5.high[i]!);
    out.low[j] = Math.min(out.low[j]!, c5.low[i]!);
    out.close[j] = c5.close[i]!;
    out.volume[j] = r8(out.volume[j]! + c5.volume[i]!);
  }
  return out;
}
