/**
 * Deque: a growable ring buffer with O(1) push and pop at both ends and O(1) indexed access.
 * Lists are built on it, so LPOP/RPOP/LINDEX never shift an array. `contentBytes` sums the
 * lengths of the string elements held (the memory model's charge for a list's bytes, in O(1)).
 */
const INITIAL_CAPACITY = 8;

/** A string's length, 0 for anything else. */
function lengthOf(item: unknown): number {
  return typeof item === 'string' ? item.length : 0;
}

export class Deque<T> {
  private items: (T | undefined)[] = new Array(INITIAL_CAPACITY);
  private head = 0;
  private count = 0;
  private stringBytes = 0;

  get length(): number {
    return this.count;
  }

  /** The sum of the lengths of the string elements held. */
  get contentBytes(): number {
    return this.stringBytes;
  }

  /** Slots allocated (a power of two): the memory model charges a pointer for each. */
  get capacity(): number {
    return this.items.length;
  }

  /** Element at `index` (0 is the head); `index` must be in [0, length). */
  at(index: number): T {
    return this.items[(this.head + index) & (this.items.length - 1)] as T;
  }

  /** Replaces the element at `index`; `index` must be in [0, length). */
  setAt(index: number, value: T): void {
    const position = (this.head + index) & (this.items.length - 1);
    this.stringBytes += lengthOf(value) - lengthOf(this.items[position]);
    this.items[position] = value;
  }

  pushBack(value: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = value;
    this.count++;
    this.stringBytes += lengthOf(value);
  }

  pushFront(value: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1) & (this.items.length - 1);
    this.items[this.head] = value;
    this.count++;
    this.stringBytes += lengthOf(value);
  }

  popFront(): T | undefined {
    if (this.count === 0) return undefined;
    const value = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    this.stringBytes -= lengthOf(value);
    return value;
  }

  popBack(): T | undefined {
    if (this.count === 0) return undefined;
    const position = (this.head + this.count - 1) & (this.items.length - 1);
    const value = this.items[position];
    this.items[position] = undefined;
    this.count--;
    this.stringBytes -= lengthOf(value);
    return value;
  }

  /** Elements in [start, end) from head to tail. */
  slice(start: number, end: number): T[] {
    const out: T[] = [];
    for (let i = start; i < end; i++) out.push(this.at(i));
    return out;
  }

  /** Replaces the contents with `values` (used by LREM, LTRIM, LINSERT: O(n) like Redis). */
  replaceAll(values: readonly T[]): void {
    let capacity = INITIAL_CAPACITY;
    while (capacity < values.length) capacity *= 2;
    this.items = new Array(capacity);
    let bytes = 0;
    for (let i = 0; i < values.length; i++) {
      this.items[i] = values[i];
      bytes += lengthOf(values[i]);
    }
    this.head = 0;
    this.count = values.length;
    this.stringBytes = bytes;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  private grow(): void {
    const capacity = this.items.length * 2;
    const next: (T | undefined)[] = new Array(capacity);
    for (let i = 0; i < this.count; i++) next[i] = this.at(i);
    this.items = next;
    this.head = 0;
  }
}
