/**
 * Deque: a growable ring buffer with O(1) push and pop at both ends and O(1) indexed access.
 * Lists are built on it, so LPOP/RPOP/LINDEX never shift an array.
 */
const INITIAL_CAPACITY = 8;

export class Deque<T> {
  private items: (T | undefined)[] = new Array(INITIAL_CAPACITY);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Element at `index` (0 is the head); `index` must be in [0, length). */
  at(index: number): T {
    return this.items[(this.head + index) & (this.items.length - 1)] as T;
  }

  /** Replaces the element at `index`; `index` must be in [0, length). */
  setAt(index: number, value: T): void {
    this.items[(this.head + index) & (this.items.length - 1)] = value;
  }

  pushBack(value: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = value;
    this.count++;
  }

  pushFront(value: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1) & (this.items.length - 1);
    this.items[this.head] = value;
    this.count++;
  }

  popFront(): T | undefined {
    if (this.count === 0) return undefined;
    const value = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return value;
  }

  popBack(): T | undefined {
    if (this.count === 0) return undefined;
    const position = (this.head + this.count - 1) & (this.items.length - 1);
    const value = this.items[position];
    this.items[position] = undefined;
    this.count--;
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
    for (let i = 0; i < values.length; i++) this.items[i] = values[i];
    this.head = 0;
    this.count = values.length;
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
