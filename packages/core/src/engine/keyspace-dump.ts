/**
 * A canonical, comparable picture of an engine's whole keyspace (every shard, every database),
 * one sorted line per key: how tests and the simulator check that replaying a log rebuilds
 * exactly the state that wrote it.
 */
import type { Engine } from './engine.js';
import { HashValue, ListValue, SetValue, SortedSetValue, type Value } from '../keyspace/values.js';

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
  return lines.sort();
}

function describe(value: Value): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (value instanceof ListValue) return `list ${JSON.stringify([...value])}`;
  if (value instanceof SetValue) return `set ${JSON.stringify([...value.keys()].sort())}`;
  if (value instanceof HashValue) return `hash ${JSON.stringify([...value.entries()].sort())}`;
  if (value instanceof SortedSetValue) return `zset ${JSON.stringify([...value.entries()])}`;
  throw new Error('unknown value type');
}
