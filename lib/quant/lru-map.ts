/**
 * A map of at most `capacity` entries that forgets the least recently used one first: a read (`get`,
 * `getOrMake`) or a write makes an entry the most recent. The engine's caches of per-underlying
 * results (moved markets, PM books, Derive markets, per-position scans, content ids) all use it.
 * Values are never `undefined` (a stored `undefined` would read as a miss).
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, now the most recent; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Stores `value` as the most recent entry, dropping the least recent one beyond the capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** The value of `key`, made by `make()` and stored on a miss. */
  getOrMake(key: K, make: () => V): V {
    const known = this.get(key);
    if (known !== undefined) return known;
    const value = make();
    this.set(key, value);
    return value;
  }
}
