// ZUNIONSTORE, ZINTERSTORE and the other combining commands, ZSCAN and ZRANDMEMBER. Expected
// replies were checked against redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { SortedSetValue } from '../../src/keyspace/sorted-set.js';
import { DoubleReply, ErrorReply } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

function setup(config: Record<string, string> = {}) {
  const { engine, client } = createTestEngine({ shards: 4, config });
  const c = client();
  c.call('ZADD', 'a', '1', 'x', '2', 'y', 'inf', 'z');
  c.call('ZADD', 'b', '5', 'x', '-inf', 'z', '3', 'w');
  c.call('SADD', 's', 'x', 'q');
  return { engine, c };
}

const error = (message: string) => new ErrorReply(message);

describe('ZUNIONSTORE and ZINTERSTORE', () => {
  it('sums by default, with inf + -inf = 0', () => {
    const { c } = setup();
    expect(c.call('ZUNIONSTORE', 'd', '2', 'a', 'b')).toBe(4);
    expect(c.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toEqual(['z', '0', 'y', '2', 'w', '3', 'x', '6']);
    expect(c.call('ZINTERSTORE', 'd', '2', 'a', 'b', 'AGGREGATE', 'MAX')).toBe(2);
    expect(c.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toEqual(['x', '5', 'z', 'inf']);
  });

  it('treats 0 × inf as Redis does: 0 in a union, NaN-turned-0 in an intersection sum', () => {
    const { c } = setup();
    c.call('ZINTERSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '0');
    expect(c.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toEqual(['z', '0', 'x', '1']);
    c.call('ZINTERSTORE', 'd', '2', 'b', 'a', 'WEIGHTS', '0', '1');
    expect(c.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toEqual(['x', '1', 'z', 'inf']);
    c.call('ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '0', '1');
    expect(c.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toEqual(['z', '-inf', 'y', '0', 'w', '3', 'x', '5']);
  });

  it('accepts plain sets (score 1), later options override earlier ones', () => {
    const { c } = setup();
    c.call('ZUNIONSTORE', 'd', '3', 'a', 'b', 's', 'AGGREGATE', 'MIN', 'WEIGHTS', '2', '-1', '0.5', 'AGGREGATE', 'MAX');
    expect(c.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toEqual(['w', '-3', 'q', '0.5', 'x', '2', 'y', '4', 'z', 'inf']);
  });

  it('deletes the destination when the result is empty, and may overwrite an input', () => {
    const { engine, c } = setup();
    expect(c.call('ZINTERSTORE', 'a', '2', 'a', 'missing')).toBe(0);
    expect(engine.database(0).exists('a')).toBe(false);
    expect(c.call('ZUNIONSTORE', 'b', '2', 'b', 'b')).toBe(3);
    expect(c.call('ZRANGE', 'b', '0', '-1', 'WITHSCORES')).toEqual(['z', '-inf', 'w', '6', 'x', '10']);
  });

  it('answers Redis 7.0 errors in Redis order', () => {
    const { c } = setup();
    c.call('HSET', 'h', 'f', 'v');
    expect(c.call('ZUNIONSTORE', 'd', '0', 'a')).toEqual(error("ERR at least 1 input key is needed for 'zunionstore' command"));
    expect(c.call('ZINTERSTORE', 'd', '-1', 'a')).toEqual(error("ERR at least 1 input key is needed for 'zinterstore' command"));
    expect(c.call('ZUNIONSTORE', 'd', 'x', 'a')).toEqual(error('ERR value is not an integer or out of range'));
    expect(c.call('ZUNIONSTORE', 'd', '3', 'a', 'b')).toEqual(error('ERR syntax error'));
    expect(c.call('ZUNIONSTORE', 'd', '2', 'a', 'h', 'WEIGHTS', 'x')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
    expect(c.call('ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', 'x', '1')).toEqual(error('ERR weight value is not a float'));
    expect(c.call('ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1')).toEqual(error('ERR syntax error'));
    expect(c.call('ZUNIONSTORE', 'd', '2', 'a', 'b', 'AGGREGATE', 'avg')).toEqual(error('ERR syntax error'));
    expect(c.call('ZUNIONSTORE', 'd', '2', 'a', 'b', 'WITHSCORES')).toEqual(error('ERR syntax error'));
  });

  it('makes a compact result only within the listpack limits', () => {
    const { engine, c } = setup({ 'zset-max-listpack-entries': '3' });
    const value = (key: string) => engine.database(0).lookupWrite(key) as SortedSetValue;
    c.call('ZUNIONSTORE', 'd', '2', 'a', 'b');
    expect(value('d').compact).toBe(false);
    c.call('ZINTERSTORE', 'd', '2', 'a', 'b');
    expect(value('d').compact).toBe(true);
  });

  it('reports its keys to COMMAND GETKEYS', () => {
    const { c } = setup();
    expect(c.call('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2')).toEqual(['d', 'a', 'b']);
    expect(c.call('COMMAND', 'GETKEYS', 'ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toEqual(['a', 'b']);
  });
});

describe('ZUNION, ZINTER, ZDIFF, ZDIFFSTORE and ZINTERCARD', () => {
  it('reply with members in order, WITHSCORES nested in RESP3', () => {
    const { c } = setup();
    expect(c.call('ZUNION', '2', 'a', 'b', 'WITHSCORES')).toEqual(['z', '0', 'y', '2', 'w', '3', 'x', '6']);
    expect(c.call('ZINTER', '2', 'a', 's')).toEqual(['x']);
    expect(c.call('ZDIFF', '2', 'a', 'b', 'WITHSCORES')).toEqual(['y', '2']);
    expect(c.call('ZDIFF', '2', 'a', 'b', 'WEIGHTS', '1', '2')).toEqual(error('ERR syntax error'));
    expect(c.call('ZDIFF', '0', 'a')).toEqual(error("ERR at least 1 input key is needed for 'zdiff' command"));
    expect(c.call('ZDIFFSTORE', 'd', '2', 'b', 'a')).toBe(1);
    expect(c.call('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toEqual(['w', '3']);
    c.call('HELLO', '3');
    expect(c.call('ZINTER', '2', 'a', 'b', 'WITHSCORES')).toEqual([['z', new DoubleReply(0)], ['x', new DoubleReply(6)]]);
  });

  it('counts an intersection with an optional LIMIT', () => {
    const { c } = setup();
    expect(c.call('ZINTERCARD', '2', 'a', 'b')).toBe(2);
    expect(c.call('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toBe(1);
    expect(c.call('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0')).toBe(2);
    expect(c.call('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '-1')).toEqual(error("ERR LIMIT can't be negative"));
    expect(c.call('ZINTERCARD', '2', 'a', 'b', 'LIMIT', 'x')).toEqual(error("ERR LIMIT can't be negative"));
    expect(c.call('ZINTERCARD', '2', 'a', 'b', 'WEIGHTS', '1', '1')).toEqual(error('ERR syntax error'));
  });
});

describe('ZSCAN', () => {
  it('returns a compact set whole, in order, with %.17g scores and cursor 0', () => {
    const { c } = setup();
    c.call('ZADD', 'f', '0.1', 'p', '1e20', 'q');
    expect(c.call('ZSCAN', 'f', '0', 'COUNT', '1')).toEqual(['0', ['p', '0.10000000000000001', 'q', '1e+20']]);
    expect(c.call('ZSCAN', 'a', '0', 'MATCH', '[xy]')).toEqual(['0', ['x', '1', 'y', '2']]);
  });

  it('walks a large set with a cursor and misses nothing', () => {
    const { c } = setup({ 'zset-max-listpack-entries': '8' });
    for (let i = 0; i < 100; i++) c.call('ZADD', 'big', String(i), `m${i}`);
    const seen = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, items] = c.call('ZSCAN', 'big', cursor, 'COUNT', '7') as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(100);
    expect(seen.get('m42')).toBe('42');
  });

  it('checks the cursor, then the key, then the options', () => {
    const { c } = setup();
    c.call('HSET', 'h', 'f', 'v');
    expect(c.call('ZSCAN', 'missing', 'x')).toEqual(error('ERR invalid cursor'));
    expect(c.call('ZSCAN', 'missing', '0', 'COUNT', '0')).toEqual(['0', []]);
    expect(c.call('ZSCAN', 'h', '0', 'COUNT', '0')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
    expect(c.call('ZSCAN', 'a', '0', 'COUNT', '0')).toEqual(error('ERR syntax error'));
  });
});

describe('ZRANDMEMBER', () => {
  it('picks members with the seeded Random, whole set highest first when count covers it', () => {
    const { c } = setup();
    expect(['x', 'y', 'z']).toContain(c.call('ZRANDMEMBER', 'a'));
    expect(c.call('ZRANDMEMBER', 'a', '5', 'WITHSCORES')).toEqual(['z', 'inf', 'y', '2', 'x', '1']);
    const distinct = c.call('ZRANDMEMBER', 'a', '2') as string[];
    expect(new Set(distinct).size).toBe(2);
    expect((c.call('ZRANDMEMBER', 'a', '-7') as string[]).length).toBe(7);
    expect(c.call('ZRANDMEMBER', 'missing')).toBeNull();
    expect(c.call('ZRANDMEMBER', 'missing', '3')).toEqual([]);
  });

  it('answers Redis 7.0 errors', () => {
    const { c } = setup();
    expect(c.call('ZRANDMEMBER', 'a', '-9223372036854775808')).toEqual(
      error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'));
    expect(c.call('ZRANDMEMBER', 'a', '-9223372036854775807', 'WITHSCORES')).toEqual(error('ERR value is out of range'));
    expect(c.call('ZRANDMEMBER', 'a', '1', 'x')).toEqual(error('ERR syntax error'));
    expect(c.call('ZRANDMEMBER', 'a', 'x')).toEqual(error('ERR value is not an integer or out of range'));
  });
});
