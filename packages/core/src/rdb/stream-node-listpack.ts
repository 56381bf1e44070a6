/**
 * One stream node as the listpack redis-server 7.0 keeps under the node's key in its radix tree
 * (t_stream.c, streamAppendItem), and stream IDs as RDB writes them (two unsigned 64-bit halves).
 *
 * Layout: the master entry — live count, deleted count, the number of master fields, the field
 * names of the node's first entry, 0 — then per entry: flags (1 deleted, 2 same fields as the
 * master), the ms and seq differences from the node key (int64, wrapping modulo 2^64), then the
 * values only (same fields) or the field count and the fields and values, then lp-count, the
 * number of elements the entry took (a back-pointer for reverse walks).
 *
 * Encoding writes exactly what Redis's appends build, so a node with Redis's history is
 * byte-identical. Decoding checks more than Redis's deep sanitization
 * (streamValidateListpackIntegrity) so that a node Ballast builds is always consistent: the
 * counts agree with the flags, the first entry's ID is the node key, IDs strictly increase,
 * no node is empty, nothing follows the last entry. Failures are RdbFormatError.
 */
import { streamId, type StreamId } from '../keyspace/stream/stream-id.js';
import { StreamNode } from '../keyspace/stream/stream-node.js';
import type { ByteString } from '../resp/byte-string.js';
import { canonicalInteger, decodeListpack, encodeListpack } from './listpack.js';
import { rdbCheck } from './rdb-error.js';

const FLAG_DELETED = 1;
const FLAG_SAME_FIELDS = 2;
const U64_MASK = (1n << 64n) - 1n;
const TWO_32 = 2 ** 32;
/** A half whose high word is below this is an exact double (< 2^53). */
const EXACT_HIGH_LIMIT = 2 ** 21;
/** A canonical integer of at most 15 digits: exact as a double, parsed without BigInt. */
const SMALL_INTEGER = /^(?:0|-?[1-9][0-9]{0,14})$/;

/** The ms and seq halves of an encoded ID. */
export function idHalves(id: StreamId): [bigint, bigint] {
  let ms = 0n;
  let seq = 0n;
  for (let index = 0; index < 8; index++) {
    ms = (ms << 8n) | BigInt(id.charCodeAt(index));
    seq = (seq << 8n) | BigInt(id.charCodeAt(index + 8));
  }
  return [ms, seq];
}

/** The encoded ID of two halves, each taken modulo 2^64. */
export function idFromHalves(ms: bigint, seq: bigint): StreamId {
  const codes = new Array<number>(16);
  let high = ms & U64_MASK;
  let low = seq & U64_MASK;
  for (let index = 7; index >= 0; index--) {
    codes[index] = Number(high & 0xffn);
    codes[index + 8] = Number(low & 0xffn);
    high >>= 8n;
    low >>= 8n;
  }
  return String.fromCharCode(...codes);
}

/**
 * The half of `id` at `offset` (0: ms, 8: seq) as a number when it is below 2^53, else -1: the
 * common case then needs no BigInt.
 */
function exactHalf(id: StreamId, offset: number): number {
  const high = ((id.charCodeAt(offset) << 24) >>> 0) + (id.charCodeAt(offset + 1) << 16) + (id.charCodeAt(offset + 2) << 8) + id.charCodeAt(offset + 3);
  if (high >= EXACT_HIGH_LIMIT) return -1;
  const low = ((id.charCodeAt(offset + 4) << 24) >>> 0) + (id.charCodeAt(offset + 5) << 16) + (id.charCodeAt(offset + 6) << 8) + id.charCodeAt(offset + 7);
  return high * TWO_32 + low;
}

/** The ID `master + (msDelta, seqDelta)`, each half wrapping modulo 2^64 as Redis's uint64 sums do. */
function idFromDeltas(master: StreamId, msDelta: number | bigint, seqDelta: number | bigint): StreamId {
  if (typeof msDelta === 'number' && typeof seqDelta === 'number') {
    const masterMs = exactHalf(master, 0);
    const masterSeq = exactHalf(master, 8);
    const ms = masterMs + msDelta;
    const seq = masterSeq + seqDelta;
    if (masterMs >= 0 && masterSeq >= 0 && ms >= 0 && ms <= Number.MAX_SAFE_INTEGER && seq >= 0 && seq <= Number.MAX_SAFE_INTEGER) return streamId(ms, seq);
  }
  const [bigMs, bigSeq] = idHalves(master);
  return idFromHalves(bigMs + BigInt(msDelta), bigSeq + BigInt(seqDelta));
}

/** `id - base` in the half at `offset`, as the int64 Redis stores (uint64 subtraction read as signed). */
function delta(id: StreamId, base: StreamId, offset: number): ByteString {
  const value = exactHalf(id, offset);
  const origin = exactHalf(base, offset);
  if (value >= 0 && origin >= 0) return String(value - origin);
  const index = offset === 0 ? 0 : 1;
  return BigInt.asIntN(64, idHalves(id)[index] - idHalves(base)[index]).toString();
}

function sameFieldsAsMaster(fields: readonly ByteString[], master: readonly ByteString[]): boolean {
  if (fields.length !== master.length * 2) return false;
  for (let index = 0; index < master.length; index++) if (fields[index * 2] !== master[index]) return false;
  return true;
}

/** The node's listpack, as Redis's appends (and XDEL/XTRIM flag updates) leave it. */
export function encodeNodeListpack(node: StreamNode): Uint8Array {
  const master = node.master;
  const elements: ByteString[] = [String(node.live), String(node.ids.length - node.live), String(master.length), ...master, '0'];
  const key = node.ids[0];
  for (let position = 0; position < node.ids.length; position++) {
    const fields = node.fieldsAt(position);
    const sameFields = sameFieldsAsMaster(fields, master);
    const id = node.ids[position];
    const flags = (sameFields ? FLAG_SAME_FIELDS : 0) | (node.isLive(position) ? 0 : FLAG_DELETED);
    elements.push(String(flags), delta(id, key, 0), delta(id, key, 8));
    const pairs = fields.length / 2;
    if (sameFields) {
      for (let index = 1; index < fields.length; index += 2) elements.push(fields[index]);
      elements.push(String(pairs + 3));
    } else {
      elements.push(String(pairs), ...fields, String(pairs * 2 + 4));
    }
  }
  return encodeListpack(elements);
}

/** Walks a node's elements; every failure names the listpack's offset and what was wrong. */
class ElementReader {
  position = 0;

  constructor(private readonly elements: readonly ByteString[], readonly offset: number) {}

  get atEnd(): boolean {
    return this.position === this.elements.length;
  }

  check(condition: boolean, reason: string): asserts condition {
    rdbCheck(condition, this.offset, `stream node listpack: ${reason}`);
  }

  next(what: string): ByteString {
    this.check(this.position < this.elements.length, `ends before ${what}`);
    return this.elements[this.position++];
  }

  /** An int64 element: a number when it has at most 15 digits (the common case), else a bigint. */
  integer(what: string): number | bigint {
    const text = this.next(what);
    if (SMALL_INTEGER.test(text)) return Number(text);
    const value = canonicalInteger(text);
    this.check(value !== undefined, `${what} is not an integer`);
    return value;
  }

  /** An integer in [0, max]. */
  bounded(what: string, max: number): number {
    const value = this.integer(what);
    this.check(typeof value === 'number' && value >= 0 && value <= max, `${what} ${value} is out of range`);
    return value;
  }

  /** A count of items that follow, each at least `width` elements. */
  count(what: string, width = 1): number {
    return this.bounded(what, Math.floor((this.elements.length - this.position - 1) / width));
  }

  take(count: number, what: string): ByteString[] {
    this.check(this.position + count <= this.elements.length, `ends inside ${what}`);
    const out = this.elements.slice(this.position, this.position + count);
    this.position += count;
    return out;
  }
}

/** The fields and values of one entry (after its flags and ID); checks its lp-count. */
function readEntryFields(reader: ElementReader, flags: number, master: readonly ByteString[]): ByteString[] {
  let fields: ByteString[];
  let expectedCount: number;
  if ((flags & FLAG_SAME_FIELDS) !== 0) {
    const values = reader.take(master.length, 'an entry\'s values');
    fields = new Array<ByteString>(master.length * 2);
    for (let index = 0; index < master.length; index++) {
      fields[index * 2] = master[index];
      fields[index * 2 + 1] = values[index];
    }
    expectedCount = master.length + 3;
  } else {
    const pairs = reader.count('an entry\'s field count', 2);
    fields = reader.take(pairs * 2, 'an entry\'s fields');
    expectedCount = pairs * 2 + 4;
  }
  const lpCount = reader.integer('an entry\'s lp-count');
  reader.check(lpCount === expectedCount, `lp-count ${lpCount} where the entry took ${expectedCount} elements`);
  return fields;
}

/**
 * The node stored under `key` as `bytes` (a listpack; `offset` is where it sits in the input).
 * Throws RdbFormatError unless it is a well-formed, non-empty node whose entries start at `key`.
 */
export function decodeNodeListpack(key: StreamId, bytes: Uint8Array, offset: number): StreamNode {
  const reader: ElementReader = new ElementReader(decodeListpack(bytes, offset), offset);
  const live = reader.count('the live entry count');
  const deleted = reader.count('the deleted entry count');
  const master = reader.take(reader.count('the master field count'), 'the master fields');
  reader.check(reader.integer('the master entry terminator') === 0, 'the master entry does not end with 0');
  const total = live + deleted;
  reader.check(total > 0, 'a node without entries');
  const node = StreamNode.startingWith(master.flatMap((field) => [field, '']));
  let deletedSeen = 0;
  for (let position = 0; position < total; position++) {
    const flags = reader.bounded('an entry\'s flags', FLAG_DELETED | FLAG_SAME_FIELDS);
    const msDelta = reader.integer('an ID\'s ms delta');
    const id = idFromDeltas(key, msDelta, reader.integer('an ID\'s seq delta'));
    if (position === 0) reader.check(id === key, 'the first entry\'s ID is not the node key');
    else reader.check(id > node.ids[position - 1], 'entry IDs out of order');
    node.append(id, readEntryFields(reader, flags, master));
    if ((flags & FLAG_DELETED) !== 0) {
      node.deleteAt(position);
      deletedSeen++;
    }
  }
  reader.check(reader.atEnd, 'elements after the last entry');
  reader.check(deletedSeen === deleted, `the master entry counts ${deleted} deleted entries, the flags ${deletedSeen}`);
  return node;
}
