/**
 * String commands (Redis 7.0 semantics and errors). A string value is a plain byte string.
 */
import { setCommand, setIfMissing, setMany, getSet, setWithExpiry } from './strings/set.js';
import {
  append, get, getAndDelete, getMany, getRange, getWithExpiry, increment, incrementByFloat, length, setRange,
} from './strings/read-modify.js';
import { lcs } from './strings/lcs.js';
import type { CommandDefinition, LogRule } from './types.js';
import { keyedSpecs } from './spec.js';

const spec = keyedSpecs('string');

const O1 = 'O(1)';

/** SET is logged as typed without options (the hot path); with EX/PX/KEEPTTL/GET… its resulting string. */
const SET_LOGGED_AS: LogRule = { byArguments: (args) => (args.length === 3 ? 'as-typed' : 'resulting-state') };

export const STRING_COMMANDS: readonly CommandDefinition[] = [
  { ...spec({ name: 'get', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', syntax: 'key', summary: 'Get the value of a key', complexity: O1 }), handler: get },
  { ...spec({ name: 'set', arity: -3, flags: ['write', 'denyoom'], logAs: SET_LOGGED_AS, since: '1.0.0', syntax: 'key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]', summary: 'Set the string value of a key', complexity: O1 }), handler: setCommand },
  { ...spec({ name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key value', summary: 'Set the value of a key, only if the key does not exist', complexity: O1 }), handler: setIfMissing },
  { ...spec({ name: 'setex', arity: 4, flags: ['write', 'denyoom'], logAs: 'resulting-state', since: '2.0.0', syntax: 'key seconds value', summary: 'Set the value and expiration of a key', complexity: O1 }), handler: setWithExpiry('EX') },
  { ...spec({ name: 'psetex', arity: 4, flags: ['write', 'denyoom'], logAs: 'resulting-state', since: '2.6.0', syntax: 'key milliseconds value', summary: 'Set the value and expiration in milliseconds of a key', complexity: O1 }), handler: setWithExpiry('PX') },
  { ...spec({ name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key value', summary: 'Set the string value of a key and return its old value', complexity: O1 }), handler: getSet },
  { ...spec({ name: 'getdel', arity: 2, flags: ['write', 'fast'], logAs: 'as-typed', since: '6.2.0', syntax: 'key', summary: 'Get the value of a key and delete the key', complexity: O1 }), handler: getAndDelete },
  { ...spec({ name: 'getex', arity: -2, flags: ['write', 'fast'], logAs: 'resulting-state', since: '6.2.0', syntax: 'key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]', summary: 'Get the value of a key and optionally set its expiration', complexity: O1 }), handler: getWithExpiry },
  { ...spec({ name: 'mget', arity: -2, flags: ['readonly', 'fast'], lastKey: -1, since: '1.0.0', syntax: 'key [key ...]', summary: 'Get the values of all the given keys', complexity: 'O(N) where N is the number of keys to retrieve.' }), handler: getMany },
  { ...spec({ name: 'mset', arity: -3, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: -1, step: 2, since: '1.0.1', syntax: 'key value [key value ...]', summary: 'Set multiple keys to multiple values', complexity: 'O(N) where N is the number of keys to set.' }), handler: setMany(false) },
  { ...spec({ name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: -1, step: 2, since: '1.0.1', syntax: 'key value [key value ...]', summary: 'Set multiple keys to multiple values, only if none of the keys exist', complexity: 'O(N) where N is the number of keys to set.' }), handler: setMany(true) },
  { ...spec({ name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key', summary: 'Increment the integer value of a key by one', complexity: O1 }), handler: increment(1n, 1n) },
  { ...spec({ name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key', summary: 'Decrement the integer value of a key by one', complexity: O1 }), handler: increment(-1n, 1n) },
  { ...spec({ name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key increment', summary: 'Increment the integer value of a key by the given amount', complexity: O1 }), handler: increment(1n, null) },
  { ...spec({ name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key decrement', summary: 'Decrement the integer value of a key by the given number', complexity: O1 }), handler: increment(-1n, null) },
  { ...spec({ name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], logAs: 'resulting-state', since: '2.6.0', syntax: 'key increment', summary: 'Increment the float value of a key by the given amount', complexity: O1 }), handler: incrementByFloat },
  { ...spec({ name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '2.0.0', syntax: 'key value', summary: 'Append a value to a key', complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.' }), handler: append },
  { ...spec({ name: 'strlen', arity: 2, flags: ['readonly', 'fast'], since: '2.2.0', syntax: 'key', summary: 'Get the length of the value stored in a key', complexity: O1 }), handler: length },
  { ...spec({ name: 'getrange', arity: 4, flags: ['readonly'], since: '2.4.0', syntax: 'key start end', summary: 'Get a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.' }), handler: getRange },
  { ...spec({ name: 'substr', arity: 4, flags: ['readonly'], since: '1.0.0', syntax: 'key start end', summary: 'Get a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.' }), handler: getRange },
  { ...spec({ name: 'setrange', arity: 4, flags: ['write', 'denyoom'], logAs: 'as-typed', since: '2.2.0', syntax: 'key offset value', summary: 'Overwrite part of a string at key starting at the specified offset', complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.' }), handler: setRange },
  { ...spec({ name: 'lcs', arity: -3, flags: ['readonly'], lastKey: 2, since: '7.0.0', syntax: 'key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]', summary: 'Find longest common substring', complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively' }), handler: lcs },
];
