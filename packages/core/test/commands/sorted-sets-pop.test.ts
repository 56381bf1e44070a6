// ZMPOP and the blocking BZPOPMIN, BZPOPMAX and BZMPOP. Expected replies were checked against
// redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import { DoubleReply, ErrorReply, NULL_ARRAY } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

const error = (message: string) => new ErrorReply(message);

describe('ZMPOP', () => {
  it('pops from the first non-empty key, nested [key, [[member, score]]] in both protocols', () => {
    const { client } = createTestEngine({ shards: 2 });
    const c = client();
    c.call('ZADD', 'b', '1', 'x', '2', 'y', '3', 'z');
    expect(c.call('ZMPOP', '2', 'missing', 'b', 'MAX', 'COUNT', '2')).toEqual(['b', [['z', '3'], ['y', '2']]]);
    expect(c.call('ZMPOP', '1', 'missing', 'MIN')).toBe(NULL_ARRAY);
    c.call('HELLO', '3');
    expect(c.call('ZMPOP', '1', 'b', 'MIN', 'COUNT', '5')).toEqual(['b', [['x', new DoubleReply(1)]]]);
  });

  it('answers Redis 7.0 errors', () => {
    const { client } = createTestEngine();
    const c = client();
    c.call('HSET', 'h', 'f', 'v');
    c.call('ZADD', 'a', '1', 'x');
    expect(c.call('ZMPOP', '0', 'a', 'MIN')).toEqual(error('ERR numkeys should be greater than 0'));
    expect(c.call('ZMPOP', 'x', 'a', 'MIN')).toEqual(error('ERR numkeys should be greater than 0'));
    expect(c.call('ZMPOP', '2', 'a', 'MIN')).toEqual(error('ERR syntax error'));
    expect(c.call('ZMPOP', '1', 'a', 'MIDDLE')).toEqual(error('ERR syntax error'));
    expect(c.call('ZMPOP', '1', 'a', 'MIN', 'COUNT', '0')).toEqual(error('ERR count should be greater than 0'));
    expect(c.call('ZMPOP', '1', 'a', 'MIN', 'COUNT', '1', 'COUNT', '1')).toEqual(error('ERR syntax error'));
    expect(c.call('ZMPOP', '2', 'h', 'a', 'MIN')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });
});

describe('BZPOPMIN and BZPOPMAX', () => {
  it('pop at once when a key has members: flat [key, member, score]', () => {
    const { client } = createTestEngine();
    const c = client();
    c.call('ZADD', 'a', '1', 'x', '2', 'y');
    expect(c.call('BZPOPMIN', 'missing', 'a', '0')).toEqual(['a', 'x', '1']);
    c.call('HELLO', '3');
    expect(c.call('BZPOPMAX', 'a', '0')).toEqual(['a', 'y', new DoubleReply(2)]);
  });

  it('block until a sorted set is created under a key', () => {
    const { client } = createTestEngine({ shards: 4 });
    const [waiter, writer] = [client(), client()];
    expect(waiter.call('BZPOPMIN', 'k1', 'k2', '0')).toBeUndefined();
    writer.call('ZADD', 'other', '1', 'a');
    expect(waiter.take()).toEqual([]);
    writer.call('ZADD', 'k2', '5', 'm', '6', 'n');
    expect(waiter.take()).toEqual([['k2', 'm', '5']]);
    expect(writer.call('ZRANGE', 'k2', '0', '-1')).toEqual(['n']);
  });

  it('are woken by a stored result too, and keep waiting if the set is gone again', () => {
    const { client } = createTestEngine();
    const [waiter, writer] = [client(), client()];
    writer.call('ZADD', 'source', '1', 'a');
    expect(waiter.call('BZPOPMAX', 'k', '0')).toBeUndefined();
    writer.call('MULTI');
    writer.call('ZADD', 'k', '1', 'a');
    writer.call('ZREM', 'k', 'a');
    writer.call('EXEC');
    expect(waiter.take()).toEqual([]);
    writer.call('ZUNIONSTORE', 'k', '1', 'source');
    expect(waiter.take()).toEqual([['k', 'a', '1']]);
  });

  it('time out with the null array, and never block inside MULTI', () => {
    const { client, clock } = createTestEngine();
    const c = client();
    expect(c.call('BZPOPMIN', 'k', '0.5')).toBeUndefined();
    clock.advanceMs(499);
    expect(c.take()).toEqual([]);
    clock.advanceMs(1);
    expect(c.take()).toEqual([NULL_ARRAY]);
    c.call('MULTI');
    c.call('BZPOPMIN', 'k', '0');
    expect(c.call('EXEC')).toEqual([NULL_ARRAY]);
  });

  it('read the timeout as Redis does', () => {
    const { client } = createTestEngine();
    const c = client();
    expect(c.call('BZPOPMIN', 'k', 'x')).toEqual(error('ERR timeout is not a float or out of range'));
    expect(c.call('BZPOPMIN', 'k', ' 1')).toEqual(error('ERR timeout is not a float or out of range'));
    expect(c.call('BZPOPMIN', 'k', '-1')).toEqual(error('ERR timeout is negative'));
    expect(c.call('BZPOPMIN', 'k', 'inf')).toEqual(error('ERR timeout is negative'));
    expect(c.call('BZPOPMIN', 'k', '1e400')).toEqual(error('ERR timeout is negative'));
  });
});

describe('BZMPOP', () => {
  it('parses numkeys, direction and count before the timeout, then serves or blocks', () => {
    const { client, clock } = createTestEngine();
    const [waiter, writer] = [client(), client()];
    expect(waiter.call('BZMPOP', 'x', '0', 'k', 'MIN')).toEqual(error('ERR numkeys should be greater than 0'));
    expect(waiter.call('BZMPOP', 'x', '1', 'k', 'MIN')).toEqual(error('ERR timeout is not a float or out of range'));
    expect(waiter.call('BZMPOP', '1', '1', 'k', 'MAX', 'COUNT', '2')).toBeUndefined();
    writer.call('ZADD', 'k', '1', 'a', '2', 'b', '3', 'c');
    expect(waiter.take()).toEqual([['k', [['c', '3'], ['b', '2']]]]);
    expect(waiter.call('BZMPOP', '1', '1', 'empty', 'MIN')).toBeUndefined();
    clock.advanceMs(1000);
    expect(waiter.take()).toEqual([NULL_ARRAY]);
  });
});
