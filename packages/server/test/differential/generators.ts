/**
 * fast-check generators of command sequences over every command family, on a small key space
 * so that keys collide, types clash (WRONGTYPE paths) and multi-key commands span shards.
 */
import fc from 'fast-check';
import { BITMAP_COMMANDS } from './generators-bitmaps.js';
import { GEO_COMMANDS } from './generators-geo.js';
import { HYPERLOGLOG_COMMANDS } from './generators-hyperloglog.js';
import { SORT_COMMANDS } from './generators-sort.js';
import { STREAM_COMMANDS, STREAM_GROUP_COMMANDS } from './generators-streams.js';

const key = fc.constantFrom('a', 'b', 'c', '{t}x', '{t}y', 'k\x00\xff');
const field = fc.constantFrom('f1', 'f2', 'f3', '');
const value = fc.constantFrom('1', '2', '-3', '10', 'x', 'hello', '', '\x00\r\n\xff', '9223372036854775807', '3.5');
const integer = fc.constantFrom('0', '1', '-1', '2', '-2', '5', '100', 'x', '9223372036854775807');
const score = fc.constantFrom('0', '1', '-1', '2.5', '1e3', '-inf', '+inf', 'x', '(1', '(2');
const lexBound = fc.constantFrom('-', '+', '[a', '(b', '[x', 'bad');

type Command = string[];
type Part = fc.Arbitrary<string> | fc.Arbitrary<string[]> | string;
/** A choice of option words: '' is no option, 'EX 100' is two arguments. */
const option = (...choices: string[]) => fc.constantFrom(...choices.map((choice) => (choice === '' ? [] : choice.split(' '))));
const command = (...parts: Part[]): fc.Arbitrary<Command> =>
  fc.tuple(...parts.map((part) => (typeof part === 'string' ? fc.constant(part) : (part as fc.Arbitrary<string | string[]>))))
    .map((words) => words.flat());
const variadic = (name: string, head: fc.Arbitrary<string>[], item: fc.Arbitrary<string>, min = 1): fc.Arbitrary<Command> =>
  fc.tuple(fc.tuple(...head), fc.array(item, { minLength: min, maxLength: 4 })).map(([first, rest]) => [name, ...first, ...rest]);

export const FAMILIES: Record<string, fc.Arbitrary<Command>> = {
  sort: SORT_COMMANDS,
  bitmaps: BITMAP_COMMANDS,
  hyperloglog: HYPERLOGLOG_COMMANDS,
  geo: GEO_COMMANDS,
  streams: STREAM_COMMANDS,
  'stream groups': STREAM_GROUP_COMMANDS,
  strings: fc.oneof(
    command('SET', key, value), command('GET', key), command('SET', key, value, option('NX', 'XX', 'GET', 'KEEPTTL', 'EX', 'PX 0', 'EX 100 NX', 'NX XX', 'EX x')),
    command('INCR', key), command('DECR', key), command('INCRBY', key, integer), command('DECRBY', key, integer),
    command('INCRBYFLOAT', key, fc.constantFrom('0.1', '1.5', '-2', 'x', '1e2')), command('APPEND', key, value), command('STRLEN', key),
    command('GETRANGE', key, integer, integer), command('SETRANGE', key, fc.constantFrom('0', '2', '-1'), value),
    command('LCS', key, key, option('', 'LEN', 'IDX', 'IDX WITHMATCHLEN', 'IDX MINMATCHLEN 2', 'LEN IDX', 'MINMATCHLEN -1 IDX', 'FOO')),
    command('SET', key, fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 14 })),
    command('GETDEL', key), command('GETSET', key, value), command('SETNX', key, value), command('MGET', key, key, key),
    command('MSET', key, value, key, value), command('MSETNX', key, value, key, value), command('GETEX', key, option('PERSIST', 'EX 100', 'BAD', '')),
  ),
  keys: fc.oneof(
    command('SET', key, value), command('DEL', key, key), command('EXISTS', key, key), command('TYPE', key),
    command('EXPIRE', key, fc.constantFrom('100', '0', '-1', 'x'), option('NX', 'XX', 'GT', 'LT', 'NX XX', '')),
    command('TTL', key), command('PERSIST', key), command('RENAME', key, key), command('RENAMENX', key, key),
    command('COPY', key, key, option('REPLACE', 'DB 1', 'BAD', '')), command('KEYS', fc.constantFrom('*', '{t}*', '[ab]', '?')),
    command('DBSIZE'), command('UNLINK', key), command('TOUCH', key, key), command('OBJECT', 'ENCODING', key),
    command('LPUSH', key, value), command('SADD', key, value), command('MOVE', key, fc.constantFrom('1', '16', 'x')),
  ),
  hashes: fc.oneof(
    fc.tuple(key, fc.array(fc.tuple(field, value), { minLength: 1, maxLength: 3 })).map(([k, pairs]) => ['HSET', k, ...pairs.flat()]),
    command('HGET', key, field), command('HDEL', key, field, field), command('HGETALL', key), command('HLEN', key),
    command('HEXISTS', key, field), command('HINCRBY', key, field, integer), command('HINCRBYFLOAT', key, field, fc.constantFrom('1.5', 'x', '-0.5')),
    command('HSETNX', key, field, value), command('HMGET', key, field, field), command('HKEYS', key), command('HVALS', key),
    command('HSTRLEN', key, field), command('HRANDFIELD', key, integer), command('SET', key, value),
  ),
  lists: fc.oneof(
    variadic('LPUSH', [key], value), variadic('RPUSH', [key], value), command('LPOP', key), command('RPOP', key, integer),
    command('LLEN', key), command('LRANGE', key, integer, integer), command('LINDEX', key, integer), command('LSET', key, integer, value),
    command('LREM', key, integer, value), command('LTRIM', key, integer, integer), command('LINSERT', key, fc.constantFrom('BEFORE', 'AFTER', 'X'), value, value),
    command('LPOS', key, value, option('RANK 1', 'RANK -1', 'RANK 0', 'COUNT 0', 'MAXLEN 1', '')), command('LMOVE', key, key, fc.constantFrom('LEFT', 'RIGHT'), fc.constantFrom('LEFT', 'RIGHT')),
    command('RPOPLPUSH', key, key), command('LPUSHX', key, value), command('RPUSHX', key, value), command('SET', key, value),
    command('LMPOP', fc.constantFrom('1', '2', '0', '3', 'x'), key, key, fc.constantFrom('LEFT', 'RIGHT', 'UP'), option('', 'COUNT 2', 'COUNT 0', 'COUNT 1 COUNT 2')),
    command('BLMPOP', fc.constantFrom('0.01', '-1', 'x'), fc.constantFrom('1', '2'), key, key, fc.constantFrom('LEFT', 'RIGHT'), option('', 'COUNT 3')),
  ),
  sets: fc.oneof(
    variadic('SADD', [key], value), variadic('SREM', [key], value), command('SMEMBERS', key), command('SISMEMBER', key, value),
    command('SMISMEMBER', key, value, value), command('SCARD', key), command('SMOVE', key, key, value), command('SINTER', key, key),
    command('SUNION', key, key), command('SDIFF', key, key), command('SINTERSTORE', key, key, key), command('SUNIONSTORE', key, key, key),
    command('SDIFFSTORE', key, key, key), command('SINTERCARD', fc.constantFrom('1', '2', '0', '3', 'x'), key, key, option('', 'LIMIT 1', 'LIMIT x', 'LIMIT -1')), command('SRANDMEMBER', key, integer),
    command('SPOP', key, fc.constantFrom('100')), command('SET', key, value),
  ),
  'sorted-sets': fc.oneof(
    command('ZADD', key, option('', 'NX', 'XX', 'GT', 'LT', 'CH', 'INCR', 'NX XX', 'GT LT'), score, value),
    command('ZADD', key, score, value, score, value), command('ZREM', key, value), command('ZSCORE', key, value), command('ZMSCORE', key, value, value),
    command('ZINCRBY', key, score, value), command('ZCARD', key), command('ZCOUNT', key, score, score), command('ZRANK', key, value),
    command('ZREVRANK', key, value), command('ZRANGE', key, integer, integer, option('', 'WITHSCORES', 'REV', 'REV WITHSCORES')),
    command('ZRANGE', key, score, score, 'BYSCORE', option('', 'LIMIT 0 2', 'REV', 'WITHSCORES')), command('ZRANGEBYLEX', key, lexBound, lexBound),
    command('ZRANGEBYSCORE', key, score, score, option('', 'WITHSCORES', 'LIMIT 1 1')), command('ZREVRANGEBYSCORE', key, score, score),
    command('ZREMRANGEBYRANK', key, integer, integer), command('ZREMRANGEBYSCORE', key, score, score), command('ZPOPMIN', key), command('ZPOPMAX', key, integer),
    command('ZUNIONSTORE', key, '2', key, key, option('', 'WEIGHTS 2 3', 'AGGREGATE MAX', 'AGGREGATE BAD')),
    command('ZINTERSTORE', key, '2', key, key, option('', 'AGGREGATE MIN')), command('SET', key, value),
  ),
  transactions: fc.oneof(
    command('MULTI'), command('EXEC'), command('DISCARD'), command('WATCH', key), command('UNWATCH'),
    command('SET', key, value), command('INCR', key), command('GET', key), command('LPUSH', key, value), command('NOSUCHCOMMAND'),
    command('SELECT', fc.constantFrom('0', '1', '16')), command('SWAPDB', '0', '1'), command('DBSIZE'),
  ),
  /** Full iterations only (the test runs each SCAN to cursor 0 and compares the union). */
  scans: fc.oneof(
    command('SET', key, value), command('HSET', key, field, value), command('SADD', key, value), command('ZADD', key, score, value),
    command('SCAN', '0', option('', 'MATCH {t}*', 'COUNT 1', 'TYPE string', 'TYPE hash', 'MATCH ? COUNT 2')),
    command('HSCAN', key, '0', option('', 'MATCH f*', 'COUNT 1')), command('SSCAN', key, '0', option('', 'MATCH h*', 'COUNT 1')),
    command('ZSCAN', key, '0', option('', 'COUNT 1')),
  ),
  /** One channel per command, so that every command has exactly one reply. */
  pubsub: fc.oneof(
    command('SUBSCRIBE', fc.constantFrom('ch1', 'ch2')), command('UNSUBSCRIBE', fc.constantFrom('ch1', 'ch2')),
    command('PSUBSCRIBE', fc.constantFrom('ch*', 'x?')), command('PUNSUBSCRIBE', fc.constantFrom('ch*', 'x?')),
    command('PUBSUB', fc.constantFrom('CHANNELS', 'NUMPAT', 'NUMSUB', 'BAD')), command('PUBSUB', 'NUMSUB', fc.constantFrom('ch1', 'zz')),
    command('PUBLISH', 'nobody', value), command('PING'), command('PING', value), command('GET', key), command('SET', key, value),
  ),
};
