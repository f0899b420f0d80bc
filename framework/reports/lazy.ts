/**
 * A property computed on first read, then stored as a plain data property in the same place
 * (so key order, JSON.stringify, spreading, zod validation and deep equality see an ordinary
 * value). The report uses it for the tables a run prints or exports only on request (the
 * periodic breakdowns, the daily profit list): the text report of a backtest without
 * --breakdown and without an export never pays for them. `compute` must only read data that
 * does not change afterwards.
 */
export function defineLazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  const settle = (value: T[K]): void => {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
  });
}
