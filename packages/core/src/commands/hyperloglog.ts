/**
 * HyperLogLog commands (Redis 7.0 semantics, replies and errors): PFADD, PFCOUNT, PFMERGE,
 * PFDEBUG, PFSELFTEST. An HLL is an ordinary string holding Redis's exact bytes
 * (keyspace/hyperloglog), so GET, APPEND, DUMP and the AOF see what redis-server would hold.
 *
 * How each write is logged (the AOF logs effects, DESIGN.md):
 * - PFADD as typed: its effect is a function of its arguments, the key's bytes and
 *   hll-sparse-max-bytes only (no clock, no randomness), and it has one key.
 * - PFMERGE as typed: replayed on the same shard's state it computes the same bytes; when its
 *   keys span shards the recorder logs the destination's resulting bytes (SET) instead.
 * - PFDEBUG as typed: only GETREG and TODENSE change anything (sparse → dense, a function of the
 *   bytes), as Redis propagates them.
 * - PFCOUNT is a read (`readonly`, as in Redis) that may rewrite the cached cardinality in the
 *   value's header; Redis propagates it then (`may_replicate`). It declares `as-typed`, so the
 *   recorder logs it when it changed the key, and replay recomputes the same bytes.
 */
import {
  addElements, countWithCache, denseRegisters, emptySparse, estimateOfRegisters, isDense, isHyperLogLog, mergeRegisters, toDense,
  withStaleCache, writeMerged,
} from '../keyspace/hyperloglog/hyperloglog.js';
import { decodeSparse } from '../keyspace/hyperloglog/sparse.js';
import { runSelfTest } from '../keyspace/hyperloglog/self-test.js';
import { HLL_REGISTERS } from '../keyspace/hyperloglog/murmur-hash.js';
import type { Value } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, OK, SimpleString, type Reply } from '../resp/reply.js';
import { WRONG_TYPE } from './errors.js';
import { keyedSpecs } from './spec.js';
import { NOTIFY_STRING } from '../config/keyspace-event-classes.js';
import type { CommandContext, CommandDefinition } from './types.js';

export const NOT_HYPERLOGLOG = new ErrorReply('WRONGTYPE Key is not a valid HyperLogLog string value.');
export const CORRUPT_HYPERLOGLOG = new ErrorReply('INVALIDOBJ Corrupted HLL object detected');
const NO_SUCH_KEY = new ErrorReply('ERR The specified key does not exist');
const NOT_SPARSE = new ErrorReply('ERR HLL encoding is not sparse');

/** 2^63 as Redis's PFCOUNT computes it for an out-of-range estimate: sent as a signed 64-bit integer. */
const INT64_WRAP = 1n << 63n;

/** The HLL under a key: undefined when missing, or Redis's WRONGTYPE errors. */
function hyperLogLogOf(value: Value | undefined): ByteString | undefined | ErrorReply {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return WRONG_TYPE;
  return isHyperLogLog(value) ? value : NOT_HYPERLOGLOG;
}

function sparseBytesMax(context: CommandContext): number {
  return context.engine.config.integer('hll-sparse-max-bytes');
}

/** A cardinality as Redis sends it (addReplyLongLong of an unsigned value). */
function cardinalityReply(cardinality: number | bigint): Reply {
  return cardinality === INT64_WRAP ? -INT64_WRAP : cardinality;
}

/** PFADD key [element [element ...]] */
function pfadd(context: CommandContext, args: readonly ByteString[]): Reply {
  const key = args[1];
  const existing = hyperLogLogOf(context.db.lookupWrite(key));
  if (existing instanceof ErrorReply) return existing;
  const created = existing === undefined;
  const value = existing ?? emptySparse();
  const result = addElements(value, args.slice(2), sparseBytesMax(context));
  if (result.corrupt) {
    // Redis keeps the registers set before the corrupt opcode was reached.
    if (result.value !== value) context.db.set(key, result.value, true);
    return CORRUPT_HYPERLOGLOG;
  }
  if (!created && !result.updated) return 0;
  context.db.set(key, result.updated ? result.value : withStaleCache(result.value), true);
  context.notify(NOTIFY_STRING, 'pfadd', key);
  return 1;
}

/** PFCOUNT key [key ...] */
function pfcount(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length > 2) {
    // The union of several HLLs: computed, never stored.
    const max = new Uint8Array(HLL_REGISTERS);
    for (let i = 1; i < args.length; i++) {
      const value = hyperLogLogOf(context.db.lookupRead(args[i]));
      if (value instanceof ErrorReply) return value;
      if (value !== undefined && !mergeRegisters(max, value)) return CORRUPT_HYPERLOGLOG;
    }
    return cardinalityReply(estimateOfRegisters(max));
  }
  const value = hyperLogLogOf(context.db.lookupRead(args[1]));
  if (value === undefined || value instanceof ErrorReply) return value ?? 0;
  const counted = countWithCache(value);
  if (counted === undefined) return CORRUPT_HYPERLOGLOG;
  if (counted.value !== value) context.db.set(args[1], counted.value, true);
  return cardinalityReply(counted.cardinality);
}

/** PFMERGE destkey [sourcekey [sourcekey ...]] */
function pfmerge(context: CommandContext, args: readonly ByteString[]): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  let destination: ByteString | undefined;
  // The destination is read as a source too, as Redis does (argv[1..]).
  for (let i = 1; i < args.length; i++) {
    const value = hyperLogLogOf(context.db.lookupRead(args[i]));
    if (value instanceof ErrorReply) return value;
    if (value === undefined) continue;
    if (i === 1) destination = value;
    if (isDense(value)) useDense = true;
    if (!mergeRegisters(max, value)) return CORRUPT_HYPERLOGLOG;
  }
  const merged = writeMerged(destination ?? emptySparse(), max, useDense, sparseBytesMax(context));
  if (merged === undefined) return CORRUPT_HYPERLOGLOG;
  context.db.set(args[1], merged, true);
  // Redis names the merge's event after PFADD.
  context.notify(NOTIFY_STRING, 'pfadd', args[1]);
  return OK;
}

/** PFDEBUG subcommand key — GETREG, DECODE, ENCODING, TODENSE. */
function pfdebug(context: CommandContext, args: readonly ByteString[]): Reply {
  // Redis compares the subcommand as a C string: it ends at the first NUL byte.
  const subcommand = args[1].split('\x00')[0];
  const key = args[2];
  const value = hyperLogLogOf(context.db.lookupWrite(key));
  if (value === undefined) return NO_SUCH_KEY;
  if (value instanceof ErrorReply) return value;
  switch (subcommand.toLowerCase()) {
    case 'getreg': {
      const dense = toDense(value);
      if (dense === undefined) return CORRUPT_HYPERLOGLOG;
      if (dense !== value) context.db.set(key, dense, true);
      return denseRegisters(dense);
    }
    case 'decode':
      return isDense(value) ? NOT_SPARSE : decodeSparse(value);
    case 'encoding':
      return new SimpleString(isDense(value) ? 'dense' : 'sparse');
    case 'todense': {
      if (isDense(value)) return 0;
      const dense = toDense(value);
      if (dense === undefined) return CORRUPT_HYPERLOGLOG;
      context.db.set(key, dense, true);
      return 1;
    }
    default:
      return new ErrorReply(`ERR Unknown PFDEBUG subcommand '${subcommand}'`);
  }
}

/** PFSELFTEST */
function pfselftest(context: CommandContext): Reply {
  const failure = runSelfTest(Math.floor(context.random.next() * 2 ** 32), sparseBytesMax(context));
  return failure === null ? OK : new ErrorReply(failure);
}

const spec = keyedSpecs('hyperloglog');

export const HYPERLOGLOG_COMMANDS: readonly CommandDefinition[] = [
  {
    ...spec({
      name: 'pfadd', arity: -2, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '2.8.9',
      syntax: 'key [element [element ...]]', summary: 'Adds the specified elements to the specified HyperLogLog.',
      complexity: 'O(1) to add every element.',
    }),
    handler: pfadd,
  },
  {
    ...spec({
      name: 'pfcount', arity: -2, flags: ['readonly', 'may_replicate'], logAs: 'as-typed', lastKey: -1, since: '2.8.9', syntax: 'key [key ...]',
      summary: 'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).',
      complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
    }),
    handler: pfcount,
  },
  {
    ...spec({
      name: 'pfmerge', arity: -2, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: -1, since: '2.8.9',
      syntax: 'destkey [sourcekey [sourcekey ...]]', summary: 'Merge N different HyperLogLogs into a single one.',
      complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
    }),
    handler: pfmerge,
  },
  {
    ...spec({
      name: 'pfdebug', arity: 3, flags: ['write', 'denyoom', 'admin'], logAs: 'as-typed', firstKey: 2, lastKey: 2, since: '2.8.9',
      syntax: 'subcommand key', summary: 'Internal commands for debugging HyperLogLog values', complexity: 'N/A',
    }),
    handler: pfdebug,
  },
  {
    ...spec({
      name: 'pfselftest', arity: 1, flags: ['admin'], firstKey: 0, lastKey: 0, step: 0, since: '2.8.9', syntax: '',
      summary: 'An internal command for testing HyperLogLog values', complexity: 'N/A',
    }),
    handler: pfselftest,
  },
];
