/**
 * Hash commands (Redis 7.0 semantics and errors). A hash is a HashValue (DenseMap field →
 * value); `compact` mirrors Redis's listpack encoding limits for OBJECT ENCODING.
 */
import type { EngineServices } from './services.js';
import { HashValue } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, MapReply, OK, type Reply } from '../resp/reply.js';
import { isKeyword, parseInt64, parseInteger, INT64_MAX, INT64_MIN } from './arguments.js';
import { addAsLongDouble, isLongDouble } from './long-double.js';
import { NOT_FLOAT, NOT_INTEGER, OVERFLOW, SYNTAX_ERROR, wrongArity } from './errors.js';
import { readTyped, writeTyped } from './lookup.js';
import { RANDOM_REPLY_COUNT_MAX, randomSample } from './random-sample.js';
import { parseScanArguments, scanCollection } from './scan-arguments.js';
import { NOTIFY_GENERIC, NOTIFY_HASH } from '../config/keyspace-event-classes.js';
import type { CommandContext, CommandDefinition } from './types.js';
import { keyedSpecs } from './spec.js';

const HASH_NOT_INTEGER = new ErrorReply('ERR hash value is not an integer');
const HASH_NOT_FLOAT = new ErrorReply('ERR hash value is not a float');
const NAN_OR_INFINITY = new ErrorReply('ERR increment would produce NaN or Infinity');
const INFINITE_INCREMENT = new ErrorReply('ERR value is NaN or Infinity');
/** An increment that parses as an infinity (strtold's inf/infinity, any case, signed): HINCRBYFLOAT refuses it before anything else. */
const INFINITY_TEXT = /^[+-]?inf(?:inity)?$/i;

const spec = keyedSpecs('hash');

/** Clears `compact` once the hash crosses Redis's listpack limits (never set back). */
function noteSize(hash: HashValue, engine: EngineServices, field: ByteString, value: ByteString): void {
  if (!hash.compact) return;
  const valueMax = engine.config.integer('hash-max-listpack-value');
  if (hash.size > engine.config.integer('hash-max-listpack-entries') || field.length > valueMax || value.length > valueMax) {
    hash.compact = false;
  }
}

/** The hash under `key` for writing, created empty (not yet stored) when missing. */
function hashForWrite(context: CommandContext, key: ByteString): { hash: HashValue; created: boolean } | ErrorReply {
  const found = writeTyped(context.db, key, HashValue);
  if (found instanceof ErrorReply) return found;
  return found === undefined ? { hash: new HashValue(), created: true } : { hash: found, created: false };
}

/** Stores a hash it created (else announces the change in place) and notifies `event`. */
function storeHash(context: CommandContext, key: ByteString, hash: HashValue, created: boolean, event: string): void {
  if (created) context.db.set(key, hash);
  else context.db.touch(key);
  context.notify(NOTIFY_HASH, event, key);
}

function setFields(context: CommandContext, args: readonly ByteString[]): number | ErrorReply {
  const target = hashForWrite(context, args[1]);
  if (target instanceof ErrorReply) return target;
  let added = 0;
  for (let i = 2; i < args.length; i += 2) {
    if (target.hash.set(args[i], args[i + 1])) added++;
    noteSize(target.hash, context.engine, args[i], args[i + 1]);
  }
  storeHash(context, args[1], target.hash, target.created, 'hset');
  return added;
}

function incrementBy(context: CommandContext, args: readonly ByteString[]): Reply {
  const increment = parseInt64(args[3]);
  if (increment === undefined) return NOT_INTEGER;
  const target = hashForWrite(context, args[1]);
  if (target instanceof ErrorReply) return target;
  const current = target.hash.get(args[2]);
  const base = current === undefined ? 0n : parseInt64(current);
  if (base === undefined) return HASH_NOT_INTEGER;
  const result = base + increment;
  if (result > INT64_MAX || result < INT64_MIN) return OVERFLOW;
  const text = result.toString();
  target.hash.set(args[2], text);
  noteSize(target.hash, context.engine, args[2], text);
  storeHash(context, args[1], target.hash, target.created, 'hincrby');
  return Number.isSafeInteger(Number(result)) ? Number(result) : result;
}

function incrementByFloat(context: CommandContext, args: readonly ByteString[]): Reply {
  if (!isLongDouble(args[3])) return NOT_FLOAT;
  if (INFINITY_TEXT.test(args[3])) return INFINITE_INCREMENT;
  const target = hashForWrite(context, args[1]);
  if (target instanceof ErrorReply) return target;
  const sum = addAsLongDouble(target.hash.get(args[2]) ?? '0', args[3]);
  if ('error' in sum) return sum.error === 'bad-current' ? HASH_NOT_FLOAT : NAN_OR_INFINITY;
  target.hash.set(args[2], sum.value);
  noteSize(target.hash, context.engine, args[2], sum.value);
  storeHash(context, args[1], target.hash, target.created, 'hincrbyfloat');
  return sum.value;
}

function randomFields(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length === 2) {
    const hash = readTyped(context.db, args[1], HashValue);
    if (hash instanceof ErrorReply || hash === undefined) return hash ?? null;
    return hash.keyAt(hash.randomPosition(context.random));
  }
  const count = parseInteger(args[2]);
  if (count === undefined) return NOT_INTEGER;
  if (count < -RANDOM_REPLY_COUNT_MAX) return new ErrorReply('ERR value is out of range');
  if (args.length > 4 || (args.length === 4 && !isKeyword(args[3], 'WITHVALUES'))) return SYNTAX_ERROR;
  const withValues = args.length === 4;
  const hash = readTyped(context.db, args[1], HashValue);
  if (hash instanceof ErrorReply) return hash;
  if (hash === undefined || count === 0) return [];
  const positions = randomSample(hash.size, count, context.random);
  if (!withValues) return positions.map((position) => hash.keyAt(position));
  if (context.client.protocol === 3) return positions.map((position) => [hash.keyAt(position), hash.valueAt(position)]);
  return positions.flatMap((position) => [hash.keyAt(position), hash.valueAt(position)]);
}

/** HINCRBYFLOAT key field increment is logged as HSET key field result (no float arithmetic on replay). */
function hincrbyfloatAsSet(args: readonly ByteString[], reply: Reply): ByteString[][] | undefined {
  if (typeof reply !== 'string') return undefined;
  return [['HSET', args[1], args[2], reply]];
}

export const HASH_COMMANDS: readonly CommandDefinition[] = [
  {
    ...spec({ name: 'hset', arity: -4, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '2.0.0', syntax: 'key field value [field value ...]',
      summary: 'Set the string value of a hash field', complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.' }),
    handler: (context, args) => (args.length % 2 === 1 ? wrongArity('hset') : setFields(context, args)),
  },
  {
    ...spec({ name: 'hmset', arity: -4, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '2.0.0', syntax: 'key field value [field value ...]',
      summary: 'Set multiple hash fields to multiple values', complexity: 'O(N) where N is the number of fields being set.' }),
    handler(context, args) {
      if (args.length % 2 === 1) return wrongArity('hmset');
      const result = setFields(context, args);
      return result instanceof ErrorReply ? result : OK;
    },
  },
  {
    ...spec({ name: 'hsetnx', arity: 4, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '2.0.0', syntax: 'key field value',
      summary: 'Set the value of a hash field, only if the field does not exist', complexity: 'O(1)' }),
    handler(context, args) {
      const target = hashForWrite(context, args[1]);
      if (target instanceof ErrorReply) return target;
      if (target.hash.has(args[2])) return 0;
      target.hash.set(args[2], args[3]);
      noteSize(target.hash, context.engine, args[2], args[3]);
      storeHash(context, args[1], target.hash, target.created, 'hset');
      return 1;
    },
  },
  {
    ...spec({ name: 'hget', arity: 3, flags: ['readonly', 'fast'], since: '2.0.0', syntax: 'key field',
      summary: 'Get the value of a hash field', complexity: 'O(1)' }),
    handler(context, args) {
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      return hash?.get(args[2]) ?? null;
    },
  },
  {
    ...spec({ name: 'hmget', arity: -3, flags: ['readonly', 'fast'], since: '2.0.0', syntax: 'key field [field ...]',
      summary: 'Get the values of all the given hash fields', complexity: 'O(N) where N is the number of fields being requested.' }),
    handler(context, args) {
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      return args.slice(2).map((field) => hash?.get(field) ?? null);
    },
  },
  {
    ...spec({ name: 'hdel', arity: -3, flags: ['write', 'fast'], logAs: 'as-typed', since: '2.0.0', syntax: 'key field [field ...]',
      summary: 'Delete one or more hash fields', complexity: 'O(N) where N is the number of fields to be removed.' }),
    handler(context, args) {
      const hash = writeTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply || hash === undefined) return hash ?? 0;
      let removed = 0;
      for (let i = 2; i < args.length; i++) if (hash.delete(args[i])) removed++;
      if (removed === 0) return 0;
      context.notify(NOTIFY_HASH, 'hdel', args[1]);
      if (hash.size > 0) context.db.touch(args[1]);
      else {
        context.db.delete(args[1]);
        context.notify(NOTIFY_GENERIC, 'del', args[1]);
      }
      return removed;
    },
  },
  {
    ...spec({ name: 'hgetall', arity: 2, flags: ['readonly'], since: '2.0.0', syntax: 'key',
      summary: 'Get all the fields and values in a hash', complexity: 'O(N) where N is the size of the hash.' }),
    handler(context, args) {
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      return new MapReply(hash === undefined ? [] : [...hash.entries()]);
    },
  },
  {
    ...spec({ name: 'hkeys', arity: 2, flags: ['readonly'], since: '2.0.0', syntax: 'key',
      summary: 'Get all the fields in a hash', complexity: 'O(N) where N is the size of the hash.' }),
    handler(context, args) {
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      return hash === undefined ? [] : [...hash.keys()];
    },
  },
  {
    ...spec({ name: 'hvals', arity: 2, flags: ['readonly'], since: '2.0.0', syntax: 'key',
      summary: 'Get all the values in a hash', complexity: 'O(N) where N is the size of the hash.' }),
    handler(context, args) {
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      return hash === undefined ? [] : [...hash.values()];
    },
  },
  {
    ...spec({ name: 'hlen', arity: 2, flags: ['readonly', 'fast'], since: '2.0.0', syntax: 'key',
      summary: 'Get the number of fields in a hash', complexity: 'O(1)' }),
    handler(context, args) {
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      return hash?.size ?? 0;
    },
  },
  {
    ...spec({ name: 'hexists', arity: 3, flags: ['readonly', 'fast'], since: '2.0.0', syntax: 'key field',
      summary: 'Determine if a hash field exists', complexity: 'O(1)' }),
    handler(context, args) {
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      return hash?.has(args[2]) ? 1 : 0;
    },
  },
  {
    ...spec({ name: 'hstrlen', arity: 3, flags: ['readonly', 'fast'], since: '3.2.0', syntax: 'key field',
      summary: 'Get the length of the value of a hash field', complexity: 'O(1)' }),
    handler(context, args) {
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      return hash?.get(args[2])?.length ?? 0;
    },
  },
  {
    ...spec({ name: 'hincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '2.0.0', syntax: 'key field increment',
      summary: 'Increment the integer value of a hash field by the given number', complexity: 'O(1)' }),
    handler: incrementBy,
  },
  {
    ...spec({ name: 'hincrbyfloat', arity: 4, flags: ['write', 'denyoom', 'fast'], logAs: { rewrite: hincrbyfloatAsSet }, since: '2.6.0', syntax: 'key field increment',
      summary: 'Increment the float value of a hash field by the given amount', complexity: 'O(1)' }),
    handler: incrementByFloat,
  },
  {
    ...spec({ name: 'hrandfield', arity: -2, flags: ['readonly'], since: '6.2.0', syntax: 'key [count [WITHVALUES]]',
      summary: 'Get one or multiple random fields from a hash', complexity: 'O(N) where N is the number of fields returned' }),
    handler: randomFields,
  },
  {
    ...spec({ name: 'hscan', arity: -3, flags: ['readonly'], since: '2.8.0', syntax: 'key cursor [MATCH pattern] [COUNT count]',
      summary: 'Incrementally iterate hash fields and associated values',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.' }),
    handler(context, args) {
      const scan = parseScanArguments(args, 2, false);
      if (scan instanceof ErrorReply) return scan;
      const hash = readTyped(context.db, args[1], HashValue);
      if (hash instanceof ErrorReply) return hash;
      if (hash === undefined) return ['0', []];
      const items: ByteString[] = [];
      const cursor = scanCollection(hash, hash.compact, scan, (field, value) => items.push(field, value));
      return [cursor, items];
    },
  },
];
