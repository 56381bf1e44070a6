/**
 * The memory model behind maxmemory: what a key costs on V8's heap, in bytes, computed in O(1)
 * from facts each value keeps up to date — a string's length; a collection's element count, its
 * slots and the sum of its strings' lengths (`contentBytes`) — so the keyspace can keep a running
 * total that changes by a constant amount of work per write, and the same history always gives
 * the same total (the simulator replays it; recovery does not need it: evictions are logged).
 *
 * Ballast's objects live on V8's heap, whose real per-object costs JavaScript cannot observe, and
 * whose process figures (heapUsed, RSS) move with garbage collection. So eviction is not driven
 * by them: it is driven by this model, whose constants were measured on Node 20 (x64, no pointer
 * compression) by `packages/server/bench/memory-model.ts`, which loads each shape of key into an
 * engine and compares the heap growth (after full collections) with the model; the server's
 * test `memory-model.test.ts` keeps every shape within 15% of the heap it measures. What the
 * model leaves out (client buffers, the AOF's buffers, scripts, V8's free space and its young
 * generation) is described, with how far RSS can be from maxmemory, in the eviction guide.
 *
 * A string on V8's heap is a 16-byte header and its bytes, rounded up to 8. A collection's
 * strings are charged their bytes (`contentBytes`) plus, per element, the headers, the average
 * rounding and the slots that hold them.
 */
import { HashValue, ListValue, SetValue, SortedSetValue, StreamValue, type Value } from './values.js';
import { INDEX_THRESHOLD } from './dense-map.js';

/** A sequential one-byte string's header: map, hash field, length. */
const STRING_HEADER_BYTES = 16;
/** What one more key costs the keyspace beyond its two strings: its key and value slots, its hash-table entry and its metadata (accounted bytes, access clock). */
export const KEY_ENTRY_BYTES = 68;
/** One entry of a database's expiry map (its slots, hash-table entry and the time as a double). */
export const EXPIRE_ENTRY_BYTES = 68;
/** An empty database: its two maps, their arrays and typed arrays (used_memory_startup is this per database and shard). */
export const EMPTY_DATABASE_BYTES = 700;
/** Per string held by a collection: its header and, on average, its rounding up to 8 bytes. */
const ELEMENT_STRING_BYTES = STRING_HEADER_BYTES + 3.5;
/** A collection's hash-table entry, once it has more than INDEX_THRESHOLD elements (DenseMap's index). */
const INDEX_ENTRY_BYTES = 31;

/** A hash: the object and its two arrays; per field, two slots (with the arrays' spare capacity) and two strings. */
const HASH_BYTES = 150;
const HASH_FIELD_SLOT_BYTES = 25;
/** A set: the object and its arrays; per member, two slots and one string. */
const SET_BYTES = 150;
const SET_MEMBER_SLOT_BYTES = 24;
/** A list: the object and its ring buffer, whose every slot (a power of two of them) is a pointer. */
const LIST_BYTES = 80;
const LIST_SLOT_BYTES = 8;
/** A sorted set: the object, its score map and its B+tree; per member, its score, map slots and tree slots. */
const SORTED_SET_BYTES = 300;
const SORTED_SET_MEMBER_BYTES = 80;
/** A stream: the object and its node array; per node, the node and its arrays; per entry, its ID string and slots. */
const STREAM_BYTES = 200;
const STREAM_NODE_BYTES = 200;
const STREAM_ENTRY_BYTES = 86;
/** Per consumer group, consumer and pending entry of a stream. */
const STREAM_GROUP_BYTES = 200;
const STREAM_CONSUMER_BYTES = 150;
const STREAM_PENDING_BYTES = 120;
/** Stream nodes measured for the average of their bytes (the last one is always measured). */
const STREAM_NODE_SAMPLES = 8;

/** A string of `length` bytes on the heap. */
export function stringBytes(length: number): number {
  return STRING_HEADER_BYTES + ((length + 7) & ~7);
}

function indexBytes(size: number): number {
  return size > INDEX_THRESHOLD ? size * INDEX_ENTRY_BYTES : 0;
}

/**
 * A stream's entries: the bytes of its nodes (Redis's listpack estimate each node keeps) from
 * evenly spaced samples and the last node, which is the one still growing.
 */
function streamBytes(stream: StreamValue): number {
  const nodes = stream.nodes;
  const count = nodes.length;
  let bytes = STREAM_BYTES + count * STREAM_NODE_BYTES + stream.length * STREAM_ENTRY_BYTES;
  if (count > 0) {
    const full = count - 1;
    const sampled = Math.min(full, STREAM_NODE_SAMPLES);
    let sampledBytes = 0;
    for (let sample = 0; sample < sampled; sample++) sampledBytes += nodes[Math.floor((sample * full) / sampled)].bytes;
    bytes += nodes[full].bytes + (sampled === 0 ? 0 : (sampledBytes / sampled) * full);
  }
  for (const group of stream.groups.values()) {
    bytes += STREAM_GROUP_BYTES + group.pending.size * STREAM_PENDING_BYTES + group.consumers.size * STREAM_CONSUMER_BYTES;
  }
  return Math.round(bytes);
}

/** The value's cost on the heap, in O(1) (a stream: O(its consumer groups)). */
export function valueHeapBytes(value: Value): number {
  if (typeof value === 'string') return stringBytes(value.length);
  if (value instanceof HashValue) {
    return HASH_BYTES + value.size * (2 * ELEMENT_STRING_BYTES + HASH_FIELD_SLOT_BYTES) + indexBytes(value.size) + value.contentBytes;
  }
  if (value instanceof SetValue) {
    return SET_BYTES + value.size * (ELEMENT_STRING_BYTES + SET_MEMBER_SLOT_BYTES) + indexBytes(value.size) + value.contentBytes;
  }
  if (value instanceof ListValue) {
    return LIST_BYTES + value.capacity * LIST_SLOT_BYTES + value.length * ELEMENT_STRING_BYTES + value.contentBytes;
  }
  if (value instanceof SortedSetValue) {
    return SORTED_SET_BYTES + value.size * (ELEMENT_STRING_BYTES + SORTED_SET_MEMBER_BYTES) + indexBytes(value.size) + value.contentBytes;
  }
  if (value instanceof StreamValue) return streamBytes(value);
  throw new Error('valueHeapBytes: unknown value type');
}

/** A key with its value, as the keyspace accounts it (without its expiry). */
export function keyHeapBytes(key: string, value: Value): number {
  return Math.round(KEY_ENTRY_BYTES + stringBytes(key.length) + valueHeapBytes(value));
}
