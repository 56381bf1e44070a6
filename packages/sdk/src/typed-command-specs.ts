/**
 * How each hand-typed command is sent and read: `encode` turns the typed arguments into the
 * command's words, `decode` turns the reply (RESP2 or RESP3) into the typed result. The client,
 * pipelines and transactions all install their methods from this one table.
 */
import { MapReply, SetReply, type Reply } from '@ballast/core';
import {
  boolean, bulk, bulkArray, bulkMap, bulkOrNull, bulkOrNullArray, bulkSet, double, doubleOrNull, integer, integerOrNull,
  isNull, scoredMembers, status, statusOrNull, text, type Bulk,
} from './decoders.js';
import { bitfieldArguments, bitfieldRoArguments, bitfieldValues } from './bitfield-commands.js';
import { geoaddArguments, geoHashes, geoPositions, geoSearchMatches, geosearchArguments, geosearchWithArguments } from './geo-commands.js';
import { toValue } from './reply-value.js';
import type { Argument } from './request-encoder.js';
import type { Decoder } from './request.js';
import { scriptArguments } from './script.js';
import {
  autoclaimResult, claimArguments, consumerInfos, entries, groupInfos, ids, pendingEntries, pendingRangeArguments, pendingSummary, readArguments,
  streamInfo, streamsRead, trimArguments, xaddArguments,
} from './stream-commands.js';
import type {
  FieldValues, FunctionDescription, FunctionListOptions, GetExOptions, LibraryDescription, PoppedElement, SetOptions,
  TypedCommands, ZAddOptions, ZRangeOptions,
} from './typed-commands.js';

type Spec<F> = F extends (...args: infer A) => unknown
  ? { readonly encode: (...args: A) => Argument[]; readonly decode: Decoder<unknown> }
  : never;

export type TypedCommandSpecs = { readonly [K in keyof TypedCommands<Bulk>]: Spec<TypedCommands<Bulk>[K]> };

function list(values: Argument | readonly Argument[]): readonly Argument[] {
  return Array.isArray(values) ? values : [values as Argument];
}

function pairs(entries: FieldValues): Argument[] {
  const out: Argument[] = [];
  const iterable = entries instanceof Map ? entries.entries() : Object.entries(entries);
  for (const [field, value] of iterable) out.push(field, value);
  return out;
}

function setArguments(options: SetOptions | undefined): Argument[] {
  if (options === undefined) return [];
  const out: Argument[] = [];
  if (options.nx) out.push('NX');
  if (options.xx) out.push('XX');
  if (options.ex !== undefined) out.push('EX', options.ex);
  if (options.px !== undefined) out.push('PX', options.px);
  if (options.exat !== undefined) out.push('EXAT', options.exat);
  if (options.pxat !== undefined) out.push('PXAT', options.pxat);
  if (options.keepTtl) out.push('KEEPTTL');
  return out;
}

function getexArguments(options: GetExOptions | undefined): Argument[] {
  if (options === undefined) return [];
  const out: Argument[] = [];
  if (options.ex !== undefined) out.push('EX', options.ex);
  if (options.px !== undefined) out.push('PX', options.px);
  if (options.exat !== undefined) out.push('EXAT', options.exat);
  if (options.pxat !== undefined) out.push('PXAT', options.pxat);
  if (options.persist) out.push('PERSIST');
  return out;
}

function zaddArguments(options: ZAddOptions | undefined): Argument[] {
  if (options === undefined) return [];
  const out: Argument[] = [];
  if (options.nx) out.push('NX');
  if (options.xx) out.push('XX');
  if (options.gt) out.push('GT');
  if (options.lt) out.push('LT');
  if (options.ch) out.push('CH');
  return out;
}

function zrangeArguments(options: ZRangeOptions | undefined): Argument[] {
  return options?.rev ? ['REV'] : [];
}

function popped(reply: Reply, buffers: boolean): PoppedElement<Bulk> | null {
  if (isNull(reply)) return null;
  const [key, element] = reply as readonly Reply[];
  return { key: text(key), element: bulk(element, buffers) };
}

const ok = (reply: Reply): string => status(reply);

function functionListArguments(options: FunctionListOptions | undefined): Argument[] {
  const out: Argument[] = [];
  if (options?.libraryName !== undefined) out.push('LIBRARYNAME', options.libraryName);
  if (options?.withCode) out.push('WITHCODE');
  return out;
}

/** Name → value of a RESP3 map or a RESP2 flat array of alternating names and values. */
function fields(reply: Reply): Map<string, Reply> {
  const out = new Map<string, Reply>();
  if (reply instanceof MapReply) {
    for (const [name, value] of reply.entries) out.set(text(name), value);
    return out;
  }
  if (!Array.isArray(reply)) throw new TypeError(`expected a map, got ${String(reply)}`);
  for (let i = 0; i + 1 < reply.length; i += 2) out.set(text(reply[i] as Reply), reply[i + 1] as Reply);
  return out;
}

function replies(reply: Reply | undefined): readonly Reply[] {
  if (Array.isArray(reply)) return reply as readonly Reply[];
  if (reply instanceof SetReply) return reply.items;
  throw new TypeError(`expected an array, got ${String(reply)}`);
}

function functionDescription(reply: Reply): FunctionDescription {
  const entry = fields(reply);
  const description = entry.get('description') ?? null;
  return {
    name: text(entry.get('name') ?? null),
    description: isNull(description) ? null : text(description),
    flags: replies(entry.get('flags')).map((flag) => text(flag)),
  };
}

/** FUNCTION LIST: RESP2 nests flat arrays, RESP3 maps (and sets for flags); both give the same objects. */
function libraryDescriptions(reply: Reply): LibraryDescription[] {
  return replies(reply).map((item) => {
    const entry = fields(item);
    const library: LibraryDescription = {
      libraryName: text(entry.get('library_name') ?? null),
      engine: text(entry.get('engine') ?? null),
      functions: replies(entry.get('functions')).map(functionDescription),
    };
    const code = entry.get('library_code');
    if (code !== undefined) library.code = text(code);
    return library;
  });
}

export const TYPED_COMMAND_SPECS: TypedCommandSpecs = {
  // streams (stream-commands.ts)
  xadd: { encode: (key, fields, options) => xaddArguments(key, fields, options), decode: (reply) => (isNull(reply) ? null : text(reply)) },
  xrange: { encode: (key, start, end, count) => ['XRANGE', key, start, end, ...(count === undefined ? [] : ['COUNT', count])], decode: entries },
  xrevrange: { encode: (key, end, start, count) => ['XREVRANGE', key, end, start, ...(count === undefined ? [] : ['COUNT', count])], decode: entries },
  xtrim: { encode: (key, trim) => ['XTRIM', key, ...trimArguments(trim)], decode: integer },
  xread: { encode: (streams, options) => ['XREAD', ...readArguments(streams, options)], decode: streamsRead },
  xreadgroup: {
    encode: (group, consumer, streams, options) => ['XREADGROUP', 'GROUP', group, consumer, ...(options?.noAck ? ['NOACK'] : []), ...readArguments(streams, options)],
    decode: streamsRead,
  },
  xack: { encode: (key, group, messageIds) => ['XACK', key, group, ...list(messageIds)], decode: integer },
  xpending: { encode: (key, group) => ['XPENDING', key, group], decode: pendingSummary },
  xpendingRange: { encode: (key, group, options) => ['XPENDING', key, group, ...pendingRangeArguments(options)], decode: pendingEntries },
  xclaim: { encode: (key, group, consumer, minIdleMs, messageIds, options) => ['XCLAIM', key, group, consumer, minIdleMs, ...messageIds, ...claimArguments(options)], decode: entries },
  xclaimJustId: {
    encode: (key, group, consumer, minIdleMs, messageIds, options) => ['XCLAIM', key, group, consumer, minIdleMs, ...messageIds, ...claimArguments(options), 'JUSTID'],
    decode: ids,
  },
  xautoclaim: {
    encode: (key, group, consumer, minIdleMs, start, count) => ['XAUTOCLAIM', key, group, consumer, minIdleMs, start, ...(count === undefined ? [] : ['COUNT', count])],
    decode: autoclaimResult,
  },
  xinfoStream: { encode: (key) => ['XINFO', 'STREAM', key], decode: streamInfo },
  xinfoGroups: { encode: (key) => ['XINFO', 'GROUPS', key], decode: groupInfos },
  xinfoConsumers: { encode: (key, group) => ['XINFO', 'CONSUMERS', key, group], decode: consumerInfos },
  // geo (geo-commands.ts)
  geoadd: { encode: (key, members, options) => ['GEOADD', key, ...geoaddArguments(members, options)], decode: integer },
  geodist: { encode: (key, member1, member2, unit) => ['GEODIST', key, member1, member2, ...(unit ? [unit] : [])], decode: doubleOrNull },
  geopos: { encode: (key, members) => ['GEOPOS', key, ...list(members)], decode: geoPositions },
  geohash: { encode: (key, members) => ['GEOHASH', key, ...list(members)], decode: geoHashes },
  geosearch: { encode: (key, from, by, options) => ['GEOSEARCH', key, ...geosearchArguments(from, by, options)], decode: bulkArray },
  geosearchWith: {
    encode: (key, from, by, options) => ['GEOSEARCH', key, ...geosearchArguments(from, by, options), ...geosearchWithArguments(options)],
    decode: geoSearchMatches,
  },
  geosearchstore: {
    encode: (destination, source, from, by, options) => [
      'GEOSEARCHSTORE', destination, source, ...geosearchArguments(from, by, options), ...(options?.storeDist ? ['STOREDIST'] : []),
    ],
    decode: integer,
  },
  // bitfields (bitfield-commands.ts)
  bitfield: { encode: (key, operations) => ['BITFIELD', key, ...bitfieldArguments(operations)], decode: bitfieldValues },
  bitfieldRo: { encode: (key, gets) => ['BITFIELD_RO', key, ...bitfieldRoArguments(gets)], decode: bitfieldValues },
  get: { encode: (key) => ['GET', key], decode: bulkOrNull },
  set: { encode: (key, value, options) => ['SET', key, value, ...setArguments(options)], decode: statusOrNull },
  getdel: { encode: (key) => ['GETDEL', key], decode: bulkOrNull },
  getset: { encode: (key, value) => ['GETSET', key, value], decode: bulkOrNull },
  getex: { encode: (key, options) => ['GETEX', key, ...getexArguments(options)], decode: bulkOrNull },
  mget: { encode: (keys) => ['MGET', ...keys], decode: bulkOrNullArray },
  mset: { encode: (entries) => ['MSET', ...pairs(entries)], decode: ok },
  incr: { encode: (key) => ['INCR', key], decode: integer },
  incrby: { encode: (key, increment) => ['INCRBY', key, increment], decode: integer },
  incrbyfloat: { encode: (key, increment) => ['INCRBYFLOAT', key, increment], decode: double },
  decr: { encode: (key) => ['DECR', key], decode: integer },
  decrby: { encode: (key, decrement) => ['DECRBY', key, decrement], decode: integer },
  append: { encode: (key, value) => ['APPEND', key, value], decode: integer },
  strlen: { encode: (key) => ['STRLEN', key], decode: integer },
  del: { encode: (keys) => ['DEL', ...list(keys)], decode: integer },
  exists: { encode: (keys) => ['EXISTS', ...list(keys)], decode: integer },
  expire: { encode: (key, seconds, condition) => ['EXPIRE', key, seconds, ...(condition ? [condition] : [])], decode: boolean },
  pexpire: { encode: (key, milliseconds, condition) => ['PEXPIRE', key, milliseconds, ...(condition ? [condition] : [])], decode: boolean },
  ttl: { encode: (key) => ['TTL', key], decode: integer },
  pttl: { encode: (key) => ['PTTL', key], decode: integer },
  persist: { encode: (key) => ['PERSIST', key], decode: boolean },
  type: { encode: (key) => ['TYPE', key], decode: ok },
  rename: { encode: (key, newKey) => ['RENAME', key, newKey], decode: ok },
  keys: { encode: (pattern) => ['KEYS', pattern], decode: bulkArray },
  dbsize: { encode: () => ['DBSIZE'], decode: integer },
  flushdb: { encode: () => ['FLUSHDB'], decode: ok },
  flushall: { encode: () => ['FLUSHALL'], decode: ok },
  ping: { encode: () => ['PING'], decode: ok },
  echo: { encode: (message) => ['ECHO', message], decode: bulk },
  info: { encode: (section) => (section === undefined ? ['INFO'] : ['INFO', section]), decode: text },
  hset: { encode: (key, fields) => ['HSET', key, ...pairs(fields)], decode: integer },
  hget: { encode: (key, field) => ['HGET', key, field], decode: bulkOrNull },
  hmget: { encode: (key, fields) => ['HMGET', key, ...fields], decode: bulkOrNullArray },
  hgetall: { encode: (key) => ['HGETALL', key], decode: bulkMap },
  hdel: { encode: (key, fields) => ['HDEL', key, ...list(fields)], decode: integer },
  hexists: { encode: (key, field) => ['HEXISTS', key, field], decode: boolean },
  hincrby: { encode: (key, field, increment) => ['HINCRBY', key, field, increment], decode: integer },
  hincrbyfloat: { encode: (key, field, increment) => ['HINCRBYFLOAT', key, field, increment], decode: double },
  hsetnx: { encode: (key, field, value) => ['HSETNX', key, field, value], decode: boolean },
  hlen: { encode: (key) => ['HLEN', key], decode: integer },
  hkeys: { encode: (key) => ['HKEYS', key], decode: bulkArray },
  hvals: { encode: (key) => ['HVALS', key], decode: bulkArray },
  lpush: { encode: (key, elements) => ['LPUSH', key, ...list(elements)], decode: integer },
  rpush: { encode: (key, elements) => ['RPUSH', key, ...list(elements)], decode: integer },
  lpop: { encode: (key) => ['LPOP', key], decode: bulkOrNull },
  rpop: { encode: (key) => ['RPOP', key], decode: bulkOrNull },
  lrange: { encode: (key, start, stop) => ['LRANGE', key, start, stop], decode: bulkArray },
  llen: { encode: (key) => ['LLEN', key], decode: integer },
  lindex: { encode: (key, index) => ['LINDEX', key, index], decode: bulkOrNull },
  lrem: { encode: (key, count, element) => ['LREM', key, count, element], decode: integer },
  ltrim: { encode: (key, start, stop) => ['LTRIM', key, start, stop], decode: ok },
  lmove: { encode: (source, destination, from, to) => ['LMOVE', source, destination, from, to], decode: bulkOrNull },
  blpop: { encode: (keys, timeoutSeconds) => ['BLPOP', ...list(keys), timeoutSeconds], decode: popped },
  brpop: { encode: (keys, timeoutSeconds) => ['BRPOP', ...list(keys), timeoutSeconds], decode: popped },
  sadd: { encode: (key, members) => ['SADD', key, ...list(members)], decode: integer },
  srem: { encode: (key, members) => ['SREM', key, ...list(members)], decode: integer },
  smembers: { encode: (key) => ['SMEMBERS', key], decode: bulkSet },
  sismember: { encode: (key, member) => ['SISMEMBER', key, member], decode: boolean },
  scard: { encode: (key) => ['SCARD', key], decode: integer },
  spop: { encode: (key) => ['SPOP', key], decode: bulkOrNull },
  srandmember: { encode: (key) => ['SRANDMEMBER', key], decode: bulkOrNull },
  sinter: { encode: (keys) => ['SINTER', ...list(keys)], decode: bulkSet },
  sunion: { encode: (keys) => ['SUNION', ...list(keys)], decode: bulkSet },
  sdiff: { encode: (keys) => ['SDIFF', ...list(keys)], decode: bulkSet },
  zadd: {
    encode: (key, members, options) => ['ZADD', key, ...zaddArguments(options), ...members.flatMap(({ score, member }) => [score, member])],
    decode: integer,
  },
  zscore: { encode: (key, member) => ['ZSCORE', key, member], decode: doubleOrNull },
  zincrby: { encode: (key, increment, member) => ['ZINCRBY', key, increment, member], decode: double },
  zrem: { encode: (key, members) => ['ZREM', key, ...list(members)], decode: integer },
  zcard: { encode: (key) => ['ZCARD', key], decode: integer },
  zrank: { encode: (key, member) => ['ZRANK', key, member], decode: integerOrNull },
  zcount: { encode: (key, min, max) => ['ZCOUNT', key, min, max], decode: integer },
  zrange: { encode: (key, start, stop, options) => ['ZRANGE', key, start, stop, ...zrangeArguments(options)], decode: bulkArray },
  zpopmin: { encode: (key, count) => ['ZPOPMIN', key, count ?? 1], decode: scoredMembers },
  zpopmax: { encode: (key, count) => ['ZPOPMAX', key, count ?? 1], decode: scoredMembers },
  zrangeWithScores: {
    encode: (key, start, stop, options) => ['ZRANGE', key, start, stop, ...zrangeArguments(options), 'WITHSCORES'],
    decode: scoredMembers,
  },
  publish: { encode: (channel, message) => ['PUBLISH', channel, message], decode: integer },
  eval: { encode: (script, options) => ['EVAL', script, ...scriptArguments(options)], decode: toValue },
  evalsha: { encode: (sha1, options) => ['EVALSHA', sha1, ...scriptArguments(options)], decode: toValue },
  evalRo: { encode: (script, options) => ['EVAL_RO', script, ...scriptArguments(options)], decode: toValue },
  evalshaRo: { encode: (sha1, options) => ['EVALSHA_RO', sha1, ...scriptArguments(options)], decode: toValue },
  fcall: { encode: (functionName, options) => ['FCALL', functionName, ...scriptArguments(options)], decode: toValue },
  fcallRo: { encode: (functionName, options) => ['FCALL_RO', functionName, ...scriptArguments(options)], decode: toValue },
  scriptLoad: { encode: (script) => ['SCRIPT', 'LOAD', script], decode: text },
  scriptExists: { encode: (sha1s) => ['SCRIPT', 'EXISTS', ...list(sha1s)], decode: (reply) => replies(reply).map(boolean) },
  scriptFlush: { encode: (mode) => ['SCRIPT', 'FLUSH', ...(mode ? [mode] : [])], decode: ok },
  functionLoad: { encode: (code, options) => ['FUNCTION', 'LOAD', ...(options?.replace ? ['REPLACE'] : []), code], decode: text },
  functionList: { encode: (options) => ['FUNCTION', 'LIST', ...functionListArguments(options)], decode: libraryDescriptions },
  functionDelete: { encode: (libraryName) => ['FUNCTION', 'DELETE', libraryName], decode: ok },
  functionFlush: { encode: (mode) => ['FUNCTION', 'FLUSH', ...(mode ? [mode] : [])], decode: ok },
  functionDump: { encode: () => ['FUNCTION', 'DUMP'], decode: (reply) => bulk(reply, true) },
  functionRestore: { encode: (payload, policy) => ['FUNCTION', 'RESTORE', payload, ...(policy ? [policy] : [])], decode: ok },
};
