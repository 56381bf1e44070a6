/**
 * Generic key commands: DEL UNLINK EXISTS TOUCH TYPE RENAME RENAMENX COPY MOVE KEYS SCAN
 * RANDOMKEY FLUSHDB FLUSHALL SWAPDB, with Redis 7.0's replies and errors. Keys may live on
 * different shards; each command still runs as one step.
 */
import { matchGlob } from '../../keyspace/glob.js';
import { typeOfValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, OK, SimpleString, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInteger } from '../arguments.js';
import { INVALID_DB_INDEX, NO_SUCH_KEY, NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import { parseScanArguments } from '../scan-arguments.js';
import type { CommandContext } from '../types.js';
import { copyValue } from '../../keyspace/copy-value.js';
import { NOTIFY_GENERIC } from '../../config/keyspace-event-classes.js';

const SAME_OBJECT = new ErrorReply('ERR source and destination objects are the same');

export function deleteKeys(context: CommandContext, args: readonly ByteString[]): Reply {
  let deleted = 0;
  for (let i = 1; i < args.length; i++) {
    if (!context.db.delete(args[i])) continue;
    deleted++;
    context.notify(NOTIFY_GENERIC, 'del', args[i]);
  }
  return deleted;
}

/**
 * EXISTS (`noTouch`) and TOUCH: how many of the named keys exist (a key named twice counts
 * twice). Each is a read lookup, as in Redis: a hit or a miss in INFO, and a keymiss
 * notification; TOUCH updates the keys' access fields, EXISTS does not (LOOKUP_NOTOUCH).
 */
export function countExisting(noTouch: boolean) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    let found = 0;
    for (let i = 1; i < args.length; i++) if (context.db.lookupRead(args[i], noTouch) !== undefined) found++;
    return found;
  };
}

/** TYPE: a read lookup (a hit or a miss, a keymiss notification) that leaves the access field, as Redis's. */
export function type(context: CommandContext, args: readonly ByteString[]): Reply {
  const value = context.db.lookupRead(args[1], true);
  return new SimpleString(value === undefined ? 'none' : typeOfValue(value));
}

/**
 * RENAME (`onlyIfMissing` false) and RENAMENX: the value moves with its TTL. As in Redis, a
 * destination that exists is deleted first, so the destination is always a new key.
 */
export function rename(onlyIfMissing: boolean) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    const [, source, destination] = args;
    const value = context.db.lookupWrite(source);
    if (value === undefined) return NO_SUCH_KEY;
    if (source === destination) return onlyIfMissing ? 0 : OK;
    if (onlyIfMissing && context.db.exists(destination)) return 0;
    const expiresAtMs = context.db.getExpire(source);
    // The source goes first: a change reaches WATCH and tracking clients in Redis's order (source, then destination).
    context.db.delete(source);
    context.db.delete(destination);
    context.db.set(destination, value);
    if (expiresAtMs !== undefined) context.db.setExpire(destination, expiresAtMs);
    context.notify(NOTIFY_GENERIC, 'rename_from', source);
    context.notify(NOTIFY_GENERIC, 'rename_to', destination);
    return onlyIfMissing ? 1 : OK;
  };
}

function parseDatabaseIndex(context: CommandContext, text: ByteString): number | ErrorReply {
  const index = parseInteger(text);
  if (index === undefined) return NOT_INTEGER;
  if (index < 0 || index >= context.engine.databaseCount) return INVALID_DB_INDEX;
  return index;
}

export function copy(context: CommandContext, args: readonly ByteString[]): Reply {
  const [, source, destination] = args;
  let target = context.db;
  let replace = false;
  for (let i = 3; i < args.length; i++) {
    if (isKeyword(args[i], 'REPLACE')) replace = true;
    else if (isKeyword(args[i], 'DB') && i + 1 < args.length) {
      const index = parseDatabaseIndex(context, args[++i]);
      if (index instanceof ErrorReply) return index;
      target = context.engine.database(index);
    } else return SYNTAX_ERROR;
  }
  if (target === context.db && source === destination) return SAME_OBJECT;
  const value = context.db.lookupWrite(source);
  if (value === undefined) return 0;
  if (target.exists(destination)) {
    if (!replace) return 0;
    target.delete(destination);
  }
  const expiresAtMs = context.db.getExpire(source);
  target.set(destination, copyValue(value));
  if (expiresAtMs !== undefined) target.setExpire(destination, expiresAtMs);
  context.notify(NOTIFY_GENERIC, 'copy_to', destination, target.index);
  return 1;
}

export function move(context: CommandContext, args: readonly ByteString[]): Reply {
  const index = parseDatabaseIndex(context, args[2]);
  if (index instanceof ErrorReply) return index;
  // The database the command runs in (context.db), not the client's: replay selects through its context.
  if (index === context.db.index) return SAME_OBJECT;
  const value = context.db.lookupWrite(args[1]);
  if (value === undefined) return 0;
  const target = context.engine.database(index);
  if (target.exists(args[1])) return 0;
  const expiresAtMs = context.db.getExpire(args[1]);
  context.db.delete(args[1]);
  target.set(args[1], value);
  if (expiresAtMs !== undefined) target.setExpire(args[1], expiresAtMs);
  context.notify(NOTIFY_GENERIC, 'move_from', args[1]);
  context.notify(NOTIFY_GENERIC, 'move_to', args[1], index);
  return 1;
}

export function keys(context: CommandContext, args: readonly ByteString[]): Reply {
  const pattern = args[1];
  const out: ByteString[] = [];
  for (const shard of context.db.shards) {
    for (const key of [...shard.entries.keys()]) {
      if ((pattern === '*' || matchGlob(pattern, key)) && shard.exists(key)) out.push(key);
    }
  }
  return out;
}

export function scan(context: CommandContext, args: readonly ByteString[]): Reply {
  const options = parseScanArguments(args, 1, true);
  if (options instanceof ErrorReply) return options;
  const out: ByteString[] = [];
  const cursor = context.db.scan(options.cursor, options.count, (key, value) => {
    if (options.match !== null && !matchGlob(options.match, key)) return;
    if (options.type !== null && typeOfValue(value) !== options.type) return;
    out.push(key);
  });
  return [String(cursor), out];
}

export function randomKey(context: CommandContext): Reply {
  return context.db.randomKey(context.random) ?? null;
}

function parseFlushMode(args: readonly ByteString[]): ErrorReply | undefined {
  if (args.length > 2 || (args.length === 2 && !isKeyword(args[1], 'ASYNC') && !isKeyword(args[1], 'SYNC'))) return SYNTAX_ERROR;
  return undefined;
}

export function flushDatabase(context: CommandContext, args: readonly ByteString[]): Reply {
  const error = parseFlushMode(args);
  if (error) return error;
  context.db.flush();
  return OK;
}

export function flushAll(context: CommandContext, args: readonly ByteString[]): Reply {
  const error = parseFlushMode(args);
  if (error) return error;
  for (let index = 0; index < context.engine.databaseCount; index++) context.engine.database(index).flush();
  return OK;
}

export function swapDatabases(context: CommandContext, args: readonly ByteString[]): Reply {
  const first = parseInteger(args[1]);
  if (first === undefined) return new ErrorReply('ERR invalid first DB index');
  const second = parseInteger(args[2]);
  if (second === undefined) return new ErrorReply('ERR invalid second DB index');
  const count = context.engine.databaseCount;
  if (first < 0 || first >= count || second < 0 || second >= count) return INVALID_DB_INDEX;
  if (first !== second) context.engine.swapDatabases(first, second);
  return OK;
}
