/**
 * OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP. Encodings use Redis 7.0's names, from
 * each value's `compact` flag (strings: int, embstr or raw by content and length). FREQ and
 * IDLETIME read the key's access field (keyspace/key-access.ts): FREQ only under an LFU
 * maxmemory-policy, IDLETIME only under any other, with Redis's errors. Like Redis's OBJECT, the
 * lookup neither changes the access field nor counts a hit.
 */
import { HashValue, ListValue, SetValue, StreamValue, type Value } from '../../keyspace/values.js';
import { ErrorReply } from '../../resp/reply.js';
import type { CommandDefinition } from '../types.js';
import { stringEncoding } from '../strings/string-access.js';

const LFU_SELECTED = new ErrorReply('ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.');
const NO_LFU = new ErrorReply('ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.');

/** OBJECT ENCODING's answer for a value (DEBUG OBJECT shows it too). */
export function encodingOf(value: Value): string {
  if (typeof value === 'string') return stringEncoding(value);
  if (value instanceof ListValue) return 'quicklist';
  if (value instanceof HashValue) return value.compact ? 'listpack' : 'hashtable';
  if (value instanceof SetValue) return value.compact ? 'intset' : 'hashtable';
  if (value instanceof StreamValue) return 'stream';
  return value.compact ? 'listpack' : 'skiplist';
}

/** Redis's OBJ_SHARED_REFCOUNT: the refcount OBJECT REFCOUNT shows for a shared object. */
const SHARED_REFCOUNT = 2147483647;
/** Redis keeps one shared object for each integer 0..OBJ_SHARED_INTEGERS-1 and stores such values as it. */
const SHARED_INTEGERS = 10000;

/**
 * OBJECT REFCOUNT: Redis stores a string value that is an integer in 0..9999 as one of its
 * shared integer objects (refcount INT_MAX); any other value has its own object (1). Ballast
 * has no maxmemory policy, so the shared integers are always used, as in Redis without one.
 */
export function refcountOf(value: Value): number {
  if (typeof value !== 'string' || stringEncoding(value) !== 'int') return 1;
  const integer = Number(value);
  return integer >= 0 && integer < SHARED_INTEGERS ? SHARED_REFCOUNT : 1;
}

const base = { group: 'generic' as const, firstKey: 2, lastKey: 2, step: 1, since: '2.2.3', complexity: 'O(1)' };

export const OBJECT_COMMAND: CommandDefinition = {
  ...base, name: 'object', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, syntax: '<subcommand> [arguments]',
  summary: 'A container for object introspection commands', complexity: 'Depends on subcommand.',
  handler: () => new ErrorReply("ERR wrong number of arguments for 'object' command"),
  subcommands: [
    {
      ...base, name: 'encoding', arity: 3, flags: ['readonly'], syntax: 'key', summary: 'Inspect the internal encoding of a Redis object',
      handler(context, args) {
        const value = context.db.peek(args[2]);
        return value === undefined ? null : encodingOf(value);
      },
    },
    {
      ...base, name: 'freq', arity: 3, flags: ['readonly'], since: '4.0.0', syntax: 'key', summary: 'Get the logarithmic access frequency counter of a Redis object',
      handler(context, args) {
        const database = context.db.of(args[2]);
        const field = database.accessField(args[2]);
        if (field === undefined) return null;
        return database.keyAccess.lfu ? database.keyAccess.frequency(field) : NO_LFU;
      },
    },
    {
      ...base, name: 'idletime', arity: 3, flags: ['readonly'], syntax: 'key', summary: 'Get the time since a Redis object was last accessed',
      handler(context, args) {
        const database = context.db.of(args[2]);
        const field = database.accessField(args[2]);
        if (field === undefined) return null;
        return database.keyAccess.lfu ? LFU_SELECTED : Math.floor(database.keyAccess.idleMs(field) / 1000);
      },
    },
    {
      ...base, name: 'refcount', arity: 3, flags: ['readonly'], syntax: 'key', summary: 'Get the number of references to the value of the key',
      handler: (context, args) => {
        const value = context.db.peek(args[2]);
        return value === undefined ? null : refcountOf(value);
      },
    },
    {
      ...base, name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, since: '6.2.0', syntax: '',
      summary: 'Show helpful text about the different subcommands',
      handler: () => [
        'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
        'ENCODING <key>',
        '    Return the kind of internal representation used in order to store the value',
        '    associated with a <key>.',
        'FREQ <key>',
        '    Return the access frequency index of the <key>. The returned integer is',
        '    proportional to the logarithm of the recent access frequency of the key.',
        'IDLETIME <key>',
        '    Return the idle time of the <key>, that is the approximated number of',
        '    seconds elapsed since the last access to the key.',
        'REFCOUNT <key>',
        '    Return the number of references of the value associated with the specified',
        '    <key>.',
        'HELP',
        '    Prints this help.',
      ],
    },
  ],
};
