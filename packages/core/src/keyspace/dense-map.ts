/**
 * DenseMap: a dictionary with O(1) get/set/delete, O(1) uniform random access and a stateless
 * SCAN cursor that never misses an entry present for the whole iteration.
 *
 * Entries live in two parallel dense arrays (keys, values), indexed by a Map from key to position
 * once there are more than INDEX_THRESHOLD entries; a small map (most hashes and sets) finds a key
 * by scanning its few keys instead, which is as fast and saves the Map's memory and the cost of
 * building it (a million small collections loaded from an RDB file spent a fifth of the load in
 * Map inserts). Deleting moves the last entry into the hole ("swap-remove"), so the arrays stay
 * dense.
 *
 * Why the cursor walks from the top down: a scan that has visited positions [p, length) and will
 * next visit p-1, p-2, …, 0 only ever sees entries moved from the top (already visited, or beyond
 * the old length and so new) into a hole. An entry moved into an unvisited hole is returned twice,
 * which SCAN allows; an entry that stays present is never moved past the cursor, so never missed.
 * Appends land above the cursor: new entries may or may not be returned, as SCAN allows.
 *
 * `contentBytes` is the sum of the lengths of the string keys and values held, kept as entries
 * come and go: the memory model (memory-model.ts) charges a collection for its bytes in O(1).
 * The keyspace's own map (KeyspaceMap) wraps one and keeps per-position metadata in step with the
 * swap-remove through `appendNew` and `deleteAt` (wrapping, not extending: a fourth class of
 * receivers would make the inline caches of these hot methods megamorphic).
 */
import type { Random } from '../io/random.js';
import { randomIndex } from '../io/random.js';

/** Above this many entries, positions are kept in a Map; at or below it, found by a scan. */
export const INDEX_THRESHOLD = 16;

/** A string's length, 0 for anything else: what `contentBytes` counts of a key or value. */
function lengthOf(item: unknown): number {
  return typeof item === 'string' ? item.length : 0;
}

export class DenseMap<K, V> {
  private positions: Map<K, number> | null = null;
  private readonly keyList: K[] = [];
  private readonly valueList: V[] = [];
  private stringBytes = 0;

  get size(): number {
    return this.keyList.length;
  }

  /** The sum of the lengths of the string keys and values held. */
  get contentBytes(): number {
    return this.stringBytes;
  }

  /** The position of `key`, or -1. */
  positionOf(key: K): number {
    return this.find(key);
  }

  /** The position of `key`, or -1. */
  private find(key: K): number {
    if (this.positions !== null) return this.positions.get(key) ?? -1;
    const keys = this.keyList;
    for (let position = 0; position < keys.length; position++) {
      if (keys[position] === key) return position;
    }
    return -1;
  }

  has(key: K): boolean {
    return this.find(key) >= 0;
  }

  get(key: K): V | undefined {
    const position = this.find(key);
    return position < 0 ? undefined : this.valueList[position];
  }

  /** Sets `key` to `value`; returns true when the key is new. */
  set(key: K, value: V): boolean {
    const position = this.find(key);
    if (position >= 0) {
      this.setValueAt(position, value);
      return false;
    }
    this.appendNew(key, value);
    return true;
  }

  /** Replaces the value at `position` (from positionOf). */
  setValueAt(position: number, value: V): void {
    this.stringBytes += lengthOf(value) - lengthOf(this.valueList[position]);
    this.valueList[position] = value;
  }

  /** Removes `key`; returns true when it was present. */
  delete(key: K): boolean {
    const position = this.find(key);
    if (position < 0) return false;
    this.deleteAt(position);
    return true;
  }

  clear(): void {
    this.positions = null;
    this.keyList.length = 0;
    this.valueList.length = 0;
    this.stringBytes = 0;
  }

  /** Adds a key known to be absent at the end; returns its position. */
  appendNew(key: K, value: V): number {
    const position = this.keyList.length;
    if (this.positions !== null) this.positions.set(key, position);
    this.keyList.push(key);
    this.valueList.push(value);
    this.stringBytes += lengthOf(key) + lengthOf(value);
    if (this.positions === null && this.keyList.length > INDEX_THRESHOLD) this.positions = new Map(this.keyList.map((listed, index) => [listed, index]));
    return position;
  }

  /** Removes the entry at `position`: the last entry moves into the hole (swap-remove). */
  deleteAt(position: number): void {
    const key = this.keyList[position];
    this.stringBytes -= lengthOf(key) + lengthOf(this.valueList[position]);
    this.positions?.delete(key);
    const last = this.keyList.length - 1;
    if (position !== last) {
      const movedKey = this.keyList[last];
      this.keyList[position] = movedKey;
      this.valueList[position] = this.valueList[last];
      this.positions?.set(movedKey, position);
    }
    this.keyList.pop();
    this.valueList.pop();
  }

  keyAt(position: number): K {
    return this.keyList[position];
  }

  valueAt(position: number): V {
    return this.valueList[position];
  }

  /** A uniformly random position; the map must not be empty. */
  randomPosition(random: Random): number {
    return randomIndex(random, this.keyList.length);
  }

  /** Copies of the key and value arrays, in position order (a point-in-time view). */
  copyArrays(): { keys: K[]; values: V[] } {
    return { keys: this.keyList.slice(), values: this.valueList.slice() };
  }

  keys(): IterableIterator<K> {
    return this.keyList.values();
  }

  values(): IterableIterator<V> {
    return this.valueList.values();
  }

  *entries(): IterableIterator<[K, V]> {
    for (let i = 0; i < this.keyList.length; i++) yield [this.keyList[i], this.valueList[i]];
  }

  /**
   * One step of a scan. `cursor` 0 starts a new scan; any other value is one this method
   * returned. Visits up to `count` positions and calls `visit` for each entry; returns the next
   * cursor, 0 when the scan is complete.
   */
  scan(cursor: number, count: number, visit: (key: K, value: V) => void): number {
    let next = cursor === 0 || cursor > this.keyList.length ? this.keyList.length : cursor;
    for (let visited = 0; visited < count && next > 0; visited++) {
      next--;
      visit(this.keyList[next], this.valueList[next]);
    }
    return next;
  }
}
