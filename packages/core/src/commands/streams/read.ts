/**
 * XREAD and XREADGROUP (Redis 7.0's xreadCommand and serveClientsBlockedOnStreamKey): read
 * entries after an ID from one or more streams, or as a consumer of a group — new entries
 * (`>`, which become pending unless NOACK) or the consumer's own pending history. With BLOCK
 * and nothing to serve, the client waits (BlockRequest) until an XADD signals one of its keys;
 * a blocked group reader is answered -NOGROUP when its group goes and -UNBLOCKED when its key
 * is deleted or no longer holds a stream.
 *
 * Reported to the log (XREADGROUP; XREAD changes nothing): the consumer's seen time
 * (XGROUP SETCONSUMER), the entries that became pending or were delivered again with their
 * delivery time and count (XGROUP SETPENDING), and the group's new last ID and entries-read
 * (XGROUP SETID) — the state the read left, with absolute times, as Redis propagates XCLAIM and
 * XGROUP SETID for it.
 */
import type { Consumer, ConsumerGroup } from '../../keyspace/stream/pending-list.js';
import { ENTRIES_READ_UNKNOWN } from '../../keyspace/stream/pending-list.js';
import { incrementId, MAX_ID, MIN_ID, type StreamId } from '../../keyspace/stream/stream-id.js';
import type { StreamValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, MapReply, NULL_ARRAY, type Reply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR } from '../errors.js';
import { NOTIFY_STREAM } from '../../config/keyspace-event-classes.js';
import { BlockRequest, type CommandContext } from '../types.js';
import {
  deletedEntryReply, entryReply, longArgument, noGroupError, readStream, reportConsumer, reportGroupPosition, reportPending, strictId,
} from './stream-access.js';

/** COUNT of a blocked XREAD without one (XREAD_BLOCKED_DEFAULT_COUNT). */
const BLOCKED_DEFAULT_COUNT = 1000;
const NEW_ENTRIES = MAX_ID;

interface ReadRequest {
  readonly keys: readonly ByteString[];
  /** Per key: read entries after this ID; NEW_ENTRIES stands for `>`. */
  readonly after: StreamId[];
  readonly count: number;
  readonly blockMs: number;
  readonly group: { readonly name: ByteString; readonly consumer: ByteString; readonly noAck: boolean } | null;
}

function parseRead(context: CommandContext, args: readonly ByteString[], grouped: boolean): ReadRequest | ErrorReply {
  let blockMs = -1;
  let count = 0;
  let streamsAt = 0;
  let groupName: ByteString | null = null;
  let consumerName: ByteString = '';
  let noAck = false;
  for (let index = 1; index < args.length; index++) {
    const more = args.length - index - 1;
    const option = args[index];
    if (isKeyword(option, 'BLOCK') && more > 0) {
      if (context.client.fromScript) return new ErrorReply(`ERR ${args[0]} command is not allowed with BLOCK option from scripts`);
      const parsed = longArgument(args[++index], new ErrorReply('ERR timeout is not an integer or out of range'));
      if (parsed instanceof ErrorReply) return parsed;
      if (parsed < 0) return new ErrorReply('ERR timeout is negative');
      blockMs = parsed;
    } else if (isKeyword(option, 'COUNT') && more > 0) {
      const parsed = longArgument(args[++index]);
      if (parsed instanceof ErrorReply) return parsed;
      count = Math.max(parsed, 0);
    } else if (isKeyword(option, 'STREAMS') && more > 0) {
      streamsAt = index + 1;
      if ((args.length - streamsAt) % 2 !== 0) {
        return new ErrorReply('ERR Unbalanced XREAD list of streams: for each stream key an ID or \'$\' must be specified.');
      }
      break;
    } else if (isKeyword(option, 'GROUP') && more >= 2) {
      if (!grouped) return new ErrorReply('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
      groupName = args[index + 1];
      consumerName = args[index + 2];
      index += 2;
    } else if (isKeyword(option, 'NOACK')) {
      if (!grouped) return new ErrorReply('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
      noAck = true;
    } else {
      return SYNTAX_ERROR;
    }
  }
  if (streamsAt === 0) return SYNTAX_ERROR;
  if (grouped && groupName === null) return new ErrorReply('ERR Missing GROUP option for XREADGROUP');
  const keyCount = (args.length - streamsAt) / 2;
  const keys = args.slice(streamsAt, streamsAt + keyCount);
  const after: StreamId[] = [];
  for (let index = 0; index < keyCount; index++) {
    const key = keys[index];
    const text = args[streamsAt + keyCount + index];
    const stream = readStream(context.db, key);
    if (stream instanceof ErrorReply) return stream;
    if (groupName !== null && (stream === undefined || !stream.groups.has(groupName))) {
      return noGroupError(key, groupName, ' in XREADGROUP with GROUP option');
    }
    if (text === '$') {
      if (grouped) {
        return new ErrorReply('ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.');
      }
      after.push(stream?.lastId ?? MIN_ID);
    } else if (text === '>') {
      if (!grouped) return new ErrorReply('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
      after.push(NEW_ENTRIES);
    } else {
      const id = strictId(text);
      if (id instanceof ErrorReply) return id;
      after.push(id);
    }
  }
  return { keys, after, count, blockMs, group: groupName === null ? null : { name: groupName, consumer: consumerName, noAck } };
}

/** The last live entry's ID is above `after`: there is something to read. */
function hasEntriesAfter(stream: StreamValue, after: StreamId): boolean {
  if (stream.length === 0) return false;
  const last = stream.edgeId(true);
  return last !== undefined && last > after;
}

/** Entries after `after` (exclusive), up to `count` (0: all). */
function entriesAfter(stream: StreamValue, after: StreamId, count: number, visit?: (id: StreamId) => void): Reply[] {
  const entries: Reply[] = [];
  const start = incrementId(after);
  if (start === undefined) return entries;
  stream.range(start, MAX_ID, false, (id, fields) => {
    visit?.(id);
    entries.push(entryReply(id, fields));
    return count === 0 || entries.length < count;
  });
  return entries;
}

/** The group's read counter after delivering `id` (streamReplyWithRange). */
function advanceGroup(stream: StreamValue, group: ConsumerGroup, id: StreamId): void {
  if (id <= group.lastId) return;
  if (group.entriesRead !== ENTRIES_READ_UNKNOWN && !stream.rangeHasTombstones(id, MAX_ID)) group.entriesRead++;
  else if (stream.entriesAdded > 0) group.entriesRead = stream.estimateEntriesRead(id);
  group.lastId = id;
}

/** New entries (`>`) for a consumer: they advance the group and, unless NOACK, become pending. */
function readNew(context: CommandContext, key: ByteString, stream: StreamValue, request: ReadRequest, count: number, consumer: Consumer): Reply[] {
  const group = stream.groups.get(request.group!.name) as ConsumerGroup;
  const delivered: StreamId[] = [];
  const entries = entriesAfter(stream, group.lastId, count, (id) => {
    advanceGroup(stream, group, id);
    if (!request.group!.noAck) group.assign(id, consumer, context.nowMs, 1);
    delivered.push(id);
  });
  if (delivered.length > 0) {
    context.db.touch(key);
    reportPending(context.db, key, request.group!.name, consumer, request.group!.noAck ? [] : delivered);
    reportGroupPosition(context.db, key, request.group!.name, group);
  }
  return entries;
}

/** The consumer's own pending entries after `after`: delivered again (time and count updated). */
function readHistory(context: CommandContext, key: ByteString, stream: StreamValue, groupName: ByteString, after: StreamId, count: number, consumer: Consumer): Reply[] {
  const entries: Reply[] = [];
  const start = incrementId(after);
  if (start === undefined) return entries;
  const redelivered: StreamId[] = [];
  for (const id of consumer.pending.idsBetween(start, MAX_ID, count === 0 ? Infinity : count)) {
    const fields = stream.get(id);
    if (fields === undefined) {
      entries.push(deletedEntryReply(id));
      continue;
    }
    const pending = consumer.pending.get(id)!;
    pending.deliveryTimeMs = context.nowMs;
    pending.deliveryCount++;
    redelivered.push(id);
    entries.push(entryReply(id, fields));
  }
  if (redelivered.length > 0) {
    context.db.touch(key);
    reportPending(context.db, key, groupName, consumer, redelivered);
  }
  return entries;
}

/** The consumer reading, created or seen now; reported either way (its seen time changed). */
function consumerFor(context: CommandContext, key: ByteString, stream: StreamValue, request: ReadRequest): Consumer {
  const groupName = request.group!.name;
  const group = stream.groups.get(groupName) as ConsumerGroup;
  const { consumer, created } = group.consumer(request.group!.consumer, context.nowMs);
  consumer.seenTimeMs = context.nowMs;
  context.db.touch(key);
  if (created) context.notify(NOTIFY_STREAM, 'xgroup-createconsumer', key);
  reportConsumer(context.db, key, groupName, consumer);
  return consumer;
}

function streamsReply(context: CommandContext, served: Array<[ByteString, Reply[]]>): Reply {
  if (context.client.protocol === 3) return new MapReply(served.map(([key, entries]) => [key, entries] as const));
  return served.map(([key, entries]) => [key, entries]);
}

/** Serves what can be served now, in key order (xreadCommand's serve_synchronously). */
function serveNow(context: CommandContext, request: ReadRequest): Array<[ByteString, Reply[]]> {
  const served: Array<[ByteString, Reply[]]> = [];
  request.keys.forEach((key, index) => {
    const stream = readStream(context.db, key);
    if (stream === undefined || stream instanceof ErrorReply) return;
    const after = request.after[index];
    if (request.group === null) {
      if (hasEntriesAfter(stream, after)) served.push([key, entriesAfter(stream, after, request.count)]);
      return;
    }
    const history = after !== NEW_ENTRIES;
    const group = stream.groups.get(request.group.name) as ConsumerGroup;
    if (!history && !hasEntriesAfter(stream, group.lastId)) return;
    const consumer = consumerFor(context, key, stream, request);
    served.push([key, history ? readHistory(context, key, stream, request.group.name, after, request.count, consumer) : readNew(context, key, stream, request, request.count, consumer)]);
  });
  return served;
}

/**
 * A blocked reader offered its keys again: the first stream with entries past what it waits
 * for is served (one stream, as Redis serves the key that became ready); a group reader whose
 * key or group is gone gets Redis's error.
 */
function retry(request: ReadRequest, after: StreamId[]) {
  return (context: CommandContext): Reply | undefined => {
    const count = request.count === 0 ? BLOCKED_DEFAULT_COUNT : request.count;
    for (let index = 0; index < request.keys.length; index++) {
      const key = request.keys[index];
      const stream = readStream(context.db, key);
      if (request.group !== null) {
        if (stream === undefined || stream instanceof ErrorReply) return new ErrorReply('UNBLOCKED the stream key no longer exists');
        const group = stream.groups.get(request.group.name);
        if (group === undefined) return new ErrorReply('NOGROUP the consumer group this client was blocked on no longer exists');
        if (!hasEntriesAfter(stream, group.lastId)) continue;
        const consumer = consumerFor(context, key, stream, request);
        return streamsReply(context, [[key, readNew(context, key, stream, request, count, consumer)]]);
      }
      if (stream === undefined || stream instanceof ErrorReply || !hasEntriesAfter(stream, after[index])) continue;
      return streamsReply(context, [[key, entriesAfter(stream, after[index], count)]]);
    }
    return undefined;
  };
}

function read(grouped: boolean) {
  return (context: CommandContext, args: readonly ByteString[]): Reply | BlockRequest => {
    const request = parseRead(context, args, grouped);
    if (request instanceof ErrorReply) return request;
    const served = serveNow(context, request);
    if (served.length > 0) return streamsReply(context, served);
    if (request.blockMs === -1 || context.client.inMulti) return NULL_ARRAY;
    const deadline = request.blockMs === 0 ? 0 : context.nowMs + request.blockMs;
    return new BlockRequest(request.keys, deadline, retry(request, request.after), NULL_ARRAY);
  };
}

/** XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key …] id [id …] */
export const xread = read(false);

/** XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key …] id [id …] */
export const xreadgroup = read(true);
