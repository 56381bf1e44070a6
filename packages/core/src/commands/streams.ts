/**
 * The stream commands (Redis 7.0 semantics, replies and errors). A stream is a StreamValue
 * (keyspace/stream): entries in nodes like Redis's listpacks, and consumer groups with their
 * consumers and pending entries. The handlers live in streams/: entries (XADD, XRANGE, XDEL,
 * XTRIM, XSETID…), reads (XREAD, XREADGROUP, blocking included), groups (XGROUP, XACK),
 * pending entries (XPENDING, XCLAIM, XAUTOCLAIM) and XINFO.
 *
 * How the writes are logged: every one declares `reported` — its handler reports the exact
 * effect of each change as it makes it (commands/types.ts). A stream write's effect depends on
 * the clock (XADD *, delivery and seen times, IDLE) and its resulting state may be millions of
 * entries, so neither as-typed nor resulting-state fits: XADD is logged with the ID it produced,
 * a trim as the length it left, and consumer-group changes as the state they left with absolute
 * times (XGROUP SETID / SETCONSUMER / SETPENDING, XACK), so replay needs no clock and no other
 * shard. XREAD changes nothing; XREADGROUP reports even when it then blocks.
 */
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply } from '../resp/reply.js';
import { isKeyword } from './arguments.js';
import { keyedSpecs } from './spec.js';
import { xadd, xdel, xlen, xrange, xsetid, xtrim } from './streams/entries.js';
import { xack, xgroup, xgroupHelp } from './streams/groups.js';
import { xinfoConsumers, xinfoGroups, xinfoHelp, xinfoStream } from './streams/info.js';
import { xautoclaim, xclaim, xpending } from './streams/pending.js';
import { xread, xreadgroup } from './streams/read.js';
import type { CommandDefinition } from './types.js';

const streamSpec = keyedSpecs('stream');

/** Keys of XREAD / XREADGROUP: the first half of the arguments after STREAMS (Redis's key spec). */
function streamsKeys(args: readonly ByteString[]): number[] {
  for (let index = 1; index < args.length; index++) {
    if (!isKeyword(args[index], 'STREAMS')) continue;
    const count = Math.floor((args.length - index - 1) / 2);
    return Array.from({ length: count }, (_, offset) => index + 1 + offset);
  }
  return [];
}

const READ_COMPLEXITY = 'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.';
const READGROUP_COMPLEXITY = 'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.';
const RANGE_COMPLEXITY = 'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).';
const TRIM = '[MAXLEN | MINID [= | ~] threshold [LIMIT count]]';

const sub = { group: 'stream' as const, firstKey: 2, lastKey: 2, step: 1, since: '5.0.0', complexity: 'O(1)' };

function container(name: string, summary: string, subcommands: CommandDefinition[]): CommandDefinition {
  return {
    group: 'stream', name, arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, since: '5.0.0', syntax: '<subcommand> [arguments]',
    summary, complexity: 'Depends on subcommand.',
    handler: () => new ErrorReply(`ERR wrong number of arguments for '${name}' command`),
    subcommands,
  };
}

const XGROUP_COMMAND = container('xgroup', 'A container for consumer groups commands', [
  { ...sub, name: 'create', arity: -5, flags: ['write', 'denyoom'], logAs: 'reported', syntax: 'key groupname id | $ [MKSTREAM] [ENTRIESREAD entries_read]', summary: 'Create a consumer group.', handler: xgroup('create') },
  { ...sub, name: 'setid', arity: -5, flags: ['write'], logAs: 'reported', syntax: 'key groupname id | $ [ENTRIESREAD entries_read]', summary: 'Set a consumer group to an arbitrary last delivered ID value.', handler: xgroup('setid') },
  { ...sub, name: 'destroy', arity: 4, flags: ['write'], logAs: 'reported', syntax: 'key groupname', summary: 'Destroy a consumer group.', complexity: 'O(N) where N is the number of entries in the group\'s pending entries list (PEL).', handler: xgroup('destroy') },
  { ...sub, name: 'createconsumer', arity: 5, flags: ['write', 'denyoom'], logAs: 'reported', since: '6.2.0', syntax: 'key groupname consumername', summary: 'Create a consumer in a consumer group.', handler: xgroup('createconsumer') },
  { ...sub, name: 'delconsumer', arity: 5, flags: ['write'], logAs: 'reported', syntax: 'key groupname consumername', summary: 'Delete a consumer from a consumer group.', handler: xgroup('delconsumer') },
  { ...sub, name: 'setconsumer', arity: 6, flags: ['write', 'denyoom'], logAs: 'reported', since: '0.0.0', syntax: 'key groupname consumername seen-time-ms', summary: 'Ballast: set a consumer\'s last-seen time, creating it if needed (how the AOF restores consumers; internal use).', handler: xgroup('setconsumer') },
  { ...sub, name: 'setpending', arity: -8, flags: ['write', 'denyoom'], logAs: 'reported', since: '0.0.0', syntax: 'key groupname consumername delivery-time-ms delivery-count id [id ...]', summary: 'Ballast: make entries pending for a consumer with a delivery time and count (how the AOF restores pending entries; internal use).', complexity: 'O(log N) for each ID, with N being the number of pending entries of the group.', handler: xgroup('setpending') },
  { ...sub, name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, syntax: '', summary: 'Show helpful text about the different subcommands', handler: xgroupHelp },
]);

const XINFO_COMMAND = container('xinfo', 'A container for stream introspection commands', [
  { ...sub, name: 'consumers', arity: 4, flags: ['readonly'], syntax: 'key groupname', summary: 'List the consumers in a consumer group', handler: xinfoConsumers },
  { ...sub, name: 'groups', arity: 3, flags: ['readonly'], syntax: 'key', summary: 'List the consumer groups of a stream', handler: xinfoGroups },
  { ...sub, name: 'stream', arity: -3, flags: ['readonly'], syntax: 'key [FULL [COUNT count]]', summary: 'Get information about a stream', handler: xinfoStream },
  { ...sub, name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, syntax: '', summary: 'Show helpful text about the different subcommands', handler: xinfoHelp },
]);

export const STREAM_COMMANDS: readonly CommandDefinition[] = [
  {
    ...streamSpec({
      name: 'xadd', arity: -5, flags: ['write', 'denyoom', 'fast'], logAs: 'reported', since: '5.0.0',
      summary: 'Appends a new entry to a stream', complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
      syntax: `key [NOMKSTREAM] ${TRIM} * | id field value [field value ...]`,
    }),
    handler: xadd,
  },
  {
    ...streamSpec({ name: 'xrange', arity: -4, flags: ['readonly'], since: '5.0.0', complexity: RANGE_COMPLEXITY, syntax: 'key start end [COUNT count]',
      summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval' }),
    handler: xrange(false),
  },
  {
    ...streamSpec({ name: 'xrevrange', arity: -4, flags: ['readonly'], since: '5.0.0', complexity: RANGE_COMPLEXITY, syntax: 'key end start [COUNT count]',
      summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE' }),
    handler: xrange(true),
  },
  {
    ...streamSpec({ name: 'xlen', arity: 2, flags: ['readonly', 'fast'], since: '5.0.0', complexity: 'O(1)', syntax: 'key', summary: 'Return the number of entries in a stream' }),
    handler: xlen,
  },
  {
    ...streamSpec({ name: 'xdel', arity: -3, flags: ['write', 'fast'], logAs: 'reported', since: '5.0.0', syntax: 'key id [id ...]',
      complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
      summary: 'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.' }),
    handler: xdel,
  },
  {
    ...streamSpec({ name: 'xtrim', arity: -4, flags: ['write'], logAs: 'reported', since: '5.0.0', syntax: 'key MAXLEN | MINID [= | ~] threshold [LIMIT count]',
      complexity: 'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.',
      summary: 'Trims the stream to (approximately if \'~\' is passed) a certain size' }),
    handler: xtrim,
  },
  {
    ...streamSpec({ name: 'xsetid', arity: -3, flags: ['write', 'denyoom', 'fast'], logAs: 'reported', since: '5.0.0', complexity: 'O(1)',
      syntax: 'key last-id [ENTRIESADDED entries_added] [MAXDELETEDID max_deleted_entry_id]', summary: 'An internal command for replicating stream values' }),
    handler: xsetid,
  },
  {
    ...streamSpec({ name: 'xread', arity: -4, flags: ['readonly', 'blocking', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, keys: streamsKeys, since: '5.0.0',
      complexity: READ_COMPLEXITY, syntax: '[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]',
      summary: 'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.' }),
    handler: xread,
  },
  {
    ...streamSpec({ name: 'xreadgroup', arity: -7, flags: ['write', 'blocking', 'movablekeys'], logAs: 'reported', firstKey: 0, lastKey: 0, step: 0, keys: streamsKeys, since: '5.0.0',
      complexity: READGROUP_COMPLEXITY, syntax: 'GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]',
      summary: 'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.' }),
    handler: xreadgroup,
  },
  {
    ...streamSpec({ name: 'xack', arity: -4, flags: ['write', 'fast'], logAs: 'reported', since: '5.0.0', complexity: 'O(1) for each message ID processed.', syntax: 'key group id [id ...]',
      summary: 'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.' }),
    handler: xack,
  },
  {
    ...streamSpec({ name: 'xpending', arity: -3, flags: ['readonly'], since: '5.0.0', syntax: 'key group [[IDLE min-idle-time] start end count [consumer]]',
      complexity: 'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.',
      summary: 'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.' }),
    handler: xpending,
  },
  {
    ...streamSpec({ name: 'xclaim', arity: -6, flags: ['write', 'fast'], logAs: 'reported', since: '5.0.0', complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
      syntax: 'key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]',
      summary: 'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.' }),
    handler: xclaim,
  },
  {
    ...streamSpec({ name: 'xautoclaim', arity: -6, flags: ['write', 'fast'], logAs: 'reported', since: '6.2.0', complexity: 'O(1) if COUNT is small.',
      syntax: 'key group consumer min-idle-time start [COUNT count] [JUSTID]',
      summary: 'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.' }),
    handler: xautoclaim,
  },
  XGROUP_COMMAND,
  XINFO_COMMAND,
];
