import path from 'node:path';
import { ConfigError, errorMessage } from '../core/errors.ts';
import { getLogger, type Logger } from '../core/logger.ts';
import { fromSteps, toSteps } from '../core/precision.ts';
import type { Timeframe } from '../core/timeframe.ts';
import { riskConfigSchema, type RiskConfig, type RiskConfigInput } from '../config/risk-schema.ts';
import type { TradeRecord } from '../portfolio/trade-record.ts';
import type { PreTradeContext, PreTradeGate } from '../execution/gate.ts';
import type { Order } from '../execution/order.ts';
import type { OrderEvent, OrderRequest } from '../execution/types.ts';
import { notionalPrice, type Denial } from '../execution/validation.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import { Position } from '../portfolio/position.ts';
import type { ProtectionSpec, Side } from '../strategy/types.ts';
import { InstrumentTable } from './instruments.ts';
import { KillSwitch, type KillOptions, type KillReport, type RiskEngineHandle, type ShutdownReport } from './kill-switch.ts';
import { checkEquity, checkStale, rollDay, type BreakerHost } from './breakers.ts';
import { noPriceDenial, reserveBalance, scopeDenial, type Deny, type ScopeCheck } from './exposure-checks.ts';
import { DAY_MS, fmt, REL_EPS } from './format.ts';
import { accountLimits, orderLimitsFor, strategyLimits, type BreakerAction, type BreakerReset, type OrderLimits } from './limits.ts';
import { PairLockRegistry } from './pair-locks.ts';
import { ProtectionManager } from './protection-manager.ts';
import { protectionSpecFromConfig } from './protections.ts';
import { RISK_REASONS } from './reasons.ts';
import { RiskScope } from './scope.ts';
import type { SlidingWindowCounter } from './sliding-window.ts';
import { actionState, type BreakerName, type StateTransition, type TradingState, type Trip } from './trading-state.ts';

/**
 * The risk manager: the engine's pre-trade gate (every submit and modify, in every mode),
 * trading states and circuit breakers, protections and pair locks, and the kill switch.
 *
 * Wiring (the engine's runner does this; see docs/risk.md "Wiring"):
 *   const risk = new RiskManager({ config: config.risk, timeframe: config.timeframe, portfolio });
 *   const engine = new ExecutionEngine({ venue, clock, gate: risk });
 *   risk.attach(engine);                       // kill switch, cancels on HALTED / REDUCING
 *   engine.subscribe((e) => portfolio.onOrderEvent(e));   // releases reservations pro rata on fills
 *   risk.registerStrategy(name, { protections: strategy.protections });  // per strategy
 *   per price:        risk.onPrice(instrumentId, price, ts)     (with engine.onPrice / onBar)
 *   per closed trade: risk.onTradeClosed(trade, strategyName)
 *   per cycle:        risk.onCycle(clock.now())                 (start of the step, before venue.onBar)
 *
 * Positions and open-order quantities are measured from the engine's events, per account and
 * per strategy (OrderRequest.strategyId = the strategy's name). Equity comes from the portfolio.
 */

export type { KillOptions, KillReport, RiskEngineHandle, ShutdownReport } from './kill-switch.ts';

export interface RiskManagerOptions {
  /** The `risk` config section (parsed or raw; it is validated here). Default: every limit off. */
  config?: RiskConfig | RiskConfigInput;
  /** Candle timeframe: protections in candles, and lock ends rounded up to the next candle. */
  timeframe?: Timeframe;
  /** Equity, balances and reservations. Without it, equity breakers, exposure ratio and balance checks are off. */
  portfolio?: Portfolio;
  /** Open trades of a strategy (undefined = the whole account), as the engine counts them; default: pairs with a position or an open entry. */
  openTrades?: (strategyId: string | undefined) => number;
  /** Overrides risk.kill_switch.signal_file; null = no signal file (backtests). */
  signalFile?: string | null;
  /** Base of a relative signal file path; default the working directory. */
  cwd?: string;
  /** Run protections after closed trades (Freqtrade's --enable-protections for backtests). Default true. */
  protectionsEnabled?: boolean;
  logger?: Logger;
}

interface Tracked {
  /** The risk manager keeping this record (Order.gateState is one slot: another manager uses its map). */
  owner: RiskManager;
  i: number;
  strategy: RiskScope | undefined;
  dir: 1 | -1;
  /** Remaining lots counted in pendBuy / pendSell. */
  leaves: number;
  contributes: boolean;
}

/** The risk section validated; a ConfigError naming every bad key. */
function parseRiskConfig(config: RiskConfig | RiskConfigInput): RiskConfig {
  const r = riskConfigSchema.safeParse(config);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `risk.${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid risk configuration: ${problems.join('; ')}`);
}

/** Lots of the order that add to |position| given the current signed position. */
function increaseOf(pos: number, dir: number, lots: number): number {
  if (pos === 0 || (pos > 0) === (dir > 0)) return lots;
  const room = Math.abs(pos);
  return lots > room ? lots - room : 0;
}

export class RiskManager implements PreTradeGate {
  /** The account's pair locks (manual locks, protections from the config). */
  readonly locks: PairLockRegistry;
  private config: RiskConfig;
  private readonly timeframe: Timeframe;
  private readonly portfolio: Portfolio | undefined;
  private readonly openTradesFn: RiskManagerOptions['openTrades'];
  private readonly log: Logger;
  private readonly cwd: string;
  private readonly signalOverride: string | null | undefined;
  private readonly protectionsEnabled: boolean;

  private readonly table = new InstrumentTable();
  private readonly account: RiskScope;
  private readonly strategies = new Map<string, RiskScope>();
  private readonly strategyProtections = new Map<string, readonly ProtectionSpec[]>();
  private accountOrderLimits: OrderLimits;
  private readonly strategyOrderLimits = new Map<string, OrderLimits>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly denials = new Map<string, number>();
  private readonly transitionLog: StateTransition[] = [];
  private readonly pendingEffects = new Set<RiskScope>();
  private readonly killSwitch: KillSwitch;
  private engine: RiskEngineHandle | undefined;
  private startEquity = Number.NaN;
  private equityCache = Number.NaN;
  private lastNow = Number.NaN;
  private signalPath: string | null = null;
  private readonly denyFn: Deny = (reason, message) => this.deny(reason, message);
  private readonly breakerHost: BreakerHost = {
    trip: (scope, breaker, action, reset, now, message, figures) => this.trip(scope, breaker, action, reset, now, message, figures),
    cleared: (scope, now, cause) => {
      this.log.info({ scope: scope.id }, `risk: ${cause} for ${this.scopeName(scope)}`);
      this.updateState(scope, now, cause);
    },
  };
  /** The scope scopeFor returned last (scopes are never removed, so it stays valid). */
  private lastScopeId: string | undefined;
  private lastScope: RiskScope | undefined;
  /** One reusable argument object for the scope checks (no allocation per order). */
  private readonly scratch: ScopeCheck;

  constructor(options: RiskManagerOptions = {}) {
    this.config = parseRiskConfig(options.config ?? {});
    this.timeframe = options.timeframe ?? '5m';
    this.portfolio = options.portfolio;
    this.openTradesFn = options.openTrades;
    this.log = options.logger ?? getLogger('risk');
    this.cwd = options.cwd ?? process.cwd();
    this.signalOverride = options.signalFile;
    this.protectionsEnabled = options.protectionsEnabled ?? true;
    this.locks = new PairLockRegistry({ timeframe: this.timeframe });
    this.account = new RiskScope('account', this.locks, this.accountProtections(this.locks), accountLimits(this.config));
    this.accountOrderLimits = orderLimitsFor(this.config, undefined);
    this.signalPath = this.resolveSignalPath();
    this.killSwitch = new KillSwitch({
      engine: () => this.engine,
      halt: (now, message, action) => {
        this.trip(this.account, 'kill_switch', 'halted', 'manual', now, message, { action });
        this.pendingEffects.delete(this.account); // the kill switch cancels by itself
      },
      positions: () => this.openPositions(),
      log: this.log,
    });
    if (!this.portfolio) this.warnWithoutPortfolio();
    this.scratch = {
      table: this.table,
      scope: this.account,
      who: '',
      i: 0,
      dir: 1,
      addLots: 0,
      px: undefined,
      r: undefined as unknown as OrderRequest,
      engine: undefined,
      equity: () => this.equityNow(),
      openTrades: (scope) => (this.openTradesFn ? this.openTradesFn(scope.isAccount ? undefined : scope.id) : scope.openTradeCount()),
      deny: this.denyFn,
    };
  }

  /** Give the risk manager the engine it guards (needed by the kill switch and by cancels on state changes). */
  attach(engine: RiskEngineHandle): void {
    this.engine = engine;
  }

  // ================================================================ pre-trade gate

  check(r: OrderRequest, ctx: PreTradeContext): Denial | null {
    const now = ctx.now;
    this.lastNow = now;
    const i = this.table.ensure(r.instrumentId, ctx.instrument);
    const acct = this.account;
    // The guards of ensure, countAttempt, scopeFor and rateDenial are written out in this
    // function (it runs per order): the calls are made only when they have work to do.
    if (acct.pos.length <= i) acct.ensure(i);
    const own = this.killSwitch.own;
    if (own.size !== 0 && own.has(r.clientOrderId)) return null;
    const sid = r.strategyId;
    const strat = sid === undefined ? undefined : sid === this.lastScopeId ? this.lastScope! : this.scopeFor(sid);
    if (strat !== undefined && strat.pos.length <= i) strat.ensure(i);
    const modify = ctx.action === 'modify';
    if (!modify) {
      if (acct.attempts) this.countAttempt(acct, now, r);
      if (strat?.attempts) this.countAttempt(strat, now, r);
    }

    const id = r.clientOrderId;
    const dir: 1 | -1 = r.side === 'buy' ? 1 : -1;
    const lot = ctx.instrument.lotSize;
    const order = ctx.order;
    // Lots the order (as it would stand) can still trade, and what it adds to the open orders.
    const fullLots = toSteps(modify && order ? r.quantity - order.filledQuantity : r.quantity, lot);
    const addLots = modify && order ? fullLots - toSteps(order.leavesQuantity, lot) : fullLots;

    let aPos = acct.pos[i]!;
    let sPos = strat ? strat.pos[i]! : aPos;
    if (r.parentOrderId !== undefined && ctx.list) {
      // A contingent child acts on what its parent opens: judge it against that position.
      const parent = ctx.list.find((x) => x.clientOrderId === r.parentOrderId);
      if (parent && parent.instrumentId === r.instrumentId) {
        const p = (parent.side === 'buy' ? 1 : -1) * toSteps(parent.quantity, lot);
        aPos += p;
        sPos += p;
      }
    }
    const aInc = increaseOf(aPos, dir, fullLots);
    const sInc = strat ? increaseOf(sPos, dir, fullLots) : aInc;

    // ---- trading state
    const aState = acct.state.state;
    const sState = strat ? strat.state.state : 'ACTIVE';
    if (aState === 'HALTED' || sState === 'HALTED') {
      const scope = aState === 'HALTED' ? acct : strat!;
      return this.deny(RISK_REASONS.HALTED, `order ${id}: trading is halted for ${this.scopeName(scope)} (${scope.state.cause()})`);
    }
    if (aState === 'REDUCING' && aInc > 0) {
      return this.deny(
        RISK_REASONS.REDUCING,
        `order ${id}: the account is REDUCING (${acct.state.cause()}) and this ${r.side} of ${r.quantity} ${r.instrumentId} would increase |position| ${fmt(fromSteps(Math.abs(aPos), lot))}`,
      );
    }
    if (sState === 'REDUCING' && sInc > 0) {
      return this.deny(
        RISK_REASONS.REDUCING,
        `order ${id}: strategy ${strat!.id} is REDUCING (${strat!.state.cause()}) and this ${r.side} of ${r.quantity} ${r.instrumentId} would increase its |position| ${fmt(fromSteps(Math.abs(sPos), lot))}`,
      );
    }

    // ---- reduce-only
    if (r.reduceOnly && aInc > 0) {
      return this.deny(
        RISK_REASONS.REDUCE_ONLY,
        aPos === 0
          ? `order ${id}: reduce-only ${r.side} of ${r.quantity} ${r.instrumentId} but there is no position`
          : `order ${id}: reduce-only ${r.side} of ${r.quantity} ${r.instrumentId} would take the position ${fmt(fromSteps(aPos, lot))} past zero`,
      );
    }

    // ---- order rate (submits only)
    if (!modify && (acct.ratePerSecond !== null || acct.ratePerMinute !== null || (strat !== undefined && (strat.ratePerSecond !== null || strat.ratePerMinute !== null)))) {
      const d = this.rateDenial(acct, now, id) ?? (strat ? this.rateDenial(strat, now, id) : null);
      if (d) return d;
    }

    // ---- pair locks block entries (new ones, or more quantity on one; a price change passes)
    const entry = (strat ? sInc > 0 : aInc > 0) && addLots > 0;
    if (entry) {
      const side: Side = dir > 0 ? 'long' : 'short';
      if (this.locks.isPairLocked(r.instrumentId, now, side) || (strat !== undefined && strat.locks.isPairLocked(r.instrumentId, now, side))) {
        return this.deny(RISK_REASONS.PAIR_LOCKED, `order ${id}: ${r.instrumentId} (${side}) is locked${this.lockText(r.instrumentId, now, side, strat)}`);
      }
    }

    // ---- prices
    const last = this.table.priceAt(i, ctx.engine);
    const px = notionalPrice(r, Number.isNaN(last) ? undefined : last);
    const ol = strat ? this.strategyOrderLimits.get(strat.id)! : this.accountOrderLimits;
    if (ol.maxPriceDeviationBps !== Infinity && r.type === 'limit' && r.price !== undefined && last > 0) {
      const bps = (Math.abs(r.price - last) / last) * 10_000;
      if (bps > ol.maxPriceDeviationBps * (1 + REL_EPS)) {
        return this.deny(
          RISK_REASONS.PRICE_DEVIATION,
          `order ${id}: limit price ${r.price} is ${fmt(bps)} bps from the last price ${last} of ${r.instrumentId} (limit ${fmt(ol.maxPriceDeviationBps)} bps)`,
        );
      }
    }
    const mult = this.table.multiplier[i]!;
    const rate = this.table.quoteRate[i]!;
    if (ol.maxOrderNotional !== Infinity) {
      if (px === undefined) return noPriceDenial(this.denyFn, r);
      const notional = fullLots * lot * mult * px * rate;
      if (notional > ol.maxOrderNotional * (1 + REL_EPS)) {
        return this.deny(
          RISK_REASONS.MAX_NOTIONAL,
          `order ${id}: notional ${fmt(notional)} (${r.quantity} x ${px}) is above max_order_notional ${fmt(ol.maxOrderNotional)}`,
        );
      }
    }

    // ---- position, exposure and open trades, per scope, for orders that add exposure
    if (addLots > 0 && (aInc > 0 || (strat && sInc > 0))) {
      const c = this.scratch;
      c.i = i;
      c.dir = dir;
      c.addLots = addLots;
      c.px = px;
      c.r = r;
      c.engine = ctx.engine;
      if (aInc > 0) {
        c.scope = acct;
        c.who = 'the account';
        const d = scopeDenial(c);
        if (d) return d;
      }
      if (strat && sInc > 0) {
        c.scope = strat;
        c.who = `strategy ${strat.id}`;
        const d = scopeDenial(c);
        if (d) return d;
      }
    }

    // ---- balance: reserve what the order needs (last, as it is the only check with a side effect)
    if (this.config.check_balance && this.portfolio && aInc > 0) {
      const d = reserveBalance(this.portfolio, r, ctx.instrument, aInc, fullLots, px, this.denyFn);
      if (d) return d;
    }

    if (!modify) {
      acct.ratePerSecond?.record(now);
      acct.ratePerMinute?.record(now);
      strat?.ratePerSecond?.record(now);
      strat?.ratePerMinute?.record(now);
    }
    return null;
  }

  onOrderEvent(event: OrderEvent, order: Order | undefined): void {
    if (!order) return;
    const id = order.clientOrderId;
    // Kept on the order itself (gateState); a second risk manager fed the same orders uses its map.
    let t = order.gateState as Tracked | undefined;
    let inSlot = true;
    if (t !== undefined && t.owner !== this) {
      t = this.tracked.get(id);
      inSlot = false;
    } else if (t === undefined && this.tracked.size > 0) {
      t = this.tracked.get(id);
      if (t !== undefined) inSlot = false;
    }
    if (event.type === 'initialized') {
      if (t) return;
      const inst = this.engine?.venue.instrument(order.instrumentId);
      const i = this.table.ensure(order.instrumentId, inst);
      if (this.account.pos.length <= i) this.account.ensure(i);
      const own = this.killSwitch.own.size !== 0 && this.killSwitch.own.has(id);
      const sid = order.request.strategyId;
      const strategy = own || sid === undefined ? undefined : sid === this.lastScopeId ? this.lastScope! : this.scopeFor(sid);
      if (strategy !== undefined && strategy.pos.length <= i) strategy.ensure(i);
      t = {
        owner: this,
        i,
        strategy,
        dir: order.side === 'buy' ? 1 : -1,
        leaves: 0,
        contributes: !own && !order.request.reduceOnly && order.request.parentOrderId === undefined,
      };
      if (order.gateState === undefined) order.gateState = t;
      else {
        this.tracked.set(id, t);
        inSlot = false;
      }
    }
    if (!t) return;
    const tl = this.table.lotSize[t.i]!;
    const lot = tl > 0 ? tl : this.lotOf(t.i, order);
    if (event.type === 'filled') {
      const lots = toSteps(event.lastQuantity, lot) * (event.side === 'buy' ? 1 : -1);
      this.account.pos[t.i]! += lots;
      if (t.strategy) {
        t.strategy.pos[t.i]! += lots;
        this.applyStrategyFill(t.strategy, t.i, event);
      }
    }
    const closed = order.isClosed;
    const leaves = closed ? 0 : Math.round(order.leavesQuantity / lot); // toSteps
    if (t.contributes && leaves !== t.leaves) {
      const pend = t.dir > 0 ? 'pendBuy' : 'pendSell';
      this.account[pend][t.i]! += leaves - t.leaves;
      if (t.strategy) t.strategy[pend][t.i]! += leaves - t.leaves;
    }
    t.leaves = leaves;
    if (event.type === 'modify_rejected' && this.config.check_balance && this.portfolio && this.portfolio.reservation(id)) {
      // The modify's reservation replaced the old one; the order keeps its old terms: reserve for those again.
      const inst = this.table.instruments[t.i];
      const leavesLots = toSteps(order.leavesQuantity, lot);
      if (inst) reserveBalance(this.portfolio, order.request, inst, leavesLots, leavesLots, order.price ?? this.table.price[t.i], this.denyFn);
    }
    if (closed) {
      if (inSlot) order.gateState = undefined;
      else this.tracked.delete(id);
      if (event.type !== 'filled') this.portfolio?.release(id);
    }
    if (this.killSwitch.busy) this.killSwitch.afterEvent(id, closed);
  }

  // ================================================================ market data, cycles, trades

  /** A price for an instrument (last trade, mid or bar close) at engine time ts: stale-data watch, exposure values. */
  onPrice(instrumentId: string, price: number, ts: number): void {
    const i = this.table.ensure(instrumentId);
    this.table.setPrice(i, price, ts);
  }

  /**
   * Once per engine cycle: signal file, day roll, equity breakers (on the marks so far), stale
   * data, then the cancels that state changes asked for, and flatten follow-ups. Call it at the
   * start of a step, before the venue matches the candle, so kill orders fill at its open.
   */
  onCycle(now: number): void {
    this.lastNow = now;
    this.refreshRates();
    const equity = this.measureEquity();
    if (Number.isNaN(this.startEquity) && Number.isFinite(equity)) this.startEquity = equity;
    const day = Math.floor(now / DAY_MS);
    this.cycleScope(this.account, equity, day, now);
    for (const s of this.strategies.values()) this.cycleScope(s, this.strategyValue(s), day, now);
    this.locks.prune(now);
    for (const s of this.strategies.values()) s.locks.prune(now);
    this.runEffects();
    this.killSwitch.onCycle(now, this.signalPath);
  }

  /**
   * A trade closed (strategyId = the strategy's name): loss streaks and protections. `now` is the
   * evaluation time (default the trade's close date, as Freqtrade's backtest does).
   */
  onTradeClosed(trade: TradeRecord, strategyId?: string, now: number = trade.closeDate): void {
    const strat = strategyId === undefined ? undefined : this.scopeFor(strategyId);
    for (const scope of strat ? [this.account, strat] : [this.account]) {
      scope.lossStreak = trade.profitAbs < 0 ? scope.lossStreak + 1 : 0;
      const max = scope.limits.breakers.consecutiveLosses;
      if (scope.lossStreak >= max) {
        const b = scope.limits.breakers;
        this.trip(scope, 'consecutive_losses', b.consecutiveLossesAction, b.consecutiveLossesReset, now, `${scope.lossStreak} losing trades in a row (limit ${max}); last: ${trade.pair} ${fmt(trade.profitAbs)}`, {
          streak: scope.lossStreak,
          limit: max,
        });
      }
      if (this.protectionsEnabled) scope.protections.onTradeClosed(trade, now);
    }
  }

  // ================================================================ strategies, states, breakers

  /** Declare a strategy (its name is OrderRequest.strategyId) with the protections of its class. */
  registerStrategy(strategyId: string, options: { protections?: readonly ProtectionSpec[] } = {}): void {
    this.strategyProtections.set(strategyId, options.protections ?? []);
    this.scopeFor(strategyId).protections.setProtections(this.strategySpecs(strategyId));
  }

  /** The pair locks a strategy's context should get (its protections and its own lockPair calls). */
  locksFor(strategyId: string): PairLockRegistry {
    return this.scopeFor(strategyId).locks;
  }

  /** Current state of the account, or of a strategy (its own, without the account's). */
  state(strategyId?: string): TradingState {
    return (strategyId === undefined ? this.account : this.scopeFor(strategyId)).state.state;
  }

  /** The state an order of `strategyId` is judged against: the worse of the account's and the strategy's. */
  effectiveState(strategyId?: string): TradingState {
    const a = this.account.state.state;
    if (strategyId === undefined || a === 'HALTED') return a;
    const s = this.scopeFor(strategyId).state.state;
    return s === 'HALTED' || (s === 'REDUCING' && a === 'ACTIVE') ? s : a;
  }

  /** Set a state by hand (ACTIVE clears the manual state; breakers that tripped still count). */
  setState(state: TradingState, strategyId?: string): void {
    const scope = strategyId === undefined ? this.account : this.scopeFor(strategyId);
    scope.state.setManual(state);
    this.updateState(scope, this.now(), `set to ${state} by hand`);
  }

  /** Active trips of the account and every strategy. */
  trips(): Trip[] {
    return [this.account, ...this.strategies.values()].flatMap((s) => s.state.activeTrips());
  }

  /**
   * Clear a tripped breaker ('kill_switch' ends a kill). The breaker's measure starts afresh:
   * drawdown from the current equity, daily loss from it, the loss streak and order count from 0.
   */
  resetBreaker(name: BreakerName, strategyId?: string): boolean {
    const scope = strategyId === undefined ? this.account : this.scopeFor(strategyId);
    const had = scope.state.removeTrip(name);
    this.restartMeasure(scope, name);
    if (name === 'kill_switch' && scope === this.account) this.killSwitch.reset();
    if (had) {
      this.log.info({ scope: scope.id, breaker: name }, `risk breaker ${name} reset by hand for ${this.scopeName(scope)}`);
      this.updateState(scope, this.now(), `reset ${name}`);
    }
    return had;
  }

  transitions(): readonly StateTransition[] {
    return this.transitionLog;
  }

  /** Denials so far by reason code, for reports. */
  denialCounts(): Record<string, number> {
    return Object.fromEntries([...this.denials.entries()].sort((a, b) => a[0].localeCompare(b[0])));
  }

  /** Apply a new risk section (hot reload): limits at once, breaker thresholds from the next cycle. */
  applyConfig(config: RiskConfig | RiskConfigInput): void {
    this.config = parseRiskConfig(config);
    this.account.setLimits(accountLimits(this.config));
    this.account.protections.setProtections(this.config.protections.map(protectionSpecFromConfig));
    this.accountOrderLimits = orderLimitsFor(this.config, undefined);
    for (const [id, s] of this.strategies) {
      s.setLimits(strategyLimits(this.config, this.config.strategies[id]));
      s.protections.setProtections(this.strategySpecs(id));
      this.strategyOrderLimits.set(id, orderLimitsFor(this.config, this.config.strategies[id]));
    }
    this.signalPath = this.resolveSignalPath();
    this.log.info('risk limits applied');
  }

  get currentConfig(): RiskConfig {
    return this.config;
  }

  /** Where the kill switch looks for its signal file (absolute), or null. */
  get signalFile(): string | null {
    return this.signalPath;
  }

  // ================================================================ kill switch

  /**
   * Stop trading now: the account goes HALTED (breaker 'kill_switch', reset by hand), every open
   * order is canceled and, with flatten, every position gets a market order that closes it
   * (reduce-only when the venue supports it). Later cycles re-flatten what a partial fill left.
   */
  kill(options: KillOptions = {}): KillReport {
    return this.killSwitch.kill(options);
  }

  /**
   * Graceful shutdown: kill (halt, or flatten), then wait until no order is open (and with
   * flatten no position is left), at most timeoutMs of wall time. Feed events meanwhile.
   */
  shutdown(options: { flatten?: boolean; timeoutMs?: number } = {}): Promise<ShutdownReport> {
    return this.killSwitch.shutdown(options);
  }

  /** Net positions (instrument, signed quantity) the kill switch would flatten. */
  openPositions(): { instrumentId: string; quantity: number }[] {
    if (this.portfolio) return this.portfolio.netPositions().map((p) => ({ instrumentId: p.instrumentId, quantity: p.quantity }));
    const out: { instrumentId: string; quantity: number }[] = [];
    for (let i = 0; i < this.account.pos.length; i++) {
      const lots = this.account.pos[i]!;
      if (lots !== 0) out.push({ instrumentId: this.table.ids[i]!, quantity: fromSteps(lots, this.table.lotSize[i]! || 1) });
    }
    return out;
  }

  // ================================================================ internals: checks

  private deny(reason: string, message: string): Denial {
    this.denials.set(reason, (this.denials.get(reason) ?? 0) + 1);
    this.log.debug({ reason }, message);
    return { reason, message };
  }

  private lotOf(i: number, order?: Order): number {
    const l = this.table.lotSize[i]!;
    if (l > 0) return l;
    const inst = this.engine?.venue.instrument(order?.instrumentId ?? this.table.ids[i]!);
    if (inst) {
      this.table.ensure(inst.id, inst);
      return inst.lotSize;
    }
    return 1e-9;
  }

  private rateDenial(scope: RiskScope, now: number, id: string): Denial | null {
    const s = scope.ratePerSecond;
    if (s !== null && !s.allows(now)) return this.rateLimited(scope, s, 'second', now, id);
    const m = scope.ratePerMinute;
    if (m !== null && !m.allows(now)) return this.rateLimited(scope, m, 'minute', now, id);
    return null;
  }

  private rateLimited(scope: RiskScope, c: SlidingWindowCounter, unit: string, now: number, id: string): Denial {
    return this.deny(
      RISK_REASONS.RATE_LIMIT,
      `order ${id}: ${c.limit} orders of ${this.scopeName(scope)} already in the last ${unit} (limit ${c.limit} per ${unit}); next allowed at ${new Date(c.oldestAt(now) + c.windowMs).toISOString()}`,
    );
  }

  private countAttempt(scope: RiskScope, now: number, r: OrderRequest): void {
    const c = scope.attempts;
    if (!c) return;
    if (!c.allows(now)) {
      const b = scope.limits.breakers;
      this.trip(scope, 'order_rate', b.orderRateAction, b.orderRateReset, now, `more than ${c.limit} orders within 60 s (order ${r.clientOrderId} on ${r.instrumentId})`, {
        limit: c.limit,
      });
    }
    c.record(now);
  }

  private lockText(pair: string, now: number, side: Side, strat: RiskScope | undefined): string {
    const locks = [...this.locks.activeLocks(now), ...(strat ? strat.locks.activeLocks(now) : [])].filter(
      (l) => (l.pair === '*' || l.pair === pair) && (l.side === '*' || l.side === side),
    );
    const l = locks.sort((a, b) => b.until - a.until)[0];
    return l ? ` until ${new Date(l.until).toISOString()}${l.reason ? ` (${l.reason})` : ''}` : '';
  }

  // ================================================================ internals: scopes and states

  private scopeFor(strategyId: string): RiskScope {
    // One strategy per run is the common case: its scope without a lookup per order and event.
    if (strategyId === this.lastScopeId) return this.lastScope!;
    let s = this.strategies.get(strategyId);
    if (s) {
      this.lastScopeId = strategyId;
      this.lastScope = s;
    }
    if (!s) {
      const locks = new PairLockRegistry({ timeframe: this.timeframe });
      s = new RiskScope(strategyId, locks, this.strategyProtectionManager(strategyId, locks), strategyLimits(this.config, this.config.strategies[strategyId]));
      if (Number.isFinite(this.startEquity)) {
        // A strategy seen after the first cycle starts from flat: its peak and day start are the base.
        s.value = s.peak = s.dayStart = this.startEquity;
        s.day = Math.floor(this.lastNow / DAY_MS);
      }
      this.strategies.set(strategyId, s);
      this.strategyOrderLimits.set(strategyId, orderLimitsFor(this.config, this.config.strategies[strategyId]));
    }
    return s;
  }

  private scopeName(scope: RiskScope): string {
    return scope.isAccount ? 'the account' : `strategy ${scope.id}`;
  }

  private accountProtections(locks: PairLockRegistry): ProtectionManager {
    return new ProtectionManager(this.config.protections.map(protectionSpecFromConfig), this.timeframe, locks, { name: 'risk.protections', logger: this.log });
  }

  private strategyProtectionManager(strategyId: string, locks: PairLockRegistry): ProtectionManager {
    return new ProtectionManager(this.strategySpecs(strategyId), this.timeframe, locks, { name: `strategy ${strategyId}`, logger: this.log });
  }

  /** The strategy class's protections, then those of risk.strategies.<name>.protections. */
  private strategySpecs(strategyId: string): ProtectionSpec[] {
    return [...(this.strategyProtections.get(strategyId) ?? []), ...(this.config.strategies[strategyId]?.protections ?? []).map(protectionSpecFromConfig)];
  }

  private now(): number {
    return this.engine ? this.engine.clock.now() : this.lastNow;
  }

  private trip(scope: RiskScope, breaker: BreakerName, action: BreakerAction, reset: BreakerReset, now: number, message: string, figures: Trip['figures']): void {
    if (scope.state.trip(breaker)) return;
    scope.state.addTrip({ breaker, scope: scope.id, state: actionState(action), reset, at: now, message, figures });
    this.log.warn({ scope: scope.id, breaker, action, reset, ...figures }, `risk breaker ${breaker} tripped for ${this.scopeName(scope)}: ${message}`);
    this.updateState(scope, now, message);
  }

  private updateState(scope: RiskScope, now: number, cause: string): void {
    const to = scope.state.computed();
    const from = scope.state.state;
    if (to === from) return;
    scope.state.state = to;
    this.transitionLog.push({ scope: scope.id, from, to, at: now, cause });
    this.log.warn({ scope: scope.id, from, to, at: now }, `trading state of ${this.scopeName(scope)}: ${from} -> ${to} (${cause})`);
    if ((to === 'HALTED' && scope.limits.haltCancelsOrders) || (to === 'REDUCING' && scope.limits.reducingCancelsEntries)) this.pendingEffects.add(scope);
  }

  /** Cancels asked for by state changes; run at the end of a cycle (never inside the gate). */
  private runEffects(): void {
    if (this.pendingEffects.size === 0 || !this.engine) return;
    const scopes = [...this.pendingEffects];
    this.pendingEffects.clear();
    for (const scope of scopes) {
      const state = scope.state.state;
      if (state === 'ACTIVE') continue;
      let n = 0;
      for (const o of this.engine.openOrders()) {
        if (this.killSwitch.own.has(o.clientOrderId) || o.status === 'PENDING_CANCEL') continue;
        if (!scope.isAccount && o.request.strategyId !== scope.id) continue;
        if (state === 'REDUCING' && !this.increases(scope, o)) continue;
        this.engine.cancel(o.clientOrderId, `risk: ${this.scopeName(scope)} is ${state}`);
        n++;
      }
      if (n > 0) this.log.warn({ scope: scope.id, canceled: n }, `risk: canceled ${n} open order(s) of ${this.scopeName(scope)} on entering ${state}`);
    }
  }

  private increases(scope: RiskScope, o: Order): boolean {
    if (o.request.reduceOnly || o.request.parentOrderId !== undefined) return false;
    const i = this.table.indexOf(o.instrumentId);
    const pos = i === undefined ? 0 : (scope.pos[i] ?? 0);
    return pos === 0 || (pos > 0) === (o.side === 'buy');
  }

  private restartMeasure(scope: RiskScope, name: BreakerName): void {
    if (name === 'drawdown') scope.peak = scope.value;
    else if (name === 'daily_loss') scope.dayStart = scope.value;
    else if (name === 'consecutive_losses') scope.lossStreak = 0;
    else if (name === 'order_rate') scope.attempts?.clear();
  }

  // ================================================================ internals: cycles

  private measureEquity(): number {
    if (!this.portfolio) return Number.NaN;
    try {
      this.equityCache = this.portfolio.equity();
    } catch (err) {
      this.log.debug({ err: errorMessage(err) }, 'risk: equity cannot be valued yet');
      this.equityCache = Number.NaN;
    }
    return this.equityCache;
  }

  private equityNow(): number {
    return Number.isNaN(this.equityCache) ? this.measureEquity() : this.equityCache;
  }

  private refreshRates(): void {
    const pf = this.portfolio;
    if (!pf) return;
    const t = this.table;
    for (let i = 0; i < t.size; i++) {
      const inst = t.instruments[i];
      if (!inst || inst.quote === pf.valuationCurrency) continue;
      try {
        t.quoteRate[i] = pf.convert(1, inst.quote, pf.valuationCurrency);
      } catch {
        // No route or no mark yet: keep the last rate.
      }
    }
  }

  /** A strategy's value: the account's starting equity + its realized PnL - fees + unrealized PnL. */
  private strategyValue(s: RiskScope): number {
    let pnl = 0;
    for (let i = 0; i < s.positions.length; i++) {
      const p = s.positions[i];
      if (!p) continue;
      pnl += (p.realizedPnl - p.fees) * this.table.quoteRate[i]!;
      if (p.isOpen) {
        const px = this.table.priceAt(i, this.engine);
        if (px > 0) pnl += p.unrealizedPnl(px) * this.table.quoteRate[i]!;
      }
    }
    return (Number.isNaN(this.startEquity) ? 0 : this.startEquity) + pnl;
  }

  private applyStrategyFill(s: RiskScope, i: number, e: Extract<OrderEvent, { type: 'filled' }>): void {
    const inst = this.table.instruments[i];
    if (!inst) return;
    let p = s.positions[i];
    if (!p) s.positions[i] = p = new Position(`${s.id}:${inst.id}`, inst);
    try {
      p.applyOnly(e);
    } catch (err) {
      this.log.error({ err: errorMessage(err), strategy: s.id }, `risk: fill ${e.tradeId} could not be applied to the PnL of strategy ${s.id}`);
    }
  }

  private cycleScope(scope: RiskScope, value: number, day: number, now: number): void {
    rollDay(scope, value, day, now, this.breakerHost);
    checkEquity(scope, value, now, this.breakerHost);
    checkStale(scope, this.table, now, this.breakerHost);
  }

  private warnWithoutPortfolio(): void {
    const b = this.config.breakers;
    const needs = [
      b.daily_loss.max_ratio !== null || b.daily_loss.max_abs !== null ? 'breakers.daily_loss' : '',
      b.drawdown.max_ratio !== null ? 'breakers.drawdown' : '',
      this.config.max_exposure_ratio !== null ? 'max_exposure_ratio' : '',
    ].filter((x) => x !== '');
    if (needs.length > 0) this.log.warn(`risk: ${needs.join(', ')} need equity, but the risk manager has no portfolio: they stay off`);
  }

  private resolveSignalPath(): string | null {
    const p = this.signalOverride !== undefined ? this.signalOverride : this.config.kill_switch.signal_file;
    return p === null ? null : path.resolve(this.cwd, p);
  }
}
