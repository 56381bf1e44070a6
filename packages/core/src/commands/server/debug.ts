/**
 * DEBUG, as Redis 7.0.15's debugCommand (debug.c), for the subcommands tools and Redis's own test
 * suite use. DEBUG is a protected command (`enable-debug-command`, checked at admission); its
 * subcommands are not a table but argument shapes, as in Redis: anything else — or a known one
 * with the wrong number of arguments — gets Redis's "unknown subcommand or wrong number of
 * arguments" error. Subcommands Ballast cannot honour (crashes, jemalloc, replication, cluster)
 * are refused with a sentence saying so.
 *
 * - DIGEST / DIGEST-VALUE: Redis's SHA-1 digests (keyspace/dataset-digest.ts).
 * - OBJECT: Redis's line, with Ballast's OBJECT ENCODING, the value's RDB length, and the ql_*
 *   fields of a list cut into quicklist nodes as Redis would hold it. `at:` is not an address
 *   (Ballast has none) but a number stable for the key; `lru_seconds_idle` is 0, as OBJECT
 *   IDLETIME answers.
 * - SLEEP: the engine stops running commands for that long (EngineServices.sleep).
 * - RELOAD [MERGE] [NOFLUSH] [NOSAVE] / LOADAOF: the dataset persisted and loaded back while no
 *   command runs (durability/dataset-reload.ts).
 * - SET-ACTIVE-EXPIRE, QUICKLIST-PACKED-THRESHOLD, SET-DISABLE-DENY-SCRIPTS, PAUSE-CRON: engine switches
 *   (EngineServices.debugSettings).
 * - PROTOCOL: one reply of each RESP3 type, as Redis sends them.
 * - LISTPACK / QUICKLIST: the value's layout written to the server log (Redis prints to stdout).
 * - LOG, ERROR, STRINGMATCH-TEST, HELP.
 *
 * DEBUG writes nothing to the AOF: it is not a write command. RELOAD and LOADAOF change memory
 * only to what the log already holds, so they log nothing either.
 */
import type { ByteString } from '../../resp/byte-string.js';
import {
  AttributedReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, OK, PushReply, SetReply, SimpleString,
  VerbatimString, type Reply,
} from '../../resp/reply.js';
import { datasetDigest, valueDigest } from '../../keyspace/dataset-digest.js';
import { matchGlob } from '../../keyspace/glob.js';
import { HashValue, ListValue, SortedSetValue, type Value } from '../../keyspace/values.js';
import { encodingLimitsOf } from '../../rdb/encoding-limits.js';
import { rdbCompressor } from '../../rdb/lzf.js';
import { RdbOutput } from '../../rdb/rdb-output.js';
import { encodeValue, PLAIN_ELEMENT_BYTES, quicklistNodes, rdbTypeOf } from '../../rdb/value-encoder.js';
import { NO_SUCH_KEY } from '../errors.js';
import { encodingOf, refcountOf } from '../keys/object.js';
import type { ReloadOptions } from '../services.js';
import type { BlockRequest, CommandContext, CommandDefinition } from '../types.js';
import { rewriteConfigForceAll } from './config-rewrite-command.js';
import { helpReply } from './help.js';
import { serverSpec } from './spec.js';

type Subcommand = (context: CommandContext, args: readonly ByteString[]) => Reply | BlockRequest;

/** A subcommand and the argument counts (including DEBUG and its name) it accepts, as debug.c checks `c->argc`. */
interface DebugSubcommand {
  readonly accepts: (argc: number) => boolean;
  readonly run: Subcommand;
}

const PROTOCOL_TYPES = 'string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false';

/** DEBUG PROTOCOL <type>: a test value of each RESP3 type, exactly as Redis answers it. */
function protocol(context: CommandContext, args: readonly ByteString[]): Reply {
  switch (args[2].toLowerCase()) {
    case 'string': return 'Hello World';
    case 'integer': return 12345;
    case 'double': return new DoubleReply(3.141);
    case 'bignum': return new BigNumberReply('1234567999999999999999999999999999999');
    case 'null': return null;
    case 'array': return [0, 1, 2];
    case 'set': return new SetReply([0, 1, 2]);
    case 'map': return new MapReply([[0, BooleanReply.FALSE], [1, BooleanReply.TRUE], [2, BooleanReply.FALSE]]);
    case 'attrib': return new AttributedReply([['key-popularity', ['key:123', 90]]], 'Some real reply following the attribute');
    case 'push':
      if (context.client.protocol < 3) return new ErrorReply('ERR RESP2 is not supported by this command');
      // A push is not a reply: a normal one follows, for clients that discard pushes.
      context.session.push(new PushReply(['server-cpu-usage', 42]));
      return 'Some real reply following the push reply';
    case 'true': return BooleanReply.TRUE;
    case 'false': return BooleanReply.FALSE;
    case 'verbatim': return new VerbatimString('This is a verbatim\nstring');
    default: return new ErrorReply(`ERR Wrong protocol type name. Please use one of the following: ${PROTOCOL_TYPES}`);
  }
}

/** C's atoi: leading blanks, a sign, digits; 0 when there are none. */
function atoi(text: ByteString): number {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** C's strtod as DEBUG SLEEP reads it: the longest leading number, 0 when there is none. */
function strtod(text: ByteString): number {
  const match = /^\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/i.exec(text);
  return match === null ? 0 : Number(match[0]);
}

const MEMORY_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3 };

/** Redis's memtoull: digits and an optional unit; undefined when it does not parse. */
function memoryValue(text: ByteString): number | undefined {
  const match = /^(\d+)([a-z]*)$/i.exec(text);
  const unit = match === null ? undefined : MEMORY_UNITS[match[2].toLowerCase()];
  return match === null || unit === undefined ? undefined : Number(match[1]) * unit;
}

/** quicklistisSetPackedThreshold: up to 4 GiB less 1 MiB; 0 restores the default (1 GiB). */
function quicklistPackedThreshold(context: CommandContext, args: readonly ByteString[]): Reply {
  const bytes = memoryValue(args[2]);
  if (bytes === undefined || bytes > 2 ** 32 - 2 ** 20) return new ErrorReply('ERR argument must be a memory value bigger than 1 and smaller than 4gb');
  context.engine.debugSettings.quicklistPackedThresholdBytes = bytes === 0 ? PLAIN_ELEMENT_BYTES : bytes;
  return OK;
}

/** The stored value, as Redis's dictFind sees it: a key whose TTL passed is still there until deleted. */
function storedValue(context: CommandContext, key: ByteString): Value | undefined {
  return context.db.of(key).entries.get(key);
}

/** A number that stands for the value in `at:` — stable for a key (INCR changes a string in place, as Redis's pointer stays). */
function pseudoAddress(database: number, key: ByteString): string {
  let hash = 0x811c9dc5 ^ database;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return `0x7f${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** The quicklist fields Redis appends for a list: nodes, average node, fill, compression, listpack bytes. */
function quicklistFields(context: CommandContext, list: ListValue): string {
  const fill = context.engine.config.integer('list-max-listpack-size');
  const nodes = quicklistNodes(list, fill, context.engine.debugSettings.quicklistPackedThresholdBytes);
  const bytes = nodes.reduce((total, node) => total + node.bytes, 0);
  const compressed = context.engine.config.integer('list-compress-depth') !== 0 ? 1 : 0;
  return ` ql_nodes:${nodes.length} ql_avg_node:${(list.length / nodes.length).toFixed(2)} ql_listpack_max:${fill}`
    + ` ql_compressed:${compressed} ql_uncompressed_size:${bytes}`;
}

/** DEBUG OBJECT <key>. */
function object(context: CommandContext, args: readonly ByteString[]): Reply {
  const key = args[2];
  const value = storedValue(context, key);
  if (value === undefined) return NO_SUCH_KEY;
  const config = context.engine.config;
  const output = new RdbOutput({ compressor: config.boolean('rdbcompression') ? rdbCompressor : undefined });
  encodeValue(output, value, rdbTypeOf(value), encodingLimitsOf(config));
  const lru = Math.floor(context.nowMs / 1000) & 0xffffff;
  const extra = value instanceof ListValue ? quicklistFields(context, value) : '';
  return new SimpleString(`Value at:${pseudoAddress(context.db.index, key)} refcount:${refcountOf(value)} encoding:${encodingOf(value)} `
    + `serializedlength:${output.length} lru:${lru} lru_seconds_idle:0${extra}`);
}

/** DEBUG DIGEST-VALUE key…: one digest per key, all zeros for a missing key. */
function digestValue(context: CommandContext, args: readonly ByteString[]): Reply {
  return args.slice(2).map((key) => new SimpleString(valueDigest(context.db.of(key), key)));
}

/** DEBUG DIGEST: the whole dataset's digest. */
function digest(context: CommandContext): Reply {
  const { engine } = context;
  return new SimpleString(datasetDigest(Array.from({ length: engine.databaseCount }, (_, index) => engine.database(index).shards)));
}

/** DEBUG LISTPACK <key>: a compact hash or sorted set's entries, written to the server log. */
function listpack(context: CommandContext, args: readonly ByteString[]): Reply {
  const value = context.db.lookupWrite(args[2]);
  if (value === undefined) return NO_SUCH_KEY;
  const compact = (value instanceof HashValue || value instanceof SortedSetValue) && value.compact;
  if (!compact) return new ErrorReply('ERR Not a listpack encoded object.');
  const entries = value instanceof HashValue ? [...value.entries()] : [...value.entries()].map(([member, score]) => [member, String(score)]);
  context.engine.log('notice', `DEBUG LISTPACK ${JSON.stringify(args[2])}: ${entries.length * 2} entries: ${JSON.stringify(entries.flat())}`);
  return new SimpleString('Listpack structure printed on stdout');
}

/** DEBUG QUICKLIST <key> [0|1]: a list's nodes, written to the server log. */
function quicklist(context: CommandContext, args: readonly ByteString[]): Reply {
  const value = context.db.lookupWrite(args[2]);
  if (value === undefined) return NO_SUCH_KEY;
  if (!(value instanceof ListValue)) return new ErrorReply('ERR Not a quicklist encoded object.');
  const full = args.length === 4 && atoi(args[3]) !== 0;
  const nodes = quicklistNodes(value, context.engine.config.integer('list-max-listpack-size'), context.engine.debugSettings.quicklistPackedThresholdBytes);
  const lines = nodes.map((node, index) => `node ${index}: ${node.plain ? 'PLAIN' : 'PACKED'} count ${node.end - node.start} sz ${node.bytes}`
    + (full ? ` ${JSON.stringify(value.slice(node.start, node.end))}` : ''));
  context.engine.log('notice', `DEBUG QUICKLIST ${JSON.stringify(args[2])}: count ${value.length}, ${nodes.length} nodes\n${lines.join('\n')}`);
  return new SimpleString('Quicklist structure printed on stdout');
}

/** DEBUG STRINGMATCH-TEST: Redis fuzzes stringmatchlen against crashes; this runs the glob matcher on random patterns. */
function stringmatchTest(context: CommandContext): Reply {
  const alphabet = 'ab*?[]^-\\';
  const pick = (length: number) => Array.from({ length }, () => alphabet[Math.floor(context.random.next() * alphabet.length)]).join('');
  for (let round = 0; round < 100_000; round++) matchGlob(pick(1 + Math.floor(context.random.next() * 16)), pick(Math.floor(context.random.next() * 16)));
  return new SimpleString('Apparently Redis did not crash: test passed');
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: persist, then load the dataset back from what was written. */
function reload(context: CommandContext, args: readonly ByteString[]): Reply | BlockRequest {
  const options = { persist: true, flush: true, merge: false };
  for (const option of args.slice(2)) {
    const upper = option.toUpperCase();
    if (upper === 'MERGE') options.merge = true;
    else if (upper === 'NOFLUSH') options.flush = false;
    else if (upper === 'NOSAVE') options.persist = false;
    else return new ErrorReply('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
  }
  return reloadWith(context, options, 'DB reloaded by DEBUG RELOAD');
}

/** DEBUG LOADAOF: make everything logged durable, then load the dataset back from the AOF. */
function loadaof(context: CommandContext): Reply | BlockRequest {
  if (context.engine.persistence === null) return new ErrorReply('ERR DEBUG LOADAOF needs appendonly yes: there is no AOF to load');
  return reloadWith(context, { persist: false, flush: true, merge: false }, 'Append Only File loaded by DEBUG LOADAOF');
}

function reloadWith(context: CommandContext, options: ReloadOptions, done: string): Reply | BlockRequest {
  const reloader = context.engine.reloader;
  if (reloader === null) return new ErrorReply('ERR DEBUG RELOAD is not available: this server has no data directory');
  const work = async (): Promise<Reply> => {
    const failure = await reloader.reload(options);
    // Redis's text first (clients match on it), then why.
    if (failure !== null) return new ErrorReply(`ERR Error trying to load the RDB dump: ${failure}`);
    context.engine.log('warning', done);
    return OK;
  };
  return context.engine.pauseWhile(work, new ErrorReply('ERR DEBUG RELOAD is not allowed inside MULTI'));
}

/** DEBUG SLEEP <seconds>: decimals allowed; what strtod cannot read is 0. */
function sleep(context: CommandContext, args: readonly ByteString[]): Reply | BlockRequest {
  const seconds = strtod(args[2]);
  return context.engine.sleep(Math.max(0, Math.floor(seconds * 1_000_000)) / 1000);
}

/** Subcommands Ballast refuses with a reason: crashes, jemalloc, replication and cluster internals. */
const REFUSED: Readonly<Record<string, string>> = {
  'segfault': 'Ballast does not crash on request',
  'panic': 'Ballast does not crash on request',
  'assert': 'Ballast does not crash on request',
  'oom': 'Ballast does not crash on request',
  'restart': 'Ballast does not restart itself; use SHUTDOWN and the service manager',
  'crash-and-recover': 'Ballast does not crash on request; the simulator (ballast-sim) crashes it from a seed',
  'mallctl': 'Ballast does not use jemalloc',
  'mallctl-str': 'Ballast does not use jemalloc',
  'jmap': 'Ballast has no JVM heap to dump',
  'sdslen': 'Ballast has no SDS strings',
  'htstats': 'Ballast has no incrementally rehashed dict tables',
  'htstats-key': 'Ballast has no incrementally rehashed dict tables',
  'structsize': 'Ballast has no C structures',
  'leak': 'Ballast does not leak memory on request',
  'replicate': 'replication is not built yet',
  'set-skip-checksum-validation': 'RDB files and RESTORE payloads are always checked',
};

const SUBCOMMANDS: Readonly<Record<string, DebugSubcommand>> = {
  'log': { accepts: (argc) => argc === 3, run: (context, args) => {
    context.engine.log('warning', `DEBUG LOG: ${args[2]}`);
    return OK;
  } },
  'error': { accepts: (argc) => argc === 3, run: (_, args) => new ErrorReply(args[2].replace(/[\r\n]/g, ' ')) },
  'reload': { accepts: () => true, run: reload },
  'loadaof': { accepts: () => true, run: loadaof },
  'object': { accepts: (argc) => argc === 3, run: object },
  'listpack': { accepts: (argc) => argc === 3, run: listpack },
  'quicklist': { accepts: (argc) => argc === 3 || argc === 4, run: quicklist },
  'digest': { accepts: (argc) => argc === 2, run: digest },
  'digest-value': { accepts: (argc) => argc >= 2, run: digestValue },
  'protocol': { accepts: (argc) => argc === 3, run: protocol },
  'sleep': { accepts: (argc) => argc === 3, run: sleep },
  'set-active-expire': { accepts: (argc) => argc === 3, run: (context, args) => {
    context.engine.debugSettings.activeExpire = atoi(args[2]) !== 0;
    return OK;
  } },
  'quicklist-packed-threshold': { accepts: (argc) => argc === 3, run: quicklistPackedThreshold },
  'set-disable-deny-scripts': { accepts: (argc) => argc === 3, run: (context, args) => {
    context.engine.debugSettings.disableDenyScripts = atoi(args[2]) !== 0;
    return OK;
  } },
  'pause-cron': { accepts: (argc) => argc === 3, run: (context, args) => {
    context.engine.debugSettings.pauseCron = atoi(args[2]) !== 0;
    return OK;
  } },
  'stringmatch-test': { accepts: (argc) => argc === 2, run: stringmatchTest },
  'config-rewrite-force-all': { accepts: (argc) => argc === 2, run: rewriteConfigForceAll },
  'help': { accepts: (argc) => argc === 2, run: () => helpReply('DEBUG', HELP_LINES) },
};

const HELP_LINES = [
  'CONFIG-REWRITE-FORCE-ALL',
  '    Like CONFIG REWRITE but writes all configuration options, including',
  '    keywords not listed in original configuration file or default values.',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Persist the dataset (rewrite the AOF, or save the RDB with appendonly no) and',
  '    load it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from disk.',
  '    * NOFLUSH: the existing dataset is kept besides what is loaded; a key or',
  '      library in both refuses the reload unless MERGE is given.',
  '    * NOSAVE: the dataset will be loaded from what is on disk now.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-DISABLE-DENY-SCRIPTS <0|1>',
  '    Let scripts call commands flagged no-script (1), or refuse them again (0).',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'STRINGMATCH-TEST',
  '    Run a fuzz tester against the stringmatchlen() function.',
  'LISTPACK <key>',
  '    Show low level info about the listpack encoding of <key>.',
  'QUICKLIST <key> [<0|1>]',
  '    Show low level info about the quicklist encoding of <key>.',
  '    The optional argument (0 by default) sets the level of detail',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
];

/** Redis's addReplySubcommandSyntaxError, naming the command as the client spelled it. */
function unknownSubcommand(args: readonly ByteString[]): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${args[1].slice(0, 128)}'. Try ${args[0].toUpperCase()} HELP.`);
}

function debug(context: CommandContext, args: readonly ByteString[]): Reply | BlockRequest {
  const name = args[1].toLowerCase();
  const refused = REFUSED[name];
  if (refused !== undefined) return new ErrorReply(`ERR DEBUG ${name.toUpperCase()} is not supported: ${refused}`);
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (subcommand === undefined || !subcommand.accepts(args.length)) return unknownSubcommand(args);
  return subcommand.run(context, args);
}

export const DEBUG_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'debug', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale'], since: '1.0.0', syntax: '',
    summary: 'A container for debugging commands', complexity: 'Depends on subcommand.',
  }),
  protectedBy: 'enable-debug-command',
  handler: debug,
};
