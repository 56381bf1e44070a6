/**
 * Values as redis-server 7.0 writes them (rdbSaveObjectType + rdbSaveObject): a string as
 * RDB_TYPE_STRING; a list as QUICKLIST_2 with listpack nodes cut where Redis's quicklist cuts
 * them when the list is pushed from the tail (list-max-listpack-size), interior nodes
 * LZF-compressed when list-compress-depth asks for it; a set as an INTSET or SET; a sorted set as
 * ZSET_LISTPACK (ascending) or ZSET_2 (descending, as Redis walks its skiplist from the tail); a
 * hash as HASH_LISTPACK or HASH. The compact encodings are chosen by each value's `compact` flag,
 * so a dump holds what OBJECT ENCODING reports. Streams are stream-codec.ts's.
 */
import type { HashValue, ListValue, SetValue, SortedSetValue, Value } from '../keyspace/values.js';
import { HashValue as HashClass, ListValue as ListClass, SetValue as SetClass, StreamValue } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';
import { formatDouble } from '../resp/format-double.js';
import { assert } from '../assert.js';
import type { RdbEncodingLimits } from './encoding-limits.js';
import { encodeIntset } from './intset.js';
import { encodeListpack, LISTPACK_EMPTY_BYTES, listpackEntryBytes } from './listpack.js';
import { lzfCompress } from './lzf.js';
import {
  QUICKLIST_NODE_PACKED, QUICKLIST_NODE_PLAIN, RDB_TYPE_HASH, RDB_TYPE_HASH_LISTPACK, RDB_TYPE_LIST_QUICKLIST_2, RDB_TYPE_SET,
  RDB_TYPE_SET_INTSET, RDB_TYPE_STREAM_LISTPACKS_2, RDB_TYPE_STRING, RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK,
} from './rdb-constants.js';
import type { RdbOutput } from './rdb-output.js';
import { encodeStreamValue } from './stream-codec.js';

/** Quicklist's byte budgets per negative list-max-listpack-size (-1 … -5). */
const NODE_BYTES_BY_CLASS = [4096, 8192, 16384, 32768, 65536];
/** A node with a count limit still stops growing past this many bytes (SIZE_SAFETY_LIMIT). */
const NODE_SAFETY_BYTES = 8192;
/** Quicklist's overestimate of what one more element adds to a node (SIZE_ESTIMATE_OVERHEAD). */
const NODE_ESTIMATE_OVERHEAD = 8;
/** Elements this large get a PLAIN node of their own (quicklist's packed_threshold, 1 GiB). */
export const PLAIN_ELEMENT_BYTES = 1 << 30;
/** Quicklist compresses nodes of at least this many bytes, when it saves more than 8. */
const COMPRESS_NODE_BYTES_MIN = 48;
const COMPRESS_GAIN_MIN = 8;
/** double2ll's range: integral scores within it are stored in a listpack as integers. */
const LISTPACK_INTEGER_SCORE_MAX = 2 ** 62;

/** The RDB type Redis 7.0 writes for `value`, from its `compact` flag. */
export function rdbTypeOf(value: Value): number {
  if (typeof value === 'string') return RDB_TYPE_STRING;
  if (value instanceof ListClass) return RDB_TYPE_LIST_QUICKLIST_2;
  if (value instanceof SetClass) return value.compact && encodeIntset(value.keys()) !== undefined ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
  if (value instanceof HashClass) return value.compact ? RDB_TYPE_HASH_LISTPACK : RDB_TYPE_HASH;
  if (value instanceof StreamValue) return RDB_TYPE_STREAM_LISTPACKS_2;
  return value.compact ? RDB_TYPE_ZSET_LISTPACK : RDB_TYPE_ZSET_2;
}

/** Writes the type byte and the value (DUMP's body: no key). */
export function encodeTypedValue(output: RdbOutput, value: Value, limits: RdbEncodingLimits): void {
  const type = rdbTypeOf(value);
  output.u8(type);
  encodeValue(output, value, type, limits);
}

/** Writes `value` as `type` (from rdbTypeOf), without the type byte. */
export function encodeValue(output: RdbOutput, value: Value, type: number, limits: RdbEncodingLimits): void {
  switch (type) {
    case RDB_TYPE_STRING: return output.string(value as ByteString);
    case RDB_TYPE_LIST_QUICKLIST_2: return encodeList(output, value as ListValue, limits);
    case RDB_TYPE_SET_INTSET: return output.blob(encodeIntset((value as SetValue).keys())!);
    case RDB_TYPE_SET: return encodeSet(output, value as SetValue);
    case RDB_TYPE_HASH_LISTPACK: return output.blob(encodeListpack(hashElements(value as HashValue)));
    case RDB_TYPE_HASH: return encodeHash(output, value as HashValue);
    case RDB_TYPE_ZSET_LISTPACK: return output.blob(encodeListpack(sortedSetElements(value as SortedSetValue)));
    case RDB_TYPE_ZSET_2: return encodeSkiplistSortedSet(output, value as SortedSetValue);
    default: {
      const written = encodeStreamValue(output, value as StreamValue, limits);
      assert(written === type, `stream written as type ${written}, announced ${type}`);
    }
  }
}

function encodeSet(output: RdbOutput, set: SetValue): void {
  output.lengthValue(set.size);
  for (const member of set.keys()) output.string(member);
}

function encodeHash(output: RdbOutput, hash: HashValue): void {
  output.lengthValue(hash.size);
  for (let i = 0; i < hash.size; i++) {
    output.string(hash.keyAt(i));
    output.string(hash.valueAt(i));
  }
}

function hashElements(hash: HashValue): ByteString[] {
  const elements: ByteString[] = new Array(hash.size * 2);
  for (let i = 0; i < hash.size; i++) {
    elements[2 * i] = hash.keyAt(i);
    elements[2 * i + 1] = hash.valueAt(i);
  }
  return elements;
}

/** A score as zzlInsertAt stores it: an integer when double2ll takes it, else its %.17g text. */
export function listpackScore(score: number): ByteString {
  if (Number.isInteger(score) && Math.abs(score) <= LISTPACK_INTEGER_SCORE_MAX) return BigInt(score).toString();
  return formatDouble(score);
}

function sortedSetElements(set: SortedSetValue): ByteString[] {
  const elements: ByteString[] = [];
  for (const [member, score] of set.entries()) elements.push(member, listpackScore(score));
  return elements;
}

function encodeSkiplistSortedSet(output: RdbOutput, set: SortedSetValue): void {
  output.lengthValue(set.size);
  set.walk(set.size - 1, true, (member, score) => {
    output.string(member);
    output.binaryDouble(score);
    return true;
  });
}

/** Whether quicklist's _quicklistNodeAllowInsert lets an element of `elementBytes` join a node. */
function nodeTakes(nodeBytes: number, nodeCount: number, elementBytes: number, fill: number): boolean {
  const estimate = nodeBytes + elementBytes + NODE_ESTIMATE_OVERHEAD;
  if (fill < 0) {
    const budget = NODE_BYTES_BY_CLASS[-fill - 1];
    if (budget !== undefined && estimate <= budget) return true;
  }
  if (estimate > NODE_SAFETY_BYTES) return false;
  return nodeCount < fill;
}

/** One quicklist node: element range [start, end), PLAIN or packed, and its size (a listpack's bytes, or the element's). */
export interface QuicklistNode {
  start: number;
  end: number;
  plain: boolean;
  bytes: number;
}

/**
 * The list cut into quicklist nodes as Redis would hold it: elements of `plainBytes` or more get
 * a PLAIN node of their own (DEBUG QUICKLIST-PACKED-THRESHOLD changes it for DEBUG OBJECT's view).
 */
export function quicklistNodes(list: ListValue, fill: number, plainBytes = PLAIN_ELEMENT_BYTES): QuicklistNode[] {
  const nodes: QuicklistNode[] = [];
  let open = false;
  for (let i = 0; i < list.length; i++) {
    const element = list.at(i);
    if (element.length >= plainBytes) {
      nodes.push({ start: i, end: i + 1, plain: true, bytes: element.length });
      open = false;
      continue;
    }
    const node = nodes[nodes.length - 1];
    if (open && nodeTakes(node.bytes, node.end - node.start, element.length, fill)) {
      node.end++;
      node.bytes += listpackEntryBytes(element);
    } else {
      nodes.push({ start: i, end: i + 1, plain: false, bytes: LISTPACK_EMPTY_BYTES + listpackEntryBytes(element) });
      open = true;
    }
  }
  return nodes;
}

function encodeList(output: RdbOutput, list: ListValue, limits: RdbEncodingLimits): void {
  const nodes = quicklistNodes(list, limits.listMaxListpackSize);
  const depth = limits.listCompressDepth;
  output.lengthValue(nodes.length);
  nodes.forEach((node, index) => {
    output.lengthValue(node.plain ? QUICKLIST_NODE_PLAIN : QUICKLIST_NODE_PACKED);
    if (node.plain) {
      output.string(list.at(node.start));
      return;
    }
    const listpack = encodeListpack(list.slice(node.start, node.end));
    const interior = depth > 0 && index >= depth && index < nodes.length - depth;
    const compressed = interior && listpack.length >= COMPRESS_NODE_BYTES_MIN ? lzfCompress(listpack, listpack.length) : undefined;
    if (compressed !== undefined && compressed.length + COMPRESS_GAIN_MIN < listpack.length) output.lzfBlob(compressed, listpack.length);
    else output.blob(listpack);
  });
}
