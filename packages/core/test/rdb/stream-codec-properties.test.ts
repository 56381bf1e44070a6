/**
 * Stream codec properties: any stream built with the API the stream commands use (XADD's append,
 * XDEL's delete, XTRIM's trim, XGROUP's groups, XREADGROUP/XCLAIM's assign, XACK) survives
 * encode → decode whole — nodes, tombstones, counters, groups — and re-encodes to the same
 * bytes, with and without compression; and damaged fixtures (bytes flipped, cut, inserted) only
 * ever fail with RdbFormatError, while whatever they decode to is a stream that works.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConsumerGroup, ENTRIES_READ_UNKNOWN } from '../../src/keyspace/stream/pending-list.js';
import { MAX_ID, MIN_ID, type StreamId } from '../../src/keyspace/stream/stream-id.js';
import { StreamValue, type NodeLimits } from '../../src/keyspace/stream/stream-value.js';
import { bytesToByteString } from '../../src/resp/byte-string.js';
import { DEFAULT_ENCODING_LIMITS } from '../../src/rdb/encoding-limits.js';
import { rdbCompressor } from '../../src/rdb/lzf.js';
import { RdbFormatError } from '../../src/rdb/rdb-error.js';
import { RdbInput } from '../../src/rdb/rdb-input.js';
import { decodeStreamValue } from '../../src/rdb/stream-codec.js';
import { idFromHalves, idHalves } from '../../src/rdb/stream-node-listpack.js';
import { decode, describeStream, encode, hex, loadFixtures, valuePart } from './stream-codec-support.js';

type Operation =
  | { kind: 'add'; msStep: bigint; seq: bigint; fields: string[] }
  | { kind: 'delete'; pick: number }
  | { kind: 'trim'; strategy: 'maxlen' | 'minid'; amount: number; approximate: boolean }
  | { kind: 'group'; name: string; pick: number; unknownRead: boolean }
  | { kind: 'deliver'; group: number; consumer: string; pick: number; timeMs: number; count: number }
  | { kind: 'ack'; group: number; pick: number }
  | { kind: 'setId'; msStep: bigint; added: number };

const text = fc.oneof(fc.constantFrom('f', 'g', 'name', '1', '-7', '', '9223372036854775807', 'x'.repeat(70)), fc.uint8Array({ maxLength: 12 }).map((bytes) => bytesToByteString(bytes)));
const fields = fc.array(fc.tuple(fc.constantFrom('f', 'g', '1', 'field'), text), { minLength: 1, maxLength: 3 }).map((pairs) => pairs.flat());
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('add' as const), msStep: fc.oneof({ weight: 5, arbitrary: fc.bigInt({ min: 0n, max: 3n }) }, { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 1n << 62n }) }), seq: fc.oneof({ weight: 5, arbitrary: fc.bigInt({ min: 0n, max: 5n }) }, { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }), fields }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trim' as const), strategy: fc.constantFrom('maxlen' as const, 'minid' as const), amount: fc.nat(30), approximate: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('group' as const), name: fc.constantFrom('g', 'readers', '42', 'a-consumer-group-with-a-long-name'), pick: fc.nat(), unknownRead: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deliver' as const), group: fc.nat(), consumer: fc.constantFrom('alice', 'bob', '7', ''), pick: fc.nat(), timeMs: fc.integer({ min: -1, max: 2 ** 45 }), count: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ack' as const), group: fc.nat(), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('setId' as const), msStep: fc.bigInt({ min: 0n, max: 1000n }), added: fc.nat(50) }) },
);
const limits: fc.Arbitrary<NodeLimits> = fc.record({ entriesMax: fc.constantFrom(0, 1, 3, 100), bytesMax: fc.constantFrom(0, 60, 200, 4096) });

/** Applies one operation as the stream commands would; `added` lists every ID ever added. */
function apply(stream: StreamValue, operation: Operation, nodeLimits: NodeLimits, added: StreamId[]): void {
  const pickId = (pick: number) => (added.length === 0 ? MIN_ID : added[pick % added.length]);
  const groups = stream.sortedGroups();
  const pickGroup = (pick: number) => (groups.length === 0 ? undefined : groups[pick % groups.length][1]);
  switch (operation.kind) {
    case 'add': {
      const [ms, seq] = idHalves(stream.lastId);
      const id = operation.msStep === 0n ? idFromHalves(ms, seq + 1n) : idFromHalves(ms + operation.msStep, operation.seq);
      if (id <= stream.lastId) return;
      stream.append(id, operation.fields, nodeLimits);
      added.push(id);
      return;
    }
    case 'delete': {
      const id = pickId(operation.pick);
      if (!stream.delete(id)) return;
      if (id > stream.maxDeletedId) stream.maxDeletedId = id;
      if (stream.length === 0) stream.firstId = MIN_ID;
      else if (id === stream.firstId) stream.firstId = stream.edgeId(false) as StreamId;
      return;
    }
    case 'trim': {
      const minId = pickId(operation.amount);
      stream.trim({ strategy: operation.strategy, maxLength: operation.amount, minId, approximate: operation.approximate, limit: 0 });
      return;
    }
    case 'group': {
      if (stream.groups.has(operation.name)) return;
      const lastId = pickId(operation.pick);
      stream.groups.set(operation.name, new ConsumerGroup(lastId, operation.unknownRead ? ENTRIES_READ_UNKNOWN : stream.estimateEntriesRead(lastId)));
      return;
    }
    case 'deliver': {
      const group = pickGroup(operation.group);
      if (group === undefined || added.length === 0) return;
      const { consumer } = group.consumer(operation.consumer, operation.timeMs);
      group.assign(pickId(operation.pick), consumer, operation.timeMs, operation.count);
      return;
    }
    case 'ack':
      pickGroup(operation.group)?.acknowledge(pickId(operation.pick));
      return;
    case 'setId': {
      const [ms, seq] = idHalves(stream.lastId);
      const lastId = idFromHalves(ms + operation.msStep, seq);
      if (lastId < stream.lastId) return;
      stream.lastId = lastId;
      stream.entriesAdded += operation.added;
    }
  }
}

function build(operations: Operation[], nodeLimits: NodeLimits): StreamValue {
  const stream = new StreamValue();
  const added: StreamId[] = [];
  for (const step of operations) apply(stream, step, nodeLimits, added);
  return stream;
}

describe('stream codec properties', () => {
  it('encode → decode rebuilds every stream whole, and re-encodes to the same bytes', () => {
    fc.assert(fc.property(fc.array(operation, { minLength: 20, maxLength: 120 }), limits, fc.boolean(), (operations, nodeLimits, compress) => {
      const stream = build(operations, nodeLimits);
      const compressor = compress ? rdbCompressor : undefined;
      const bytes = encode(stream, compressor);
      const decoded = decode(bytes);
      expect(describeStream(decoded)).toEqual(describeStream(stream));
      expect(hex(encode(decoded, compressor))).toBe(hex(bytes));
    }), { numRuns: 300 });
  });
});

/** Whatever a damaged value decodes to must work: read it, measure lag, and save it again. */
function exercise(stream: StreamValue): void {
  let count = 0;
  stream.range(MIN_ID, MAX_ID, false, () => ++count > 0);
  stream.range(MIN_ID, MAX_ID, true, () => true);
  expect(count).toBe(stream.length);
  for (const [, group] of stream.groups) {
    stream.lagOf(group);
    for (const [id, entry] of group.pending.entries()) expect(entry.consumer.pending.get(id)).toBe(entry);
  }
  expect(describeStream(decode(encode(stream)))).toEqual(describeStream(stream));
}

function decodeDamaged(bytes: Uint8Array, type: number): void {
  let stream: StreamValue;
  try {
    stream = decodeStreamValue(new RdbInput(bytes), type, DEFAULT_ENCODING_LIMITS);
  } catch (error) {
    expect(error).toBeInstanceOf(RdbFormatError);
    return;
  }
  exercise(stream);
}

describe('damaged stream values', () => {
  const values = loadFixtures().map((fixture) => valuePart(fixture).value).filter((value) => value.length < 2000);

  it('fail with RdbFormatError only, and decode to working streams otherwise', () => {
    const damage = fc.record({
      which: fc.nat(values.length - 1),
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      mode: fc.constantFrom('flip', 'set', 'cut', 'insert', 'delete'),
      type: fc.constantFrom(15, 19),
    });
    fc.assert(fc.property(damage, ({ which, at, byte, mode, type }) => {
      const value = values[which];
      const position = at % value.length;
      let damaged: Uint8Array;
      if (mode === 'cut') damaged = value.slice(0, position);
      else if (mode === 'insert') damaged = Uint8Array.from([...value.subarray(0, position), byte, ...value.subarray(position)]);
      else if (mode === 'delete') damaged = Uint8Array.from([...value.subarray(0, position), ...value.subarray(position + 1)]);
      else {
        damaged = value.slice();
        damaged[position] = mode === 'flip' ? damaged[position] ^ (1 << (byte & 7)) : byte;
      }
      decodeDamaged(damaged, type);
    }), { numRuns: 3000 });
  });
});
