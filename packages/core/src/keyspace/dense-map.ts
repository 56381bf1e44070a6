/**
 * DenseMap: a dictionary with O(1) get/set/delete, O(1) uniform random access and a stateless
 * SCAN cursor that never misses an entry present for the whole iteration.
 *
 * Entries live in two parallel dense arrays (keys, values) with a Map from key to position.
 * Deleting moves the last entry into the hole ("swap-remove"), so the arrays stay dense.
 *
 * Why the cursor walks from the top down: a scan that has visited positions [p, length) and will
 * next visit p-1, p-2, …, 0 only ever sees entries moved from the top (already visited, or beyond
 * the old length and so new) into a hole. An entry moved into an unvisited hole is returned twice,
 * which SCAN allows; an entry that stays present is never moved past the cursor, so never missed.
 * Appends land above the cursor: new entries may or may not be returned, as SCAN allows.
 */
import type { Random } from '../io/random.js';
import { randomIndex } from '../io/random.js';

export class DenseMap<K, V> {
  private readonly positions = new Map<K, number>();
  private readonly keyList: K[] = [];
  private readonly valueList: V[] = [];

  get size(): number {
    return this.keyList.length;
  }

  has(key: K): boolean {
    return this.positions.has(key);
  }

  get(key: K): V | undefined {
    const position = this.positions.get(key);
    return position === undefined ? undefined : this.valueList[position];
  }

  /** Sets `key` to `value`; returns true when the key is new. */
  set(key: K, value: V): boolean {
    const position = this.positions.get(key);
    if (position !== undefined) {
      this.valueList[position] = value;
      return false;
    }
    this.positions.set(key, this.keyList.length);
    this.keyList.push(key);
    this.valueList.push(value);
    return true;
  }

  /** Removes `key`; returns true when it was present. */
  delete(key: K): boolean {
    const position = this.positions.get(key);
    if (position === undefined) return false;
    this.positions.delete(key);
    const last = this.keyList.length - 1;
    if (position !== last) {
      const movedKey = this.keyList[last];
      this.keyList[position] = movedKey;
      this.valueList[position] = this.valueList[last];
      this.positions.set(movedKey, position);
    }
    this.keyList.pop();
    this.valueList.pop();
    return true;
  }

  clear(): void {
    this.positions.clear();
    this.keyList.length = 0;
    this.valueList.length = 0;
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
