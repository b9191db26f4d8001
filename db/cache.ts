import "server-only";

interface Entry {
  /** Fresh until then; after it, the value may still be served while a new one loads. */
  expires: number;
  /** Never served after this, however slow the reload. */
  staleUntil: number;
  value: Promise<unknown>;
  settled: boolean;
  refreshing: boolean;
}

const holder = globalThis as unknown as { switchyardReadCache?: Map<string, Entry> };

/** How many times its freshness a value may be served while its reload is under way. */
const STALE_FACTOR = 5;

/**
 * Shares an expensive read among every viewer for a few seconds: concurrent callers await the
 * same promise, and a failed read is forgotten at once so the next caller retries. Once expired,
 * a value keeps being served (for up to five times `ttlMs`) while one caller's reload runs in the
 * background, so no viewer waits for the recount; a failed reload drops the value, so the next
 * viewer waits and sees the error.
 */
export function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  holder.switchyardReadCache ??= new Map();
  const cache = holder.switchyardReadCache;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  if (hit?.settled && hit.staleUntil > now) {
    if (!hit.refreshing) {
      hit.refreshing = true;
      remember(cache, key, ttlMs, load, hit);
    }
    return hit.value as Promise<T>;
  }
  return remember(cache, key, ttlMs, load);
}

function remember<T>(
  cache: Map<string, Entry>,
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
  stale?: Entry,
): Promise<T> {
  const value = load();
  const entry: Entry = {
    expires: Date.now() + ttlMs,
    staleUntil: Date.now() + ttlMs * STALE_FACTOR,
    value,
    settled: false,
    refreshing: false,
  };
  if (!stale) cache.set(key, entry);
  value.then(
    () => {
      if (stale && cache.get(key) !== stale) return;
      entry.settled = true;
      entry.expires = Date.now() + ttlMs;
      entry.staleUntil = Date.now() + ttlMs * STALE_FACTOR;
      cache.set(key, entry);
    },
    () => {
      const current = cache.get(key);
      if (current === entry || current === stale) cache.delete(key);
    },
  );
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

/** The shared reads of one target that a change to its schema makes stale (and the job reads). */
export function readsOfTarget(targetId: string): string[] {
  return [
    ...["catalog", "table", "systems", "queues", "index-advice"].map(
      (kind) => `${kind}:${targetId}`,
    ),
    ...READS_AN_ACTION_CHANGES,
  ];
}
