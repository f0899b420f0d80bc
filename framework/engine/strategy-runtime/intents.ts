import { UsageError } from '../../core/errors.ts';
import type { Pair } from '../../core/pair.ts';
import { floorToStep } from '../../core/precision.ts';
import type { Instrument } from '../../execution/instrument.ts';
import type { OrderRequest } from '../../execution/types.ts';
import type { LimitOrderArgs, MarketOrderArgs, OrderKind, Side, TimeInForce } from '../../strategy/types.ts';
import { limitRequest, marketRequest, type RequestOrigin } from './order-requests.ts';

/**
 * Freqtrade-style signals (enter_long / exit_long columns, ROI, stop loss ...) as order
 * intents. A signal becomes the same order arguments a strategy would pass to
 * `this.orders.market(...)` / `this.orders.limit(...)`, and from there the same OrderRequest
 * (order-requests.ts), so signal-driven and order-API-driven trading share one path:
 *
 *   signal -> SignalEntry/SignalExit -> OrderIntent (order API arguments) -> OrderRequest
 *          -> StrategyRuntime.submitIntent -> risk gate -> ExecutionEngine -> venue
 *
 * Freqtrade's words map as follows: side 'long' enters with a buy and exits with a sell,
 * 'short' the reverse; order type 'limit' | 'market'; time in force GTC | IOC | FOK and PO
 * (post-only: a GTC limit with postOnly); the entry tag / exit reason is the order's tag.
 */

/** An entry signal, as the backtest runner (or a live signal loop) decides it. */
export interface SignalEntry {
  pair: Pair;
  side: Side;
  /** Stake in the quote (stake) currency; amount = stake * leverage / price, floored to the lot grid. */
  stake?: number;
  /** Base quantity instead of a stake (floored to the lot grid too). Exactly one of stake / amount. */
  amount?: number;
  /** Default 1. Only used to turn a stake into an amount. */
  leverage?: number;
  /** The limit price; for market orders the reference price the stake is sized at (e.g. the candle open). */
  price: number;
  orderType: OrderKind;
  /** Default GTC. */
  timeInForce?: TimeInForce;
  /** Freqtrade's enter_tag. */
  tag?: string;
}

/** An exit of (part of) an open trade. */
export interface SignalExit {
  pair: Pair;
  /** Side of the trade being closed ('long' sells, 'short' buys). */
  side: Side;
  /** Base quantity to close (floored to the lot grid). */
  amount: number;
  /** The limit price (ignored by market orders, kept in the intent for sizing and logs). */
  price: number;
  orderType: OrderKind;
  timeInForce?: TimeInForce;
  /** Exit reason / exit tag: 'roi', 'stop_loss', 'exit_signal', a custom exit tag ... */
  tag?: string;
  /** Default true: an exit never opens a position of the other side. Set false for venues without reduce-only. */
  reduceOnly?: boolean;
}

/** What a signal asks for, as order API arguments. */
export type OrderIntent = { kind: 'market'; args: MarketOrderArgs } | { kind: 'limit'; args: LimitOrderArgs };

/** Quantity of an entry: the amount, or stake * leverage / price; floored to the lot grid when the instrument is known. */
export function entryQuantity(signal: SignalEntry, instrument: Instrument | undefined): number {
  const hasStake = signal.stake !== undefined;
  const hasAmount = signal.amount !== undefined;
  if (hasStake === hasAmount) {
    throw new UsageError(`entry signal for ${signal.pair}: give exactly one of stake (quote currency) or amount (base quantity)`);
  }
  let q: number;
  if (hasAmount) q = signal.amount!;
  else {
    if (!(signal.price > 0)) throw new UsageError(`entry signal for ${signal.pair}: price ${signal.price} must be > 0 to size a stake of ${signal.stake}`);
    const leverage = signal.leverage ?? 1;
    if (!(leverage > 0)) throw new UsageError(`entry signal for ${signal.pair}: leverage ${leverage} must be > 0`);
    q = (signal.stake! * leverage) / signal.price / (instrument?.contractSize ?? 1);
  }
  return instrument ? floorToStep(q, instrument.lotSize) : q;
}

function withTimeInForce(args: LimitOrderArgs, tif: TimeInForce | undefined): LimitOrderArgs {
  if (tif === undefined || tif === 'GTC') return args;
  if (tif === 'PO') args.postOnly = true;
  else args.timeInForce = tif;
  return args;
}

/** The order intent of an entry signal: buy for long, sell for short. */
export function signalEntryIntent(signal: SignalEntry, instrument: Instrument | undefined): OrderIntent {
  const side = signal.side === 'long' ? 'buy' : 'sell';
  const quantity = entryQuantity(signal, instrument);
  const args: MarketOrderArgs = { pair: signal.pair, side, quantity };
  if (signal.tag !== undefined) args.tag = signal.tag;
  if (signal.orderType === 'market') return { kind: 'market', args };
  return { kind: 'limit', args: withTimeInForce(withPrice(args, signal.price), signal.timeInForce) };
}

/**
 * The limit arguments: `args` (a fresh object of the caller's) with the price added, the same
 * keys in the same order as `{ ...args, price }`. Not that literal: a spread followed by a
 * property takes V8's slow path (~0.7 us, per order) and yields objects whose later reads miss
 * the inline caches.
 */
function withPrice(args: MarketOrderArgs, price: number): LimitOrderArgs {
  const limit = args as LimitOrderArgs;
  limit.price = price;
  return limit;
}

/** The order intent of an exit: sell a long, buy back a short; reduce-only unless told otherwise. */
export function signalExitIntent(signal: SignalExit, instrument: Instrument | undefined): OrderIntent {
  const side = signal.side === 'long' ? 'sell' : 'buy';
  const quantity = instrument ? floorToStep(signal.amount, instrument.lotSize) : signal.amount;
  const args: MarketOrderArgs = { pair: signal.pair, side, quantity };
  if (signal.reduceOnly ?? true) args.reduceOnly = true;
  if (signal.tag !== undefined) args.tag = signal.tag;
  if (signal.orderType === 'market') return { kind: 'market', args };
  return { kind: 'limit', args: withTimeInForce(withPrice(args, signal.price), signal.timeInForce) };
}

/** The OrderRequest of an intent: the same converter the order API uses. */
export function intentRequest(intent: OrderIntent, origin: RequestOrigin): OrderRequest {
  return intent.kind === 'market' ? marketRequest(intent.args, origin) : limitRequest(intent.args, origin);
}

/**
 * The OrderRequest an entry signal becomes (without submitting it): for tests, logs and dry
 * runs, and the backtest's trade manager (once per order). The same object, key for key, as
 * intentRequest(signalEntryIntent(signal, instrument), origin) - built directly, without the
 * intent and argument objects in between.
 */
export function signalEntryRequest(signal: SignalEntry, instrument: Instrument | undefined, origin: RequestOrigin): OrderRequest {
  const quantity = entryQuantity(signal, instrument);
  return signalRequest(signal, signal.side === 'long' ? 'buy' : 'sell', quantity, undefined, origin);
}

/** The OrderRequest an exit signal becomes (without submitting it); as intentRequest(signalExitIntent(...)), built directly. */
export function signalExitRequest(signal: SignalExit, instrument: Instrument | undefined, origin: RequestOrigin): OrderRequest {
  const quantity = instrument ? floorToStep(signal.amount, instrument.lotSize) : signal.amount;
  return signalRequest(signal, signal.side === 'long' ? 'sell' : 'buy', quantity, (signal.reduceOnly ?? true) ? true : undefined, origin);
}

/** What limitRequest / marketRequest (order-requests.ts) make of a signal's intent arguments: the same keys in the same order. */
function signalRequest(
  signal: SignalEntry | SignalExit,
  side: 'buy' | 'sell',
  quantity: number,
  reduceOnly: true | undefined,
  origin: RequestOrigin,
): OrderRequest {
  const market = signal.orderType === 'market';
  const r: OrderRequest = {
    clientOrderId: origin.clientOrderId,
    instrumentId: signal.pair,
    side,
    type: market ? 'market' : 'limit',
    quantity,
    strategyId: origin.strategyId,
  };
  if (reduceOnly !== undefined) r.reduceOnly = reduceOnly;
  if (signal.tag !== undefined) r.tags = [signal.tag];
  if (market) return r;
  r.price = signal.price;
  const tif = signal.timeInForce;
  if (tif !== undefined && tif !== 'GTC') {
    if (tif === 'PO') r.postOnly = true;
    else r.timeInForce = tif;
  }
  return r;
}
