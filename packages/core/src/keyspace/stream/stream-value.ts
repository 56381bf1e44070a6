/**
 * StreamValue: a Redis stream — entries in ID order, the stream's counters (last ID, entries
 * added, max deleted ID, recorded first ID) and its consumer groups.
 *
 * Entries live in nodes like Redis's listpacks in a radix tree: a node holds up to
 * `stream-node-max-entries` entries (and about `stream-node-max-bytes` bytes), appended in ID
 * order; the nodes sit in an array ordered by their first ID. XADD appends to the last node,
 * a range read binary-searches its node then walks on, and trimming drops whole nodes from the
 * front (then, unless `~`, marks entries of the next node deleted). A deleted entry is a
 * tombstone in its node until the node empties, as in Redis, so node boundaries, `~` trims and
 * XINFO's radix-tree-keys follow Redis's. Nothing copies the stream but a snapshot's clone.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ConsumerGroup, ENTRIES_READ_UNKNOWN } from './pending-list.js';
import { MAX_ID, MIN_ID, type StreamId } from './stream-id.js';
import { StreamNode } from './stream-node.js';

export { StreamNode };


export interface NodeLimits {
  readonly entriesMax: number;
  readonly bytesMax: number;
}

/** The largest listpack Redis builds (STREAM_LISTPACK_MAX_SIZE): an entry above it is refused. */
export const STREAM_LISTPACK_MAX_SIZE = 2 ** 30;

export interface TrimOptions {
  readonly strategy: 'maxlen' | 'minid';
  readonly maxLength: number;
  readonly minId: StreamId;
  /** `~`: only whole nodes are removed. */
  readonly approximate: boolean;
  /** At most this many entries removed (0: no limit). */
  readonly limit: number;
}

/** Sum of the lengths of an entry's fields and values (what Redis compares with the node size). */
export function fieldBytes(fields: readonly ByteString[]): number {
  let total = 0;
  for (const field of fields) total += field.length;
  return total;
}

export class StreamValue {
  nodes: StreamNode[] = [];
  length = 0;
  lastId: StreamId = MIN_ID;
  /** The first live entry's ID after the last XADD/XDEL/XTRIM that moved it; 0-0 when empty. */
  firstId: StreamId = MIN_ID;
  maxDeletedId: StreamId = MIN_ID;
  entriesAdded = 0;
  /** Consumer groups by name (listed bytewise by name, as Redis's rax). */
  groups = new Map<ByteString, ConsumerGroup>();
  snapshotEpoch = 0;

  /** Appends an entry with an ID above lastId; updates the counters. */
  append(id: StreamId, fields: readonly ByteString[], limits: NodeLimits): void {
    let node: StreamNode | undefined = this.nodes[this.nodes.length - 1];
    const size = fieldBytes(fields);
    if (node !== undefined) {
      const bytesMax = limits.bytesMax === 0 || limits.bytesMax > STREAM_LISTPACK_MAX_SIZE ? STREAM_LISTPACK_MAX_SIZE : limits.bytesMax;
      if (node.bytes + size >= bytesMax || (limits.entriesMax > 0 && node.ids.length >= limits.entriesMax)) node = undefined;
    }
    if (node === undefined) {
      node = StreamNode.startingWith(fields);
      this.nodes.push(node);
    }
    node.append(id, fields);
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Index of the node that may hold `id`: the last node whose first ID ≤ id (0 if none). */
  private nodeFor(id: StreamId): number {
    let low = 0;
    let high = this.nodes.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.nodes[middle].ids[0] <= id) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The live entry `id`'s fields, or undefined. */
  get(id: StreamId): readonly ByteString[] | undefined {
    if (this.nodes.length === 0) return undefined;
    const node = this.nodes[this.nodeFor(id)];
    const position = lowerBound(node.ids, id);
    return node.ids[position] === id && node.isLive(position) ? node.fieldsAt(position) : undefined;
  }

  /**
   * Visits live entries with start ≤ id ≤ end, ascending (or descending when `reverse`), until
   * `visit` returns false.
   */
  range(start: StreamId, end: StreamId, reverse: boolean, visit: (id: StreamId, fields: readonly ByteString[]) => boolean): void {
    if (this.nodes.length === 0 || start > end) return;
    if (!reverse) {
      for (let n = this.nodeFor(start); n < this.nodes.length; n++) {
        const node = this.nodes[n];
        for (let p = lowerBound(node.ids, start); p < node.ids.length; p++) {
          const id = node.ids[p];
          if (id > end) return;
          if (node.isLive(p) && !visit(id, node.fieldsAt(p))) return;
        }
      }
      return;
    }
    for (let n = this.nodeFor(end); n >= 0; n--) {
      const node = this.nodes[n];
      for (let p = upperBound(node.ids, end) - 1; p >= 0; p--) {
        const id = node.ids[p];
        if (id < start) return;
        if (node.isLive(p) && !visit(id, node.fieldsAt(p))) return;
      }
    }
  }

  /** The first (or last) live entry's ID, or undefined when empty. */
  edgeId(last: boolean): StreamId | undefined {
    const count = this.nodes.length;
    for (let step = 0; step < count; step++) {
      const node = this.nodes[last ? count - 1 - step : step];
      const size = node.ids.length;
      for (let offset = 0; offset < size; offset++) {
        const position = last ? size - 1 - offset : offset;
        if (node.isLive(position)) return node.ids[position];
      }
    }
    return undefined;
  }

  /** Deletes the live entry `id` (a tombstone; an emptied node goes). True when it existed. */
  delete(id: StreamId): boolean {
    if (this.nodes.length === 0) return false;
    const index = this.nodeFor(id);
    const node = this.nodes[index];
    const position = lowerBound(node.ids, id);
    if (node.ids[position] !== id || !node.deleteAt(position)) return false;
    this.length--;
    if (node.live === 0) this.nodes.splice(index, 1);
    return true;
  }

  /** Redis's streamTrim: returns how many entries were removed. */
  trim(options: TrimOptions): number {
    let deleted = 0;
    let removeNodes = 0;
    for (let n = 0; n < this.nodes.length; n++) {
      if (options.strategy === 'maxlen' && this.length <= options.maxLength) break;
      const node = this.nodes[n];
      if (options.limit > 0 && deleted + node.live > options.limit) break;
      const removeNode = options.strategy === 'maxlen'
        ? this.length - node.live >= options.maxLength
        : node.ids[node.ids.length - 1] < options.minId;
      if (removeNode) {
        this.length -= node.live;
        deleted += node.live;
        removeNodes++;
        continue;
      }
      if (options.approximate) break;
      for (let p = 0; p < node.ids.length; p++) {
        const stop = options.strategy === 'maxlen' ? this.length <= options.maxLength : node.ids[p] >= options.minId;
        if (stop) break;
        if (!node.deleteAt(p)) continue;
        this.length--;
        deleted++;
      }
      break;
    }
    if (removeNodes > 0) this.nodes.splice(0, removeNodes);
    if (this.length === 0) this.firstId = MIN_ID;
    else if (deleted > 0) this.firstId = this.edgeId(false) as StreamId;
    return deleted;
  }

  /**
   * Whether an entry in [start, end] may have been deleted (streamRangeHasTombstones): true when
   * the largest deleted ID lies in the range and after the first entry.
   */
  rangeHasTombstones(start: StreamId, end: StreamId): boolean {
    if (this.length === 0 || this.maxDeletedId === MIN_ID) return false;
    if (this.firstId > this.maxDeletedId) return false;
    return start <= this.maxDeletedId && this.maxDeletedId <= end;
  }

  /**
   * The logical read counter of `id` (streamEstimateDistanceFromFirstEverEntry): how many
   * entries were ever added up to it, or ENTRIES_READ_UNKNOWN when it cannot be known.
   */
  estimateEntriesRead(id: StreamId): number {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return ENTRIES_READ_UNKNOWN;
    if (this.maxDeletedId === MIN_ID || this.maxDeletedId < this.firstId) {
      if (id < this.firstId) return this.entriesAdded - this.length;
      if (id === this.firstId) return this.entriesAdded - this.length + 1;
    }
    return ENTRIES_READ_UNKNOWN;
  }

  /** A group's lag as XINFO reports it (streamReplyWithCGLag), or null when unknown. */
  lagOf(group: ConsumerGroup): number | null {
    if (this.entriesAdded === 0) return 0;
    if (group.entriesRead !== ENTRIES_READ_UNKNOWN && !this.rangeHasTombstones(group.lastId, MAX_ID)) return this.entriesAdded - group.entriesRead;
    const estimate = this.estimateEntriesRead(group.lastId);
    return estimate === ENTRIES_READ_UNKNOWN ? null : this.entriesAdded - estimate;
  }

  /** Groups in Redis's order (bytewise by name). */
  sortedGroups(): [ByteString, ConsumerGroup][] {
    return [...this.groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** A deep copy sharing only immutable field arrays (AOF rewrite copy-on-write, COPY). */
  clone(): StreamValue {
    const copy = new StreamValue();
    copy.nodes = this.nodes.map((node) => node.clone());
    copy.length = this.length;
    copy.lastId = this.lastId;
    copy.firstId = this.firstId;
    copy.maxDeletedId = this.maxDeletedId;
    copy.entriesAdded = this.entriesAdded;
    for (const [name, group] of this.groups) copy.groups.set(name, group.clone());
    return copy;
  }
}

function lowerBound(ids: readonly StreamId[], id: StreamId): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle] < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function upperBound(ids: readonly StreamId[], id: StreamId): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle] <= id) low = middle + 1;
    else high = middle;
  }
  return low;
}
