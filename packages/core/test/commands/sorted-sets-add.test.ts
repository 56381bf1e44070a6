// ZADD and ZINCRBY: flags, errors, replies and the compact flag. Expected replies were checked
// against redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { SortedSetValue } from '../../src/keyspace/sorted-set.js';
import { DoubleReply, ErrorReply } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

function setup(config: Record<string, string> = {}) {
  const { engine, client } = createTestEngine({ shards: 2, config });
  const value = (key: string) => engine.database(0).lookupWrite(key) as SortedSetValue | undefined;
  return { engine, c: client(), value };
}

const error = (message: string) => new ErrorReply(message);

describe('ZADD', () => {
  it('adds and updates, counting additions (and changes with CH)', () => {
    const { c } = setup();
    expect(c.call('ZADD', 'z', '1', 'a', '2', 'b')).toBe(2);
    expect(c.call('ZADD', 'z', '3', 'a', '4', 'c')).toBe(1);
    expect(c.call('ZADD', 'z', 'CH', '5', 'a', '4', 'c', '6', 'd')).toBe(2);
    expect(c.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toEqual(['b', '2', 'c', '4', 'a', '5', 'd', '6']);
  });

  it('honours NX, XX, GT and LT', () => {
    const { c } = setup();
    c.call('ZADD', 'z', '5', 'a');
    expect(c.call('ZADD', 'z', 'NX', '1', 'a', '1', 'b')).toBe(1);
    expect(c.call('ZADD', 'z', 'XX', 'CH', '2', 'b', '3', 'x')).toBe(1);
    expect(c.call('ZADD', 'z', 'GT', 'CH', '4', 'a', '9', 'b')).toBe(1);
    expect(c.call('ZADD', 'z', 'LT', 'CH', '7', 'a', '1', 'b')).toBe(1);
    expect(c.call('ZADD', 'z', 'XX', 'GT', '1', 'c')).toBe(0);
    expect(c.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toEqual(['b', '1', 'a', '5']);
    expect(c.call('ZADD', 'missing', 'XX', '1', 'a')).toBe(0);
    expect(c.call('EXISTS', 'missing')).not.toBe(1);
  });

  it('answers the score with INCR, or null when a flag prevented the change', () => {
    const { c } = setup();
    expect(c.call('ZADD', 'z', 'INCR', '1.5', 'a')).toBe('1.5');
    expect(c.call('ZADD', 'z', 'INCR', '1', 'a')).toBe('2.5');
    expect(c.call('ZADD', 'z', 'NX', 'INCR', '1', 'a')).toBeNull();
    expect(c.call('ZADD', 'z', 'LT', 'INCR', '1', 'a')).toBeNull();
    expect(c.call('ZADD', 'z', 'GT', 'INCR', '0', 'a')).toBeNull();
    expect(c.call('ZADD', 'z', 'INCR', '0', 'a')).toBe('2.5');
    expect(c.call('ZADD', 'missing', 'XX', 'INCR', '1', 'a')).toBeNull();
  });

  it('rejects incompatible flags and bad arguments with Redis 7.0 errors', () => {
    const { c } = setup();
    expect(c.call('ZADD', 'z', 'NX', 'XX', '1', 'a')).toEqual(error('ERR XX and NX options at the same time are not compatible'));
    expect(c.call('ZADD', 'z', 'GT', 'LT', '1', 'a')).toEqual(error('ERR GT, LT, and/or NX options at the same time are not compatible'));
    expect(c.call('ZADD', 'z', 'NX', 'GT', '1', 'a')).toEqual(error('ERR GT, LT, and/or NX options at the same time are not compatible'));
    expect(c.call('ZADD', 'z', 'INCR', '1', 'a', '2', 'b')).toEqual(error('ERR INCR option supports a single increment-element pair'));
    expect(c.call('ZADD', 'z', 'NX', '1')).toEqual(error('ERR syntax error'));
    expect(c.call('ZADD', 'z', '1', 'a', '2')).toEqual(error('ERR syntax error'));
    expect(c.call('ZADD', 'z', 'x', 'a')).toEqual(error('ERR value is not a valid float'));
    expect(c.call('ZADD', 'z', 'nan', 'a')).toEqual(error('ERR value is not a valid float'));
    expect(c.call('ZADD', 'z', '1')).toEqual(error("ERR wrong number of arguments for 'zadd' command"));
  });

  it('reads scores as strtod does: hex, inf, but no spaces, overflow or underflow to zero', () => {
    const { c } = setup();
    expect(c.call('ZADD', 'z', '0x10', 'a', '0x1p-2', 'b', '-INFINITY', 'c', '+inf', 'd', '.5', 'e', '5.', 'f', '1e-310', 'g')).toBe(7);
    expect(c.call('ZMSCORE', 'z', 'a', 'b', 'c', 'd', 'e', 'f', 'g')).toEqual(['16', '0.25', '-inf', 'inf', '0.5', '5', '9.9999999999999694e-311']);
    for (const bad of ['1e400', '1e-400', ' 1', '1 ', '', '0x', 'inf1']) {
      expect(c.call('ZADD', 'z', bad, 'x')).toEqual(error('ERR value is not a valid float'));
    }
  });

  it('answers NaN from INCR with an error and leaves the score', () => {
    const { c } = setup();
    c.call('ZADD', 'z', 'inf', 'a');
    expect(c.call('ZADD', 'z', 'INCR', '-inf', 'a')).toEqual(error('ERR resulting score is not a number (NaN)'));
    expect(c.call('ZINCRBY', 'z', '-inf', 'a')).toEqual(error('ERR resulting score is not a number (NaN)'));
    expect(c.call('ZSCORE', 'z', 'a')).toBe('inf');
  });

  it('checks the score before the type, then the type', () => {
    const { c } = setup();
    c.call('HSET', 'h', 'f', 'v');
    expect(c.call('ZADD', 'h', 'x', 'a')).toEqual(error('ERR value is not a valid float'));
    expect(c.call('ZADD', 'h', '1', 'a')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });

  it('keeps the set compact until a listpack limit is crossed, then never again', () => {
    const { c, value } = setup({ 'zset-max-listpack-entries': '3', 'zset-max-listpack-value': '4' });
    c.call('ZADD', 'z', '1', 'a', '1', 'a', '1', 'a', '1', 'a');
    expect(value('z')?.compact).toBe(true);
    c.call('ZADD', 'z', '2', 'b', '3', 'c');
    expect(value('z')?.compact).toBe(true);
    c.call('ZADD', 'z', '4', 'd');
    expect(value('z')?.compact).toBe(false);
    c.call('ZREM', 'z', 'b', 'c', 'd');
    expect(value('z')?.compact).toBe(false);
    c.call('ZADD', 'long', '1', 'abcde');
    expect(value('long')?.compact).toBe(false);
    c.call('ZADD', 'later', '1', 'a', '2', 'abcde');
    expect(value('later')?.compact).toBe(false);
  });

  it('never starts compact when zset-max-listpack-entries is 0', () => {
    const { c, value } = setup({ 'zset-max-listpack-entries': '0' });
    c.call('ZADD', 'z', '1', 'a');
    expect(value('z')?.compact).toBe(false);
  });

  it('stores -0 as 0 while compact (a listpack), and as -0 in the large encoding', () => {
    const { c } = setup({ 'zset-max-listpack-entries': '1' });
    c.call('ZADD', 'small', '-0', 'a');
    expect(c.call('ZSCORE', 'small', 'a')).toBe('0');
    // The second member converts the set before it is inserted, so it keeps its -0.
    c.call('ZADD', 'small', '-0', 'b');
    expect(c.call('ZSCORE', 'small', 'b')).toBe('-0');
    expect(c.call('ZSCORE', 'small', 'a')).toBe('0');
  });
});

describe('ZINCRBY', () => {
  it('increments, creating the member, and answers the new score', () => {
    const { c } = setup();
    expect(c.call('ZINCRBY', 'z', '2', 'a')).toBe('2');
    expect(c.call('ZINCRBY', 'z', '0.1', 'a')).toBe('2.1000000000000001');
    expect(c.call('ZINCRBY', 'z', 'x', 'a')).toEqual(error('ERR value is not a valid float'));
  });

  it('reads flags at the increment position, as Redis does', () => {
    const { c } = setup();
    expect(c.call('ZINCRBY', 'z', 'nx', 'a')).toEqual(error('ERR syntax error'));
    expect(c.call('ZINCRBY', 'z', 'incr', 'a')).toEqual(error('ERR syntax error'));
  });

  it('answers a RESP3 double', () => {
    const { c } = setup();
    c.call('HELLO', '3');
    expect(c.call('ZINCRBY', 'z', '1.5', 'a')).toEqual(new DoubleReply(1.5));
    expect(c.call('ZADD', 'z', 'INCR', '1', 'a')).toEqual(new DoubleReply(2.5));
  });
});
