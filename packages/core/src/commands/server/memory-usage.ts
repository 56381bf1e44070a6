/**
 * MEMORY USAGE's estimate: what a key and its value would take in Redis 7.0, computed the way
 * Redis's objectComputeSize computes it — its structures (robj, sds headers, dict entries and
 * slots, listpacks, quicklist nodes, skiplist nodes, intsets) rounded up to jemalloc's size
 * classes, with large collections sampled and extrapolated. Ballast's own objects live on V8's
 * heap, whose per-object costs JavaScript cannot observe; this model answers the question users
 * ask MEMORY USAGE (how big is this key, relative to others) with Redis's numbers for the common
 * small cases (a string, a small hash) and figures within a few percent of Redis's for large ones.
 */
import { parseInt64 } from '../arguments.js';
import { stringEncoding } from '../strings/string-access.js';
import { HashValue, ListValue, SetValue, SortedSetValue, StreamValue, type Value } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';

/** Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES. */
export const MEMORY_USAGE_SAMPLES_DEFAULT = 5;

const ROBJ_BYTES = 16;
const DICT_ENTRY_BYTES = 24;
const DICT_BYTES = 56;
const DICT_SLOTS_MIN = 4;
const POINTER_BYTES = 8;
const EMBSTR_HEADER_BYTES = 3;
const QUICKLIST_BYTES = 40;
const QUICKLIST_NODE_BYTES = 40;
/** list-max-listpack-size -2: a quicklist node's listpack holds at most 8 KiB. */
const QUICKLIST_NODE_LISTPACK_BYTES_MAX = 8192;
const LISTPACK_HEADER_BYTES = 6;
const LISTPACK_END_BYTES = 1;
const INTSET_HEADER_BYTES = 8;
const ZSET_BYTES = 16;
const ZSKIPLIST_BYTES = 32;
const ZSKIPLIST_MAXLEVEL = 32;
/** A skiplist node: member pointer, score, backward pointer, then 16 bytes per level. */
const SKIPLIST_NODE_BASE_BYTES = 24;
const SKIPLIST_LEVEL_BYTES = 16;
const ZSKIPLIST_P = 0.25;
/** A stream's own struct, and what its radix tree spends per listpack node. */
const STREAM_BYTES = 80;
const STREAM_RAX_NODE_BYTES = 48;

/** jemalloc's size class for a request: 8, 16…128 by 16, then four classes per doubling. */
export function allocationBytes(size: number): number {
  if (size <= 8) return 8;
  if (size <= 128) return Math.ceil(size / 16) * 16;
  const step = 2 ** (Math.floor(Math.log2(size - 1)) - 2);
  return Math.ceil(size / step) * step;
}

/** An sds string's allocation: the smallest header for its length, the bytes and a NUL. */
function sdsBytes(length: number): number {
  const header = length < 32 ? 1 : length < 256 ? 3 : length < 65_536 ? 5 : 9;
  return allocationBytes(header + length + 1);
}

function stringBytes(value: ByteString): number {
  const encoding = stringEncoding(value);
  if (encoding === 'int') return ROBJ_BYTES;
  if (encoding === 'embstr') return allocationBytes(ROBJ_BYTES + EMBSTR_HEADER_BYTES + value.length + 1);
  return ROBJ_BYTES + sdsBytes(value.length);
}

/** Bytes a listpack entry's length trailer takes for an entry of `size` bytes. */
function backlenBytes(size: number): number {
  if (size <= 127) return 1;
  if (size < 16_383) return 2;
  if (size < 2_097_151) return 3;
  return size < 268_435_455 ? 4 : 5;
}

/** One listpack entry: integers in 1 to 9 bytes, strings with a 1, 2 or 5 byte header. */
function listpackEntryBytes(element: ByteString): number {
  const integer = element.length <= 20 ? parseInt64(element) : undefined;
  let size: number;
  if (integer !== undefined) {
    if (integer >= 0n && integer <= 127n) size = 1;
    else if (integer >= -4096n && integer <= 4095n) size = 2;
    else if (integer >= -32_768n && integer <= 32_767n) size = 3;
    else if (integer >= -8_388_608n && integer <= 8_388_607n) size = 4;
    else if (integer >= -2_147_483_648n && integer <= 2_147_483_647n) size = 5;
    else size = 9;
  } else {
    size = element.length + (element.length < 64 ? 1 : element.length < 4096 ? 2 : 5);
  }
  return size + backlenBytes(size);
}

function listpackBytes(entryBytes: number): number {
  return allocationBytes(LISTPACK_HEADER_BYTES + entryBytes + LISTPACK_END_BYTES);
}

/** A dict's table: 8 bytes a slot, the slot count the power of two at or above the size. */
function dictTableBytes(size: number): number {
  let slots = DICT_SLOTS_MIN;
  while (slots < size) slots *= 2;
  return DICT_BYTES + slots * POINTER_BYTES;
}

/** The expected allocation of a skiplist node, over zslRandomLevel's distribution. */
const SKIPLIST_NODE_EXPECTED_BYTES = (() => {
  let expected = 0;
  for (let level = 1; level <= ZSKIPLIST_MAXLEVEL; level++) {
    const probability = level === ZSKIPLIST_MAXLEVEL ? ZSKIPLIST_P ** (level - 1) : (1 - ZSKIPLIST_P) * ZSKIPLIST_P ** (level - 1);
    expected += probability * allocationBytes(SKIPLIST_NODE_BASE_BYTES + level * SKIPLIST_LEVEL_BYTES);
  }
  return expected;
})();
const SKIPLIST_HEADER_BYTES = allocationBytes(SKIPLIST_NODE_BASE_BYTES + ZSKIPLIST_MAXLEVEL * SKIPLIST_LEVEL_BYTES);

/**
 * The average of `measure` over `samples` of `count` items, times `count`. Redis samples the
 * first entries of its dict, which hashing scatters over the collection; here the samples are
 * spread evenly over insertion order, so sequential data is not measured by its first items.
 */
function extrapolate(count: number, samples: number, measure: (index: number) => number): number {
  const sampled = Math.min(count, samples);
  if (sampled === 0) return 0;
  let total = 0;
  for (let sample = 0; sample < sampled; sample++) total += measure(Math.floor((sample * count) / sampled));
  return (total / sampled) * count;
}

/**
 * A quicklist: its nodes filled from the head as Redis fills them (at most 8 KiB of listpack
 * each); the first `samples` nodes are measured and their average stands for every node.
 */
function listBytes(list: ListValue, samples: number): number {
  const entriesMax = QUICKLIST_NODE_LISTPACK_BYTES_MAX - LISTPACK_HEADER_BYTES - LISTPACK_END_BYTES;
  let nodes = 0;
  let nodesBytes = 0;
  let entries = 0;
  let index = 0;
  for (; index < list.length; index++) {
    const entry = listpackEntryBytes(list.at(index));
    if (entries > 0 && entries + entry > entriesMax) {
      nodes++;
      nodesBytes += QUICKLIST_NODE_BYTES + listpackBytes(entries);
      entries = 0;
      if (nodes >= samples) break;
    }
    entries += entry;
  }
  const fixed = ROBJ_BYTES + QUICKLIST_BYTES;
  if (index < list.length) return fixed + (nodesBytes / nodes) * (nodes * (list.length / index));
  return fixed + nodesBytes + QUICKLIST_NODE_BYTES + listpackBytes(entries);
}

function hashBytes(hash: HashValue, samples: number): number {
  if (hash.compact) {
    let entries = 0;
    for (let index = 0; index < hash.size; index++) entries += listpackEntryBytes(hash.keyAt(index)) + listpackEntryBytes(hash.valueAt(index));
    return ROBJ_BYTES + listpackBytes(entries);
  }
  const elements = extrapolate(hash.size, samples, (index) => DICT_ENTRY_BYTES + sdsBytes(hash.keyAt(index).length) + sdsBytes(hash.valueAt(index).length));
  return ROBJ_BYTES + dictTableBytes(hash.size) + elements;
}

function setBytes(set: SetValue, samples: number): number {
  if (set.compact) {
    let width = 2;
    for (let index = 0; index < set.size; index++) {
      // Every member of an intset is an integer; anything else is measured at the widest.
      const member = parseInt64(set.keyAt(index)) ?? 2n ** 62n;
      if (member < -2_147_483_648n || member > 2_147_483_647n) width = 8;
      else if (width < 4 && (member < -32_768n || member > 32_767n)) width = 4;
    }
    return ROBJ_BYTES + allocationBytes(INTSET_HEADER_BYTES + width * set.size);
  }
  return ROBJ_BYTES + dictTableBytes(set.size) + extrapolate(set.size, samples, (index) => DICT_ENTRY_BYTES + sdsBytes(set.keyAt(index).length));
}

/** A score as the listpack holds it: an integer when it is one, else about its %.17g text. */
function scoreText(score: number): string {
  if (Number.isSafeInteger(score)) return String(score);
  return Number.isFinite(score) ? score.toPrecision(17).replace(/\.?0+(?=e|$)/, '') : String(score);
}

function sortedSetBytes(sortedSet: SortedSetValue, samples: number): number {
  if (sortedSet.compact) {
    let entries = 0;
    for (const [member, score] of sortedSet.entries()) entries += listpackEntryBytes(member) + listpackEntryBytes(scoreText(score));
    return ROBJ_BYTES + listpackBytes(entries);
  }
  const fixed = ROBJ_BYTES + ZSET_BYTES + ZSKIPLIST_BYTES + dictTableBytes(sortedSet.size) + SKIPLIST_HEADER_BYTES;
  const elements = extrapolate(sortedSet.size, samples, (index) => {
    const [member] = sortedSet.at(index)!;
    return sdsBytes(member.length) + DICT_ENTRY_BYTES + SKIPLIST_NODE_EXPECTED_BYTES;
  });
  return fixed + elements;
}

function streamBytes(stream: StreamValue, samples: number): number {
  const nodes = stream.nodes;
  const listpacks = extrapolate(nodes.length, samples, (index) => STREAM_RAX_NODE_BYTES + allocationBytes(nodes[index].bytes));
  return ROBJ_BYTES + STREAM_BYTES + listpacks;
}

/** The value's estimate alone (Redis's objectComputeSize); `samples` caps the elements measured. */
export function valueBytes(value: Value, samples: number): number {
  if (typeof value === 'string') return stringBytes(value);
  if (value instanceof ListValue) return listBytes(value, samples);
  if (value instanceof HashValue) return hashBytes(value, samples);
  if (value instanceof SetValue) return setBytes(value, samples);
  if (value instanceof StreamValue) return streamBytes(value, samples);
  return sortedSetBytes(value, samples);
}

/** MEMORY USAGE's answer: the value, the key's sds and its entry in the keyspace dict. */
export function keyBytes(key: ByteString, value: Value, samples: number): number {
  return Math.floor(valueBytes(value, samples) + sdsBytes(key.length) + DICT_ENTRY_BYTES);
}

/** The keyspace dict's own overhead for `keys` entries (MEMORY STATS overhead.hashtable.*). */
export function keyspaceOverheadBytes(keys: number): number {
  return keys === 0 ? 0 : dictTableBytes(keys) - DICT_BYTES + keys * DICT_ENTRY_BYTES;
}
