import type { RiskConfig, StrategyRiskConfig } from '../config/risk-schema.ts';

/**
 * The risk section turned into the numbers the checks compare against. "Off" is Infinity (or
 * 0 for counts that mean "no limit"), so the hot path is one comparison per limit, no null
 * checks.
 *
 * Two scopes:
 * - the account: the global values, measured on the whole account;
 * - a strategy: the values of `risk.strategies.<name>`, measured on that strategy's own
 *   positions, orders and PnL, checked in addition to the account's. A key the strategy section
 *   does not set is off at the strategy level (the account limit still applies).
 * Order-level limits look at one order only, so there the strategy value simply replaces the
 * global one for the strategy's orders (see `orderLimitsFor`).
 */

export type BreakerAction = 'halted' | 'reducing';
export type BreakerReset = 'next_day' | 'manual' | 'auto';

export interface BreakerLimits {
  dailyLossRatio: number;
  dailyLossAbs: number;
  dailyLossAction: BreakerAction;
  dailyLossReset: BreakerReset;
  drawdownRatio: number;
  drawdownAction: BreakerAction;
  drawdownReset: BreakerReset;
  consecutiveLosses: number;
  consecutiveLossesAction: BreakerAction;
  consecutiveLossesReset: BreakerReset;
  ordersPerMinute: number;
  orderRateAction: BreakerAction;
  orderRateReset: BreakerReset;
  staleDataMs: number;
  staleDataAction: BreakerAction;
  staleDataReset: BreakerReset;
}

export interface ScopeLimits {
  maxPositionNotional: number;
  /** Base quantity per pair; `defaultPositionQuantity` ('*') for pairs not listed. */
  maxPositionQuantity: ReadonlyMap<string, number>;
  defaultPositionQuantity: number;
  maxTotalExposure: number;
  maxExposureRatio: number;
  maxOpenTrades: number;
  maxOrdersPerSecond: number;
  maxOrdersPerMinute: number;
  haltCancelsOrders: boolean;
  reducingCancelsEntries: boolean;
  breakers: BreakerLimits;
}

export interface OrderLimits {
  maxOrderNotional: number;
  maxPriceDeviationBps: number;
}

const off = (v: number | null | undefined): number => (v === null || v === undefined ? Infinity : v);

function quantities(q: Record<string, number> | undefined): { map: Map<string, number>; dflt: number } {
  const map = new Map<string, number>();
  let dflt = Infinity;
  for (const [pair, v] of Object.entries(q ?? {})) {
    if (pair === '*') dflt = v;
    else map.set(pair, v);
  }
  return { map, dflt };
}

export function accountLimits(risk: RiskConfig): ScopeLimits {
  const q = quantities(risk.max_position_quantity);
  const b = risk.breakers;
  return {
    maxPositionNotional: off(risk.max_position_notional),
    maxPositionQuantity: q.map,
    defaultPositionQuantity: q.dflt,
    maxTotalExposure: off(risk.max_total_exposure),
    maxExposureRatio: off(risk.max_exposure_ratio),
    maxOpenTrades: off(risk.max_open_trades),
    maxOrdersPerSecond: off(risk.max_orders_per_second),
    maxOrdersPerMinute: off(risk.max_orders_per_minute),
    haltCancelsOrders: risk.halt_cancels_orders,
    reducingCancelsEntries: risk.reducing_cancels_entries,
    breakers: {
      dailyLossRatio: off(b.daily_loss.max_ratio),
      dailyLossAbs: off(b.daily_loss.max_abs),
      dailyLossAction: b.daily_loss.action,
      dailyLossReset: b.daily_loss.reset,
      drawdownRatio: off(b.drawdown.max_ratio),
      drawdownAction: b.drawdown.action,
      drawdownReset: b.drawdown.reset,
      consecutiveLosses: off(b.consecutive_losses.max),
      consecutiveLossesAction: b.consecutive_losses.action,
      consecutiveLossesReset: b.consecutive_losses.reset,
      ordersPerMinute: off(b.order_rate.max_per_minute),
      orderRateAction: b.order_rate.action,
      orderRateReset: b.order_rate.reset,
      staleDataMs: off(b.stale_data.max_seconds) * 1000,
      staleDataAction: b.stale_data.action,
      staleDataReset: b.stale_data.reset,
    },
  };
}

/** Limits measured on one strategy's own activity: only what its section sets; actions/resets default to the global ones. */
export function strategyLimits(risk: RiskConfig, s: StrategyRiskConfig | undefined): ScopeLimits {
  const g = accountLimits(risk).breakers;
  const q = quantities(s?.max_position_quantity);
  const b = s?.breakers;
  return {
    maxPositionNotional: off(s?.max_position_notional),
    maxPositionQuantity: q.map,
    defaultPositionQuantity: q.dflt,
    maxTotalExposure: off(s?.max_total_exposure),
    maxExposureRatio: off(s?.max_exposure_ratio),
    maxOpenTrades: off(s?.max_open_trades),
    maxOrdersPerSecond: off(s?.max_orders_per_second),
    maxOrdersPerMinute: off(s?.max_orders_per_minute),
    haltCancelsOrders: s?.halt_cancels_orders ?? risk.halt_cancels_orders,
    reducingCancelsEntries: s?.reducing_cancels_entries ?? risk.reducing_cancels_entries,
    breakers: {
      dailyLossRatio: off(b?.daily_loss?.max_ratio),
      dailyLossAbs: off(b?.daily_loss?.max_abs),
      dailyLossAction: b?.daily_loss?.action ?? g.dailyLossAction,
      dailyLossReset: b?.daily_loss?.reset ?? g.dailyLossReset,
      drawdownRatio: off(b?.drawdown?.max_ratio),
      drawdownAction: b?.drawdown?.action ?? g.drawdownAction,
      drawdownReset: b?.drawdown?.reset ?? g.drawdownReset,
      consecutiveLosses: off(b?.consecutive_losses?.max),
      consecutiveLossesAction: b?.consecutive_losses?.action ?? g.consecutiveLossesAction,
      consecutiveLossesReset: b?.consecutive_losses?.reset ?? g.consecutiveLossesReset,
      ordersPerMinute: off(b?.order_rate?.max_per_minute),
      orderRateAction: b?.order_rate?.action ?? g.orderRateAction,
      orderRateReset: b?.order_rate?.reset ?? g.orderRateReset,
      staleDataMs: off(b?.stale_data?.max_seconds) * 1000,
      staleDataAction: b?.stale_data?.action ?? g.staleDataAction,
      staleDataReset: b?.stale_data?.reset ?? g.staleDataReset,
    },
  };
}

/** Order-level limits for orders of `strategy` (its value when set, else the global one; null in the strategy section = off). */
export function orderLimitsFor(risk: RiskConfig, s: StrategyRiskConfig | undefined): OrderLimits {
  return {
    maxOrderNotional: off(s?.max_order_notional !== undefined ? s.max_order_notional : risk.max_order_notional),
    maxPriceDeviationBps: off(s?.max_price_deviation_bps !== undefined ? s.max_price_deviation_bps : risk.max_price_deviation_bps),
  };
}

export function positionQuantityLimit(l: ScopeLimits, pair: string): number {
  return l.maxPositionQuantity.get(pair) ?? l.defaultPositionQuantity;
}
