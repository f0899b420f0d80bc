/**
 * Builds a ccxt exchange for public market data (no credentials: OHLCV needs none, and a data
 * command has no reason to hold secrets).
 */
import ccxt from 'ccxt';
import type { Exchange } from 'ccxt';
import { UsageError } from '../core/errors.ts';

export interface ExchangeFactoryOptions {
  /** ccxt exchange id, e.g. binance, kraken, okx. */
  name: string;
  /** `exchange.ccxt_config` from the config: merged into ccxt's constructor options. */
  ccxtConfig?: Record<string, unknown>;
  /** spot (default) or futures: selects ccxt's defaultType and, where ccxt allows, which
   *  market lists loadMarkets fetches. */
  tradingMode?: 'spot' | 'futures';
  /**
   * Send every request to this origin instead of the exchange's own hosts, keeping each
   * endpoint's path (https://api.binance.com/api/v3 -> <urlOverride>/api/v3). For tests
   * against a local stand-in server and for reverse proxies.
   */
  urlOverride?: string;
}

type Ctor = new (config?: Record<string, unknown>) => Exchange;

/** ccxt's exchange ids (ccxt.exchanges). */
export function exchangeIds(): readonly string[] {
  return ccxt.exchanges as string[];
}

export function createExchange(opts: ExchangeFactoryOptions): Exchange {
  const id = opts.name.trim().toLowerCase();
  const registry = ccxt as unknown as Record<string, unknown>;
  const ctor = registry[id];
  if (!exchangeIds().includes(id) || typeof ctor !== 'function') {
    const near = exchangeIds().filter((e) => e.includes(id.slice(0, 4)) || id.includes(e)).slice(0, 8);
    throw new UsageError(
      `unknown exchange "${opts.name}": it is not among ccxt.exchanges (${exchangeIds().length} ids, ccxt ${ccxt.version})` +
        (near.length > 0 ? `; similar ids: ${near.join(', ')}` : ''),
    );
  }

  const user = opts.ccxtConfig ?? {};
  const userOptions = (isRecord(user.options) ? user.options : {}) as Record<string, unknown>;
  const mode = opts.tradingMode ?? 'spot';
  const exchange = new (ctor as Ctor)({
    ...user,
    // Public data only: never send keys, even if a caller's config object carries some.
    apiKey: undefined,
    secret: undefined,
    password: undefined,
    uid: undefined,
    enableRateLimit: true,
    options: {
      defaultType: mode === 'futures' ? 'swap' : 'spot',
      // Currencies come from a private endpoint on several exchanges and are not needed for candles.
      fetchCurrencies: false,
      ...userOptions,
    },
  });

  restrictMarketTypes(exchange, mode, userOptions);
  if (opts.urlOverride !== undefined) overrideUrls(exchange, opts.urlOverride);
  return exchange;
}

/**
 * Exchanges such as binance load spot, linear and inverse market lists by default (one request
 * each, some to other hosts). For spot data only the spot list is needed; the user's own
 * `options.fetchMarkets` wins.
 */
function restrictMarketTypes(exchange: Exchange, mode: 'spot' | 'futures', userOptions: Record<string, unknown>): void {
  if (userOptions.fetchMarkets !== undefined) return;
  const current = exchange.options.fetchMarkets as unknown;
  const wanted = mode === 'spot' ? ['spot'] : ['linear', 'inverse', 'swap', 'future'];
  if (isRecord(current) && Array.isArray(current.types)) {
    const types = (current.types as unknown[]).filter((t) => typeof t === 'string' && wanted.includes(t));
    if (types.length > 0) exchange.options.fetchMarkets = { ...current, types };
  } else if (Array.isArray(current)) {
    const types = (current as unknown[]).filter((t) => typeof t === 'string' && wanted.includes(t));
    if (types.length > 0) exchange.options.fetchMarkets = types;
  }
}

/** Replace scheme+host of every API URL (nested objects included), keeping the paths. */
function overrideUrls(exchange: Exchange, override: string): void {
  let base: URL;
  try {
    base = new URL(override);
  } catch {
    throw new UsageError(`invalid exchange URL "${override}": expected e.g. http://127.0.0.1:8080`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new UsageError(`invalid exchange URL "${override}": expected an http:// or https:// URL`);
  }
  const prefix = `${base.protocol}//${base.host}${base.pathname.replace(/\/+$/, '')}`;
  const rewrite = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/^https?:\/\/[^/]+/i, prefix);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
    return v;
  };
  const urls = exchange.urls as Record<string, unknown>;
  // Templated hosts (https://api.{hostname}/...) are replaced whole, so `hostname` no longer matters.
  urls.api = rewrite(urls.api);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
