/**
 * KeyspaceMap: a database's key → value map (a DenseMap, wrapped) that also keeps, per key, the
 * bytes the memory model accounts it at and its access field (LRU clock or LFU counter,
 * key-access.ts), in two typed arrays indexed by the key's position and moved with it on
 * swap-remove: 12 bytes a key, no object per key. ExpiryMap is a database's key → expiry time map,
 * counted the same way. Both offer the DenseMap methods the keyspace's readers use.
 *
 * Guarantees: `bytes` is always the sum of the accounted bytes of the keys present, and every
 * change to it is added to the engine's KeyspaceMeter at once, so the engine's total is O(1) to
 * read and each change costs O(1). A key's accounted bytes are those of its value when it was
 * stored or last refreshed (Database.touch, after an in-place change); the keyspace property
 * test checks that after any history they equal a recomputation from scratch.
 *
 * Only a collection's bytes are kept in `costs`: a string cannot change in place, so a key holding
 * one is accounted from the two lengths at any time, and replacing a string by a string (SET,
 * INCR, MSET over existing keys) adds the difference of the values' bytes without touching the
 * key's slot in `costs` (with many keys, a cache miss per write).
 */
import type { Random } from '../io/random.js';
import type { ByteString } from '../resp/byte-string.js';
import { DenseMap } from './dense-map.js';
import type { KeyAccess } from './key-access.js';
import { EXPIRE_ENTRY_BYTES, keyHeapBytes, stringBytes } from './memory-model.js';
import type { Value } from './values.js';

/** The engine's running total of accounted keyspace bytes, over every shard and database. */
export interface KeyspaceMeter {
  bytes: number;
}

const INITIAL_CAPACITY = 16;

export class KeyspaceMap {
  private readonly map = new DenseMap<ByteString, Value>();
  /** The accounted bytes of each key holding a collection (a string's slot is left as it was). */
  private costs = new Float64Array(INITIAL_CAPACITY);
  private fields = new Uint32Array(INITIAL_CAPACITY);
  private total = 0;

  constructor(private readonly meter: KeyspaceMeter, private readonly access: KeyAccess) {}

  get size(): number {
    return this.map.size;
  }

  /** The accounted bytes of every key in this map. */
  get bytes(): number {
    return this.total;
  }

  get(key: ByteString): Value | undefined {
    return this.map.get(key);
  }

  has(key: ByteString): boolean {
    return this.map.has(key);
  }

  positionOf(key: ByteString): number {
    return this.map.positionOf(key);
  }

  keyAt(position: number): ByteString {
    return this.map.keyAt(position);
  }

  valueAt(position: number): Value {
    return this.map.valueAt(position);
  }

  randomPosition(random: Random): number {
    return this.map.randomPosition(random);
  }

  copyArrays(): { keys: ByteString[]; values: Value[] } {
    return this.map.copyArrays();
  }

  keys(): IterableIterator<ByteString> {
    return this.map.keys();
  }

  values(): IterableIterator<Value> {
    return this.map.values();
  }

  entries(): IterableIterator<[ByteString, Value]> {
    return this.map.entries();
  }

  scan(cursor: number, count: number, visit: (key: ByteString, value: Value) => void): number {
    return this.map.scan(cursor, count, visit);
  }

  /**
   * Stores `value` under `key`. A new key starts its access field now; replacing one is an access
   * (Redis's setKey looks the key up first, then dbSetValue keeps the LFU counter).
   */
  set(key: ByteString, value: Value): boolean {
    const position = this.map.positionOf(key);
    if (position >= 0) {
      this.replaceAt(position, value, false);
      return false;
    }
    const added = this.map.appendNew(key, value);
    if (added >= this.costs.length) this.grow();
    const cost = keyHeapBytes(key, value);
    if (typeof value !== 'string') this.costs[added] = cost;
    this.fields[added] = this.access.initial();
    this.add(cost);
    return true;
  }

  /**
   * Stores a new value for the key at `position` (set of an existing key); `lookedUp`: the
   * command already looked the key up, which counted as its access.
   */
  replaceAt(position: number, value: Value, lookedUp: boolean): void {
    this.setValueAt(position, value);
    if (!this.access.lfu) this.fields[position] = this.access.lruClock();
    else if (!lookedUp) this.fields[position] = this.access.accessed(this.fields[position]);
  }

  /** Replaces the value at `position` and accounts it (the access field stays). */
  setValueAt(position: number, value: Value): void {
    const previous = this.map.valueAt(position);
    this.map.setValueAt(position, value);
    if (typeof previous === 'string' && typeof value === 'string') {
      // The key's own bytes stay, and a string's are a whole number: the difference is exact.
      this.add(stringBytes(value.length) - stringBytes(previous.length));
      return;
    }
    const key = this.map.keyAt(position);
    const cost = keyHeapBytes(key, value);
    const before = typeof previous === 'string' ? keyHeapBytes(key, previous) : this.costs[position];
    if (typeof value !== 'string') this.costs[position] = cost;
    this.add(cost - before);
  }

  delete(key: ByteString): boolean {
    const position = this.map.positionOf(key);
    if (position < 0) return false;
    this.add(-this.bytesAt(position));
    const last = this.map.size - 1;
    this.costs[position] = this.costs[last];
    this.fields[position] = this.fields[last];
    this.map.deleteAt(position);
    return true;
  }

  /** Accounts the value at `position` anew, after an in-place change (only a collection changes in place). */
  refreshAt(position: number): void {
    const value = this.map.valueAt(position);
    if (typeof value === 'string') return;
    const cost = keyHeapBytes(this.map.keyAt(position), value);
    const delta = cost - this.costs[position];
    if (delta === 0) return;
    this.costs[position] = cost;
    this.add(delta);
  }

  /** The bytes the key at `position` is accounted at. */
  bytesAt(position: number): number {
    const value = this.map.valueAt(position);
    return typeof value === 'string' ? keyHeapBytes(this.map.keyAt(position), value) : this.costs[position];
  }

  /** The access field of the key at `position`. */
  accessAt(position: number): number {
    return this.fields[position];
  }

  setAccessAt(position: number, field: number): void {
    this.fields[position] = field;
  }

  /** The key at `position` was looked up (Redis's lookupKey without LOOKUP_NOTOUCH). */
  accessed(position: number): void {
    this.fields[position] = this.access.accessed(this.fields[position]);
  }

  /** This map leaves the engine (FLUSHDB replaced it): its bytes leave the meter. */
  detach(): void {
    this.meter.bytes -= this.total;
  }

  /** A detached map is put back (DEBUG RELOAD restoring what it set aside): its bytes rejoin the meter. */
  attach(): void {
    this.meter.bytes += this.total;
  }

  private add(bytes: number): void {
    this.total += bytes;
    this.meter.bytes += bytes;
  }

  private grow(): void {
    const costs = new Float64Array(this.costs.length * 2);
    costs.set(this.costs);
    this.costs = costs;
    const fields = new Uint32Array(this.fields.length * 2);
    fields.set(this.fields);
    this.fields = fields;
  }
}

/** A database's key → absolute expiry (ms) map; each entry is accounted EXPIRE_ENTRY_BYTES. */
export class ExpiryMap {
  private readonly map = new DenseMap<ByteString, number>();

  constructor(private readonly meter: KeyspaceMeter) {}

  get size(): number {
    return this.map.size;
  }

  /** The accounted bytes of every entry. */
  get bytes(): number {
    return this.map.size * EXPIRE_ENTRY_BYTES;
  }

  get(key: ByteString): number | undefined {
    return this.map.get(key);
  }

  has(key: ByteString): boolean {
    return this.map.has(key);
  }

  keyAt(position: number): ByteString {
    return this.map.keyAt(position);
  }

  valueAt(position: number): number {
    return this.map.valueAt(position);
  }

  randomPosition(random: Random): number {
    return this.map.randomPosition(random);
  }

  copyArrays(): { keys: ByteString[]; values: number[] } {
    return this.map.copyArrays();
  }

  keys(): IterableIterator<ByteString> {
    return this.map.keys();
  }

  entries(): IterableIterator<[ByteString, number]> {
    return this.map.entries();
  }

  set(key: ByteString, atMs: number): boolean {
    const added = this.map.set(key, atMs);
    if (added) this.meter.bytes += EXPIRE_ENTRY_BYTES;
    return added;
  }

  delete(key: ByteString): boolean {
    const deleted = this.map.delete(key);
    if (deleted) this.meter.bytes -= EXPIRE_ENTRY_BYTES;
    return deleted;
  }

  /** This map leaves the engine (FLUSHDB replaced it): its bytes leave the meter. */
  detach(): void {
    this.meter.bytes -= this.bytes;
  }

  /** A detached map is put back: its bytes rejoin the meter. */
  attach(): void {
    this.meter.bytes += this.bytes;
  }
}
