/**
 * WatchRegistry: which clients WATCH which keys. When a watched key changes (any write, expiry,
 * FLUSHDB, SWAPDB), every client watching it is marked dirty and its next EXEC aborts, exactly
 * Redis's optimistic locking.
 */
import type { ByteString } from '../resp/byte-string.js';

export interface Watcher {
  /** Set when a watched key changed: EXEC must abort. */
  watchDirty: boolean;
  /** The (database, key) pairs this client watches. */
  readonly watched: Array<{ database: number; key: ByteString }>;
}

export class WatchRegistry {
  private readonly byDatabase = new Map<number, Map<ByteString, Set<Watcher>>>();

  watch(watcher: Watcher, database: number, key: ByteString): void {
    let keys = this.byDatabase.get(database);
    if (!keys) this.byDatabase.set(database, (keys = new Map()));
    let watchers = keys.get(key);
    if (!watchers) keys.set(key, (watchers = new Set()));
    if (watchers.has(watcher)) return;
    watchers.add(watcher);
    watcher.watched.push({ database, key });
  }

  unwatchAll(watcher: Watcher): void {
    for (const { database, key } of watcher.watched) {
      const keys = this.byDatabase.get(database);
      const watchers = keys?.get(key);
      if (!keys || !watchers) continue;
      watchers.delete(watcher);
      if (watchers.size === 0) keys.delete(key);
      if (keys.size === 0) this.byDatabase.delete(database);
    }
    watcher.watched.length = 0;
    watcher.watchDirty = false;
  }

  /** A key changed. Cheap when nobody watches anything (the common case). */
  touchKey(database: number, key: ByteString): void {
    if (this.byDatabase.size === 0) return;
    const watchers = this.byDatabase.get(database)?.get(key);
    if (watchers) for (const watcher of watchers) watcher.watchDirty = true;
  }

  /**
   * A whole database was replaced (FLUSHDB, FLUSHALL, SWAPDB): as Redis's
   * touchAllWatchedKeysInDb, only watched keys that existed on either side count as changed.
   */
  touchDatabase(database: number, existed: (key: ByteString) => boolean): void {
    const keys = this.byDatabase.get(database);
    if (!keys) return;
    for (const [key, watchers] of keys) {
      if (!existed(key)) continue;
      for (const watcher of watchers) watcher.watchDirty = true;
    }
  }
}
