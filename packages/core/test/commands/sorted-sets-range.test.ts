// ZRANGE and its older spellings, ZRANGESTORE, ZCOUNT, ZLEXCOUNT, ZRANK, ZSCORE, ZMSCORE, ZCARD.
// Expected replies were checked against redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { DoubleReply, ErrorReply } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

function setup() {
  const { client } = createTestEngine({ shards: 2 });
  const c = client();
  c.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '0.1', 'd', '3', 'e');
  return c;
}

const error = (message: string) => new ErrorReply(message);

describe('ZRANGE by rank', () => {
  it('takes negative indexes, clamps, and reverses with REV or ZREVRANGE', () => {
    const c = setup();
    expect(c.call('ZRANGE', 'z', '0', '-1')).toEqual(['d', 'a', 'b', 'c', 'e']);
    expect(c.call('ZRANGE', 'z', '-2', '100', 'WITHSCORES')).toEqual(['c', '3', 'e', '3']);
    expect(c.call('ZRANGE', 'z', '0', '1', 'REV')).toEqual(['e', 'c']);
    expect(c.call('ZREVRANGE', 'z', '1', '2', 'WITHSCORES')).toEqual(['c', '3', 'b', '2']);
    expect(c.call('ZRANGE', 'z', '3', '1')).toEqual([]);
    expect(c.call('ZRANGE', 'z', '-100', '-6')).toEqual([]);
    expect(c.call('ZRANGE', 'missing', '0', '-1')).toEqual([]);
  });

  it('answers Redis 7.0 errors for conflicting options', () => {
    const c = setup();
    expect(c.call('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1')).toEqual(error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'));
    expect(c.call('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '-1')).toEqual(['d', 'a']);
    expect(c.call('ZRANGE', 'z', '[a', '[b', 'BYLEX', 'WITHSCORES')).toEqual(error('ERR syntax error, WITHSCORES not supported in combination with BYLEX'));
    expect(c.call('ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX')).toEqual(error('ERR syntax error'));
    expect(c.call('ZRANGE', 'z', '0', '1', 'REV', 'REV')).toEqual(error('ERR syntax error'));
    expect(c.call('ZRANGE', 'z', '0', '1', 'LIMIT', '1')).toEqual(error('ERR syntax error'));
    expect(c.call('ZRANGE', 'z', '0', '1', 'LIMIT', 'x', '1')).toEqual(error('ERR value is not an integer or out of range'));
    expect(c.call('ZRANGE', 'z', 'x', '1')).toEqual(error('ERR value is not an integer or out of range'));
    expect(c.call('ZREVRANGE', 'z', '0', '1', 'REV')).toEqual(error('ERR syntax error'));
    expect(c.call('ZRANGEBYSCORE', 'z', '0', '1', 'REV')).toEqual(error('ERR syntax error'));
    expect(c.call('ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES')).toEqual(error('ERR syntax error, WITHSCORES not supported in combination with BYLEX'));
  });

  it('parses the range before looking at the key', () => {
    const c = setup();
    c.call('HSET', 'h', 'f', 'v');
    expect(c.call('ZRANGE', 'missing', 'x', 'y', 'BYSCORE')).toEqual(error('ERR min or max is not a float'));
    expect(c.call('ZRANGE', 'h', '0', '1')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });
});

describe('ZRANGE by score', () => {
  it('reads exclusive ends, infinities and LIMIT', () => {
    const c = setup();
    expect(c.call('ZRANGEBYSCORE', 'z', '(1', '3')).toEqual(['b', 'c', 'e']);
    expect(c.call('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '1', '2', 'WITHSCORES')).toEqual(['a', '1', 'b', '2']);
    expect(c.call('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '-1', '2')).toEqual([]);
    expect(c.call('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', '3', '-5')).toEqual(['c', 'e']);
    expect(c.call('ZREVRANGEBYSCORE', 'z', '(3', '-inf', 'LIMIT', '1', '1')).toEqual(['a']);
    expect(c.call('ZRANGE', 'z', '3', '(1', 'BYSCORE', 'REV')).toEqual(['e', 'c', 'b']);
    expect(c.call('ZRANGEBYSCORE', 'z', '3', '1')).toEqual([]);
    expect(c.call('ZRANGEBYSCORE', 'z', '(3', '3')).toEqual([]);
  });

  it('reads range ends as C strtod: empty is 0, leading spaces and hex pass, NaN fails', () => {
    const c = setup();
    expect(c.call('ZRANGEBYSCORE', 'z', '', '1')).toEqual(['d', 'a']);
    expect(c.call('ZRANGEBYSCORE', 'z', '(', '1')).toEqual(['d', 'a']);
    expect(c.call('ZRANGEBYSCORE', 'z', ' 0x2', '+inf')).toEqual(['b', 'c', 'e']);
    expect(c.call('ZRANGEBYSCORE', 'z', '2\x00junk', '2')).toEqual(['b']);
    expect(c.call('ZRANGEBYSCORE', 'z', 'nan', '1')).toEqual(error('ERR min or max is not a float'));
    expect(c.call('ZRANGEBYSCORE', 'z', '1 ', '1')).toEqual(error('ERR min or max is not a float'));
    expect(c.call('ZRANGEBYSCORE', 'z', '( ', '1')).toEqual(error('ERR min or max is not a float'));
  });
});

describe('ZRANGE by lex', () => {
  it('reads [ ( - + ends and answers Redis errors', () => {
    const { client } = createTestEngine();
    const c = client();
    c.call('ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', '\xff', '0', '\x00');
    expect(c.call('ZRANGEBYLEX', 'l', '[b', '(d')).toEqual(['b', 'c']);
    expect(c.call('ZRANGEBYLEX', 'l', '-', '[\x00')).toEqual(['\x00']);
    expect(c.call('ZRANGEBYLEX', 'l', '(d', '+')).toEqual(['\xff']);
    expect(c.call('ZREVRANGEBYLEX', 'l', '+', '-', 'LIMIT', '1', '2')).toEqual(['d', 'c']);
    expect(c.call('ZRANGE', 'l', '[c', '[a', 'BYLEX', 'REV')).toEqual(['c', 'b', 'a']);
    expect(c.call('ZRANGEBYLEX', 'l', '+', '-')).toEqual([]);
    expect(c.call('ZRANGEBYLEX', 'l', 'a', '+')).toEqual(error('ERR min or max not valid string range item'));
    expect(c.call('ZRANGEBYLEX', 'l', '+x', '+')).toEqual(error('ERR min or max not valid string range item'));
    expect(c.call('ZLEXCOUNT', 'l', '[b', '+')).toBe(4);
    expect(c.call('ZLEXCOUNT', 'l', '(a', '(a')).toBe(0);
  });

  it('searches a compact set with differing scores front to back, as Redis does', () => {
    const { client } = createTestEngine();
    const c = client();
    c.call('ZADD', 't', '1', 'c', '2', 'a', '3', 'b', '4', 'd');
    expect(c.call('ZRANGEBYLEX', 't', '[b', '[d')).toEqual(['c', 'a', 'b', 'd']);
    expect(c.call('ZRANGEBYLEX', 't', '[b', '[c')).toEqual(['c', 'a', 'b']);
    expect(c.call('ZREVRANGEBYLEX', 't', '[c', '[a')).toEqual(['b', 'a', 'c']);
    expect(c.call('ZREVRANGEBYLEX', 't', '[b', '[a')).toEqual([]);
    expect(c.call('ZLEXCOUNT', 't', '[b', '[d')).toBe(4);
  });
});

describe('WITHSCORES in RESP3', () => {
  it('nests [member, score] pairs with double scores', () => {
    const c = setup();
    c.call('HELLO', '3');
    expect(c.call('ZRANGE', 'z', '0', '1', 'WITHSCORES')).toEqual([['d', new DoubleReply(0.1)], ['a', new DoubleReply(1)]]);
    expect(c.call('ZRANGEBYSCORE', 'z', '2', '2', 'WITHSCORES')).toEqual([['b', new DoubleReply(2)]]);
    expect(c.call('ZSCORE', 'z', 'c')).toEqual(new DoubleReply(3));
    expect(c.call('ZMSCORE', 'z', 'c', 'x')).toEqual([new DoubleReply(3), null]);
  });
});

describe('ZRANGESTORE', () => {
  it('stores the selected range, deleting the destination when empty', () => {
    const c = setup();
    expect(c.call('ZRANGESTORE', 'dst', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '0', '2')).toBe(2);
    expect(c.call('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')).toEqual(['b', '2', 'c', '3']);
    expect(c.call('ZRANGESTORE', 'dst', 'z', '0', '1', 'WITHSCORES')).toEqual(error('ERR syntax error'));
    expect(c.call('ZRANGESTORE', 'dst', 'missing', '0', '1')).toBe(0);
    expect(c.call('ZCARD', 'dst')).toBe(0);
  });
});

describe('point reads and counts', () => {
  it('answers ZSCORE, ZMSCORE, ZCARD, ZRANK, ZREVRANK and ZCOUNT', () => {
    const c = setup();
    expect(c.call('ZSCORE', 'z', 'd')).toBe('0.10000000000000001');
    expect(c.call('ZSCORE', 'z', 'x')).toBeNull();
    expect(c.call('ZSCORE', 'missing', 'x')).toBeNull();
    expect(c.call('ZMSCORE', 'z', 'a', 'x')).toEqual(['1', null]);
    expect(c.call('ZMSCORE', 'missing', 'a')).toEqual([null]);
    expect(c.call('ZCARD', 'z')).toBe(5);
    expect(c.call('ZCARD', 'missing')).toBe(0);
    expect(c.call('ZRANK', 'z', 'c')).toBe(3);
    expect(c.call('ZREVRANK', 'z', 'c')).toBe(1);
    expect(c.call('ZRANK', 'z', 'x')).toBeNull();
    expect(c.call('ZRANK', 'missing', 'x')).toBeNull();
    expect(c.call('ZCOUNT', 'z', '(1', '3')).toBe(3);
    expect(c.call('ZCOUNT', 'z', '3', '1')).toBe(0);
    expect(c.call('ZCOUNT', 'missing', '1', '3')).toBe(0);
    expect(c.call('ZCOUNT', 'missing', 'x', '3')).toEqual(error('ERR min or max is not a float'));
  });

  it('answers WRONGTYPE on other types', () => {
    const c = setup();
    c.call('HSET', 'h', 'f', 'v');
    const wrongType = error('WRONGTYPE Operation against a key holding the wrong kind of value');
    for (const command of [['ZSCORE', 'h', 'a'], ['ZMSCORE', 'h', 'a'], ['ZCARD', 'h'], ['ZRANK', 'h', 'a'], ['ZCOUNT', 'h', '0', '1'], ['ZLEXCOUNT', 'h', '-', '+']]) {
      expect(c.call(...command)).toEqual(wrongType);
    }
  });
});
