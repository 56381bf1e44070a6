/**
 * Eviction: Redis 7.0's performEvictions (evict.c) over the memory model's figure. Before a
 * command runs while `maxmemory` is set (and in a timer event after CONFIG SET maxmemory), keys
 * are deleted by `maxmemory-policy` until the accounted memory is at or below the limit, nothing
 * is left to evict, or `maxmemory-eviction-tenacity`'s time budget is spent (then a timer event
 * goes on evicting, and commands are not refused meanwhile).
 *
 * - allkeys-lru / volatile-lru / allkeys-lfu / volatile-lfu / volatile-ttl: every database of
 *   every shard offers `maxmemory-samples` random keys (from all keys, or from those with a
 *   TTL) to a pool of the 16 best candidates kept across calls, ordered by idle time (LRU),
 *   255 - frequency (LFU) or the nearness of the expiry (TTL); the best candidate that still
 *   exists is evicted — Redis's evictionPoolPopulate, line for line.
 * - allkeys-random / volatile-random: a random key of the next non-empty database, the
 *   databases visited in turn (with shards, every shard's database in turn).
 * - noeviction: nothing is evicted; the caller refuses writes with -OOM.
 *
 * Every eviction goes through Database.evict: the key's `evicted` event logs a DEL (into the
 * open unit: the command's own, or the timer event's), notifies `evicted`, dirties WATCH and
 * counts evicted_keys. Samples draw from the injected randomness and time from the injected
 * clock, so a seed evicts the same keys; replay never evicts, it reads the DELs.
 */
import type { Clock } from '../io/clock.js';
import type { Random } from '../io/random.js';
import { randomIndex } from '../io/random.js';
import type { Database } from '../keyspace/database.js';
import type { ByteString } from '../resp/byte-string.js';

/** Redis's EVPOOL_SIZE. */
export const EVICTION_POOL_SIZE = 16;

export const MAXMEMORY_POLICIES = ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
  'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'] as const;
export type MaxmemoryPolicy = typeof MAXMEMORY_POLICIES[number];

/** EVICT_OK, EVICT_RUNNING, EVICT_FAIL. */
export type EvictionResult = 'ok' | 'running' | 'fail';

export function isLfuPolicy(policy: MaxmemoryPolicy): boolean {
  return policy === 'allkeys-lfu' || policy === 'volatile-lfu';
}

/** Redis's evictionTimeLimitUs: tenacity 0..10 is 0..500 µs, then 15% more per step, 100 is no limit. */
export function evictionTimeLimitUs(tenacity: number): number {
  if (tenacity <= 10) return 50 * tenacity;
  if (tenacity < 100) return Math.floor(500 * 1.15 ** (tenacity - 10));
  return Number.POSITIVE_INFINITY;
}

/**
 * The pool of the best candidates (evictionPoolEntry[EVPOOL_SIZE]): ascending by score, the best
 * on the right; an empty slot has no key. Kept across evictions, so keys sampled earlier still
 * compete; a pooled key that no longer exists is a ghost and is skipped.
 */
export class EvictionPool {
  readonly keys: (ByteString | null)[] = new Array(EVICTION_POOL_SIZE).fill(null);
  readonly scores: number[] = new Array(EVICTION_POOL_SIZE).fill(0);
  readonly shards: number[] = new Array(EVICTION_POOL_SIZE).fill(0);
  readonly databases: number[] = new Array(EVICTION_POOL_SIZE).fill(0);

  /** Offers one sampled key with its score (a higher score is a better candidate). */
  offer(key: ByteString, score: number, shard: number, database: number): void {
    const last = EVICTION_POOL_SIZE - 1;
    let k = 0;
    while (k < EVICTION_POOL_SIZE && this.keys[k] !== null && this.scores[k] < score) k++;
    if (k === 0 && this.keys[last] !== null) return; // worse than all, and no free slot
    if (k < EVICTION_POOL_SIZE && this.keys[k] === null) {
      // An empty slot: nothing to move.
    } else if (this.keys[last] === null) {
      // Free space on the right: shift k..end one to the right.
      for (let i = last; i > k; i--) this.copy(i - 1, i);
    } else {
      // No free space: drop the worst (left) element, shift left, insert at k-1.
      k--;
      for (let i = 0; i < k; i++) this.copy(i + 1, i);
    }
    this.keys[k] = key;
    this.scores[k] = score;
    this.shards[k] = shard;
    this.databases[k] = database;
  }

  /** Empties slot `k`. */
  take(k: number): void {
    this.keys[k] = null;
    this.scores[k] = 0;
  }

  private copy(from: number, to: number): void {
    this.keys[to] = this.keys[from];
    this.scores[to] = this.scores[from];
    this.shards[to] = this.shards[from];
    this.databases[to] = this.databases[from];
  }
}

/** What eviction reads of the engine. */
export interface EvictionHost {
  /** shards[s][d]. */
  readonly shards: readonly (readonly Database[])[];
  readonly random: Random;
  readonly clock: Clock;
  /** The memory model's figure maxmemory bounds (used_memory). */
  usedBytes(): number;
  /** An eviction timer event should run (startEvictionTimeProc); the evictor tells when it stops. */
  startTimeProc(): void;
}

/** The eviction settings, kept current by the engine from the config. */
export interface EvictionSettings {
  maxmemoryBytes: number;
  policy: MaxmemoryPolicy;
  samples: number;
  tenacity: number;
}

/** The key chosen for eviction, and its database. */
interface Candidate {
  readonly database: Database;
  readonly key: ByteString;
}

export class Evictor {
  readonly pool = new EvictionPool();
  /** A timer event goes on evicting (isEvictionProcRunning). */
  timeProcRunning = false;
  /** Monotonic ms since when memory has been over the limit (stat_last_eviction_exceeded_time), or -1. */
  private exceededSinceMs = -1;
  /** total_eviction_exceeded_time, in ms. */
  exceededTotalMs = 0;
  /** The random policies' next database (Redis's static next_db). */
  private nextDatabase = 0;

  constructor(private readonly host: EvictionHost, readonly settings: EvictionSettings) {}

  /** Bytes over the limit (getMaxmemoryState's mem_tofree), 0 when within it or without a limit. */
  bytesToFree(): number {
    const { maxmemoryBytes } = this.settings;
    if (maxmemoryBytes === 0) return 0;
    const used = this.host.usedBytes();
    return used > maxmemoryBytes ? used - maxmemoryBytes : 0;
  }

  /** current_eviction_exceeded_time, in ms. */
  currentExceededMs(): number {
    return this.exceededSinceMs < 0 ? 0 : this.host.clock.monotonic() - this.exceededSinceMs;
  }

  /** Redis's performEvictions: evicts until within maxmemory, out of candidates, or out of time. */
  perform(): EvictionResult {
    const toFree = this.bytesToFree();
    let result: EvictionResult;
    if (toFree === 0) result = 'ok';
    else if (this.settings.policy === 'noeviction') result = 'fail';
    else result = this.evict(toFree);
    this.updateExceeded(result);
    return result;
  }

  private evict(toFree: number): EvictionResult {
    const limitUs = evictionTimeLimitUs(this.settings.tenacity);
    const startedMs = this.host.clock.monotonic();
    let freed = 0;
    let evicted = 0;
    while (freed < toFree) {
      const best = this.settings.policy.endsWith('-random') ? this.randomCandidate() : this.poolCandidate();
      if (best === null) return 'fail';
      freed += best.database.evict(best.key);
      evicted++;
      if (evicted % 16 === 0 && (this.host.clock.monotonic() - startedMs) * 1000 > limitUs) {
        this.startTimeProc();
        break;
      }
    }
    return this.timeProcRunning ? 'running' : 'ok';
  }

  /** startEvictionTimeProc: a timer event evicts until done (CONFIG SET maxmemory, an eviction out of time). */
  startTimeProc(): void {
    if (this.timeProcRunning) return;
    this.timeProcRunning = true;
    this.host.startTimeProc();
  }

  /** The best existing key of the pool, after every database offered its samples; null when no key is evictable. */
  private poolCandidate(): Candidate | null {
    const allKeys = this.settings.policy.startsWith('allkeys-');
    const pool = this.pool;
    for (;;) {
      let total = 0;
      const databaseCount = this.host.shards[0].length;
      for (let index = 0; index < databaseCount; index++) {
        for (let shard = 0; shard < this.host.shards.length; shard++) {
          const database = this.host.shards[shard][index];
          const size = allKeys ? database.entries.size : database.expires.size;
          if (size === 0) continue;
          this.populate(database, shard, allKeys);
          total += size;
        }
      }
      if (total === 0) return null;
      for (let k = EVICTION_POOL_SIZE - 1; k >= 0; k--) {
        const key = pool.keys[k];
        if (key === null) continue;
        const database = this.host.shards[pool.shards[k]][pool.databases[k]];
        pool.take(k);
        const exists = allKeys ? database.entries.has(key) : database.expires.has(key);
        if (exists) return { database, key };
      }
    }
  }

  /** evictionPoolPopulate: `maxmemory-samples` random keys of one database into the pool. */
  private populate(database: Database, shard: number, allKeys: boolean): void {
    const { policy, samples } = this.settings;
    const { entries, expires } = database;
    const sampled = allKeys ? entries : expires;
    for (let i = 0; i < samples; i++) {
      const position = randomIndex(this.host.random, sampled.size);
      const key = sampled.keyAt(position);
      let score: number;
      if (policy === 'volatile-ttl') {
        // The sooner the expiry, the better.
        score = Number.MAX_SAFE_INTEGER - expires.valueAt(position);
      } else {
        const field = entries.accessAt(allKeys ? position : entries.positionOf(key));
        const access = database.keyAccess;
        score = isLfuPolicy(policy) ? 255 - access.frequency(field) : access.idleMs(field);
      }
      this.pool.offer(key, score, shard, database.index);
    }
  }

  /** A random key of the next database that has candidates, the databases taken in turn. */
  private randomCandidate(): Candidate | null {
    const allKeys = this.settings.policy === 'allkeys-random';
    const shards = this.host.shards;
    const databaseCount = shards[0].length * shards.length;
    for (let i = 0; i < databaseCount; i++) {
      this.nextDatabase = (this.nextDatabase + 1) % databaseCount;
      const database = shards[this.nextDatabase % shards.length][Math.floor(this.nextDatabase / shards.length)];
      const sampled = allKeys ? database.entries : database.expires;
      if (sampled.size === 0) continue;
      const key = sampled.keyAt(randomIndex(this.host.random, sampled.size));
      return { database, key };
    }
    return null;
  }

  private updateExceeded(result: EvictionResult): void {
    if (result !== 'ok') {
      if (this.exceededSinceMs < 0) this.exceededSinceMs = this.host.clock.monotonic();
    } else if (this.exceededSinceMs >= 0) {
      this.exceededTotalMs += this.host.clock.monotonic() - this.exceededSinceMs;
      this.exceededSinceMs = -1;
    }
  }
}
