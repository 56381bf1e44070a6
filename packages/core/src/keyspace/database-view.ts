/**
 * DatabaseView: database number N as a command sees it, spanning every shard. Single-key
 * operations route to the owning shard's Database through the slot table; whole-database
 * operations (size, scan, random key, flush) visit every shard. Commands run one at a time, so a
 * command that touches keys on several shards is atomic in memory.
 */
import type { Random } from '../io/random.js';
import { randomIndex } from '../io/random.js';
import type { ByteString } from '../resp/byte-string.js';
import type { SlotTable } from '../routing/slot-table.js';
import type { Database } from './database.js';
import type { Value } from './values.js';

export class DatabaseView {
  constructor(
    readonly index: number,
    /** The Database numbered `index` of each shard, in shard order. */
    readonly shards: readonly Database[],
    private readonly slots: SlotTable,
  ) {}

  /** The shard-local database that owns `key`. */
  of(key: ByteString): Database {
    return this.shards.length === 1 ? this.shards[0] : this.shards[this.slots.shardOfKey(key)];
  }

  lookupRead(key: ByteString, noTouch = false): Value | undefined {
    return this.of(key).lookupRead(key, noTouch);
  }

  /** A lookup that neither counts nor changes the key's access field (OBJECT). */
  peek(key: ByteString): Value | undefined {
    return this.of(key).peek(key);
  }

  lookupWrite(key: ByteString): Value | undefined {
    return this.of(key).lookupWrite(key);
  }

  exists(key: ByteString): boolean {
    return this.of(key).exists(key);
  }

  set(key: ByteString, value: Value, keepTtl = false): void {
    this.of(key).set(key, value, keepTtl);
  }

  delete(key: ByteString): boolean {
    return this.of(key).delete(key);
  }

  touch(key: ByteString): void {
    this.of(key).touch(key);
  }

  logEffect(key: ByteString, args: readonly ByteString[]): void {
    this.of(key).logEffect(key, args);
  }

  signalReady(key: ByteString): void {
    this.of(key).signalReady(key);
  }

  getExpire(key: ByteString): number | undefined {
    return this.of(key).getExpire(key);
  }

  setExpire(key: ByteString, atMs: number): void {
    this.of(key).setExpire(key, atMs);
  }

  persist(key: ByteString): boolean {
    return this.of(key).persist(key);
  }

  get size(): number {
    let total = 0;
    for (const shard of this.shards) total += shard.size;
    return total;
  }

  get expiresSize(): number {
    let total = 0;
    for (const shard of this.shards) total += shard.expires.size;
    return total;
  }

  flush(): number {
    let removed = 0;
    for (const shard of this.shards) removed += shard.flush();
    return removed;
  }

  /** A random live key across shards, weighted by shard size. */
  randomKey(random: Random): ByteString | undefined {
    const total = this.size;
    if (total === 0) return undefined;
    let pick = randomIndex(random, total);
    for (const shard of this.shards) {
      if (pick < shard.size) return shard.randomKey(random);
      pick -= shard.size;
    }
    return undefined;
  }

  /**
   * One SCAN step across shards. The cursor packs the shard being scanned and that shard's own
   * DenseMap cursor: `cursor = shardCursor * shardCount + shard`. Visits up to `count` entries
   * and returns the next cursor (0 when every shard is done). Expired keys are skipped.
   */
  scan(cursor: number, count: number, visit: (key: ByteString, value: Value) => void): number {
    const shardCount = this.shards.length;
    let shard = cursor % shardCount;
    let shardCursor = Math.floor(cursor / shardCount);
    let budget = count;
    while (shard < shardCount) {
      const database = this.shards[shard];
      const before = shardCursor === 0 || shardCursor > database.size ? database.size : shardCursor;
      shardCursor = database.entries.scan(shardCursor, budget, (key, value) => {
        if (database.exists(key)) visit(key, value);
      });
      budget -= before - shardCursor;
      if (shardCursor !== 0) return shardCursor * shardCount + shard;
      shard++;
      if (budget <= 0) return shard < shardCount ? shard : 0;
    }
    return 0;
  }
}
