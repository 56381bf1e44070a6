/**
 * A key's whole state as commands that recreate it: what the AOF logs when a write's effect
 * cannot be logged more cheaply (a value built from other shards, a random pick), and what a
 * rewrite's base snapshot holds. Collections are split into commands of at most
 * ITEMS_PER_COMMAND elements, as Redis's AOF rewrite does; scores print with %.17g, which
 * parses back to the same double.
 */
import type { ByteString } from '../resp/byte-string.js';
import { formatDouble } from '../resp/format-double.js';
import { HashValue, ListValue, SetValue, StreamValue, type Value } from './values.js';
import { streamCommands } from './stream/stream-rebuild.js';

export const ITEMS_PER_COMMAND = 128;

/** Commands that make `key` hold `value` (with the absolute expiry `expireAtMs`, if any). */
export function valueCommands(key: ByteString, value: Value, expireAtMs: number | undefined): ByteString[][] {
  if (typeof value === 'string') {
    return [expireAtMs === undefined ? ['SET', key, value] : ['SET', key, value, 'PXAT', String(expireAtMs)]];
  }
  const commands: ByteString[][] = [['DEL', key]];
  if (value instanceof ListValue) chunk(commands, ['RPUSH', key], value, (item, args) => args.push(item));
  else if (value instanceof SetValue) chunk(commands, ['SADD', key], value.keys(), (member, args) => args.push(member));
  else if (value instanceof StreamValue) streamCommands(key, value, commands);
  else if (value instanceof HashValue) chunk(commands, ['HSET', key], value.entries(), ([field, item], args) => args.push(field, item));
  else chunk(commands, ['ZADD', key], value.entries(), ([member, score], args) => args.push(formatDouble(score), member));
  if (expireAtMs !== undefined) commands.push(['PEXPIREAT', key, String(expireAtMs)]);
  return commands;
}

function chunk<T>(commands: ByteString[][], head: readonly ByteString[], items: Iterable<T>, add: (item: T, args: ByteString[]) => void): void {
  let args: ByteString[] = [...head];
  let count = 0;
  for (const item of items) {
    add(item, args);
    if (++count === ITEMS_PER_COMMAND) {
      commands.push(args);
      args = [...head];
      count = 0;
    }
  }
  if (count > 0) commands.push(args);
}
