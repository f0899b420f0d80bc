import { errorMessage } from '../core/errors.ts';
import { getLogger, type Logger } from '../core/logger.ts';
import type { CallbackName, IStrategy } from './strategy.ts';
import type { PositionAdjustment } from './types.ts';
import { showValue } from './errors.ts';

/**
 * The safe way for the engine to call a strategy callback (Freqtrade's strategy_safe_wrapper):
 * an absent callback costs one property read; one that throws or returns a value of the wrong
 * type is logged with the strategy, callback and pair, and the caller's default is used. A
 * callback never stops a run.
 *
 * Hot path: check `hasCallback` before building the argument object, so a strategy without
 * the callback allocates nothing.
 */

type Callback<N extends CallbackName> = NonNullable<IStrategy[N]>;
export type CallbackArgs<N extends CallbackName> = Parameters<Callback<N>>;
export type CallbackResult<N extends CallbackName> = ReturnType<Callback<N>>;

export interface InvokeOptions {
  /** The pair concerned, for the log line. */
  pair?: string;
  /** Defaults to getLogger('strategy'). */
  logger?: Logger;
}

export function hasCallback(strategy: IStrategy, name: CallbackName): boolean {
  return typeof strategy[name] === 'function';
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNil = (v: unknown): v is null | undefined => v === undefined || v === null;

/** What each callback may return; anything else is a bug in the strategy and gets the default. */
const RESULT_CHECKS: Record<CallbackName, { ok: (v: unknown) => boolean; expected: string }> = {
  botStart: { ok: () => true, expected: 'nothing' },
  botLoopStart: { ok: () => true, expected: 'nothing' },
  orderFilled: { ok: () => true, expected: 'nothing' },
  onCandle: { ok: () => true, expected: 'nothing' },
  onOrderEvent: { ok: () => true, expected: 'nothing' },
  onPositionChanged: { ok: () => true, expected: 'nothing' },
  onTimer: { ok: () => true, expected: 'nothing' },
  customStakeAmount: { ok: isFiniteNumber, expected: 'a finite number (stake)' },
  customExit: {
    ok: (v) => isNil(v) || typeof v === 'string' || typeof v === 'boolean',
    expected: 'a string (exit tag), true, false, null or undefined',
  },
  customStoploss: { ok: (v) => isNil(v) || isFiniteNumber(v), expected: 'a finite number (stop ratio), null or undefined' },
  customRoi: { ok: (v) => isNil(v) || isFiniteNumber(v), expected: 'a finite number (ROI ratio), null or undefined' },
  customEntryPrice: { ok: (v) => isFiniteNumber(v) && v > 0, expected: 'a price > 0' },
  customExitPrice: { ok: (v) => isFiniteNumber(v) && v > 0, expected: 'a price > 0' },
  confirmTradeEntry: { ok: (v) => typeof v === 'boolean', expected: 'true or false' },
  confirmTradeExit: { ok: (v) => typeof v === 'boolean', expected: 'true or false' },
  checkEntryTimeout: { ok: (v) => typeof v === 'boolean', expected: 'true or false' },
  checkExitTimeout: { ok: (v) => typeof v === 'boolean', expected: 'true or false' },
  adjustEntryPrice: { ok: (v) => isNil(v) || (isFiniteNumber(v) && v > 0), expected: 'a price > 0, null or undefined' },
  adjustTradePosition: {
    ok: (v) =>
      isNil(v) ||
      isFiniteNumber(v) ||
      (typeof v === 'object' &&
        isFiniteNumber((v as { stake?: unknown }).stake) &&
        ((v as { tag?: unknown }).tag === undefined || typeof (v as { tag?: unknown }).tag === 'string')),
    expected: 'a finite stake amount, { stake, tag? }, null or undefined',
  },
  leverage: { ok: (v) => isFiniteNumber(v) && v > 0, expected: 'a leverage > 0' },
};

/**
 * Failures logged in full per strategy and callback before the log switches to one line every
 * REPEAT_EVERY failures: a callback that throws on every candle must not flood a backtest log.
 */
const LOG_FIRST = 10;
const REPEAT_EVERY = 1000;
const failures = new WeakMap<IStrategy, Map<CallbackName, number>>();

function report(strategy: IStrategy, name: CallbackName, problem: string, opts: InvokeOptions | undefined, err?: unknown): void {
  let counts = failures.get(strategy);
  if (!counts) failures.set(strategy, (counts = new Map()));
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  if (n > LOG_FIRST && n % REPEAT_EVERY !== 0) return;
  const strategyName = strategy.constructor.name;
  const pair = opts?.pair;
  const log = opts?.logger ?? getLogger('strategy');
  const fields: Record<string, unknown> = { strategy: strategyName, callback: name, failures: n };
  if (pair !== undefined) fields.pair = pair;
  if (err instanceof Error && err.stack) fields.stack = err.stack;
  const repeat =
    n > LOG_FIRST
      ? ` (${n} failures so far; logging every ${REPEAT_EVERY}th)`
      : n === LOG_FIRST
        ? ` (further failures are logged every ${REPEAT_EVERY}th)`
        : '';
  log.warn(fields, `strategy ${strategyName}: ${name}${pair !== undefined ? ` for ${pair}` : ''} ${problem}; using the default${repeat}`);
}

/** How often a callback of this strategy has failed so far (for run summaries and tests). */
export function callbackFailures(strategy: IStrategy, name: CallbackName): number {
  return failures.get(strategy)?.get(name) ?? 0;
}

/**
 * Call `strategy[name](args)` if the strategy defines it; return `fallback` when it does not,
 * throws, or returns a value of the wrong type (e.g. NaN from customStakeAmount). Never throws.
 * botStart may be async: use invokeCallbackAsync for it.
 */
export function invokeCallback<N extends CallbackName, F>(
  strategy: IStrategy,
  name: N,
  args: CallbackArgs<N>[0],
  fallback: F,
  opts?: InvokeOptions,
): Exclude<CallbackResult<N>, Promise<unknown>> | F {
  // Small on purpose: the engine calls this on every candle of every open trade, and a body this
  // size is inlined into the caller, where `name` is a constant (the keyed lookups become plain
  // property loads). Failures and unusual results take the out-of-line paths below.
  const fn = strategy[name] as unknown;
  if (typeof fn !== 'function') return fallback;
  let value: unknown;
  try {
    value = (fn as (a: unknown) => unknown).call(strategy, args);
  } catch (err) {
    return threw(strategy, name, err, fallback, opts);
  }
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') return objectResult(strategy, name, value, fallback, opts);
  if (!RESULT_CHECKS[name].ok(value)) return badResult(strategy, name, value, fallback, opts);
  return value as Exclude<CallbackResult<N>, Promise<unknown>>;
}

/**
 * invokeCallback for the callbacks that run on every candle of every open trade: the usual
 * results (`isPlain`) are accepted inline; anything unusual (a throw, an object, a wrong type)
 * takes invokeCallback's own paths, so results, fallbacks and log lines are exactly
 * invokeCallback's. Small like invokeCallback, so each caller below inlines it with a constant
 * name and predicate.
 */
function invokeEachCandle<N extends CallbackName, R, F>(
  strategy: IStrategy,
  name: N,
  args: CallbackArgs<N>[0],
  isPlain: (v: unknown) => v is R,
  fallback: F,
  opts: InvokeOptions | undefined,
): R | F {
  const fn = strategy[name] as unknown;
  if (typeof fn !== 'function') return fallback;
  let value: unknown;
  try {
    value = (fn as (a: unknown) => unknown).call(strategy, args);
  } catch (err) {
    return threw(strategy, name, err, fallback, opts);
  }
  if (isPlain(value)) return value;
  return unusualResult(strategy, name, value, fallback, opts);
}

const isRatioResult = (v: unknown): v is number | null | undefined => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));
const isExitResult = (v: unknown): v is string | boolean | null | undefined =>
  v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean';

// The three callbacks below run on every candle of every open trade. Each is invokeEachCandle
// written out with its own name: V8 does not always inline invokeEachCandle into the exit
// checks (they are large), and out of line its `strategy[name]` and call sites see every
// callback (megamorphic). Same steps, same results, same fallbacks and log lines.

export function invokeCustomStoploss(strategy: IStrategy, args: CallbackArgs<'customStoploss'>[0], opts?: InvokeOptions): number | null | undefined {
  const fn = strategy.customStoploss as unknown;
  if (typeof fn !== 'function') return undefined;
  let value: unknown;
  try {
    value = (fn as (a: unknown) => unknown).call(strategy, args);
  } catch (err) {
    return threw(strategy, 'customStoploss', err, undefined, opts);
  }
  if (isRatioResult(value)) return value;
  return unusualResult(strategy, 'customStoploss', value, undefined, opts);
}

export function invokeCustomRoi(strategy: IStrategy, args: CallbackArgs<'customRoi'>[0], opts?: InvokeOptions): number | null | undefined {
  const fn = strategy.customRoi as unknown;
  if (typeof fn !== 'function') return undefined;
  let value: unknown;
  try {
    value = (fn as (a: unknown) => unknown).call(strategy, args);
  } catch (err) {
    return threw(strategy, 'customRoi', err, undefined, opts);
  }
  if (isRatioResult(value)) return value;
  return unusualResult(strategy, 'customRoi', value, undefined, opts);
}

export function invokeCustomExit(strategy: IStrategy, args: CallbackArgs<'customExit'>[0], opts?: InvokeOptions): string | boolean | null | undefined {
  const fn = strategy.customExit as unknown;
  if (typeof fn !== 'function') return false;
  let value: unknown;
  try {
    value = (fn as (a: unknown) => unknown).call(strategy, args);
  } catch (err) {
    return threw(strategy, 'customExit', err, false, opts);
  }
  if (isExitResult(value)) return value;
  return unusualResult(strategy, 'customExit', value, false, opts);
}

/** A number (stake to add or remove) is plain; `{ stake, tag }` objects take invokeCallback's checks. */
export function invokeAdjustTradePosition(strategy: IStrategy, args: CallbackArgs<'adjustTradePosition'>[0], opts?: InvokeOptions): PositionAdjustment {
  return invokeEachCandle(strategy, 'adjustTradePosition', args, isRatioResult, undefined, opts) as PositionAdjustment;
}

/** invokeCallback's handling of a result that is not a plain valid one (objects first: a Promise is refused as such). */
function unusualResult<F, R>(strategy: IStrategy, name: CallbackName, value: unknown, fallback: F, opts: InvokeOptions | undefined): R | F {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') return objectResult(strategy, name, value, fallback, opts);
  if (!RESULT_CHECKS[name].ok(value)) return badResult(strategy, name, value, fallback, opts);
  return value as R;
}

function threw<F>(strategy: IStrategy, name: CallbackName, err: unknown, fallback: F, opts: InvokeOptions | undefined): F {
  report(strategy, name, `threw ${errorMessage(err)}`, opts, err);
  return fallback;
}

function badResult<F>(strategy: IStrategy, name: CallbackName, value: unknown, fallback: F, opts: InvokeOptions | undefined): F {
  report(strategy, name, `returned ${showValue(value)}, expected ${RESULT_CHECKS[name].expected}`, opts);
  return fallback;
}

/** An object result: a Promise (refused: callbacks other than botStart are synchronous), else the usual check. */
function objectResult<F, R>(strategy: IStrategy, name: CallbackName, value: object | ((...a: unknown[]) => unknown), fallback: F, opts: InvokeOptions | undefined): R | F {
  if (isThenable(value)) {
    // An async callback cannot be awaited in the engine loop; swallow its outcome so a rejection
    // does not become an unhandled one.
    value.then(undefined, () => undefined);
    report(strategy, name, 'returned a Promise (callbacks other than botStart must be synchronous)', opts);
    return fallback;
  }
  if (!RESULT_CHECKS[name].ok(value)) return badResult(strategy, name, value, fallback, opts);
  return value as R;
}

/** As invokeCallback, awaiting a returned Promise (botStart may load data or models). Never rejects. */
export async function invokeCallbackAsync<N extends CallbackName, F>(
  strategy: IStrategy,
  name: N,
  args: CallbackArgs<N>[0],
  fallback: F,
  opts?: InvokeOptions,
): Promise<Awaited<CallbackResult<N>> | F> {
  const fn = strategy[name] as unknown;
  if (typeof fn !== 'function') return fallback;
  let value: unknown;
  try {
    value = await (fn as (a: unknown) => unknown).call(strategy, args);
  } catch (err) {
    report(strategy, name, `threw ${errorMessage(err)}`, opts, err);
    return fallback;
  }
  const check = RESULT_CHECKS[name];
  if (!check.ok(value)) {
    report(strategy, name, `returned ${showValue(value)}, expected ${check.expected}`, opts);
    return fallback;
  }
  return value as Awaited<CallbackResult<N>>;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}
