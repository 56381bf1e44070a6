/**
 * The stream entry commands: XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XSETID (Redis 7.0
 * semantics, replies and errors; t_stream.c).
 *
 * What they report to the log (LogRule `reported`): XADD as `XADD key <the ID it produced>
 * field value …`, and a trim it made as `XTRIM key MAXLEN = <resulting length>` — `~` and
 * LIMIT depend on the node layout, which depends on the config, but the length they left is
 * exact, as Redis propagates them. XDEL and XSETID as typed when they changed something.
 */
import type { StreamId } from '../../keyspace/stream/stream-id.js';
import { formatId, incrementId, MAX_ID, MIN_ID, nextId, sameMs, seqExhausted, decrementId, parseId } from '../../keyspace/stream/stream-id.js';
import { fieldBytes, STREAM_LISTPACK_MAX_SIZE, type TrimOptions } from '../../keyspace/stream/stream-value.js';
import { StreamValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NULL_ARRAY, OK, type Reply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR, wrongArity } from '../errors.js';
import { NOTIFY_STREAM } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';
import {
  entryReply, INVALID_END, INVALID_ID, INVALID_START, longArgument, nodeLimits, rangeBound, readStream, strictId, writeStream,
} from './stream-access.js';

interface AddTrimArguments {
  trim: TrimOptions | null;
  noMakeStream: boolean;
  id: { id: StreamId; seqGiven: boolean } | null;
  /** Position of the ID argument (XADD) or past the last option (XTRIM). */
  next: number;
}

const TRIM_BOTH = new ErrorReply('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');

/** Redis's streamParseAddOrTrimArgsOrReply: options from argv[2] on, then (XADD) the ID. */
function parseAddOrTrim(context: CommandContext, args: readonly ByteString[], xadd: boolean): AddTrimArguments | ErrorReply {
  let strategy: 'maxlen' | 'minid' | null = null;
  let approximate = false;
  let maxLength = 0;
  let minId = MIN_ID;
  let limit = 0;
  let limitGiven = false;
  let noMakeStream = false;
  let id: AddTrimArguments['id'] = null;
  let index = 2;
  for (; index < args.length; index++) {
    const more = args.length - 1 - index;
    const option = args[index];
    if (xadd && option === '*') break;
    if ((isKeyword(option, 'MAXLEN') || isKeyword(option, 'MINID')) && more > 0) {
      if (strategy !== null) return TRIM_BOTH;
      approximate = false;
      const next = args[index + 1];
      if (more >= 2 && next === '~') {
        approximate = true;
        index++;
      } else if (more >= 2 && next === '=') {
        index++;
      }
      if (isKeyword(option, 'MAXLEN')) {
        const parsed = longArgument(args[index + 1]);
        if (parsed instanceof ErrorReply) return parsed;
        if (parsed < 0) return new ErrorReply('ERR The MAXLEN argument must be >= 0.');
        maxLength = parsed;
        strategy = 'maxlen';
      } else {
        const parsed = strictId(args[index + 1]);
        if (parsed instanceof ErrorReply) return parsed;
        minId = parsed;
        strategy = 'minid';
      }
      index++;
    } else if (isKeyword(option, 'LIMIT') && more > 0) {
      const parsed = longArgument(args[index + 1]);
      if (parsed instanceof ErrorReply) return parsed;
      if (parsed < 0) return new ErrorReply('ERR The LIMIT argument must be >= 0.');
      limit = parsed;
      limitGiven = true;
      index++;
    } else if (xadd && isKeyword(option, 'NOMKSTREAM')) {
      noMakeStream = true;
    } else if (xadd) {
      const parsed = parseId(option, { strict: true, missingSeq: 'min', allowAutoSeq: true });
      if (parsed === undefined) return INVALID_ID;
      id = parsed;
      break;
    } else {
      return SYNTAX_ERROR;
    }
  }
  if (limit > 0 && strategy === null) return new ErrorReply('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
  if (!xadd && strategy === null) return new ErrorReply('ERR syntax error, XTRIM must be called with a trimming strategy');
  if (limitGiven) {
    if (!approximate) return new ErrorReply('ERR syntax error, LIMIT cannot be used without the special ~ option');
  } else if (approximate) {
    limit = 100 * context.engine.config.integer('stream-node-max-entries');
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
  } else {
    limit = 0;
  }
  const trim = strategy === null ? null : { strategy, maxLength, minId, approximate, limit };
  return { trim, noMakeStream, id, next: index };
}

/** Trims, and when it removed entries reports the length it left (the exact form of any trim) and notifies `xtrim`. */
function trimAndReport(context: CommandContext, key: ByteString, stream: StreamValue, trim: TrimOptions): number {
  const deleted = stream.trim(trim);
  if (deleted === 0) return 0;
  context.db.logEffect(key, ['XTRIM', key, 'MAXLEN', '=', String(stream.length)]);
  context.notify(NOTIFY_STREAM, 'xtrim', key);
  return deleted;
}

/** The ID XADD stores: the given one, `ms-*` completed, or `*` from the clock; an error if not above the last. */
function newEntryId(context: CommandContext, stream: StreamValue, given: AddTrimArguments['id']): StreamId | ErrorReply {
  const smaller = new ErrorReply('ERR The ID specified in XADD is equal or smaller than the target stream top item');
  let id: StreamId | undefined;
  if (given === null) id = nextId(stream.lastId, context.nowMs);
  else if (given.seqGiven) id = given.id;
  else if (sameMs(stream.lastId, given.id)) id = seqExhausted(stream.lastId) ? undefined : incrementId(stream.lastId);
  else id = given.id;
  if (id === undefined || id <= stream.lastId) return smaller;
  return id;
}

/** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value …] */
export function xadd(context: CommandContext, args: readonly ByteString[]): Reply {
  const parsed = parseAddOrTrim(context, args, true);
  if (parsed instanceof ErrorReply) return parsed;
  const fieldsFrom = parsed.next + 1;
  if (args.length - fieldsFrom < 2 || (args.length - fieldsFrom) % 2 === 1) return wrongArity('xadd');
  if (parsed.id !== null && parsed.id.seqGiven && parsed.id.id === MIN_ID) return new ErrorReply('ERR The ID specified in XADD must be greater than 0-0');
  const key = args[1];
  const existing = writeStream(context.db, key);
  if (existing instanceof ErrorReply) return existing;
  if (existing === undefined && parsed.noMakeStream) return null;
  const stream = existing ?? new StreamValue();
  if (existing === undefined) context.db.set(key, stream);
  if (stream.lastId === MAX_ID) return new ErrorReply('ERR The stream has exhausted the last possible ID, unable to add more items');
  const id = newEntryId(context, stream, parsed.id);
  if (id instanceof ErrorReply) return id;
  const fields = args.slice(fieldsFrom);
  if (fieldBytes(fields) > STREAM_LISTPACK_MAX_SIZE) return new ErrorReply('ERR Elements are too large to be stored');
  stream.append(id, fields, nodeLimits(context));
  context.db.touch(key);
  context.db.logEffect(key, ['XADD', key, formatId(id), ...fields]);
  context.notify(NOTIFY_STREAM, 'xadd', key);
  if (parsed.trim !== null) trimAndReport(context, key, stream, parsed.trim);
  context.db.signalReady(key);
  return formatId(id);
}

/** XRANGE key start end [COUNT count], and XREVRANGE key end start [COUNT count]. */
export function xrange(reverse: boolean) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    const start = rangeBound(reverse ? args[3] : args[2], 'min');
    if (start instanceof ErrorReply) return start;
    let startId: StreamId | undefined = start.id;
    if (start.exclusive && (startId = incrementId(start.id)) === undefined) return INVALID_START;
    const end = rangeBound(reverse ? args[2] : args[3], 'max');
    if (end instanceof ErrorReply) return end;
    let endId: StreamId | undefined = end.id;
    if (end.exclusive && (endId = decrementId(end.id)) === undefined) return INVALID_END;
    let count = -1;
    for (let index = 4; index < args.length; index++) {
      if (!isKeyword(args[index], 'COUNT') || index + 1 >= args.length) return SYNTAX_ERROR;
      const parsed = longArgument(args[++index]);
      if (parsed instanceof ErrorReply) return parsed;
      count = Math.max(parsed, 0);
    }
    const stream = readStream(context.db, args[1]);
    if (stream instanceof ErrorReply) return stream;
    if (stream === undefined) return [];
    if (count === 0) return NULL_ARRAY;
    const entries: Reply[] = [];
    stream.range(startId, endId, reverse, (id, fields) => {
      entries.push(entryReply(id, fields));
      return count === -1 || entries.length < count;
    });
    return entries;
  };
}

/** XLEN key */
export function xlen(context: CommandContext, args: readonly ByteString[]): Reply {
  const stream = readStream(context.db, args[1]);
  if (stream instanceof ErrorReply) return stream;
  return stream === undefined ? 0 : stream.length;
}

/** XDEL key id [id …] */
export function xdel(context: CommandContext, args: readonly ByteString[]): Reply {
  const key = args[1];
  const stream = writeStream(context.db, key);
  if (stream instanceof ErrorReply) return stream;
  if (stream === undefined) return 0;
  const ids: StreamId[] = [];
  for (let index = 2; index < args.length; index++) {
    const id = strictId(args[index]);
    if (id instanceof ErrorReply) return id;
    ids.push(id);
  }
  let deleted = 0;
  let firstDeleted = false;
  for (const id of ids) {
    if (!stream.delete(id)) continue;
    if (id === stream.firstId) firstDeleted = true;
    if (id > stream.maxDeletedId) stream.maxDeletedId = id;
    deleted++;
  }
  if (deleted > 0) {
    if (stream.length === 0) stream.firstId = MIN_ID;
    else if (firstDeleted) stream.firstId = stream.edgeId(false) as StreamId;
    context.db.touch(key);
    context.db.logEffect(key, args);
    context.notify(NOTIFY_STREAM, 'xdel', key);
  }
  return deleted;
}

/** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
export function xtrim(context: CommandContext, args: readonly ByteString[]): Reply {
  const parsed = parseAddOrTrim(context, args, false);
  if (parsed instanceof ErrorReply) return parsed;
  const key = args[1];
  const stream = writeStream(context.db, key);
  if (stream instanceof ErrorReply) return stream;
  if (stream === undefined) return 0;
  const deleted = trimAndReport(context, key, stream, parsed.trim as TrimOptions);
  if (deleted > 0) context.db.touch(key);
  return deleted;
}

/** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id] */
export function xsetid(context: CommandContext, args: readonly ByteString[]): Reply {
  const id = strictId(args[2]);
  if (id instanceof ErrorReply) return id;
  let entriesAdded = -1;
  let maxDeletedId = MIN_ID;
  for (let index = 3; index < args.length; index += 2) {
    const more = args.length - 1 - index;
    if (isKeyword(args[index], 'ENTRIESADDED') && more > 0) {
      const parsed = longArgument(args[index + 1]);
      if (parsed instanceof ErrorReply) return parsed;
      if (parsed < 0) return new ErrorReply('ERR entries_added must be positive');
      entriesAdded = parsed;
    } else if (isKeyword(args[index], 'MAXDELETEDID') && more > 0) {
      const parsed = strictId(args[index + 1]);
      if (parsed instanceof ErrorReply) return parsed;
      if (id < parsed) return new ErrorReply('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
      maxDeletedId = parsed;
    } else {
      return SYNTAX_ERROR;
    }
  }
  const key = args[1];
  const stream = writeStream(context.db, key);
  if (stream instanceof ErrorReply) return stream;
  if (stream === undefined) return new ErrorReply('ERR no such key');
  if (stream.length > 0) {
    if (id < (stream.edgeId(true) as StreamId)) return new ErrorReply('ERR The ID specified in XSETID is smaller than the target stream top item');
    if (entriesAdded !== -1 && stream.length > entriesAdded) return new ErrorReply('ERR The entries_added specified in XSETID is smaller than the target stream length');
  }
  stream.lastId = id;
  if (entriesAdded !== -1) stream.entriesAdded = entriesAdded;
  if (maxDeletedId !== MIN_ID) stream.maxDeletedId = maxDeletedId;
  context.db.touch(key);
  context.db.logEffect(key, args);
  context.notify(NOTIFY_STREAM, 'xsetid', key);
  return OK;
}
