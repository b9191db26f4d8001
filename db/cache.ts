import "server-only";

interface Entry {
  expires: number;
  value: Promise<unknown>;
}

const holder = globalThis as unknown as { switchyardReadCache?: Map<string, Entry> };

/**
 * Shares an expensive read among every viewer for a few seconds: concurrent callers await the
 * same promise, and a failed read is forgotten at once so the next caller retries.
 */
export function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  holder.switchyardReadCache ??= new Map();
  const cache = holder.switchyardReadCache;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;

  const value = load();
  cache.set(key, { expires: now + ttlMs, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}

/**
 * Drops shared reads the caller just made stale (after an action), so the next page shows it:
 * each key, and every key under it (`queue-counts` drops `queue-counts:billing:generic:webhooks`).
 */
export function forgetCached(...keys: string[]): void {
  const cache = holder.switchyardReadCache;
  if (!cache) return;
  for (const cachedKey of cache.keys()) {
    if (keys.some((key) => cachedKey === key || cachedKey.startsWith(`${key}:`))) {
      cache.delete(cachedKey);
    }
  }
}

/** The shared reads a change to jobs makes stale: the overview's and queue pages' counts, the stuck list. */
export const READS_AN_ACTION_CHANGES = ["queue-health", "queue-counts", "stuck"];
