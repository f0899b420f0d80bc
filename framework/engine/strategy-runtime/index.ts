/**
 * The strategy side of the engine: one StrategyRuntime per running strategy, one
 * OrderEventRouter per execution engine, and the translation of Freqtrade-style signals into
 * the same order requests the order API builds. See docs/strategy-orders.md.
 */
export { StrategyRuntime, type StrategyRuntimeOptions } from './strategy-runtime.ts';
export { OrderEventRouter, type OrderEventRouterOptions, type OrderEventSink, type RoutedEventListener } from './event-router.ts';
export { StrategyOrderApi, type StrategyOrderApiOptions } from './order-api.ts';
export {
  entryQuantity,
  intentRequest,
  signalEntryIntent,
  signalEntryRequest,
  signalExitIntent,
  signalExitRequest,
  type OrderIntent,
  type SignalEntry,
  type SignalExit,
} from './intents.ts';
export {
  bracketSpec,
  limitOrStopRequest,
  limitRequest,
  marketRequest,
  stopRequest,
  trailingStopRequest,
  type RequestOrigin,
} from './order-requests.ts';
export { orderUpdate, orderSnapshot, positionChanged, positionView } from './views.ts';
