import type { BracketSpec } from '../../execution/order-lists.ts';
import type { OrderRequest, OrderSide } from '../../execution/types.ts';
import type {
  BracketOrderArgs,
  LimitOrderArgs,
  MarketOrderArgs,
  StopOrderArgs,
  TrailingStopOrderArgs,
} from '../../strategy/types.ts';

/**
 * The one translation from a strategy's order arguments (the author's vocabulary: pair, tag)
 * to the engine's OrderRequest (instrumentId, tags). The order API and the signal intents both
 * go through these functions, so a signal and a hand-placed order with the same meaning are
 * the same request object.
 *
 * Optional fields are only set when given: requests stay small and compare equal field by field.
 */

/** Who places the order: the client order id (from engine.ids.next(strategyId)) and the strategy id. */
export interface RequestOrigin {
  clientOrderId: string;
  strategyId: string;
}

type Base = Pick<MarketOrderArgs, 'pair' | 'side' | 'quantity' | 'reduceOnly' | 'tag'>;

function base(args: Base, origin: RequestOrigin, type: OrderRequest['type']): OrderRequest {
  const r: OrderRequest = {
    clientOrderId: origin.clientOrderId,
    instrumentId: args.pair,
    side: args.side,
    type,
    quantity: args.quantity,
    strategyId: origin.strategyId,
  };
  if (args.reduceOnly !== undefined) r.reduceOnly = args.reduceOnly;
  if (args.tag !== undefined) r.tags = [args.tag];
  return r;
}

export function marketRequest(args: MarketOrderArgs, origin: RequestOrigin): OrderRequest {
  return base(args, origin, 'market');
}

export function limitRequest(args: LimitOrderArgs, origin: RequestOrigin): OrderRequest {
  const r = base(args, origin, 'limit');
  r.price = args.price;
  if (args.timeInForce !== undefined) r.timeInForce = args.timeInForce;
  if (args.expireTime !== undefined) r.expireTime = args.expireTime;
  if (args.postOnly !== undefined) r.postOnly = args.postOnly;
  if (args.displayQuantity !== undefined) r.displayQuantity = args.displayQuantity;
  return r;
}

/** stop_market, or stop_limit when a limit price is given. */
export function stopRequest(args: StopOrderArgs, origin: RequestOrigin): OrderRequest {
  const r = base(args, origin, args.limitPrice === undefined ? 'stop_market' : 'stop_limit');
  r.triggerPrice = args.triggerPrice;
  if (args.limitPrice !== undefined) r.price = args.limitPrice;
  if (args.emulate !== undefined) r.emulate = args.emulate;
  return r;
}

/** trailing_stop_market, or trailing_stop_limit when a limit offset is given. */
export function trailingStopRequest(args: TrailingStopOrderArgs, origin: RequestOrigin): OrderRequest {
  const r = base(args, origin, args.limitOffset === undefined ? 'trailing_stop_market' : 'trailing_stop_limit');
  r.trailingOffset = args.offset;
  r.trailingOffsetType = args.offsetType;
  if (args.activationPrice !== undefined) r.activationPrice = args.activationPrice;
  if (args.limitOffset !== undefined) r.limitOffset = args.limitOffset;
  if (args.emulate !== undefined) r.emulate = args.emulate;
  return r;
}

/** A limit order when the arguments carry a price, a stop when they carry a trigger price (OCO legs). */
export function limitOrStopRequest(args: LimitOrderArgs | StopOrderArgs, origin: RequestOrigin): OrderRequest {
  return 'triggerPrice' in args && args.triggerPrice !== undefined
    ? stopRequest(args as StopOrderArgs, origin)
    : limitRequest(args as LimitOrderArgs, origin);
}

export const oppositeSide = (side: OrderSide): OrderSide => (side === 'buy' ? 'sell' : 'buy');

/**
 * A bracket: entry (limit at entryPrice, market without it) + take-profit limit + stop-loss
 * stop-market on the other side, exits linked OUO (a partial exit shrinks the other). The
 * exits are reduce-only when the venue supports it (they close what the entry opened, never
 * open a position of their own); their tags add 'take_profit' / 'stop_loss' to the tag.
 */
export function bracketSpec(
  args: BracketOrderArgs,
  ids: { entry: RequestOrigin; takeProfit: RequestOrigin; stopLoss: RequestOrigin },
  reduceOnlyExits: boolean,
): BracketSpec {
  const entryBase = { pair: args.pair, side: args.side, quantity: args.quantity, reduceOnly: args.reduceOnly, tag: args.tag };
  const entry = args.entryPrice === undefined ? marketRequest(entryBase, ids.entry) : limitRequest({ ...entryBase, price: args.entryPrice }, ids.entry);
  const exitSide = oppositeSide(args.side);
  const exitTags = (name: string): string[] => (args.tag === undefined ? [name] : [args.tag, name]);
  const takeProfit = limitRequest({ pair: args.pair, side: exitSide, quantity: args.quantity, price: args.takeProfitPrice }, ids.takeProfit);
  takeProfit.tags = exitTags('take_profit');
  const stopLoss = stopRequest({ pair: args.pair, side: exitSide, quantity: args.quantity, triggerPrice: args.stopLossPrice }, ids.stopLoss);
  stopLoss.tags = exitTags('stop_loss');
  if (reduceOnlyExits) {
    takeProfit.reduceOnly = true;
    stopLoss.reduceOnly = true;
  }
  return { entry, takeProfit, stopLoss };
}
