/**
 * UncommittedKeys: under `appendfsync always`, which keys hold a value that a crash could still
 * take back, and from which LSN on they are safe. A read of such a key is answered only when
 * committedLsn reaches that LSN (no phantom reads); a read of any other key is answered at once.
 *
 * Writes are noted as they happen and stamped with their unit's LSN when it closes; when
 * committedLsn advances, the entries it covers are dropped, so the map only ever holds the keys
 * of the batches in flight.
 */
import type { ByteString } from '../resp/byte-string.js';

interface StampedUnit {
  readonly lsn: number;
  readonly keys: ReadonlyArray<readonly [number, ByteString]>;
  readonly flushed: readonly number[];
}

export class UncommittedKeys {
  /** keys[db]: key → LSN of its last uncommitted write. */
  private readonly keys: Map<ByteString, number>[];
  /** A FLUSHDB/FLUSHALL/SWAPDB not yet committed makes every key of the database wait. */
  private readonly databaseLsn: number[];
  private noted: Array<readonly [number, ByteString]> = [];
  private notedFlushes: number[] = [];
  private readonly units: StampedUnit[] = [];
  private head = 0;

  /**
   * `pendingLsn`: writes up to it were logged before the gate turned on (CONFIG SET appendfsync
   * always after `no` or `everysec`) and may be uncommitted; their keys are not known, so every
   * read waits for it, as after a FLUSHALL.
   */
  constructor(databaseCount: number, pendingLsn = 0) {
    this.keys = Array.from({ length: databaseCount }, () => new Map());
    this.databaseLsn = new Array<number>(databaseCount).fill(pendingLsn);
    if (pendingLsn > 0) this.units.push({ lsn: pendingLsn, keys: [], flushed: this.databaseLsn.map((_, database) => database) });
  }

  noteWrite(database: number, key: ByteString): void {
    this.noted.push([database, key]);
  }

  noteFlush(database: number): void {
    this.notedFlushes.push(database);
  }

  /** The open unit closed under `lsn` (0: it logged nothing, forget the notes). */
  stamp(lsn: number): void {
    if (lsn > 0 && (this.noted.length > 0 || this.notedFlushes.length > 0)) {
      for (const [database, key] of this.noted) this.keys[database].set(key, lsn);
      for (const database of this.notedFlushes) this.databaseLsn[database] = lsn;
      this.units.push({ lsn, keys: this.noted, flushed: this.notedFlushes });
      this.noted = [];
      this.notedFlushes = [];
    } else {
      this.noted.length = 0;
      this.notedFlushes.length = 0;
    }
  }

  /** The LSN a read of `key` must wait for (0: none). */
  lsnOf(database: number, key: ByteString): number {
    return Math.max(this.keys[database].get(key) ?? 0, this.databaseLsn[database]);
  }

  /** The LSN a read of the whole database must wait for. */
  lsnOfDatabase(database: number): number {
    let lsn = this.databaseLsn[database];
    for (let i = this.head; i < this.units.length; i++) {
      if (this.units[i].keys.some(([db]) => db === database)) lsn = Math.max(lsn, this.units[i].lsn);
    }
    return lsn;
  }

  /** committedLsn reached `lsn`: forget what it covers. */
  committed(lsn: number): void {
    while (this.head < this.units.length && this.units[this.head].lsn <= lsn) {
      const unit = this.units[this.head++];
      for (const [database, key] of unit.keys) {
        const stamped = this.keys[database].get(key);
        if (stamped !== undefined && stamped <= lsn) this.keys[database].delete(key);
      }
      for (const database of unit.flushed) if (this.databaseLsn[database] <= lsn) this.databaseLsn[database] = 0;
    }
    if (this.head > 1024 && this.head * 2 > this.units.length) {
      this.units.splice(0, this.head);
      this.head = 0;
    }
  }
}
