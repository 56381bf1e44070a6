/**
 * MEMORY and its subcommands, with Redis 7.0's arguments, errors and reply shapes:
 *
 * - USAGE key [SAMPLES count]: the estimate of memory-usage.ts (Redis's model of the key).
 * - STATS: the fields Ballast can measure or truthfully knows — memory in use (used_memory: the
 *   memory model maxmemory bounds, with its peak and startup part) and resident (the host's), client buffers, the keyspace dicts' overhead in Redis's model, keys,
 *   no replication backlog, replicas or cluster links. Fields of allocator internals and peaks,
 *   which Ballast does not track, are left out rather than made up.
 * - DOCTOR: Redis's report, from the checks those figures support (an almost empty instance,
 *   big client buffers); it never claims a peak or allocator fragmentation it cannot see.
 * - MALLOC-STATS and PURGE: answered as Redis answers without jemalloc, which is what V8's heap
 *   is to Ballast: no allocator statistics, and nothing to purge (OK).
 */
import { isKeyword, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import type { ByteString } from '../../resp/byte-string.js';
import { DoubleReply, MapReply, OK, VerbatimString, type Reply } from '../../resp/reply.js';
import { helpReply } from './help.js';
import { keyBytes, keyspaceOverheadBytes, MEMORY_USAGE_SAMPLES_DEFAULT } from './memory-usage.js';
import { containerHandler, serverSpec } from './spec.js';

/** Below this much memory in use, Redis's doctor calls the instance empty. */
const DOCTOR_EMPTY_BYTES = 5 * 1024 * 1024;
/** Average client buffer bytes above which the doctor reports big client buffers. */
const DOCTOR_CLIENT_BUFFER_BYTES = 200 * 1024;

const DOCTOR_NO_ISSUES = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
const DOCTOR_EMPTY = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. "
  + 'Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n';
const DOCTOR_BIG_CLIENT_BUFFERS = 'Sam, I detected a few issues in this Redis instance memory implants:\n\n'
  + ' * Big client buffers: The clients output buffers in this instance are greater than 200K per client (on average). This may result from different causes, '
  + 'like Pub/Sub clients subscribed to channels bot not receiving data fast enough, so that data piles on the Redis instance output buffer, or clients sending '
  + 'commands with large replies or very large sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate the issue '
  + 'if it causes problems in your instance, or to understand better why certain clients are using a big amount of memory.\n\n'
  + "I'm here to keep you safe, Sam. I want to help you.\n";

/** MEMORY USAGE key [SAMPLES count] */
function usage(context: CommandContext, args: readonly ByteString[]): Reply {
  let samples = MEMORY_USAGE_SAMPLES_DEFAULT;
  for (let i = 3; i < args.length; i++) {
    if (!isKeyword(args[i], 'SAMPLES') || i + 1 >= args.length) return SYNTAX_ERROR;
    const count = parseInt64(args[++i]);
    if (count === undefined) return NOT_INTEGER;
    if (count < 0n) return SYNTAX_ERROR;
    samples = count === 0n ? Number.POSITIVE_INFINITY : Number(count);
  }
  const value = context.db.lookupWrite(args[2]);
  return value === undefined ? null : keyBytes(args[2], value, samples);
}

/** The figures behind STATS and DOCTOR. */
function overhead(context: CommandContext) {
  const { engine } = context;
  const { rssBytes } = engine.host.memoryUsage();
  const { usedBytes, peakBytes, startupBytes } = engine.memoryInfo();
  let clientBuffers = 0;
  let clients = 0;
  for (const client of engine.clients()) {
    clients++;
    clientBuffers += client.queryBufferBytes + client.outputBufferBytes;
  }
  const databases: Array<{ index: number; main: number; expires: number }> = [];
  let keys = 0;
  let total = startupBytes + clientBuffers;
  for (let index = 0; index < engine.databaseCount; index++) {
    const database = engine.database(index);
    if (database.size === 0) continue;
    const entry = { index, main: keyspaceOverheadBytes(database.size), expires: keyspaceOverheadBytes(database.expiresSize) };
    databases.push(entry);
    keys += database.size;
    total += entry.main + entry.expires;
  }
  return { usedBytes, peakBytes, startupBytes, rssBytes, clients, clientBuffers, databases, keys, total };
}

/** MEMORY STATS */
function stats(context: CommandContext): Reply {
  const figures = overhead(context);
  const dataset = Math.max(0, figures.usedBytes - figures.total);
  return new MapReply([
    ['peak.allocated', figures.peakBytes],
    ['total.allocated', figures.usedBytes],
    ['startup.allocated', figures.startupBytes],
    ['replication.backlog', 0],
    ['clients.slaves', 0],
    ['clients.normal', figures.clientBuffers],
    ['cluster.links', 0],
    ...figures.databases.map(({ index, main, expires }): [Reply, Reply] => [`db.${index}`, new MapReply([
      ['overhead.hashtable.main', main],
      ['overhead.hashtable.expires', expires],
      ['overhead.hashtable.slot-to-keys', 0],
    ])]),
    ['overhead.total', figures.total],
    ['keys.count', figures.keys],
    ['keys.bytes-per-key', figures.keys === 0 ? 0 : Math.floor(figures.usedBytes / figures.keys)],
    ['dataset.bytes', dataset],
    ['dataset.percentage', new DoubleReply(figures.usedBytes === 0 ? 0 : (dataset * 100) / figures.usedBytes)],
    ['fragmentation', new DoubleReply(figures.usedBytes === 0 ? 0 : figures.rssBytes / figures.usedBytes)],
    ['fragmentation.bytes', figures.rssBytes - figures.usedBytes],
  ]);
}

/** MEMORY DOCTOR */
function doctor(context: CommandContext): Reply {
  const figures = overhead(context);
  if (figures.usedBytes < DOCTOR_EMPTY_BYTES) return new VerbatimString(DOCTOR_EMPTY);
  const bigBuffers = figures.clients > 0 && figures.clientBuffers / figures.clients > DOCTOR_CLIENT_BUFFER_BYTES;
  return new VerbatimString(bigBuffers ? DOCTOR_BIG_CLIENT_BUFFERS : DOCTOR_NO_ISSUES);
}

const HELP_LINES = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];

const ALLOCATOR_DEPENDENT = 'Depends on how much memory is allocated, could be slow';

export const MEMORY_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'memory', arity: -2, flags: [], summary: 'A container for memory diagnostics commands', since: '4.0.0',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]',
  }),
  handler: containerHandler('memory'),
  subcommands: [
    {
      ...serverSpec({ name: 'doctor', arity: 2, flags: [], summary: 'Outputs memory problems report', since: '4.0.0', syntax: '' }),
      handler: doctor,
    },
    {
      ...serverSpec({ name: 'help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', since: '4.0.0', syntax: '' }),
      handler: () => helpReply('MEMORY', HELP_LINES),
    },
    {
      ...serverSpec({ name: 'malloc-stats', arity: 2, flags: [], summary: 'Show allocator internal stats', since: '4.0.0', syntax: '', complexity: ALLOCATOR_DEPENDENT }),
      handler: () => 'Stats not supported for the current allocator',
    },
    {
      ...serverSpec({ name: 'purge', arity: 2, flags: [], summary: 'Ask the allocator to release memory', since: '4.0.0', syntax: '', complexity: ALLOCATOR_DEPENDENT }),
      handler: () => OK,
    },
    {
      ...serverSpec({ name: 'stats', arity: 2, flags: [], summary: 'Show memory usage details', since: '4.0.0', syntax: '' }),
      handler: stats,
    },
    {
      ...serverSpec({
        name: 'usage', arity: -3, flags: ['readonly'], summary: 'Estimate the memory usage of a key', since: '4.0.0',
        syntax: 'key [SAMPLES count]', complexity: 'O(N) where N is the number of samples.',
      }),
      firstKey: 2, lastKey: 2, step: 1,
      handler: usage,
    },
  ],
};
