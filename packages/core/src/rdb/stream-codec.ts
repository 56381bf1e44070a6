/**
 * Stream values in RDB, as redis-server 7.0.15 saves and loads them (rdb.c, the OBJ_STREAM
 * branches of rdbSaveObject and rdbLoadObject): the node count, each node's key (its first ID,
 * 16 bytes big-endian) and listpack (stream-node-listpack.ts), the length, the last ID, then for
 * RDB_TYPE_STREAM_LISTPACKS_2 the recorded first ID, the max deleted ID and entries-added; then
 * the consumer groups (name, last-delivered ID, entries-read in type 19, the group's pending
 * entries with delivery time and count, then each consumer with its seen time and the IDs it
 * owns). IDs and counters are RDB lengths, 64-bit where they need it.
 *
 * The encoder writes Ballast's nodes as they are, so where Ballast's node boundaries and
 * tombstones equal Redis's the value is byte-identical to Redis's. The decoder rebuilds every
 * piece of state XINFO STREAM FULL reports and refuses, with RdbFormatError only, anything that
 * is not a stream Redis could have saved: nodes out of order or overlapping, inconsistent node
 * counts, a length that disagrees with the nodes, a last ID below an entry, duplicate groups,
 * consumers or pending entries, and pending entries with no owner or two.
 */
import { Consumer, ConsumerGroup, ENTRIES_READ_UNKNOWN } from '../keyspace/stream/pending-list.js';
import { MAX_ID, MIN_ID, type StreamId } from '../keyspace/stream/stream-id.js';
import { StreamValue } from '../keyspace/stream/stream-value.js';
import { bytesToByteString, type ByteString } from '../resp/byte-string.js';
import type { RdbEncodingLimits } from './encoding-limits.js';
import { RDB_TYPE_STREAM_LISTPACKS, RDB_TYPE_STREAM_LISTPACKS_2 } from './rdb-constants.js';
import { rdbCheck } from './rdb-error.js';
import type { RdbInput } from './rdb-input.js';
import type { RdbOutput } from './rdb-output.js';
import { decodeNodeListpack, encodeNodeListpack, idFromHalves, idHalves } from './stream-node-listpack.js';

const ID_BYTES = 16;
const U32_MAX = 0xffff_ffffn;
const U64_MAX = (1n << 64n) - 1n;
const LENGTH_64 = 0x81;
const LZF_STRING = 0xc3;
/** liblzf's best case: a 3-byte back reference expands to 264 bytes. */
const LZF_EXPANSION_MAX = 88;

/** An RDB length of up to 64 bits (rdbSaveLen): a plain length, or 0x81 and 8 bytes big-endian. */
function writeLength64(output: RdbOutput, value: bigint): void {
  if (value <= U32_MAX) {
    output.lengthValue(Number(value));
    return;
  }
  output.u8(LENGTH_64);
  for (let shift = 56n; shift >= 0n; shift -= 8n) output.u8(Number((value >> shift) & 0xffn));
}

function readLength64(input: RdbInput, what: string): bigint {
  input.need(1, what);
  if (input.bytes[input.position] !== LENGTH_64) return BigInt(input.length(what));
  input.u8();
  let value = 0n;
  for (const byte of input.raw(8, what)) value = (value << 8n) | BigInt(byte);
  return value;
}

function writeId(output: RdbOutput, id: StreamId): void {
  const [ms, seq] = idHalves(id);
  writeLength64(output, ms);
  writeLength64(output, seq);
}

function readId(input: RdbInput, what: string): StreamId {
  const ms = readLength64(input, `${what} ms`);
  return idFromHalves(ms, readLength64(input, `${what} seq`));
}

/**
 * Refuses an LZF string that announces more bytes than its compressed bytes can expand to, before
 * RdbInput allocates that many (an announced 2^40 would throw RangeError, 2^31 take 2 GB).
 */
function checkLzfLength(input: RdbInput): void {
  input.need(1, 'a string');
  if (input.bytes[input.position] !== LZF_STRING) return;
  const start = input.position;
  const at = input.offset;
  input.u8();
  const compressed = input.length('compressed length');
  const length = input.length('uncompressed length');
  rdbCheck(length <= compressed * LZF_EXPANSION_MAX, at, `LZF string of ${compressed} bytes announces ${length}`);
  input.position = start;
}

function readStringBytes(input: RdbInput): Uint8Array {
  checkLzfLength(input);
  return input.stringBytes();
}

function readString(input: RdbInput): ByteString {
  checkLzfLength(input);
  return input.string();
}

/** An ID as raw bytes (pending entries store the radix-tree key as it is). */
function writeRawId(output: RdbOutput, id: StreamId): void {
  output.writer.byteString(id);
}

function readRawId(input: RdbInput): StreamId {
  return bytesToByteString(input.raw(ID_BYTES, 'a pending entry ID'));
}

/**
 * Writes `stream` (not the type byte) as redis-server 7.0.15 does; returns the type written,
 * RDB_TYPE_STREAM_LISTPACKS_2. `_limits` is not consulted: nodes are saved with the boundaries
 * they have, as Redis saves its listpacks (stream-node-max-* only decide where XADD starts one).
 */
export function encodeStreamValue(output: RdbOutput, stream: StreamValue, _limits: RdbEncodingLimits): number {
  output.lengthValue(stream.nodes.length);
  for (const node of stream.nodes) {
    output.lengthValue(ID_BYTES);
    writeRawId(output, node.ids[0]);
    output.blob(encodeNodeListpack(node));
  }
  output.lengthValue(stream.length);
  writeId(output, stream.lastId);
  writeId(output, stream.firstId);
  writeId(output, stream.maxDeletedId);
  output.lengthValue(stream.entriesAdded);
  output.lengthValue(stream.groups.size);
  for (const [name, group] of stream.sortedGroups()) encodeGroup(output, name, group);
  return RDB_TYPE_STREAM_LISTPACKS_2;
}

function encodeGroup(output: RdbOutput, name: ByteString, group: ConsumerGroup): void {
  output.string(name);
  writeId(output, group.lastId);
  writeLength64(output, BigInt.asUintN(64, BigInt(group.entriesRead)));
  output.lengthValue(group.pending.size);
  for (const [id, entry] of group.pending.entries()) {
    writeRawId(output, id);
    output.milliseconds(entry.deliveryTimeMs);
    output.lengthValue(entry.deliveryCount);
  }
  const consumers = group.sortedConsumers();
  output.lengthValue(consumers.length);
  for (const consumer of consumers) {
    output.string(consumer.name);
    output.milliseconds(consumer.seenTimeMs);
    output.lengthValue(consumer.pending.size);
    for (const [id] of consumer.pending.entries()) writeRawId(output, id);
  }
}

/**
 * Reads a stream value of `type` (RDB_TYPE_STREAM_LISTPACKS or _2) and rebuilds the whole
 * stream; throws RdbFormatError (only) when the input is not a stream Redis could have saved.
 * `_limits` is not consulted: loaded nodes keep their boundaries, as in Redis.
 */
export function decodeStreamValue(input: RdbInput, type: number, _limits: RdbEncodingLimits): StreamValue {
  rdbCheck(type === RDB_TYPE_STREAM_LISTPACKS || type === RDB_TYPE_STREAM_LISTPACKS_2, input.offset, `type ${type} is not a stream`);
  const stream = new StreamValue();
  decodeNodes(input, stream);
  decodeCounters(input, stream, type);
  const count = input.count('consumer group count');
  for (let index = 0; index < count; index++) decodeGroup(input, stream, type);
  return stream;
}

function decodeNodes(input: RdbInput, stream: StreamValue): void {
  const count = input.count('stream node count');
  let live = 0;
  for (let index = 0; index < count; index++) {
    const keyAt = input.offset;
    const key = bytesToByteString(readStringBytes(input));
    rdbCheck(key.length === ID_BYTES, keyAt, `stream node key of ${key.length} bytes, not ${ID_BYTES}`);
    const previous = stream.nodes[stream.nodes.length - 1];
    rdbCheck(previous === undefined || key > previous.ids[previous.ids.length - 1], keyAt, 'stream node keys out of order');
    const listpackAt = input.offset;
    const node = decodeNodeListpack(key, readStringBytes(input), listpackAt);
    stream.nodes.push(node);
    live += node.live;
  }
  stream.length = live;
}

/** The length (checked against the nodes), last ID and, in type 19, first ID, max deleted ID and entries-added. */
function decodeCounters(input: RdbInput, stream: StreamValue, type: number): void {
  const lengthAt = input.offset;
  const length = input.length('stream length');
  rdbCheck(length === stream.length, lengthAt, `stream length ${length} where the nodes hold ${stream.length} entries`);
  const lastAt = input.offset;
  stream.lastId = readId(input, 'stream last ID');
  const lastNode = stream.nodes[stream.nodes.length - 1];
  rdbCheck(lastNode === undefined || stream.lastId >= lastNode.ids[lastNode.ids.length - 1], lastAt, 'the last ID is below an entry');
  if (type === RDB_TYPE_STREAM_LISTPACKS) {
    // rdbLoadObject's migration from type 15: no deletions known, every entry counted once.
    stream.entriesAdded = stream.length;
    stream.maxDeletedId = MIN_ID;
    stream.firstId = stream.edgeId(false) ?? MAX_ID;
    return;
  }
  stream.firstId = readId(input, 'stream first ID');
  stream.maxDeletedId = readId(input, 'stream max deleted ID');
  const addedAt = input.offset;
  stream.entriesAdded = input.length('counter of entries added');
  rdbCheck(stream.entriesAdded >= stream.length, addedAt, `entries-added ${stream.entriesAdded} is below the length ${stream.length}`);
}

/** A group's pending entry as read, before the consumer that owns it is known. */
interface PendingRecord {
  readonly deliveryTimeMs: number;
  readonly deliveryCount: number;
  owner: Consumer | undefined;
}

function decodeEntriesRead(input: RdbInput): number {
  const at = input.offset;
  const value = readLength64(input, 'counter of entries read');
  if (value === U64_MAX) return ENTRIES_READ_UNKNOWN;
  rdbCheck(value <= BigInt(Number.MAX_SAFE_INTEGER), at, `entries-read ${value} is out of range`);
  return Number(value);
}

function decodeGroup(input: RdbInput, stream: StreamValue, type: number): void {
  const nameAt = input.offset;
  const name = readString(input);
  rdbCheck(!stream.groups.has(name), nameAt, 'duplicate consumer group');
  const lastId = readId(input, 'group last ID');
  const entriesRead = type === RDB_TYPE_STREAM_LISTPACKS_2 ? decodeEntriesRead(input) : stream.estimateEntriesRead(lastId);
  const group = new ConsumerGroup(lastId, entriesRead);
  const pending = new Map<StreamId, PendingRecord>();
  const pendingCount = input.count('pending entry count');
  for (let index = 0; index < pendingCount; index++) {
    const at = input.offset;
    const id = readRawId(input);
    const deliveryTimeMs = input.milliseconds();
    const deliveryCount = input.length('delivery count');
    rdbCheck(!pending.has(id), at, 'duplicate pending entry in a group');
    pending.set(id, { deliveryTimeMs, deliveryCount, owner: undefined });
  }
  const consumerCount = input.count('consumer count');
  for (let index = 0; index < consumerCount; index++) decodeConsumer(input, group, pending);
  const endAt = input.offset;
  for (const [id, record] of pending) {
    rdbCheck(record.owner !== undefined, endAt, 'a pending entry without a consumer');
    const entry = { consumer: record.owner, deliveryTimeMs: record.deliveryTimeMs, deliveryCount: record.deliveryCount };
    group.pending.set(id, entry);
    record.owner.pending.set(id, entry);
  }
  stream.groups.set(name, group);
}

function decodeConsumer(input: RdbInput, group: ConsumerGroup, pending: Map<StreamId, PendingRecord>): void {
  const nameAt = input.offset;
  const name = readString(input);
  rdbCheck(!group.consumers.has(name), nameAt, 'duplicate consumer in a group');
  const consumer = new Consumer(name, input.milliseconds());
  group.consumers.set(name, consumer);
  const count = input.count('a consumer\'s pending entry count');
  for (let index = 0; index < count; index++) {
    const at = input.offset;
    const record = pending.get(readRawId(input));
    rdbCheck(record !== undefined, at, 'a consumer\'s pending entry is not in its group\'s');
    rdbCheck(record.owner === undefined, at, 'a pending entry with two consumers');
    record.owner = consumer;
  }
}
