/**
 * Values as redis-server 7.0 loads them (rdbLoadObject), every type it reads: strings; lists as
 * LIST, LIST_ZIPLIST, QUICKLIST and QUICKLIST_2 (PLAIN and PACKED nodes); sets as SET and
 * INTSET; sorted sets as ZSET (text scores), ZSET_2, ZSET_ZIPLIST and ZSET_LISTPACK; hashes as
 * HASH, HASH_ZIPMAP, HASH_ZIPLIST and HASH_LISTPACK; streams through stream-codec.ts. Each
 * collection's `compact` flag is set as Redis converts the encoding on load.
 *
 * Validation is Redis's with sanitize-dump-payload on (deep checks always: Ballast never keeps
 * a value it could not have built): duplicates, NaN scores, bad blobs and counts that disagree
 * throw RdbFormatError. An empty collection is no error here: decodeValue returns undefined, as
 * rdbLoadObject reports RDB_LOAD_ERR_EMPTY_KEY (a file load skips the key, RESTORE refuses it).
 */
import { HashValue, ListValue, SetValue, SortedSetValue, type Value } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';
import type { RdbEncodingLimits } from './encoding-limits.js';
import { decodeIntset } from './intset.js';
import { canonicalInteger, decodeListpack } from './listpack.js';
import {
  QUICKLIST_NODE_PACKED, QUICKLIST_NODE_PLAIN, RDB_TYPE_HASH, RDB_TYPE_HASH_LISTPACK, RDB_TYPE_HASH_ZIPLIST, RDB_TYPE_HASH_ZIPMAP,
  RDB_TYPE_LIST, RDB_TYPE_LIST_QUICKLIST, RDB_TYPE_LIST_QUICKLIST_2, RDB_TYPE_LIST_ZIPLIST, RDB_TYPE_MODULE, RDB_TYPE_MODULE_2,
  RDB_TYPE_SET, RDB_TYPE_SET_INTSET, RDB_TYPE_STREAM_LISTPACKS, RDB_TYPE_STREAM_LISTPACKS_2, RDB_TYPE_STRING, RDB_TYPE_ZSET,
  RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_ZSET_ZIPLIST,
} from './rdb-constants.js';
import { RdbFormatError, rdbCheck } from './rdb-error.js';
import type { RdbInput } from './rdb-input.js';
import { decodeStreamValue } from './stream-codec.js';
import { decodeZiplist } from './ziplist.js';
import { decodeZipmap } from './zipmap.js';

/** lpSafeToAdd's bound: a listpack never grows past 1 GiB. */
const LISTPACK_SAFE_BYTES = 1 << 30;
/** rdbLoadObject caps set-max-intset-entries here when choosing the encoding. */
const INTSET_ENTRIES_CAP = 1 << 30;
/** A score as zzlStrtod reads a listpack's text: a C double, inf, -inf (NaN is refused). */
const SCORE_PATTERN = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity)$/i;

/**
 * The value of RDB `type` read from `input`, or undefined for an empty collection. Throws
 * RdbFormatError for anything Redis would not load (and for module values, which need modules).
 */
export function decodeValue(input: RdbInput, type: number, limits: RdbEncodingLimits): Value | undefined {
  switch (type) {
    case RDB_TYPE_STRING: return input.string();
    case RDB_TYPE_LIST: return plainList(input);
    case RDB_TYPE_SET: return plainSet(input, limits);
    case RDB_TYPE_ZSET:
    case RDB_TYPE_ZSET_2: return plainSortedSet(input, type, limits);
    case RDB_TYPE_HASH: return plainHash(input, limits);
    case RDB_TYPE_LIST_QUICKLIST:
    case RDB_TYPE_LIST_QUICKLIST_2: return quicklist(input, type);
    case RDB_TYPE_STREAM_LISTPACKS:
    case RDB_TYPE_STREAM_LISTPACKS_2: return decodeStreamValue(input, type, limits);
    case RDB_TYPE_MODULE:
    case RDB_TYPE_MODULE_2: return input.fail(`module value (type ${type}) cannot be loaded: Ballast has no modules`);
    default: return blobValue(input, type, limits);
  }
}

/** Types whose value is one blob (RDB string) in a compact encoding. */
function blobValue(input: RdbInput, type: number, limits: RdbEncodingLimits): Value | undefined {
  const at = input.offset;
  const known = [RDB_TYPE_HASH_ZIPMAP, RDB_TYPE_LIST_ZIPLIST, RDB_TYPE_SET_INTSET, RDB_TYPE_ZSET_ZIPLIST, RDB_TYPE_HASH_ZIPLIST,
    RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_HASH_LISTPACK];
  if (!known.includes(type)) throw new RdbFormatError(at - 1, `unknown value type ${type}`);
  const blob = input.stringBytes(true);
  const blobAt = at + (input.offset - at - blob.length);
  switch (type) {
    case RDB_TYPE_HASH_ZIPMAP: {
      const pairs = decodeZipmap(blob, blobAt);
      const longest = pairs.reduce((max, element) => Math.max(max, element.length), 0);
      return hashFromPairs(pairs, blobAt, pairs.length / 2 <= limits.hashMaxListpackEntries && longest <= limits.hashMaxListpackValue);
    }
    case RDB_TYPE_LIST_ZIPLIST: return listFrom(decodeZiplist(blob, blobAt));
    case RDB_TYPE_SET_INTSET: {
      const set = new SetValue();
      for (const member of decodeIntset(blob, blobAt)) set.set(member, true);
      set.compact = set.size <= limits.setMaxIntsetEntries;
      return set;
    }
    case RDB_TYPE_ZSET_ZIPLIST:
    case RDB_TYPE_ZSET_LISTPACK: {
      const pairs = type === RDB_TYPE_ZSET_LISTPACK ? decodeListpack(blob, blobAt) : decodeZiplist(blob, blobAt);
      return sortedSetFromPairs(pairs, blobAt, pairs.length / 2 <= limits.zsetMaxListpackEntries);
    }
    default: {
      const pairs = type === RDB_TYPE_HASH_LISTPACK ? decodeListpack(blob, blobAt) : decodeZiplist(blob, blobAt);
      return hashFromPairs(pairs, blobAt, pairs.length / 2 <= limits.hashMaxListpackEntries);
    }
  }
}

function listFrom(elements: ByteString[]): ListValue | undefined {
  if (elements.length === 0) return undefined;
  const list = new ListValue();
  list.replaceAll(elements);
  return list;
}

function hashFromPairs(pairs: ByteString[], at: number, compact: boolean): HashValue | undefined {
  rdbCheck(pairs.length % 2 === 0, at, 'hash blob holds an odd number of elements');
  if (pairs.length === 0) return undefined;
  const hash = new HashValue();
  for (let i = 0; i < pairs.length; i += 2) rdbCheck(hash.set(pairs[i], pairs[i + 1]), at, 'hash blob has a duplicate field');
  hash.compact = compact;
  return hash;
}

/** A listpack or ziplist score: integers come back as decimal text, others as %.17g text. */
function parseScore(text: ByteString, at: number): number {
  if (text.length === 0 || text.length > 128 || !SCORE_PATTERN.test(text)) throw new RdbFormatError(at, `bad sorted set score ${JSON.stringify(text.slice(0, 40))}`);
  // The pattern matched: only inf and infinity end in a letter (f or y, either case); no lower-cased copy per score.
  const last = text.charCodeAt(text.length - 1) | 0x20;
  if (last === 0x66 || last === 0x79) return text.charCodeAt(0) === 0x2d ? -Infinity : Infinity;
  return Number(text);
}

function sortedSetFromPairs(pairs: ByteString[], at: number, compact: boolean): SortedSetValue | undefined {
  rdbCheck(pairs.length % 2 === 0, at, 'sorted set blob holds an odd number of elements');
  if (pairs.length === 0) return undefined;
  const set = new SortedSetValue();
  set.compact = compact;
  for (let i = 0; i < pairs.length; i += 2) {
    rdbCheck(set.set(pairs[i], parseScore(pairs[i + 1], at)), at, 'sorted set blob has a duplicate member');
  }
  return set;
}

function plainList(input: RdbInput): ListValue | undefined {
  const count = input.count('list length');
  const elements: ByteString[] = [];
  for (let i = 0; i < count; i++) elements.push(input.string());
  return listFrom(elements);
}

function plainSet(input: RdbInput, limits: RdbEncodingLimits): SetValue | undefined {
  const count = input.count('set size');
  if (count === 0) return undefined;
  const set = new SetValue();
  let integers = true;
  for (let i = 0; i < count; i++) {
    const at = input.offset;
    const member = input.string();
    if (integers && canonicalInteger(member) === undefined) integers = false;
    rdbCheck(set.set(member, true), at, 'duplicate set member');
  }
  set.compact = count <= Math.min(limits.setMaxIntsetEntries, INTSET_ENTRIES_CAP) && integers;
  return set;
}

function plainSortedSet(input: RdbInput, type: number, limits: RdbEncodingLimits): SortedSetValue | undefined {
  const count = input.count('sorted set size');
  if (count === 0) return undefined;
  const members: ByteString[] = [];
  const scores: number[] = [];
  let longest = 0;
  let total = 0;
  const seen = new Set<ByteString>();
  for (let i = 0; i < count; i++) {
    const at = input.offset;
    members.push(input.string());
    scores.push(type === RDB_TYPE_ZSET_2 ? input.binaryDouble() : input.textDouble());
    rdbCheck(!Number.isNaN(scores[i]), at, 'sorted set score is NaN');
    rdbCheck(!seen.has(members[i]), at, 'duplicate sorted set member');
    seen.add(members[i]);
    longest = Math.max(longest, members[i].length);
    total += members[i].length;
  }
  const set = new SortedSetValue();
  set.compact = count <= limits.zsetMaxListpackEntries && longest <= limits.zsetMaxListpackValue && total < LISTPACK_SAFE_BYTES;
  for (let i = 0; i < count; i++) set.set(members[i], scores[i]);
  return set;
}

function plainHash(input: RdbInput, limits: RdbEncodingLimits): HashValue | undefined {
  const count = input.count('hash size');
  if (count === 0) return undefined;
  const hash = new HashValue();
  let compact = count <= limits.hashMaxListpackEntries;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const at = input.offset;
    const field = input.string();
    const value = input.string();
    total += field.length + value.length;
    if (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue || total >= LISTPACK_SAFE_BYTES) compact = false;
    rdbCheck(hash.set(field, value), at, 'duplicate hash field');
  }
  hash.compact = compact;
  return hash;
}

/** QUICKLIST (ziplist nodes) and QUICKLIST_2 (PLAIN or PACKED listpack nodes); empty nodes are skipped. */
function quicklist(input: RdbInput, type: number): ListValue | undefined {
  const nodes = input.count('quicklist node count');
  const elements: ByteString[] = [];
  for (let i = 0; i < nodes; i++) {
    let container = QUICKLIST_NODE_PACKED;
    if (type === RDB_TYPE_LIST_QUICKLIST_2) {
      const at = input.offset;
      container = input.length('quicklist container');
      if (container !== QUICKLIST_NODE_PACKED && container !== QUICKLIST_NODE_PLAIN) throw new RdbFormatError(at, `quicklist node has an unknown container ${container}`);
    }
    const at = input.offset;
    const blob = input.stringBytes(true);
    rdbCheck(blob.length > 0, at, 'quicklist node is empty');
    const blobAt = input.offset - blob.length;
    if (container === QUICKLIST_NODE_PLAIN) {
      elements.push(String.fromCharCode.apply(null, blob as unknown as number[]));
      continue;
    }
    const nodeElements = type === RDB_TYPE_LIST_QUICKLIST_2 ? decodeListpack(blob, blobAt) : decodeZiplist(blob, blobAt);
    for (const element of nodeElements) elements.push(element);
  }
  return listFrom(elements);
}
