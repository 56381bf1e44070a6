/**
 * Stream values in RDB (RDB_TYPE_STREAM_LISTPACKS and _2), as redis-server 7.0.15 saves and
 * loads them. Being written: the signatures are final.
 */
import type { StreamValue } from '../keyspace/stream/stream-value.js';
import type { RdbEncodingLimits } from './encoding-limits.js';
import type { RdbInput } from './rdb-input.js';
import type { RdbOutput } from './rdb-output.js';

export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;

/** Writes `stream` (not the type byte); returns the type written, RDB_TYPE_STREAM_LISTPACKS_2. */
export function encodeStreamValue(output: RdbOutput, stream: StreamValue, limits: RdbEncodingLimits): number {
  void output; void stream; void limits;
  throw new Error('encodeStreamValue: not written yet');
}

/** Reads a stream value of `type` (15 or 19); throws only RdbFormatError on bad input. */
export function decodeStreamValue(input: RdbInput, type: number, limits: RdbEncodingLimits): StreamValue {
  void limits;
  return input.fail(`stream type ${type} not readable yet`);
}
