import "server-only";

/**
 * A small in-memory cache for upstream results: each key's value is kept for a short TTL, a
 * failure for a shorter one (so a down venue is not hammered by every open tab, yet recovery
 * is noticed quickly), and concurrent requests for the same key share one upstream call.
 */
export interface CacheEntry<T> {
  value: T;
  /** when the value was produced (ms, cache clock) */
  storedAt: number;
}

export interface TtlCacheOptions {
  ttlMs: number;
  errorTtlMs: number;
  now?: () => number;
  /** most keys kept (oldest evicted first) */
  maxEntries?: number;
}

type Slot<T> = { kind: "value"; entry: CacheEntry<T>; until: number } | { kind: "error"; error: unknown; until: number };

/**
 * TTL cache with in-flight coalescing.
 *
 * @example
 * ```ts
 * const cache = new TtlCache<number>({ ttlMs: 10_000, errorTtlMs: 2_000 });
 * const { entry, hit } = await cache.get("snapshot:auto", () => fetchUpstream());
 * ```
 */
export class TtlCache<T> {
  private readonly slots = new Map<string, Slot<T>>();
  private readonly inflight = new Map<string, Promise<CacheEntry<T>>>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(private readonly opts: TtlCacheOptions) {
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 64;
  }

  /**
   * The cached value of `key` if still fresh (`hit: true`), else the result of `load()` —
   * started once however many callers ask at the same time. A cached failure is re-thrown
   * until its shorter TTL ends.
   */
  async get(key: string, load: () => Promise<T>): Promise<{ entry: CacheEntry<T>; hit: boolean }> {
    const t = this.now();
    const slot = this.slots.get(key);
    if (slot && slot.until > t) {
      if (slot.kind === "error") throw slot.error;
      return { entry: slot.entry, hit: true };
    }
    const running = this.inflight.get(key);
    if (running) return { entry: await running, hit: true };
    const p = (async () => {
      try {
        const value = await load();
        const entry = { value, storedAt: this.now() };
        this.put(key, { kind: "value", entry, until: entry.storedAt + this.opts.ttlMs });
        return entry;
      } catch (error) {
        this.put(key, { kind: "error", error, until: this.now() + this.opts.errorTtlMs });
        throw error;
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, p);
    return { entry: await p, hit: false };
  }

  /** Forgets every cached value and failure (in-flight loads finish normally). */
  clear(): void {
    this.slots.clear();
  }

  private put(key: string, slot: Slot<T>): void {
    this.slots.delete(key);
    this.slots.set(key, slot);
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next().value;
      if (oldest === undefined) break;
      this.slots.delete(oldest);
    }
  }
}
