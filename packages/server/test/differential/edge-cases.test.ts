/**
 * Hand-written differential cases: the corners generated sequences rarely reach — int64
 * limits, negative indexes, empty and binary keys and values, huge arguments, float formatting,
 * option-parsing errors, arity errors, unknown commands. Each case runs on redis-server and on
 * Ballast (1 and 4 shards) from an empty database; replies must be identical.
 */
import { describe, it } from 'vitest';
import { useComparedServers } from './compare-servers.js';

const compare = useComparedServers();

const split = (line: string) => line.split(' ');
const binary = '\x00\x01\r\n\x7f\x80\xfe\xff';

describe('differential edge cases', () => {
  it.each([
    ['integer limits', ['SET n 9223372036854775806', 'INCR n', 'INCR n', 'DECRBY n -1', 'SET m -9223372036854775808', 'DECR m', 'INCRBY m x', 'INCRBY m 1.5', 'SET e 007', 'INCR e', 'SET s " 1"', 'INCR s']],
    ['float formatting', ['INCRBYFLOAT f 10.5', 'INCRBYFLOAT f 0.1', 'INCRBYFLOAT f -5.6', 'INCRBYFLOAT f 1e3', 'INCRBYFLOAT f abc', 'ZADD z 1.1 a 0.1 b -0 c 1e20 d 123456.789 e', 'ZSCORE z a', 'ZSCORE z b', 'ZSCORE z c', 'ZSCORE z d', 'ZSCORE z e', 'ZINCRBY z 0.2 b', 'ZRANGE z 0 -1 WITHSCORES', 'ZADD z inf i -inf j', 'ZRANGE z 0 -1 WITHSCORES', 'ZINCRBY z -inf i']],
    ['negative indexes', ['RPUSH l a b c d e', 'LRANGE l -3 -1', 'LRANGE l -100 100', 'LRANGE l 3 1', 'LINDEX l -1', 'LINDEX l -6', 'LSET l -1 z', 'LSET l 10 z', 'LTRIM l -2 -1', 'LRANGE l 0 -1', 'SET s hello', 'GETRANGE s -3 -1', 'GETRANGE s 0 -100', 'GETRANGE s 10 20', 'ZADD z 1 a 2 b 3 c', 'ZRANGE z -2 -1', 'ZREMRANGEBYRANK z -1 -1', 'ZRANGE z 0 -1']],
    ['option parsing errors', ['SET k v EX', 'SET k v EX 0', 'SET k v EX -1', 'SET k v PX 1 EX 1', 'SET k v NX XX', 'SET k v KEEPTTL EX 10', 'SET k v GET', 'SET k v EXAT 99999999999999999999', 'EXPIRE k 10 NX XX', 'EXPIRE k 10 GT LT', 'EXPIRE k 10 BAD', 'ZADD z NX XX 1 a', 'ZADD z GT LT 1 a', 'ZADD z INCR 1 a 2 b', 'ZADD z nan a', 'ZADD z 1', 'ZRANGE z 0 1 LIMIT 0 1', 'ZRANGE z (1 2 BYSCORE', 'ZRANGE z a b BYLEX', 'ZRANGEBYSCORE z x 1', 'LPOS l a RANK 0', 'LPOS l a COUNT -1', 'LPOS l a MAXLEN -1', 'RPUSH l a', 'LPOS l a RANK 0']],
    ['arity and unknown commands', ['GET', 'SET k', 'HSET h f', 'ZADD z', 'LPUSH l', 'NOSUCH a b', 'CLIENT', 'CONFIG NOPE', 'OBJECT', 'ECHO']],
    ['wrong types', ['SET s v', 'LPUSH s x', 'HSET s f v', 'SADD s m', 'ZADD s 1 m', 'INCR s', 'LPUSH l x', 'GET l', 'APPEND l x', 'SMEMBERS l', 'ZSCORE l m', 'HGET l f', 'SINTER l s', 'ZUNIONSTORE d 2 l s', 'RENAME l s', 'TYPE l', 'TYPE s', 'TYPE none']],
    ['empty keys and values', ['SET "" ""', 'GET ""', 'STRLEN ""', 'APPEND "" x', 'HSET "" "" ""', 'HGET "" ""', 'EXISTS ""', 'SADD e ""', 'SMEMBERS e', 'ZADD ze 0 ""', 'ZRANGEBYLEX ze - +', 'RPUSH le ""', 'LRANGE le 0 -1']],
  ])('%s', async (_name, lines) => {
    await compare(lines.map((line) => {
      const words = line.match(/"[^"]*"|\S+/g) ?? [];
      return words.map((word) => (word.startsWith('"') ? word.slice(1, -1) : word));
    }));
  });

  // Glob matching (issue: KEYS a*a*…*b froze ballast-server): classes, escapes, ranges, nocase
  // and the nesting limit, answered exactly as stringmatchlen on x86-64.
  it('glob patterns in KEYS, HSCAN MATCH and CONFIG GET', async () => {
    const names = ['', 'a', 'b', 'A', 'Z', ']', '[', '\\', '^', '-', '*', '?', '\x80', '\xff', '\x00', 'ab', 'aB', 'hello', 'hallo', 'h\x80llo', 'a*b', 'a'.repeat(40)];
    const patterns = ['*', '', '?', '??', 'a*', '*b', 'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', '[b-a]', '[a-]', '[a-]b', '[abc', '[', '[^', '[^]',
      '\\*', '\\', 'a\\', '[\\]]', '[]', '[]]', '[Z-a]', '[\x00-\xff]', '[\xff-\x00]', '[\x7f-\x81]', 'h[\x80]llo', 'a[*]b', 'a\\*b', '*\\*?', '[\\', '[a-z',
      `${'a*'.repeat(20)}b`, `${'a*'.repeat(20)}a`, '*a'.repeat(40), `${'*a'.repeat(1000)}*`, '*a'.repeat(1001), '*?'.repeat(50_000), `${'[*]'.repeat(1001)}*`];
    await compare([
      ...names.map((name) => ['SET', name, '1']),
      ...patterns.map((pattern) => ['KEYS', pattern]),
      ['HSET', 'h', ...names.flatMap((name) => [name, '1'])],
      ...patterns.map((pattern) => ['HSCAN', 'h', '0', 'MATCH', pattern, 'COUNT', '1000']),
      ['CONFIG', 'GET', 'HZ'], ['CONFIG', 'GET', '[G-I]Z'], ['CONFIG', 'GET', '[Z-a]z'], ['CONFIG', 'GET', '[\\H]z'], ['CONFIG', 'GET', '\\Hz'],
    ]);
  }, 60_000);

  // MEMORY USAGE is Redis's model of a key (allocator size classes included): for small values
  // Ballast's estimate is Redis's number, byte for byte.
  it('MEMORY USAGE of small values, its errors, and MEMORY HELP', async () => {
    await compare([
      ['SET', 'a', '1'], ['SET', 'b', 'hello'], ['SET', 'c', 'x'.repeat(44)], ['SET', 'd', 'x'.repeat(45)], ['SET', 'e', 'x'.repeat(1000)], ['SET', 'f', '-123456789012'],
      ['SET', 'k'.repeat(54), '1'], ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'], ['RPUSH', 'l', 'a', 'b', 'c'], ['SADD', 's', '1', '2', '3'], ['SADD', 't', 'a', 'b', 'c'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['RPUSH', 'm', ...Array.from({ length: 100 }, (_, i) => `value${i}`)],
      ...['a', 'b', 'c', 'd', 'e', 'f', 'k'.repeat(54), 'h', 'l', 's', 't', 'z', 'm'].map((key) => ['MEMORY', 'USAGE', key]),
      ['MEMORY', 'USAGE', 'm', 'SAMPLES', '0'], ['MEMORY', 'usage', 'h', 'samples', '1', 'SAMPLES', '3'], ['MEMORY', 'USAGE', 'missing'],
      ['MEMORY', 'USAGE', 'missing', 'SAMPLES', '-1'], ['MEMORY', 'USAGE', 'a', 'SAMPLES', 'x'], ['MEMORY', 'USAGE', 'a', 'SAMPLES'], ['MEMORY', 'USAGE', 'a', 'FOO', '1'],
      ['MEMORY', 'USAGE'], ['MEMORY'], ['MEMORY', 'NOPE'], ['MEMORY', 'HELP'], ['MEMORY', 'PURGE'], ['MEMORY', 'STATS', 'x'], ['COMMAND', 'GETKEYS', 'MEMORY', 'USAGE', 'key'],
    ]);
  });

  it('binary keys and values round-trip', async () => {
    await compare([['SET', binary, binary], ['GET', binary], ['HSET', 'h', binary, binary], ['HGETALL', 'h'], ['SADD', 's', binary], ['SMEMBERS', 's'],
      ['RPUSH', 'l', binary], ['LRANGE', 'l', '0', '-1'], ['ZADD', 'z', '1', binary], ['ZRANGE', 'z', '0', '-1'], ['APPEND', binary, binary], ['STRLEN', binary]]);
  });

  it('huge arguments: 1 MB and 16 MB values', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const sixteen = 'y'.repeat(16 * 1024 * 1024);
    await compare([['SET', 'big', megabyte], ['STRLEN', 'big'], ['APPEND', 'big', megabyte], ['STRLEN', 'big'], ['GETRANGE', 'big', '-3', '-1'],
      ['SET', 'huge', sixteen], ['STRLEN', 'huge'], ['HSET', 'h', 'f', megabyte], ['HSTRLEN', 'h', 'f'], ['SETRANGE', 'sr', '1048576', 'z'], ['STRLEN', 'sr']]);
  }, 60_000);

  it('RESP3 reply shapes', async () => {
    await compare(['HSET h a 1 b 2', 'HGETALL h', 'SADD s x', 'SMEMBERS s', 'ZADD z 1 a 2 b', 'ZRANGE z 0 -1 WITHSCORES', 'ZSCORE z a', 'ZPOPMIN z', 'ZPOPMAX z 5',
      'HRANDFIELD h -2 WITHVALUES', 'GET missing', 'LPOP missing 2', 'BLPOP missing 0.01', 'CONFIG GET port-does-not-exist', 'ZINCRBY z 1.5 a', 'ZMSCORE z a nope', 'SPOP s 5', 'SINTER s'].map(split), 3);
  });
});
