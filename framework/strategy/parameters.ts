import { KeelError } from '../core/errors.ts';

/**
 * Hyperoptable parameters, declared as fields of a strategy class (Freqtrade's IntParameter,
 * DecimalParameter, ...). `value` is what the strategy reads; `range` is every value hyperopt
 * may try while the parameter is being optimized, and just [value] otherwise, so code that
 * precomputes indicators over `range` stays cheap in a backtest (Freqtrade's rule).
 */

export type ParameterSpace = 'buy' | 'sell' | 'protection' | 'enter' | 'exit' | (string & {});

export interface ParameterOptions<T> {
  default: T;
  /** Hyperopt space; inferred from a buy_/sell_/protection_ name prefix when omitted. */
  space?: ParameterSpace;
  /** Whether hyperopt may change it (default true). */
  optimize?: boolean;
  /** Whether values from the strategy's JSON parameter file apply (default true). */
  load?: boolean;
}

export class ParameterError extends KeelError {
  constructor(message: string) {
    super('STRATEGY_PARAMETER', message);
  }
}

export abstract class BaseParameter<T> {
  abstract readonly kind: 'int' | 'decimal' | 'real' | 'categorical' | 'boolean';
  readonly default: T;
  space: ParameterSpace | undefined;
  readonly optimize: boolean;
  readonly load: boolean;
  /** Set by the loader: the field name on the strategy. */
  name = '';
  /** Set by hyperopt while this parameter's space is being searched. */
  inHyperopt = false;
  private current: T;

  protected constructor(opts: ParameterOptions<T>) {
    this.default = opts.default;
    this.space = opts.space;
    this.optimize = opts.optimize ?? true;
    this.load = opts.load ?? true;
    this.current = opts.default;
  }

  get value(): T {
    return this.current;
  }

  set value(v: T) {
    this.current = this.check(v);
  }

  /** Every value hyperopt may try when optimizing, else [value]. */
  get range(): T[] {
    return this.inHyperopt && this.optimize ? this.fullRange() : [this.current];
  }

  /** The whole search range regardless of mode (for hyperopt and docs). */
  abstract fullRange(): T[];

  /** Validate and normalise a value; throws ParameterError naming the parameter. */
  abstract check(v: unknown): T;

  protected fail(v: unknown, expected: string): never {
    throw new ParameterError(`parameter ${this.name || '(unnamed)'}: ${JSON.stringify(v)} is not ${expected}`);
  }
}

abstract class NumericParameter extends BaseParameter<number> {
  readonly low: number;
  readonly high: number;
  protected constructor(low: number, high: number, opts: ParameterOptions<number>) {
    super(opts);
    if (!(Number.isFinite(low) && Number.isFinite(high)) || low > high) {
      throw new ParameterError(`parameter range [${low}, ${high}] is invalid: low must be <= high and both finite`);
    }
    this.low = low;
    this.high = high;
  }

  protected inRange(v: unknown): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(v, 'a finite number');
    // Defaults and loaded values may sit outside the search range (Freqtrade allows it); only hyperopt stays inside.
    return v;
  }
}

export class IntParameter extends NumericParameter {
  readonly kind = 'int' as const;
  constructor(low: number, high: number, opts: ParameterOptions<number>) {
    super(low, high, opts);
    if (!Number.isInteger(low) || !Number.isInteger(high)) throw new ParameterError(`IntParameter range [${low}, ${high}] must be integers`);
    // Through the setter, so the default is validated and normalised (DecimalParameter rounds it, as Freqtrade does).
    this.value = opts.default;
  }
  fullRange(): number[] {
    const out: number[] = [];
    for (let v = this.low; v <= this.high; v++) out.push(v);
    return out;
  }
  check(v: unknown): number {
    const n = this.inRange(v);
    if (!Number.isInteger(n)) this.fail(v, 'an integer');
    return n;
  }
}

export class DecimalParameter extends NumericParameter {
  readonly kind = 'decimal' as const;
  readonly decimals: number;
  constructor(low: number, high: number, opts: ParameterOptions<number> & { decimals?: number }) {
    super(low, high, opts);
    this.decimals = opts.decimals ?? 3;
    this.value = opts.default;
  }
  fullRange(): number[] {
    const scale = 10 ** this.decimals;
    const lo = Math.round(this.low * scale);
    const hi = Math.round(this.high * scale);
    const out: number[] = [];
    for (let i = lo; i <= hi; i++) out.push(i / scale);
    return out;
  }
  check(v: unknown): number {
    const n = this.inRange(v);
    const scale = 10 ** this.decimals;
    return Math.round(n * scale) / scale;
  }
}

export class RealParameter extends NumericParameter {
  readonly kind = 'real' as const;
  constructor(low: number, high: number, opts: ParameterOptions<number>) {
    super(low, high, opts);
    this.value = opts.default;
  }
  /** A continuous space has no finite list; samplers use low/high. */
  fullRange(): number[] {
    return [this.low, this.high];
  }
  check(v: unknown): number {
    return this.inRange(v);
  }
}

export class CategoricalParameter<T extends string | number | boolean = string> extends BaseParameter<T> {
  readonly kind = 'categorical' as const;
  readonly categories: readonly T[];
  constructor(categories: readonly T[], opts: ParameterOptions<T>) {
    super(opts);
    if (categories.length < 2) throw new ParameterError('CategoricalParameter needs at least two categories');
    this.categories = categories;
    this.value = opts.default;
  }
  fullRange(): T[] {
    return [...this.categories];
  }
  check(v: unknown): T {
    if (!this.categories.includes(v as T)) this.fail(v, `one of ${JSON.stringify(this.categories)}`);
    return v as T;
  }
}

export class BooleanParameter extends BaseParameter<boolean> {
  readonly kind = 'boolean' as const;
  constructor(opts: ParameterOptions<boolean>) {
    super(opts);
    this.value = opts.default;
  }
  fullRange(): boolean[] {
    return [true, false];
  }
  check(v: unknown): boolean {
    if (typeof v !== 'boolean') this.fail(v, 'true or false');
    return v;
  }
}

export type AnyParameter = BaseParameter<unknown>;

const PREFIX_SPACES: Array<[string, ParameterSpace]> = [
  ['buy_', 'buy'],
  ['sell_', 'sell'],
  ['enter_', 'buy'],
  ['exit_', 'sell'],
  ['protection_', 'protection'],
];

/**
 * The parameters declared on a strategy instance, by field name, with names set and spaces
 * inferred from name prefixes where not given. A parameter without a space is an error.
 */
export function collectParameters(strategy: object, strategyName: string): Map<string, AnyParameter> {
  const params = new Map<string, AnyParameter>();
  for (const [field, value] of Object.entries(strategy)) {
    if (!(value instanceof BaseParameter)) continue;
    const p = value as AnyParameter;
    p.name = field;
    if (!p.space) {
      const inferred = PREFIX_SPACES.find(([prefix]) => field.startsWith(prefix));
      if (!inferred) {
        throw new ParameterError(
          `strategy ${strategyName}: parameter ${field} has no space: pass { space: 'buy' | 'sell' | 'protection' } or name it buy_..., sell_...`,
        );
      }
      p.space = inferred[1];
    }
    params.set(field, p);
  }
  return params;
}
