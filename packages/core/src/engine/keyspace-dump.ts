/**
 * A canonical, comparable picture of an engine's whole keyspace (every shard, every database),
 * one sorted line per key (and per function library): how tests and the simulator check that replaying a log rebuilds
 * exactly the state that wrote it.
 */
import type { Engine } from './engine.js';
import { HashValue, ListValue, SetValue, SortedSetValue, StreamValue, type Value } from '../keyspace/values.js';
import { formatId, MAX_ID, MIN_ID } from '../keyspace/stream/stream-id.js';

export function dumpKeyspace(engine: Engine): string[] {
  const lines: string[] = [];
  engine.shards.forEach((databases, shard) => {
    databases.forEach((database, index) => {
      for (const [key, value] of database.entries.entries()) {
        const expireAtMs = database.expires.get(key);
        lines.push(`${shard}/${index} ${JSON.stringify(key)} ${describe(value)}${expireAtMs === undefined ? '' : ` @${expireAtMs}`}`);
      }
    });
  });
  for (const code of engine.scripting.libraryCodes()) lines.push(`function library ${JSON.stringify(code)}`);
  return lines.sort();
}

function describe(value: Value): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (value instanceof ListValue) return `list ${JSON.stringify([...value])}`;
  if (value instanceof SetValue) return `set ${JSON.stringify([...value.keys()].sort())}`;
  if (value instanceof HashValue) return `hash ${JSON.stringify([...value.entries()].sort())}`;
  if (value instanceof SortedSetValue) return `zset ${JSON.stringify([...value.entries()])}`;
  if (value instanceof StreamValue) return `stream ${describeStream(value)}`;
  throw new Error('unknown value type');
}

/** Everything XINFO STREAM FULL reports but the node layout (radix-tree-keys/-nodes). */
function describeStream(stream: StreamValue): string {
  const entries: unknown[] = [];
  stream.range(MIN_ID, MAX_ID, false, (id, fields) => {
    entries.push([formatId(id), fields]);
    return true;
  });
  const groups = stream.sortedGroups().map(([name, group]) => ({
    name, lastId: formatId(group.lastId), entriesRead: group.entriesRead,
    pending: [...group.pending.entries()].map(([id, entry]) => [formatId(id), entry.consumer.name, entry.deliveryTimeMs, entry.deliveryCount]),
    consumers: group.sortedConsumers().map((consumer) => [consumer.name, consumer.seenTimeMs, [...consumer.pending.entries()].map(([id]) => formatId(id))]),
  }));
  return JSON.stringify({
    length: stream.length, lastId: formatId(stream.lastId), firstId: formatId(stream.firstId), maxDeletedId: formatId(stream.maxDeletedId),
    entriesAdded: stream.entriesAdded, entries, groups,
  });
}
