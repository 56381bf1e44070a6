/**
 * Generic key commands (Redis 7.0 semantics and errors): existence, types, expiry, renames and
 * copies, iteration, and database-wide operations. DBSIZE lives with the server commands.
 */
import { expire, persist, timeToLive } from './keys/expire.js';
import {
  copy, countExisting, deleteKeys, flushAll, flushDatabase, keys, move, randomKey, rename, scan, swapDatabases, type,
} from './keys/generic.js';
import { dump, restore } from './keys/dump-restore.js';
import { OBJECT_COMMAND } from './keys/object.js';
import { sort, sortKeys, sortReadOnly } from './keys/sort.js';
import type { CommandDefinition } from './types.js';
import { keyedSpecs } from './spec.js';

const spec = keyedSpecs('generic');

const O1 = 'O(1)';
const EXPIRE_SYNTAX = '[NX | XX | GT | LT]';
const noKeys = { firstKey: 0, lastKey: 0, step: 0 };
const SORT_COMPLEXITY = 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).';

export const KEY_COMMANDS: readonly CommandDefinition[] = [
  { ...spec({ name: 'del', arity: -2, flags: ['write'], logAs: 'as-typed', lastKey: -1, since: '1.0.0', syntax: 'key [key ...]', summary: 'Delete a key', complexity: 'O(N) where N is the number of keys that will be removed.' }), handler: deleteKeys },
  { ...spec({ name: 'unlink', arity: -2, flags: ['write', 'fast'], logAs: 'as-typed', lastKey: -1, since: '4.0.0', syntax: 'key [key ...]', summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.', complexity: 'O(1) for each key removed regardless of its size.' }), handler: deleteKeys },
  { ...spec({ name: 'exists', arity: -2, flags: ['readonly', 'fast'], lastKey: -1, since: '1.0.0', syntax: 'key [key ...]', summary: 'Determine if a key exists', complexity: 'O(N) where N is the number of keys to check.' }), handler: countExisting(true) },
  { ...spec({ name: 'touch', arity: -2, flags: ['readonly', 'fast'], lastKey: -1, since: '3.2.1', syntax: 'key [key ...]', summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.', complexity: 'O(N) where N is the number of keys that will be touched.' }), handler: countExisting(false) },
  { ...spec({ name: 'type', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', syntax: 'key', summary: 'Determine the type stored at key', complexity: O1 }), handler: type },
  { ...spec({ name: 'expire', arity: -3, flags: ['write', 'fast'], logAs: 'absolute-expiry', since: '1.0.0', syntax: `key seconds ${EXPIRE_SYNTAX}`, summary: "Set a key's time to live in seconds", complexity: O1 }), handler: expire(true, true) },
  { ...spec({ name: 'pexpire', arity: -3, flags: ['write', 'fast'], logAs: 'absolute-expiry', since: '2.6.0', syntax: `key milliseconds ${EXPIRE_SYNTAX}`, summary: "Set a key's time to live in milliseconds", complexity: O1 }), handler: expire(false, true) },
  { ...spec({ name: 'expireat', arity: -3, flags: ['write', 'fast'], logAs: 'absolute-expiry', since: '1.2.0', syntax: `key unix-time-seconds ${EXPIRE_SYNTAX}`, summary: 'Set the expiration for a key as a UNIX timestamp', complexity: O1 }), handler: expire(true, false) },
  { ...spec({ name: 'pexpireat', arity: -3, flags: ['write', 'fast'], logAs: 'absolute-expiry', since: '2.6.0', syntax: `key unix-time-milliseconds ${EXPIRE_SYNTAX}`, summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds', complexity: O1 }), handler: expire(false, false) },
  { ...spec({ name: 'ttl', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', syntax: 'key', summary: 'Get the time to live for a key in seconds', complexity: O1 }), handler: timeToLive(true, false) },
  { ...spec({ name: 'pttl', arity: 2, flags: ['readonly', 'fast'], since: '2.6.0', syntax: 'key', summary: 'Get the time to live for a key in milliseconds', complexity: O1 }), handler: timeToLive(false, false) },
  { ...spec({ name: 'expiretime', arity: 2, flags: ['readonly', 'fast'], since: '7.0.0', syntax: 'key', summary: 'Get the expiration Unix timestamp for a key', complexity: O1 }), handler: timeToLive(true, true) },
  { ...spec({ name: 'pexpiretime', arity: 2, flags: ['readonly', 'fast'], since: '7.0.0', syntax: 'key', summary: 'Get the expiration Unix timestamp for a key in milliseconds', complexity: O1 }), handler: timeToLive(false, true) },
  { ...spec({ name: 'persist', arity: 2, flags: ['write', 'fast'], logAs: 'as-typed', since: '2.2.0', syntax: 'key', summary: 'Remove the expiration from a key', complexity: O1 }), handler: persist },
  { ...spec({ name: 'rename', arity: 3, flags: ['write'], logAs: 'as-typed', lastKey: 2, since: '1.0.0', syntax: 'key newkey', summary: 'Rename a key', complexity: O1 }), handler: rename(false) },
  { ...spec({ name: 'renamenx', arity: 3, flags: ['write', 'fast'], logAs: 'as-typed', lastKey: 2, since: '1.0.0', syntax: 'key newkey', summary: 'Rename a key, only if the new key does not exist', complexity: O1 }), handler: rename(true) },
  { ...spec({ name: 'copy', arity: -3, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: 2, since: '6.2.0', syntax: 'source destination [DB destination-db] [REPLACE]', summary: 'Copy a key', complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.' }), handler: copy },
  { ...spec({ name: 'dump', arity: 2, flags: ['readonly'], since: '2.6.0', syntax: 'key', summary: 'Return a serialized version of the value stored at the specified key.', complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).' }), handler: dump },
  { ...spec({ name: 'restore', arity: -4, flags: ['write', 'denyoom'], logAs: 'resulting-state', since: '2.6.0', syntax: 'key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]', summary: 'Create a key using the provided serialized value, previously obtained using DUMP.', complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).' }), handler: restore },
  { ...spec({ name: 'move', arity: 3, flags: ['write', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key db', summary: 'Move a key to another database', complexity: O1 }), handler: move },
  { ...spec({ name: 'keys', arity: 2, flags: ['readonly'], readsDatabase: true, ...noKeys, since: '1.0.0', syntax: 'pattern', summary: 'Find all keys matching the given pattern', complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.' }), handler: keys },
  { ...spec({ name: 'scan', arity: -2, flags: ['readonly'], readsDatabase: true, ...noKeys, since: '2.8.0', syntax: 'cursor [MATCH pattern] [COUNT count] [TYPE type]', summary: 'Incrementally iterate the keys space', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.' }), handler: scan },
  { ...spec({ name: 'randomkey', arity: 1, flags: ['readonly'], readsDatabase: true, ...noKeys, since: '1.0.0', syntax: '', summary: 'Return a random key from the keyspace', complexity: O1 }), handler: randomKey },
  { ...spec({ name: 'flushdb', arity: -1, flags: ['write'], logAs: 'as-typed', ...noKeys, since: '1.0.0', syntax: '[ASYNC | SYNC]', summary: 'Remove all keys from the current database', complexity: 'O(N) where N is the number of keys in the selected database' }), handler: flushDatabase },
  { ...spec({ name: 'flushall', arity: -1, flags: ['write'], logAs: 'as-typed', ...noKeys, since: '1.0.0', syntax: '[ASYNC | SYNC]', summary: 'Remove all keys from all databases', complexity: 'O(N) where N is the total number of keys in all databases' }), handler: flushAll },
  { ...spec({ name: 'swapdb', arity: 3, flags: ['write', 'fast'], logAs: 'as-typed', ...noKeys, since: '4.0.0', syntax: 'index1 index2', summary: 'Swaps two Redis databases', complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.' }), handler: swapDatabases },
  OBJECT_COMMAND,
  {
    ...spec({
      // BY and GET read keys the pattern names, on any shard: STORE is logged as the list it stored,
      // and under always the reply waits for every uncommitted write of the database.
      name: 'sort', arity: -2, flags: ['write', 'denyoom', 'movablekeys'], logAs: 'resulting-state', readsDatabase: true, keys: sortKeys, since: '1.0.0',
      syntax: 'key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE destination]',
      summary: 'Sort the elements in a list, set or sorted set', complexity: SORT_COMPLEXITY,
    }),
    handler: sort,
  },
  {
    ...spec({
      name: 'sort_ro', arity: -2, flags: ['readonly', 'movablekeys'], readsDatabase: true, keys: sortKeys, since: '7.0.0',
      syntax: 'key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]',
      summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.', complexity: SORT_COMPLEXITY,
    }),
    handler: sortReadOnly,
  },
];
