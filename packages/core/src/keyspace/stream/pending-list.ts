/**
 * Consumer groups, consumers and their pending entries (Redis's streamCG, streamConsumer and
 * streamNACK). A pending entry is shared by the group's pending list and its consumer's, as in
 * Redis. A PendingList is an ID-ordered map: a Map for lookups plus a sorted array of IDs for
 * range reads (XPENDING, XAUTOCLAIM, XREADGROUP history). New deliveries have the largest IDs
 * and acknowledgements mostly take the oldest, so inserts append and removals shift in the
 * common case; the general case is a binary search and a splice.
 */
import type { ByteString } from '../../resp/byte-string.js';
import type { StreamId } from './stream-id.js';

export interface PendingEntry {
  consumer: Consumer;
  deliveryTimeMs: number;
  deliveryCount: number;
}

export class PendingList {
  private readonly byId = new Map<StreamId, PendingEntry>();
  private ids: StreamId[] = [];

  get size(): number {
    return this.ids.length;
  }

  get(id: StreamId): PendingEntry | undefined {
    return this.byId.get(id);
  }

  has(id: StreamId): boolean {
    return this.byId.has(id);
  }

  set(id: StreamId, entry: PendingEntry): void {
    if (this.byId.has(id)) {
      this.byId.set(id, entry);
      return;
    }
    this.byId.set(id, entry);
    const ids = this.ids;
    if (ids.length === 0 || ids[ids.length - 1] < id) ids.push(id);
    else ids.splice(this.lowerBound(id), 0, id);
  }

  delete(id: StreamId): boolean {
    if (!this.byId.delete(id)) return false;
    const ids = this.ids;
    if (ids[0] === id) ids.shift();
    else if (ids[ids.length - 1] === id) ids.pop();
    else ids.splice(this.lowerBound(id), 1);
    return true;
  }

  first(): StreamId | undefined {
    return this.ids[0];
  }

  last(): StreamId | undefined {
    return this.ids[this.ids.length - 1];
  }

  /** Position of the first ID ≥ `id`. */
  lowerBound(id: StreamId): number {
    let low = 0;
    let high = this.ids.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ids[middle] < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  idAt(position: number): StreamId | undefined {
    return this.ids[position];
  }

  /** The IDs in [start, end], in order (a copy: callers may change the list while walking it). */
  idsBetween(start: StreamId, end: StreamId, countMax = Infinity): StreamId[] {
    const found: StreamId[] = [];
    for (let position = this.lowerBound(start); position < this.ids.length && found.length < countMax; position++) {
      const id = this.ids[position];
      if (id > end) break;
      found.push(id);
    }
    return found;
  }

  entries(): IterableIterator<[StreamId, PendingEntry]> {
    const { ids, byId } = this;
    return (function* () {
      for (const id of ids) yield [id, byId.get(id) as PendingEntry];
    })();
  }
}

export class Consumer {
  readonly pending = new PendingList();

  constructor(
    readonly name: ByteString,
    public seenTimeMs: number,
  ) {}
}

/** The entries-read value Redis reports as null (SCG_INVALID_ENTRIES_READ). */
export const ENTRIES_READ_UNKNOWN = -1;

export class ConsumerGroup {
  readonly pending = new PendingList();
  readonly consumers = new Map<ByteString, Consumer>();

  constructor(
    public lastId: StreamId,
    public entriesRead: number,
  ) {}

  /** The consumer named `name`, created (seen now) when missing; `created` tells which. */
  consumer(name: ByteString, nowMs: number): { consumer: Consumer; created: boolean } {
    const existing = this.consumers.get(name);
    if (existing !== undefined) return { consumer: existing, created: false };
    const consumer = new Consumer(name, nowMs);
    this.consumers.set(name, consumer);
    return { consumer, created: true };
  }

  /** Removes a consumer and its pending entries from the group; returns how many it had. */
  deleteConsumer(consumer: Consumer): number {
    const count = consumer.pending.size;
    for (const [id] of consumer.pending.entries()) this.pending.delete(id);
    this.consumers.delete(consumer.name);
    return count;
  }

  /** Gives the pending entry `id` to `consumer` with the given time and count (creating it). */
  assign(id: StreamId, consumer: Consumer, deliveryTimeMs: number, deliveryCount: number): PendingEntry {
    let entry = this.pending.get(id);
    if (entry === undefined) {
      entry = { consumer, deliveryTimeMs, deliveryCount };
      this.pending.set(id, entry);
    } else if (entry.consumer !== consumer) {
      entry.consumer.pending.delete(id);
      entry.consumer = consumer;
    }
    entry.deliveryTimeMs = deliveryTimeMs;
    entry.deliveryCount = deliveryCount;
    consumer.pending.set(id, entry);
    return entry;
  }

  /** Removes the pending entry `id` (XACK); true when it was pending. */
  acknowledge(id: StreamId): boolean {
    const entry = this.pending.get(id);
    if (entry === undefined) return false;
    this.pending.delete(id);
    entry.consumer.pending.delete(id);
    return true;
  }

  /** Consumers in Redis's order (rax: bytewise by name). */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  clone(): ConsumerGroup {
    const copy = new ConsumerGroup(this.lastId, this.entriesRead);
    const consumers = new Map<Consumer, Consumer>();
    for (const consumer of this.consumers.values()) {
      const twin = new Consumer(consumer.name, consumer.seenTimeMs);
      consumers.set(consumer, twin);
      copy.consumers.set(twin.name, twin);
    }
    for (const [id, entry] of this.pending.entries()) {
      const owner = consumers.get(entry.consumer) as Consumer;
      const twin = { consumer: owner, deliveryTimeMs: entry.deliveryTimeMs, deliveryCount: entry.deliveryCount };
      copy.pending.set(id, twin);
      owner.pending.set(id, twin);
    }
    return copy;
  }
}
