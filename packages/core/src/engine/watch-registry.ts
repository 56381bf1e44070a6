/**
 * WatchRegistry: which clients WATCH which keys. When a watched key changes (any write, expiry,
 * FLUSHDB, SWAPDB), every client watching it is marked dirty and its next EXEC aborts, exactly
 * Redis's optimistic locking.
 *
 * A key that was already expired (past its TTL but still stored) when WATCH ran is watched as
 * stale, as Redis 7.0 does: its deletion — lazy expiry, FLUSHDB, a SWAPDB that brings no live key
 * in its place — is no change and only clears the mark, and EXEC does not count it as expired
 * since WATCH.
 */
import type { KeyPresence } from '../keyspace/database.js';
import type { ByteString } from '../resp/byte-string.js';

/** One key a client watches. */
export interface WatchedKey {
  readonly database: number;
  readonly key: ByteString;
  /** Stale when watched, and not deleted since (Redis's watchedKey.expired). */
  expired: boolean;
}

export interface Watcher {
  /** Set when a watched key changed: EXEC must abort. */
  watchDirty: boolean;
  /** The keys this client watches. */
  readonly watched: WatchedKey[];
}

export class WatchRegistry {
  private readonly byDatabase = new Map<number, Map<ByteString, Map<Watcher, WatchedKey>>>();

  /** True while some client watches some key: touches cost nothing otherwise. */
  get active(): boolean {
    return this.byDatabase.size > 0;
  }

  /** WATCH `key` in `database`; `expired`: it is stored but past its TTL now. */
  watch(watcher: Watcher, database: number, key: ByteString, expired: boolean): void {
    let keys = this.byDatabase.get(database);
    if (!keys) this.byDatabase.set(database, (keys = new Map()));
    let watchers = keys.get(key);
    if (!watchers) keys.set(key, (watchers = new Map()));
    if (watchers.has(watcher)) return;
    const entry: WatchedKey = { database, key, expired };
    watchers.set(watcher, entry);
    watcher.watched.push(entry);
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

  /**
   * A key changed; `stored`: it is still in the database afterwards. The deletion of a key
   * watched stale is no change and only clears the mark (Redis's touchWatchedKey); a value
   * stored over it is a change.
   */
  touchKey(database: number, key: ByteString, stored: boolean): void {
    if (this.byDatabase.size === 0) return;
    const watchers = this.byDatabase.get(database)?.get(key);
    if (!watchers) return;
    for (const [watcher, entry] of watchers) {
      if (entry.expired) {
        entry.expired = false;
        if (!stored) continue;
      }
      watcher.watchDirty = true;
    }
  }

  /**
   * A whole database was replaced (FLUSHDB, FLUSHALL, SWAPDB), as Redis's touchAllWatchedKeysInDb:
   * only watched keys present before or after count; a stale one that is gone, or replaced by
   * another stale one, is no change; a missing one replaced by a stale one becomes stale.
   */
  touchDatabase(database: number, before: KeyPresence, after: KeyPresence | null): void {
    const keys = this.byDatabase.get(database);
    if (!keys) return;
    for (const [key, watchers] of keys) {
      const existedBefore = before.has(key);
      const existsAfter = after !== null && after.has(key);
      if (!existedBefore && !existsAfter) continue;
      for (const [watcher, entry] of watchers) {
        if (entry.expired) {
          if (!existsAfter) {
            entry.expired = false;
            continue;
          }
          if (after.expired(key)) continue;
        } else if (!existedBefore && after !== null && after.expired(key)) {
          entry.expired = true;
          continue;
        }
        watcher.watchDirty = true;
      }
    }
  }
}
