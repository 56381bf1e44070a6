/**
 * EventQueue: the simulator's pending events as a binary min-heap ordered by (time, sequence).
 * Events due at the same time fire in the order they were scheduled, so a run is a pure
 * function of the order of `push` calls. Cancelled events stay in the heap and are skipped.
 */

export interface QueuedEvent {
  readonly timeMs: number;
  readonly sequence: number;
  readonly callback: () => void;
  state: 'queued' | 'fired' | 'cancelled';
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.sequence < b.sequence);
}

export class EventQueue {
  private readonly heap: QueuedEvent[] = [];
  private sequence = 0;
  private live = 0;

  /** Events scheduled and neither fired nor cancelled. */
  get size(): number {
    return this.live;
  }

  push(timeMs: number, callback: () => void): QueuedEvent {
    const event: QueuedEvent = { timeMs, sequence: this.sequence++, callback, state: 'queued' };
    this.heap.push(event);
    this.siftUp(this.heap.length - 1);
    this.live++;
    return event;
  }

  /** Marks `event` cancelled; a no-op when it already fired or was cancelled. */
  cancel(event: QueuedEvent): void {
    if (event.state !== 'queued') return;
    event.state = 'cancelled';
    this.live--;
  }

  /** The earliest live event without removing it. */
  peek(): QueuedEvent | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  /** Removes and returns the earliest live event. */
  pop(): QueuedEvent | undefined {
    this.dropCancelled();
    const event = this.removeTop();
    if (event === undefined) return undefined;
    event.state = 'fired';
    this.live--;
    return event;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].state === 'cancelled') this.removeTop();
  }

  private removeTop(): QueuedEvent | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (this.heap.length > 0 && last !== undefined) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(this.heap[index], this.heap[parent])) return;
      this.swap(index, parent);
      index = parent;
    }
  }

  private siftDown(index: number): void {
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.heap.length && before(this.heap[left], this.heap[smallest])) smallest = left;
      if (right < this.heap.length && before(this.heap[right], this.heap[smallest])) smallest = right;
      if (smallest === index) return;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const held = this.heap[a];
    this.heap[a] = this.heap[b];
    this.heap[b] = held;
  }
}
