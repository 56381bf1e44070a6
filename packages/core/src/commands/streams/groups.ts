/**
 * XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP) and XACK, as Redis 7.0's
 * xgroupCommand and xackCommand; plus the two XGROUP forms Ballast's log uses to restore a
 * consumer group exactly, like Redis's own "internal use" ENTRIESREAD and XSETID:
 *
 * - `XGROUP SETCONSUMER key group consumer seen-time-ms` creates the consumer if missing and
 *   sets the time it was last seen (XINFO's seen-time and idle) — Redis has no command for it,
 *   so its AOF loses it.
 * - `XGROUP SETPENDING key group consumer delivery-time-ms delivery-count id [id …]` makes each
 *   ID pending for the consumer with that delivery time and count, whether or not the entry is
 *   still in the stream (XCLAIM … FORCE, which Redis propagates, drops deleted entries).
 *
 * Reported to the log: CREATE and SETID with the ID and entries-read they set (`$` resolved),
 * CREATECONSUMER as SETCONSUMER with the time it was created, the rest as typed when they
 * changed something.
 */
import { formatId, MIN_ID, type StreamId } from '../../keyspace/stream/stream-id.js';
import { ConsumerGroup, ENTRIES_READ_UNKNOWN } from '../../keyspace/stream/pending-list.js';
import { StreamValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, OK, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInteger } from '../arguments.js';
import { helpReply } from '../server/help.js';
import { NOTIFY_STREAM } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';
import { INVALID_ID, longArgument, strictId, writeStream } from './stream-access.js';
import { parseId } from '../../keyspace/stream/stream-id.js';

const NEEDS_KEY = new ErrorReply('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');

function subcommandSyntaxError(args: readonly ByteString[]): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${args[1].slice(0, 128)}'. Try XGROUP HELP.`);
}

function noSuchGroup(key: ByteString, group: ByteString): ErrorReply {
  return new ErrorReply(`NOGROUP No such consumer group '${group}' for key name '${key}'`);
}

interface GroupTarget {
  stream: StreamValue | undefined;
  group: ConsumerGroup | undefined;
  makeStream: boolean;
  entriesRead: number;
}

/** The shared prologue of xgroupCommand: options of CREATE/SETID, the key and the group. */
function groupTarget(args: readonly ByteString[], subcommand: string, context: CommandContext): GroupTarget | ErrorReply {
  let makeStream = false;
  let entriesRead = ENTRIES_READ_UNKNOWN;
  // Ballast's log forms take positional arguments from argv[5] on.
  const optionsFrom = subcommand === 'setconsumer' || subcommand === 'setpending' ? args.length : 5;
  for (let index = optionsFrom; index < args.length;) {
    if (subcommand === 'create' && isKeyword(args[index], 'MKSTREAM')) {
      makeStream = true;
      index++;
    } else if ((subcommand === 'create' || subcommand === 'setid') && isKeyword(args[index], 'ENTRIESREAD') && index + 1 < args.length) {
      const parsed = longArgument(args[index + 1]);
      if (parsed instanceof ErrorReply) return parsed;
      if (parsed < 0 && parsed !== ENTRIES_READ_UNKNOWN) return new ErrorReply('ERR value for ENTRIESREAD must be positive or -1');
      entriesRead = parsed;
      index += 2;
    } else {
      return subcommandSyntaxError(args);
    }
  }
  const stream = writeStream(context.db, args[2]);
  if (stream instanceof ErrorReply) return stream;
  const group = stream?.groups.get(args[3]);
  if (!makeStream) {
    if (stream === undefined) return NEEDS_KEY;
    if (group === undefined && subcommand !== 'create' && subcommand !== 'destroy') return noSuchGroup(args[2], args[3]);
  }
  return { stream, group, makeStream, entriesRead };
}

function create(context: CommandContext, args: readonly ByteString[], target: GroupTarget): Reply {
  if (args.length > 8) return subcommandSyntaxError(args);
  const key = args[2];
  let id: StreamId;
  if (args[4] === '$') id = target.stream?.lastId ?? MIN_ID;
  else {
    const parsed = strictId(args[4]);
    if (parsed instanceof ErrorReply) return parsed;
    id = parsed;
  }
  let stream = target.stream;
  if (stream === undefined) {
    stream = new StreamValue();
    context.db.set(key, stream);
  }
  if (stream.groups.has(args[3])) return new ErrorReply('BUSYGROUP Consumer Group name already exists');
  stream.groups.set(args[3], new ConsumerGroup(id, target.entriesRead));
  context.db.touch(key);
  context.db.logEffect(key, ['XGROUP', 'CREATE', key, args[3], formatId(id), 'MKSTREAM', 'ENTRIESREAD', String(target.entriesRead)]);
  context.notify(NOTIFY_STREAM, 'xgroup-create', key);
  return OK;
}

function setId(context: CommandContext, args: readonly ByteString[], target: GroupTarget): Reply {
  if (args.length !== 5 && args.length !== 7) return subcommandSyntaxError(args);
  const stream = target.stream as StreamValue;
  const group = target.group as ConsumerGroup;
  let id: StreamId;
  if (args[4] === '$') id = stream.lastId;
  else {
    const parsed = parseId(args[4], { strict: false, missingSeq: 'min' });
    if (parsed === undefined) return INVALID_ID;
    id = parsed.id;
  }
  group.lastId = id;
  group.entriesRead = target.entriesRead;
  context.db.touch(args[2]);
  context.db.logEffect(args[2], ['XGROUP', 'SETID', args[2], args[3], formatId(id), 'ENTRIESREAD', String(target.entriesRead)]);
  context.notify(NOTIFY_STREAM, 'xgroup-setid', args[2]);
  return OK;
}

function destroy(context: CommandContext, args: readonly ByteString[], target: GroupTarget): Reply {
  if (args.length !== 4) return subcommandSyntaxError(args);
  if (target.group === undefined) return 0;
  (target.stream as StreamValue).groups.delete(args[3]);
  context.db.touch(args[2]);
  context.db.logEffect(args[2], args);
  // Clients blocked reading this group are answered -NOGROUP.
  context.db.signalReady(args[2]);
  context.notify(NOTIFY_STREAM, 'xgroup-destroy', args[2]);
  return 1;
}

function createConsumer(context: CommandContext, args: readonly ByteString[], target: GroupTarget): Reply {
  if (args.length !== 5) return subcommandSyntaxError(args);
  const { consumer, created } = (target.group as ConsumerGroup).consumer(args[4], context.nowMs);
  if (!created) return 0;
  context.db.touch(args[2]);
  context.db.logEffect(args[2], ['XGROUP', 'SETCONSUMER', args[2], args[3], consumer.name, String(consumer.seenTimeMs)]);
  context.notify(NOTIFY_STREAM, 'xgroup-createconsumer', args[2]);
  return 1;
}

function deleteConsumer(context: CommandContext, args: readonly ByteString[], target: GroupTarget): Reply {
  if (args.length !== 5) return subcommandSyntaxError(args);
  const group = target.group as ConsumerGroup;
  const consumer = group.consumers.get(args[4]);
  if (consumer === undefined) return 0;
  const pending = group.deleteConsumer(consumer);
  context.db.touch(args[2]);
  context.db.logEffect(args[2], args);
  context.notify(NOTIFY_STREAM, 'xgroup-delconsumer', args[2]);
  return pending;
}

/** XGROUP SETCONSUMER key group consumer seen-time-ms (Ballast's log form). */
function setConsumer(context: CommandContext, args: readonly ByteString[], target: GroupTarget): Reply {
  if (args.length !== 6) return subcommandSyntaxError(args);
  const seenTimeMs = parseInteger(args[5]);
  if (seenTimeMs === undefined) return new ErrorReply('ERR value is not an integer or out of range');
  const { consumer } = (target.group as ConsumerGroup).consumer(args[4], seenTimeMs);
  consumer.seenTimeMs = seenTimeMs;
  context.db.touch(args[2]);
  context.db.logEffect(args[2], args);
  return OK;
}

/** XGROUP SETPENDING key group consumer delivery-time-ms delivery-count id [id …] (Ballast's log form). */
function setPending(context: CommandContext, args: readonly ByteString[], target: GroupTarget): Reply {
  if (args.length < 8) return subcommandSyntaxError(args);
  const deliveryTimeMs = parseInteger(args[5]);
  const deliveryCount = parseInteger(args[6]);
  if (deliveryTimeMs === undefined || deliveryCount === undefined) return new ErrorReply('ERR value is not an integer or out of range');
  const ids: StreamId[] = [];
  for (let index = 7; index < args.length; index++) {
    const id = strictId(args[index]);
    if (id instanceof ErrorReply) return id;
    ids.push(id);
  }
  const group = target.group as ConsumerGroup;
  const { consumer } = group.consumer(args[4], deliveryTimeMs);
  for (const id of ids) group.assign(id, consumer, deliveryTimeMs, deliveryCount);
  context.db.touch(args[2]);
  context.db.logEffect(args[2], args);
  return OK;
}

const HELP_LINES = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  '      Set the group\'s entries_read counter (internal use).',
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

const SUBCOMMANDS: Record<string, (context: CommandContext, args: readonly ByteString[], target: GroupTarget) => Reply> = {
  create, setid: setId, destroy, createconsumer: createConsumer, delconsumer: deleteConsumer, setconsumer: setConsumer, setpending: setPending,
};

/** The handler of every XGROUP subcommand but HELP: Redis's shared prologue, then the subcommand. */
export function xgroup(name: string) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    const target = groupTarget(args, name, context);
    if (target instanceof ErrorReply) return target;
    return SUBCOMMANDS[name](context, args, target);
  };
}

export function xgroupHelp(): Reply {
  return helpReply('XGROUP', HELP_LINES);
}

/** XACK key group id [id …] */
export function xack(context: CommandContext, args: readonly ByteString[]): Reply {
  const key = args[1];
  const stream = writeStream(context.db, key);
  if (stream instanceof ErrorReply) return stream;
  const group = stream?.groups.get(args[2]);
  if (group === undefined) return 0;
  const ids: StreamId[] = [];
  for (let index = 3; index < args.length; index++) {
    const id = strictId(args[index]);
    if (id instanceof ErrorReply) return id;
    ids.push(id);
  }
  let acknowledged = 0;
  for (const id of ids) if (group.acknowledge(id)) acknowledged++;
  if (acknowledged > 0) {
    context.db.touch(key);
    context.db.logEffect(key, args);
  }
  return acknowledged;
}
