/**
 * Typed key lookups shared by the command families: the value under a key if it has the
 * expected type, undefined if the key is missing, or the WRONGTYPE error.
 */
import type { DatabaseView } from '../keyspace/database-view.js';
import type { Value } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';
import type { ErrorReply } from '../resp/reply.js';
import { WRONG_TYPE } from './errors.js';

type ValueClass<T> = abstract new (...args: never[]) => T;

/** Looks `key` up for reading (counts a hit or miss). */
export function readTyped<T extends Value>(db: DatabaseView, key: ByteString, type: ValueClass<T>): T | undefined | ErrorReply {
  const value = db.lookupRead(key);
  if (value === undefined) return undefined;
  return value instanceof type ? value : WRONG_TYPE;
}

/** Looks `key` up for writing (no statistics). */
export function writeTyped<T extends Value>(db: DatabaseView, key: ByteString, type: ValueClass<T>): T | undefined | ErrorReply {
  const value = db.lookupWrite(key);
  if (value === undefined) return undefined;
  return value instanceof type ? value : WRONG_TYPE;
}
