// ZREM, ZREMRANGEBY*, ZPOPMIN and ZPOPMAX. Expected replies were checked against
// redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { DoubleReply, ErrorReply, NULL_ARRAY } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

function setup() {
  const { engine, client } = createTestEngine({ shards: 2 });
  const c = client();
  c.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e');
  return { engine, c };
}

const error = (message: string) => new ErrorReply(message);

describe('ZREM', () => {
  it('removes members, counts them, and deletes the emptied key', () => {
    const { engine, c } = setup();
    expect(c.call('ZREM', 'z', 'a', 'x', 'a')).toBe(1);
    expect(c.call('ZREM', 'missing', 'a')).toBe(0);
    expect(c.call('ZREM', 'z', 'b', 'c', 'd', 'e')).toBe(4);
    expect(engine.database(0).exists('z')).toBe(false);
  });
});

describe('ZREMRANGEBY*', () => {
  it('removes by rank, score and lex, deleting the key when emptied', () => {
    const { engine, c } = setup();
    expect(c.call('ZREMRANGEBYRANK', 'z', '-2', '-1')).toBe(2);
    expect(c.call('ZREMRANGEBYRANK', 'z', '5', '9')).toBe(0);
    expect(c.call('ZREMRANGEBYSCORE', 'z', '(1', '2')).toBe(1);
    expect(c.call('ZRANGE', 'z', '0', '-1')).toEqual(['a', 'c']);
    expect(c.call('ZREMRANGEBYLEX', 'z', '-', '+')).toBe(2);
    expect(engine.database(0).exists('z')).toBe(false);
  });

  it('parses the range before looking at the key', () => {
    const { c } = setup();
    expect(c.call('ZREMRANGEBYRANK', 'missing', 'x', '1')).toEqual(error('ERR value is not an integer or out of range'));
    expect(c.call('ZREMRANGEBYSCORE', 'missing', 'x', '1')).toEqual(error('ERR min or max is not a float'));
    expect(c.call('ZREMRANGEBYLEX', 'missing', 'x', '+')).toEqual(error('ERR min or max not valid string range item'));
    expect(c.call('ZREMRANGEBYSCORE', 'missing', '0', '1')).toBe(0);
  });
});

describe('ZPOPMIN and ZPOPMAX', () => {
  it('pops from either end, flat in RESP2', () => {
    const { engine, c } = setup();
    expect(c.call('ZPOPMIN', 'z')).toEqual(['a', '1']);
    expect(c.call('ZPOPMAX', 'z', '2')).toEqual(['e', '5', 'd', '4']);
    expect(c.call('ZPOPMIN', 'z', '0')).toEqual([]);
    expect(c.call('ZPOPMIN', 'z', '10')).toEqual(['b', '2', 'c', '3']);
    expect(engine.database(0).exists('z')).toBe(false);
    expect(c.call('ZPOPMIN', 'z')).toEqual([]);
  });

  it('nests pairs in RESP3 only when a count is given', () => {
    const { c } = setup();
    c.call('HELLO', '3');
    expect(c.call('ZPOPMIN', 'z')).toEqual(['a', new DoubleReply(1)]);
    expect(c.call('ZPOPMIN', 'z', '1')).toEqual([['b', new DoubleReply(2)]]);
    expect(c.call('ZPOPMAX', 'z', '2')).toEqual([['e', new DoubleReply(5)], ['d', new DoubleReply(4)]]);
  });

  it('answers Redis 7.0 errors', () => {
    const { c } = setup();
    c.call('HSET', 'h', 'f', 'v');
    expect(c.call('ZPOPMIN', 'z', '-1')).toEqual(error('ERR value is out of range, must be positive'));
    expect(c.call('ZPOPMIN', 'z', 'x')).toEqual(error('ERR value is out of range, must be positive'));
    expect(c.call('ZPOPMIN', 'z', '1', '2')).toEqual(error('ERR syntax error'));
    expect(c.call('ZPOPMIN', 'h', '0')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });
});

describe('WATCH', () => {
  it('sees in-place changes and ignores writes that change nothing', () => {
    const { engine, client } = createTestEngine();
    const [watcher, writer] = [client(), client()];
    writer.call('ZADD', 'z', '1', 'a', '2', 'b');
    const attempt = (write: string[]) => {
      watcher.call('WATCH', 'z');
      watcher.call('MULTI');
      watcher.call('ZCARD', 'z');
      writer.call(...write);
      return watcher.call('EXEC');
    };
    expect(attempt(['ZADD', 'z', '1', 'a'])).toEqual([2]);
    expect(attempt(['ZREM', 'z', 'x'])).toEqual([2]);
    expect(attempt(['ZINCRBY', 'z', '1', 'a'])).toBe(NULL_ARRAY);
    expect(attempt(['ZPOPMIN', 'z'])).toBe(NULL_ARRAY);
    expect(attempt(['ZREMRANGEBYSCORE', 'z', '5', '6'])).toEqual([1]);
    expect(engine.database(0).exists('z')).toBe(true);
  });
});
