import { describe, expect, it } from 'vitest';
import { ErrorReply, MapReply, OK } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

describe('hash commands', () => {
  it('sets, gets and deletes fields; an emptied hash disappears', () => {
    const c = createTestEngine().client();
    expect(c.call('HSET', 'h', 'a', '1', 'b', '2')).toBe(2);
    expect(c.call('HSET', 'h', 'a', '3')).toBe(0);
    expect(c.call('HMSET', 'h', 'c', '4')).toEqual(OK);
    expect(c.call('HSET', 'h', 'a')).toEqual(new ErrorReply("ERR wrong number of arguments for 'hset' command"));
    expect(c.call('HGET', 'h', 'a')).toBe('3');
    expect(c.call('HMGET', 'h', 'a', 'zz', 'c')).toEqual(['3', null, '4']);
    expect(c.call('HLEN', 'h')).toBe(3);
    expect(c.call('HSTRLEN', 'h', 'c')).toBe(1);
    expect(c.call('HEXISTS', 'h', 'b')).toBe(1);
    expect(c.call('HSETNX', 'h', 'b', 'x')).toBe(0);
    expect(c.call('HGETALL', 'h')).toEqual(['a', '3', 'b', '2', 'c', '4']);
    expect(c.call('HDEL', 'h', 'a', 'b', 'c', 'd')).toBe(3);
    expect(c.call('HLEN', 'h')).toBe(0);
    expect(c.call('HGETALL', 'h')).toEqual([]);
  });

  it('replies a map to RESP3 clients', () => {
    const c = createTestEngine().client();
    c.call('HELLO', '3');
    c.call('HSET', 'h', 'f', 'v');
    expect(c.call('HGETALL', 'h')).toEqual(new MapReply([['f', 'v']]));
  });

  it('increments with Redis errors', () => {
    const c = createTestEngine().client();
    expect(c.call('HINCRBY', 'h', 'n', '5')).toBe(5);
    expect(c.call('HINCRBY', 'h', 'n', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(c.call('HINCRBY', 'h', 'n', '9223372036854775807')).toEqual(new ErrorReply('ERR increment or decrement would overflow'));
    c.call('HSET', 'h', 's', 'abc');
    expect(c.call('HINCRBY', 'h', 's', '1')).toEqual(new ErrorReply('ERR hash value is not an integer'));
    expect(c.call('HINCRBYFLOAT', 'h', 'f', '10.5')).toBe('10.5');
    expect(c.call('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('10.6');
    expect(c.call('HINCRBYFLOAT', 'h', 's', '1')).toEqual(new ErrorReply('ERR hash value is not a float'));
    for (const infinity of ['+inf', '-INF', 'Infinity']) {
      expect(c.call('HINCRBYFLOAT', 'hfoo', 'field', infinity), `an infinite increment is refused first, as Redis 7.0 does (${infinity})`).toEqual(new ErrorReply('ERR value is NaN or Infinity'));
    }
    expect(c.call('EXISTS', 'hfoo')).toBe(0);
  });

  it('gives WRONGTYPE on other types', () => {
    const c = createTestEngine().client();
    c.call('SADD', 's', 'm');
    expect(c.call('HGET', 's', 'f')).toEqual(new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });

  it('HRANDFIELD honours count sign and WITHVALUES', () => {
    const c = createTestEngine().client();
    c.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect((c.call('HRANDFIELD', 'h', '10') as string[]).sort()).toEqual(['a', 'b', 'c']);
    expect(c.call('HRANDFIELD', 'h', '-7')).toHaveLength(7);
    expect(c.call('HRANDFIELD', 'h', '2', 'WITHVALUES')).toHaveLength(4);
    expect(c.call('HRANDFIELD', 'h', '2', 'BAD')).toEqual(new ErrorReply('ERR syntax error'));
    expect(c.call('HRANDFIELD', 'missing')).toBe(null);
  });

  it('HSCAN returns everything for a small hash and walks a large one', () => {
    const c = createTestEngine().client();
    c.call('HSET', 'small', 'a', '1', 'b', '2');
    expect(c.call('HSCAN', 'small', '0', 'MATCH', 'a*')).toEqual(['0', ['a', '1']]);
    for (let i = 0; i < 300; i++) c.call('HSET', 'big', `f${i}`, 'v');
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, items] = c.call('HSCAN', 'big', cursor, 'COUNT', '50') as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
    expect(c.call('HSCAN', 'big', 'x')).toEqual(new ErrorReply('ERR invalid cursor'));
  });
});
