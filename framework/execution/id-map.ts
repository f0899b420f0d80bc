/**
 * A Map by client order id for entries that come and go all the time (an order is added when
 * it is placed and deleted when it closes). V8 shrinks a Map's table as soon as it is less
 * than a quarter full and grows it again on the next inserts: with a handful of live orders
 * that is a new table every few orders (an allocation and a rehash per delete, measured at
 * ~5% of a backtest). A few permanent placeholder entries under symbol keys keep the table
 * from shrinking; they are never visible: get/has by a string id cannot reach them, size and
 * iteration leave them out, and iteration order is the insertion order of the real entries.
 */

const PLACEHOLDERS = 32;

export class IdMap<V> {
  private readonly map = new Map<string | symbol, V>();

  constructor() {
    this.fill();
  }

  get size(): number {
    return this.map.size - PLACEHOLDERS;
  }

  get(id: string): V | undefined {
    return this.map.get(id);
  }

  has(id: string): boolean {
    return this.map.has(id);
  }

  set(id: string, value: V): this {
    this.map.set(id, value);
    return this;
  }

  delete(id: string): boolean {
    return this.map.delete(id);
  }

  clear(): void {
    this.map.clear();
    this.fill();
  }

  /** The values in insertion order (the placeholders come first: skipped). */
  *values(): IterableIterator<V> {
    let skip = PLACEHOLDERS;
    for (const v of this.map.values()) {
      if (skip > 0) {
        skip--;
        continue;
      }
      yield v;
    }
  }

  *keys(): IterableIterator<string> {
    for (const k of this.map.keys()) if (typeof k === 'string') yield k;
  }

  private fill(): void {
    for (let i = 0; i < PLACEHOLDERS; i++) this.map.set(Symbol('placeholder'), undefined as V);
  }
}
