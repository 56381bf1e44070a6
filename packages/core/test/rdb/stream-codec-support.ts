/**
 * Helpers for the stream codec's tests: the fixtures taken from redis-server 7.0.15
 * (fixtures/streams/*.json, written by make-stream-fixtures.sh), the value part of a DUMP
 * payload, XINFO STREAM FULL rendered from a StreamValue the way redis-cli --json prints it, a
 * complete comparable description of a stream (nodes included), and a builder for hand-made
 * payloads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ENTRIES_READ_UNKNOWN } from '../../src/keyspace/stream/pending-list.js';
import { formatId, MAX_ID, MIN_ID, type StreamId } from '../../src/keyspace/stream/stream-id.js';
import type { StreamValue } from '../../src/keyspace/stream/stream-value.js';
import { DEFAULT_ENCODING_LIMITS } from '../../src/rdb/encoding-limits.js';
import { encodeListpack } from '../../src/rdb/listpack.js';
import { RdbInput } from '../../src/rdb/rdb-input.js';
import { RdbOutput, type Compressor } from '../../src/rdb/rdb-output.js';
import { decodeStreamValue, encodeStreamValue } from '../../src/rdb/stream-codec.js';
import { idHalves } from '../../src/rdb/stream-node-listpack.js';

export interface StreamFixture {
  readonly name: string;
  /** CONFIG SET pairs applied before the commands. */
  readonly config: string[];
  readonly commands: string[][];
  /** `DUMP s`, hex. */
  readonly dump: string;
  /** `XINFO STREAM s FULL COUNT 0` as redis-cli --json printed it. */
  readonly xinfo: Record<string, unknown>;
}

const FIXTURE_DIRECTORY = new URL('./fixtures/streams/', import.meta.url);

export function loadFixtures(): StreamFixture[] {
  return readdirSync(FIXTURE_DIRECTORY).filter((file) => file.endsWith('.json')).sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, FIXTURE_DIRECTORY), 'utf8')) as StreamFixture);
}

/** The type byte and the value of a DUMP payload (type + value + 2-byte RDB version + 8-byte CRC-64). */
export function valuePart(fixture: StreamFixture): { type: number; value: Uint8Array } {
  const payload = Uint8Array.from(Buffer.from(fixture.dump, 'hex'));
  return { type: payload[0], value: payload.subarray(1, payload.length - 10) };
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function encode(stream: StreamValue, compressor?: Compressor): Uint8Array {
  const output = new RdbOutput({ compressor });
  expect(encodeStreamValue(output, stream, DEFAULT_ENCODING_LIMITS)).toBe(19);
  return output.take();
}

/** Decodes a whole value; it must consume every byte. */
export function decode(value: Uint8Array, type = 19): StreamValue {
  const input = new RdbInput(value);
  const stream = decodeStreamValue(input, type, DEFAULT_ENCODING_LIMITS);
  expect(input.remaining).toBe(0);
  return stream;
}

/** XINFO STREAM key FULL COUNT 0 of `stream`, as redis-cli --json prints it, without radix-tree-nodes. */
export function xinfoFull(stream: StreamValue): Record<string, unknown> {
  const entries: unknown[] = [];
  stream.range(MIN_ID, MAX_ID, false, (id, fields) => {
    entries.push([formatId(id), [...fields]]);
    return true;
  });
  const groups = stream.sortedGroups().map(([name, group]) => ({
    name,
    'last-delivered-id': formatId(group.lastId),
    'entries-read': group.entriesRead === ENTRIES_READ_UNKNOWN ? null : group.entriesRead,
    lag: stream.lagOf(group),
    'pel-count': group.pending.size,
    pending: [...group.pending.entries()].map(([id, entry]) => [formatId(id), entry.consumer.name, entry.deliveryTimeMs, entry.deliveryCount]),
    consumers: group.sortedConsumers().map((consumer) => ({
      name: consumer.name,
      'seen-time': consumer.seenTimeMs,
      'pel-count': consumer.pending.size,
      pending: [...consumer.pending.entries()].map(([id, entry]) => [formatId(id), entry.deliveryTimeMs, entry.deliveryCount]),
    })),
  }));
  return {
    length: stream.length,
    'radix-tree-keys': stream.nodes.length,
    'last-generated-id': formatId(stream.lastId),
    'max-deleted-entry-id': formatId(stream.maxDeletedId),
    'entries-added': stream.entriesAdded,
    'recorded-first-entry-id': formatId(stream.firstId),
    entries,
    groups,
  };
}

/** Everything a stream holds, nodes and tombstones included, in a comparable form. */
export function describeStream(stream: StreamValue) {
  const nodes = stream.nodes.map((node) => ({
    master: node.master,
    bytes: node.bytes,
    live: node.live,
    entries: node.ids.map((id, position) => [formatId(id), node.isLive(position), node.fieldsAt(position)]),
  }));
  const groups = stream.sortedGroups().map(([name, group]) => ({
    name,
    lastId: formatId(group.lastId),
    entriesRead: group.entriesRead,
    pending: [...group.pending.entries()].map(([id, entry]) => [formatId(id), entry.consumer.name, entry.deliveryTimeMs, entry.deliveryCount]),
    consumers: group.sortedConsumers().map((consumer) => ({
      name: consumer.name,
      seen: consumer.seenTimeMs,
      pending: [...consumer.pending.entries()].map(([id, entry]) => [formatId(id), entry === group.pending.get(id)]),
    })),
  }));
  const { length, lastId, firstId, maxDeletedId, entriesAdded } = stream;
  return { nodes, length, lastId: formatId(lastId), firstId: formatId(firstId), maxDeletedId: formatId(maxDeletedId), entriesAdded, groups };
}

/** Writes a hand-made stream value with RDB's primitives. */
export class PayloadBuilder {
  readonly output = new RdbOutput();

  length(value: number): this {
    this.output.lengthValue(value);
    return this;
  }

  ids(...ids: StreamId[]): this {
    for (const id of ids) for (const half of idHalves(id)) this.output.lengthValue(Number(half));
    return this;
  }

  rawId(id: StreamId): this {
    this.output.writer.byteString(id);
    return this;
  }

  node(key: StreamId, elements: string[]): this {
    this.output.lengthValue(key.length);
    this.output.writer.byteString(key);
    this.output.blob(encodeListpack(elements));
    return this;
  }

  string(value: string): this {
    this.output.string(value);
    return this;
  }

  milliseconds(value: number): this {
    this.output.milliseconds(value);
    return this;
  }

  take(): Uint8Array {
    return this.output.take();
  }
}
