/**
 * Results (leaderboards, rendered pages) cached per store version: an entry is valid until the store changes.
 * Concurrent requests for the same key share one computation (200 clients opening the dashboard at once render it
 * once), and the cache holds at most `capacity` entries, the least recently used dropped first, so that clients
 * asking for many distinct parameter combinations cannot grow the server's memory without bound.
 */
export class VersionCache<T> {
  private readonly entries = new Map<string, { version: string; value: Promise<T> }>();

  constructor(private readonly capacity = 256) {}

  /** The cached value of `key` at `version`, computing (once, shared) when absent or stale. A failure is not kept. */
  get(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
