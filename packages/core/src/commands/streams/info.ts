/**
 * XINFO STREAM [FULL [COUNT count]], XINFO GROUPS, XINFO CONSUMERS and XINFO HELP, with
 * Redis 7.0's fields in Redis's order (maps in RESP3, flat arrays in RESP2). radix-tree-keys
 * is the number of nodes; radix-tree-nodes estimates the radix tree Redis would build over
 * the same keys (it is not part of any contract).
 */
import type { ConsumerGroup } from '../../keyspace/stream/pending-list.js';
import { ENTRIES_READ_UNKNOWN } from '../../keyspace/stream/pending-list.js';
import { formatId, MAX_ID, MIN_ID } from '../../keyspace/stream/stream-id.js';
import type { StreamValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, MapReply, type Reply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { NO_SUCH_KEY } from '../errors.js';
import { helpReply } from '../server/help.js';
import type { CommandContext } from '../types.js';
import { entryReply, longArgument, readStream } from './stream-access.js';

function syntaxError(args: readonly ByteString[]): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${args[1].slice(0, 128)}'. Try XINFO HELP.`);
}

function map(entries: Array<readonly [string, Reply]>): Reply {
  return new MapReply(entries);
}

function streamOf(context: CommandContext, key: ByteString): StreamValue | ErrorReply {
  const stream = readStream(context.db, key);
  return stream === undefined ? NO_SUCH_KEY : stream;
}

function entriesRead(group: ConsumerGroup): Reply {
  return group.entriesRead === ENTRIES_READ_UNKNOWN ? null : group.entriesRead;
}

function edgeEntry(stream: StreamValue, last: boolean): Reply {
  let found: Reply = null;
  stream.range(MIN_ID, MAX_ID, last, (id, fields) => {
    found = entryReply(id, fields);
    return false;
  });
  return found;
}

function streamHeader(stream: StreamValue): Array<readonly [string, Reply]> {
  const keys = stream.nodes.length;
  return [
    ['length', stream.length],
    ['radix-tree-keys', keys],
    ['radix-tree-nodes', keys === 0 ? 1 : keys + Math.ceil(keys / 2) + 1],
    ['last-generated-id', formatId(stream.lastId)],
    ['max-deleted-entry-id', formatId(stream.maxDeletedId)],
    ['entries-added', stream.entriesAdded],
    ['recorded-first-entry-id', formatId(stream.firstId)],
  ];
}

function fullGroups(stream: StreamValue, count: number): Reply[] {
  return stream.sortedGroups().map(([name, group]) => {
    const pending: Reply[] = [];
    for (const [id, entry] of group.pending.entries()) {
      if (count > 0 && pending.length >= count) break;
      pending.push([formatId(id), entry.consumer.name, entry.deliveryTimeMs, entry.deliveryCount]);
    }
    const consumers = group.sortedConsumers().map((consumer) => {
      const own: Reply[] = [];
      for (const [id, entry] of consumer.pending.entries()) {
        if (count > 0 && own.length >= count) break;
        own.push([formatId(id), entry.deliveryTimeMs, entry.deliveryCount]);
      }
      return map([['name', consumer.name], ['seen-time', consumer.seenTimeMs], ['pel-count', consumer.pending.size], ['pending', own]]);
    });
    return map([
      ['name', name], ['last-delivered-id', formatId(group.lastId)], ['entries-read', entriesRead(group)], ['lag', stream.lagOf(group)],
      ['pel-count', group.pending.size], ['pending', pending], ['consumers', consumers],
    ]);
  });
}

/** XINFO STREAM key [FULL [COUNT count]] */
export function xinfoStream(context: CommandContext, args: readonly ByteString[]): Reply {
  const stream = streamOf(context, args[2]);
  if (stream instanceof ErrorReply) return stream;
  const options = args.length - 3;
  let full = false;
  let count = 10;
  if (options !== 0) {
    if ((options !== 1 && options !== 3) || !isKeyword(args[3], 'FULL')) return syntaxError(args);
    full = true;
    if (options === 3) {
      if (!isKeyword(args[4], 'COUNT')) return syntaxError(args);
      const parsed = longArgument(args[5]);
      if (parsed instanceof ErrorReply) return parsed;
      count = parsed < 0 ? 10 : parsed;
    }
  }
  const header = streamHeader(stream);
  if (!full) {
    return map([...header, ['groups', stream.groups.size], ['first-entry', edgeEntry(stream, false)], ['last-entry', edgeEntry(stream, true)]]);
  }
  const entries: Reply[] = [];
  stream.range(MIN_ID, MAX_ID, false, (id, fields) => {
    entries.push(entryReply(id, fields));
    return count === 0 || entries.length < count;
  });
  return map([...header, ['entries', entries], ['groups', fullGroups(stream, count)]]);
}

/** XINFO GROUPS key */
export function xinfoGroups(context: CommandContext, args: readonly ByteString[]): Reply {
  const stream = streamOf(context, args[2]);
  if (stream instanceof ErrorReply) return stream;
  return stream.sortedGroups().map(([name, group]) => map([
    ['name', name], ['consumers', group.consumers.size], ['pending', group.pending.size], ['last-delivered-id', formatId(group.lastId)],
    ['entries-read', entriesRead(group)], ['lag', stream.lagOf(group)],
  ]));
}

/** XINFO CONSUMERS key group */
export function xinfoConsumers(context: CommandContext, args: readonly ByteString[]): Reply {
  const stream = streamOf(context, args[2]);
  if (stream instanceof ErrorReply) return stream;
  const group = stream.groups.get(args[3]);
  if (group === undefined) return new ErrorReply(`NOGROUP No such consumer group '${args[3]}' for key name '${args[2]}'`);
  return group.sortedConsumers().map((consumer) => map([
    ['name', consumer.name], ['pending', consumer.pending.size], ['idle', Math.max(context.nowMs - consumer.seenTimeMs, 0)],
  ]));
}

export function xinfoHelp(): Reply {
  return helpReply('XINFO', [
    'CONSUMERS <key> <groupname>',
    '    Show consumers of <groupname>.',
    'GROUPS <key>',
    '    Show the stream consumer groups.',
    'STREAM <key> [FULL [COUNT <count>]',
    '    Show information about the stream.',
  ]);
}
