/**
 * Shared plumbing of the stream commands: typed lookups, ID arguments with Redis's errors,
 * entry replies, the node limits from the config, and the exact effects stream writes report
 * (their spec logs as `reported`, commands/types.ts): each helper here that changes a stream
 * reports the command that reproduces the change, with absolute times, so replay reads no clock.
 */
import type { DatabaseView } from '../../keyspace/database-view.js';
import { ConsumerGroup, type Consumer } from '../../keyspace/stream/pending-list.js';
import { formatId, parseId, type StreamId } from '../../keyspace/stream/stream-id.js';
import type { NodeLimits } from '../../keyspace/stream/stream-value.js';
import { StreamValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../../resp/reply.js';
import { parseInt64, parseInteger } from '../arguments.js';
import { NOT_INTEGER } from '../errors.js';
import { readTyped, writeTyped } from '../lookup.js';
import type { CommandContext } from '../types.js';

export const INVALID_ID = new ErrorReply('ERR Invalid stream ID specified as stream command argument');
export const INVALID_START = new ErrorReply('ERR invalid start ID for the interval');
export const INVALID_END = new ErrorReply('ERR invalid end ID for the interval');

export function readStream(db: DatabaseView, key: ByteString): StreamValue | undefined | ErrorReply {
  return readTyped(db, key, StreamValue);
}

export function writeStream(db: DatabaseView, key: ByteString): StreamValue | undefined | ErrorReply {
  return writeTyped(db, key, StreamValue);
}

export function nodeLimits(context: CommandContext): NodeLimits {
  const config = context.engine.config;
  return { entriesMax: config.integer('stream-node-max-entries'), bytesMax: config.integer('stream-node-max-bytes') };
}

/** A strict ID (no `-`/`+`); a missing sequence is 0. */
export function strictId(text: ByteString): StreamId | ErrorReply {
  const parsed = parseId(text, { strict: true, missingSeq: 'min' });
  return parsed === undefined ? INVALID_ID : parsed.id;
}

/** A range bound: `-`, `+`, `ms` (sequence from `missingSeq`), or `(id` for an exclusive one. */
export function rangeBound(text: ByteString, missingSeq: 'min' | 'max'): { id: StreamId; exclusive: boolean } | ErrorReply {
  const exclusive = text.length > 1 && text[0] === '(';
  const parsed = exclusive ? parseId(text.slice(1), { strict: true, missingSeq }) : parseId(text, { strict: false, missingSeq });
  return parsed === undefined ? INVALID_ID : { id: parsed.id, exclusive };
}

/** A signed 64-bit integer argument (getLongLongFromObjectOrReply) as a number, or `error`. */
export function longArgument(text: ByteString, error: ErrorReply = NOT_INTEGER): number | ErrorReply {
  const value = parseInteger(text);
  return value === undefined ? error : value;
}

/** Whether a 64-bit argument parses (for values kept exact as text, such as ENTRIESREAD). */
export function isInt64(text: ByteString): boolean {
  return parseInt64(text) !== undefined;
}

/** One entry as Redis sends it: [id, [field, value, …]]. */
export function entryReply(id: StreamId, fields: readonly ByteString[]): Reply {
  return [formatId(id), fields];
}

/** A pending entry whose stream entry was deleted: [id, nil]. */
export function deletedEntryReply(id: StreamId): Reply {
  return [formatId(id), NULL_ARRAY];
}

export function noGroupError(key: ByteString, group: ByteString, suffix = ''): ErrorReply {
  return new ErrorReply(`NOGROUP No such key '${key}' or consumer group '${group}'${suffix}`);
}

/** A stream of the key that holds a group, or Redis's NOGROUP (missing key or group) / WRONGTYPE. */
export function streamGroup(stream: StreamValue | undefined | ErrorReply, key: ByteString, groupName: ByteString, suffix = ''): { stream: StreamValue; group: ConsumerGroup } | ErrorReply {
  if (stream instanceof ErrorReply) return stream;
  const group = stream?.groups.get(groupName);
  if (stream === undefined || group === undefined) return noGroupError(key, groupName, suffix);
  return { stream, group };
}

// Effects reported to the log (Ballast's forms: see groups.ts for XGROUP SETCONSUMER / SETPENDING).

export function reportConsumer(db: DatabaseView, key: ByteString, groupName: ByteString, consumer: Consumer): void {
  db.logEffect(key, ['XGROUP', 'SETCONSUMER', key, groupName, consumer.name, String(consumer.seenTimeMs)]);
}

export function reportPending(db: DatabaseView, key: ByteString, groupName: ByteString, consumer: Consumer, ids: readonly StreamId[]): void {
  if (ids.length === 0) return;
  const group = db.lookupWrite(key) as StreamValue;
  const pending = group.groups.get(groupName) as ConsumerGroup;
  // One command per run of entries that share their delivery time and count.
  let run: ByteString[] | null = null;
  let runKey = '';
  for (const id of ids) {
    const entry = pending.pending.get(id);
    if (entry === undefined) continue;
    const thisKey = `${entry.deliveryTimeMs}:${entry.deliveryCount}`;
    if (run === null || thisKey !== runKey) {
      if (run !== null) db.logEffect(key, run);
      run = ['XGROUP', 'SETPENDING', key, groupName, consumer.name, String(entry.deliveryTimeMs), String(entry.deliveryCount)];
      runKey = thisKey;
    }
    run.push(formatId(id));
  }
  if (run !== null) db.logEffect(key, run);
}

export function reportGroupPosition(db: DatabaseView, key: ByteString, groupName: ByteString, group: ConsumerGroup): void {
  db.logEffect(key, ['XGROUP', 'SETID', key, groupName, formatId(group.lastId), 'ENTRIESREAD', String(group.entriesRead)]);
}
