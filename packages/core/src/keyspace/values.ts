/**
 * The value types a key can hold. A string value is a plain byte string (the common case costs
 * no wrapper object); collections are classes so `instanceof` tells the type. Empty collections
 * are never stored: a command that empties one deletes the key, as Redis does.
 *
 * `snapshotEpoch` marks a collection captured by a running AOF rewrite: the database copies it
 * before the first in-place change, so the snapshot keeps the value it captured.
 *
 * `compact` mirrors Redis's small encodings (listpack, intset) for OBJECT ENCODING: it starts
 * true and, like Redis's one-way conversion, is cleared for good once a limit is crossed.
 */
import type { ByteString } from '../resp/byte-string.js';
import { DenseMap } from './dense-map.js';
import { Deque } from './deque.js';
import { SortedSetValue } from './sorted-set.js';
import { StreamValue } from './stream/stream-value.js';

export class HashValue extends DenseMap<ByteString, ByteString> {
  compact = true;
  snapshotEpoch = 0;
}

export class SetValue extends DenseMap<ByteString, true> {
  compact = true;
  snapshotEpoch = 0;
}

export class ListValue extends Deque<ByteString> {
  snapshotEpoch = 0;
}

export { SortedSetValue, StreamValue };

export type Value = ByteString | HashValue | ListValue | SetValue | SortedSetValue | StreamValue;

export type ValueType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';

export function typeOfValue(value: Value): ValueType {
  if (typeof value === 'string') return 'string';
  if (value instanceof HashValue) return 'hash';
  if (value instanceof ListValue) return 'list';
  if (value instanceof SetValue) return 'set';
  if (value instanceof StreamValue) return 'stream';
  return 'zset';
}
