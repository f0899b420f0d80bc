import type { OrderRequest } from '../execution/types.ts';
import type { PositionMode } from './position.ts';

/**
 * Which position a fill belongs to.
 *
 * netting: always the instrument's single position, id = instrumentId.
 *
 * hedging: chosen from the order request, first match wins:
 *   1. an explicit id in the request tags: `positionId:<id>` (see positionIdTag) - any number of
 *      independent positions per instrument;
 *   2. a side in the tags: `positionSide:long` / `positionSide:short` (see positionSideTag),
 *      as Binance's hedge mode asks for on every order -> `<instrumentId>#long` / `#short`;
 *   3. a reduce-only order closes the opposite side: a reduce-only sell -> the long position;
 *   4. otherwise the order opens or adds on its own side: buy -> long, sell -> short.
 * The fill event itself carries no tags, so the portfolio learns the route from the order's
 * 'initialized' event (Portfolio.onOrderEvent) or takes it as an argument of applyFill.
 */

const ID_TAG = 'positionId:';
const SIDE_TAG = 'positionSide:';

/** Tag that sends an order's fills to the position with this id (hedging mode). */
export function positionIdTag(id: string): string {
  return ID_TAG + id;
}

/** Tag that sends an order's fills to the long or short position of its instrument (hedging mode). */
export function positionSideTag(side: 'long' | 'short'): string {
  return SIDE_TAG + side;
}

/** The default hedging-mode id of an instrument's long or short position. */
export function sidePositionId(instrumentId: string, side: 'long' | 'short'): string {
  return `${instrumentId}#${side}`;
}

export function positionIdFor(
  request: Pick<OrderRequest, 'instrumentId' | 'side' | 'reduceOnly' | 'tags'>,
  mode: PositionMode,
): string {
  if (mode === 'netting') return request.instrumentId;
  let side: 'long' | 'short' | undefined;
  for (const tag of request.tags ?? []) {
    if (tag.startsWith(ID_TAG) && tag.length > ID_TAG.length) return tag.slice(ID_TAG.length);
    if (tag === SIDE_TAG + 'long') side = 'long';
    else if (tag === SIDE_TAG + 'short') side = 'short';
  }
  if (side === undefined) {
    const opensLong = request.side === 'buy';
    side = request.reduceOnly ? (opensLong ? 'short' : 'long') : opensLong ? 'long' : 'short';
  }
  return sidePositionId(request.instrumentId, side);
}
