/**
 * Database: one numbered keyspace (0..databases-1) of one shard. Holds the keys, their values
 * and their absolute expiry times, and applies lazy expiry on every lookup using the command
 * time the engine fixed for the running command (a key never expires halfway through one).
 *
 * Every change is announced through KeyspaceEvents: `added` (a new key), `modified` (WATCH,
 * dirty counter), `ready` (a list got elements: wake blocked clients), `expired` and `evicted`.
 * Handlers that change a collection in place call `touch(key)` themselves, which also accounts
 * the value's bytes anew (keyspace-map.ts).
 *
 * Lookups update the key's access field (LRU clock or LFU counter) as Redis's lookupKey does;
 * `peek` and lookupRead's `noTouch` are its LOOKUP_NOTOUCH (OBJECT, TYPE, TTL, EXISTS).
 */
import type { Random } from '../io/random.js';
import type { ByteString } from '../resp/byte-string.js';
import type { Value } from './values.js';
import { copyValue } from './copy-value.js';
import type { KeyAccess } from './key-access.js';
import { ExpiryMap, KeyspaceMap, type KeyspaceMeter } from './keyspace-map.js';

export interface KeyspaceEvents {
  /** A key's value or expiry changed, or the key was deleted. */
  modified(database: number, key: ByteString): void;
  /** A key that did not exist was stored (Redis's dbAdd; announced before `modified`). */
  added(database: number, key: ByteString): void;
  /** A list key received elements; blocked clients may now be served. */
  ready(database: number, key: ByteString): void;
  /** A key was deleted because its time to live ran out. */
  expired(database: number, key: ByteString): void;
  /** A key was deleted to free memory (maxmemory). */
  evicted(database: number, key: ByteString): void;
  /**
   * False while expired keys must stay: the AOF failed, so their deletion could never be logged
   * and a crash would bring them back. They then read as missing but are not deleted (as on a
   * Redis replica, or while CLIENT PAUSE WRITE pauses expiry).
   */
  mayDeleteExpired(): boolean;
  /** True while expired keys count as live (a replica running its primary's stream: the primary decides when a key expires). */
  expiredLive(): boolean;
  /**
   * Every key of the database was replaced at once (FLUSHDB, FLUSHALL, SWAPDB): `before` is what
   * it held, `after` what it holds now (SWAPDB: the other database's keys; null when emptied), so
   * that only watchers of keys present on either side are touched, as Redis's
   * touchAllWatchedKeysInDb decides.
   */
  flushed(database: number, before: KeyPresence, after: KeyPresence | null): void;
  /** A read looked `key` up (keyspace_hits / keyspace_misses, the keymiss notification). */
  lookup(database: number, key: ByteString, hit: boolean): void;
  /** A handler reports the exact effect of its change to `key` (commands whose spec logs as `reported`). */
  effect?(database: number, key: ByteString, args: readonly ByteString[]): void;
}

/** Which keys a set of maps held, and which of those had a time to live already past (Redis's keyIsExpired). */
export interface KeyPresence {
  has(key: ByteString): boolean;
  expired(key: ByteString): boolean;
}

/** The time source a database expires keys against: the running command's time, in ms. */
export type CommandTime = () => number;

/**
 * Copy-on-write for AOF rewrite snapshots. While `activeEpoch` is not 0, a collection marked
 * with it belongs to a snapshot being written: lookupWrite replaces it with a copy first.
 */
export interface SnapshotGuard {
  activeEpoch: number;
}

/** What every database of an engine shares: the byte total it adds to and the access clocks' settings. */
export interface KeyspaceShared {
  readonly meter: KeyspaceMeter;
  readonly access: KeyAccess;
}

export class Database {
  /** Key → value, with each key's accounted bytes and access field. Replaced (not cleared) by flush and swapWith. */
  entries: KeyspaceMap;
  /** Key → absolute expiry time in ms, for keys that have one. */
  expires: ExpiryMap;
  /**
   * The key and position of the last lookup that counted as an access: a handler looks a key up,
   * changes it (in place, then touch; or by set) and the change then finds its position without
   * a second hash lookup (checked against the map, since a deletion in between may have moved
   * it), and does not count a second access (one per command, as Redis's lookupKey and setKey).
   */
  private lastKey: ByteString | null = null;
  private lastPosition = -1;

  constructor(
    readonly index: number,
    private readonly events: KeyspaceEvents,
    private readonly commandTime: CommandTime,
    private readonly snapshots: SnapshotGuard,
    private readonly shared: KeyspaceShared,
  ) {
    this.entries = new KeyspaceMap(shared.meter, shared.access);
    this.expires = new ExpiryMap(shared.meter);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The access fields' clock and settings, shared by every database of the engine. */
  get keyAccess(): KeyAccess {
    return this.shared.access;
  }

  /** The bytes the memory model accounts this database at: its keys, values and expiries. */
  get bytes(): number {
    return this.entries.bytes + this.expires.bytes;
  }

  /**
   * Looks a key up for reading: expires it if due, counts a hit or a miss and, unless `noTouch`
   * (Redis's LOOKUP_NOTOUCH: EXISTS, TYPE, TTL), updates its access field.
   */
  lookupRead(key: ByteString, noTouch = false): Value | undefined {
    const value = this.lookup(key, !noTouch);
    this.events.lookup(this.index, key, value !== undefined);
    return value;
  }

  /** Looks a key up for writing: expires it if due, updates its access field, no statistics. */
  lookupWrite(key: ByteString): Value | undefined {
    return this.lookup(key, true);
  }

  /** Looks a key up without statistics or changing its access field (OBJECT's lookup); expires it if due. */
  peek(key: ByteString): Value | undefined {
    return this.lookup(key, false);
  }

  /** The key's access field (key-access.ts), or undefined when it does not exist; expires it if due. */
  accessField(key: ByteString): number | undefined {
    if (this.lookup(key, false) === undefined) return undefined;
    return this.entries.accessAt(this.entries.positionOf(key));
  }

  /** Sets an existing key's access field (RESTORE … IDLETIME | FREQ). */
  setAccessField(key: ByteString, field: number): void {
    const position = this.entries.positionOf(key);
    if (position >= 0) this.entries.setAccessAt(position, field);
  }

  private lookup(key: ByteString, touch: boolean): Value | undefined {
    const position = this.entries.positionOf(key);
    if (position < 0) return undefined;
    const value = this.entries.valueAt(position);
    if (this.expireIfDue(key)) return undefined;
    if (touch) {
      this.lastKey = key;
      this.lastPosition = position;
      this.entries.accessed(position);
    }
    if (this.snapshots.activeEpoch !== 0 && typeof value !== 'string' && value.snapshotEpoch === this.snapshots.activeEpoch) {
      const copy = copyValue(value) as Exclude<Value, string>;
      copy.snapshotEpoch = 0;
      this.entries.setValueAt(position, copy);
      return copy;
    }
    return value;
  }

  /**
   * True when the key exists (after lazy expiry); does not count as a hit nor change the key's
   * access field (KEYS and SCAN visit every key without making it recent, as in Redis).
   */
  exists(key: ByteString): boolean {
    return this.lookup(key, false) !== undefined;
  }

  /**
   * Stores `value` under `key`, replacing any previous value. The expiry is cleared unless
   * `keepTtl` is set (SET … KEEPTTL, SETRANGE, APPEND and in-place updates keep it).
   */
  set(key: ByteString, value: Value, keepTtl = false): void {
    const entries = this.entries;
    // A read-modify-write (INCR, APPEND) looked the key up just before: no second hash lookup.
    if (key === this.lastKey && entries.keyAt(this.lastPosition) === key) entries.replaceAt(this.lastPosition, value, true);
    else if (entries.set(key, value)) this.events.added(this.index, key);
    if (!keepTtl) this.expires.delete(key);
    this.events.modified(this.index, key);
    // A collection arriving under a key (push, RENAME, MOVE, COPY …) may serve blocked pops.
    if (typeof value !== 'string') this.events.ready(this.index, key);
  }

  /** Deletes a key; returns true when it existed (and was not already expired). */
  delete(key: ByteString): boolean {
    if (this.lookupWrite(key) === undefined) return false;
    this.entries.delete(key);
    this.expires.delete(key);
    this.events.modified(this.index, key);
    return true;
  }

  /** Announces an in-place change of the value under `key`, and accounts its bytes anew. */
  touch(key: ByteString): void {
    const entries = this.entries;
    const position = key === this.lastKey && entries.keyAt(this.lastPosition) === key ? this.lastPosition : entries.positionOf(key);
    if (position >= 0) entries.refreshAt(position);
    this.events.modified(this.index, key);
  }

  /**
   * Deletes `key` to free memory (maxmemory): no expiry check (eviction picks live keys), the
   * `evicted` event (logged as DEL, notified, counted) instead of `modified`. Returns the bytes
   * freed, as the memory model accounted them.
   */
  evict(key: ByteString): number {
    const position = this.entries.positionOf(key);
    if (position < 0) return 0;
    const before = this.bytes;
    this.entries.delete(key);
    this.expires.delete(key);
    this.events.evicted(this.index, key);
    return before - this.bytes;
  }

  /** Reports the exact command that reproduces this command's change to `key` (see LogRule `reported`). */
  logEffect(key: ByteString, args: readonly ByteString[]): void {
    this.events.effect?.(this.index, key, args);
  }

  /** Announces that the list under `key` received elements. */
  signalReady(key: ByteString): void {
    this.events.ready(this.index, key);
  }

  /** Absolute expiry time in ms, or undefined when the key has none (or does not exist). */
  getExpire(key: ByteString): number | undefined {
    return this.expires.get(key);
  }

  /** Sets an absolute expiry time in ms on an existing key. */
  setExpire(key: ByteString, atMs: number): void {
    if (!this.entries.has(key)) throw new Error('setExpire on a missing key');
    this.expires.set(key, atMs);
    this.events.modified(this.index, key);
  }

  /** Removes the expiry of a key; returns true when it had one. */
  persist(key: ByteString): boolean {
    if (!this.expires.delete(key)) return false;
    this.events.modified(this.index, key);
    return true;
  }

  /** Deletes every key; returns how many there were. */
  flush(): number {
    const before = this.presence();
    const count = this.entries.size;
    this.entries.detach();
    this.expires.detach();
    this.entries = new KeyspaceMap(this.shared.meter, this.shared.access);
    this.expires = new ExpiryMap(this.shared.meter);
    this.events.flushed(this.index, before, null);
    return count;
  }

  /** SWAPDB: exchanges all keys and expiries with `other` (same shard, other number). */
  swapWith(other: Database): void {
    const [mine, theirs] = [this.presence(), other.presence()];
    [this.entries, other.entries] = [other.entries, this.entries];
    [this.expires, other.expires] = [other.expires, this.expires];
    this.events.flushed(this.index, mine, theirs);
    this.events.flushed(other.index, theirs, mine);
  }

  /** The keys held now, and which of them are past their time to live, as maps that later changes replace rather than alter. */
  private presence(): KeyPresence {
    const { entries, expires } = this;
    return {
      has: (key) => entries.has(key),
      expired: (key) => {
        const atMs = expires.get(key);
        return atMs !== undefined && atMs <= this.commandTime();
      },
    };
  }

  /** Redis's keyIsExpired: the key is still stored but its time to live has passed. */
  isStale(key: ByteString): boolean {
    const atMs = this.expires.get(key);
    return atMs !== undefined && atMs <= this.commandTime() && this.entries.has(key);
  }

  /** A random live key, or undefined when the database is empty. */
  randomKey(random: Random): ByteString | undefined {
    for (let attempt = 0; attempt < 100 && this.entries.size > 0; attempt++) {
      const key = this.entries.keyAt(this.entries.randomPosition(random));
      if (!this.expireIfDue(key)) return key;
    }
    return this.entries.size > 0 ? this.entries.keyAt(this.entries.randomPosition(random)) : undefined;
  }

  /**
   * Active expiry: samples up to `samples` keys that carry a TTL and deletes the expired ones.
   * Returns how many expired, so the caller can repeat while the ratio is high (as Redis does).
   */
  expireSample(random: Random, samples: number): number {
    let expired = 0;
    for (let i = 0; i < samples && this.expires.size > 0; i++) {
      const key = this.expires.keyAt(this.expires.randomPosition(random));
      if (this.expireIfDue(key)) expired++;
    }
    return expired;
  }

  /** True when `key`'s expiry time has passed; deletes it then, unless mayDeleteExpired says no. */
  private expireIfDue(key: ByteString): boolean {
    const atMs = this.expires.get(key);
    if (atMs === undefined || atMs > this.commandTime() || this.events.expiredLive()) return false;
    if (!this.events.mayDeleteExpired()) return true;
    this.entries.delete(key);
    this.expires.delete(key);
    this.events.expired(this.index, key);
    this.events.modified(this.index, key);
    return true;
  }
}
