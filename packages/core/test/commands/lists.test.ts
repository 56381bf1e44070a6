import { describe, expect, it } from 'vitest';
import { ErrorReply, NULL_ARRAY, OK, QUEUED } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

describe('list commands', () => {
  it('pushes, pops and reads like Redis', () => {
    const c = createTestEngine().client();
    expect(c.call('RPUSH', 'l', 'a', 'b', 'c')).toBe(3);
    expect(c.call('LPUSH', 'l', 'z')).toBe(4);
    expect(c.call('LRANGE', 'l', '0', '-1')).toEqual(['z', 'a', 'b', 'c']);
    expect(c.call('LINDEX', 'l', '-1')).toBe('c');
    expect(c.call('LPOP', 'l')).toBe('z');
    expect(c.call('RPOP', 'l', '2')).toEqual(['c', 'b']);
    expect(c.call('LPOP', 'l', '0')).toEqual([]);
    expect(c.call('LPOP', 'l', '-1')).toEqual(new ErrorReply('ERR value is out of range, must be positive'));
    expect(c.call('LPOP', 'l', '5')).toEqual(['a']);
    expect(c.call('LLEN', 'l')).toBe(0);
    expect(c.call('LPOP', 'l', '2')).toEqual(NULL_ARRAY);
    expect(c.call('LPUSHX', 'l', 'x')).toBe(0);
  });

  it('edits in place: LSET, LREM, LTRIM, LINSERT, LPOS', () => {
    const c = createTestEngine().client();
    c.call('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a');
    expect(c.call('LPOS', 'l', 'a', 'RANK', '-1', 'COUNT', '2')).toEqual([4, 2]);
    expect(c.call('LPOS', 'l', 'a', 'RANK', '0')).toEqual(new ErrorReply("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"));
    expect(c.call('LREM', 'l', '-2', 'a')).toBe(2);
    expect(c.call('LRANGE', 'l', '0', '-1')).toEqual(['a', 'b', 'c']);
    expect(c.call('LINSERT', 'l', 'AFTER', 'b', 'x')).toBe(4);
    expect(c.call('LINSERT', 'l', 'BEFORE', 'nope', 'x')).toBe(-1);
    expect(c.call('LSET', 'l', '-1', 'z')).toEqual(OK);
    expect(c.call('LSET', 'l', '9', 'z')).toEqual(new ErrorReply('ERR index out of range'));
    expect(c.call('LSET', 'none', '0', 'z')).toEqual(new ErrorReply('ERR no such key'));
    expect(c.call('LTRIM', 'l', '1', '2')).toEqual(OK);
    expect(c.call('LRANGE', 'l', '0', '-1')).toEqual(['b', 'x']);
    expect(c.call('LTRIM', 'l', '5', '9')).toEqual(OK);
    expect(c.call('LLEN', 'l')).toBe(0);
  });

  it('moves elements between lists across shards, and rotates one list', () => {
    const c = createTestEngine({ shards: 4 }).client();
    c.call('RPUSH', 'src', '1', '2', '3');
    expect(c.call('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toBe('1');
    expect(c.call('RPOPLPUSH', 'src', 'src')).toBe('3');
    expect(c.call('LRANGE', 'src', '0', '-1')).toEqual(['3', '2']);
    expect(c.call('LMOVE', 'src', 'dst', 'UP', 'LEFT')).toEqual(new ErrorReply('ERR syntax error'));
    expect(c.call('LMOVE', 'none', 'dst', 'LEFT', 'LEFT')).toBe(null);
  });

  it('BLPOP serves at once, blocks until a push, and times out with a null array', () => {
    const { client, clock } = createTestEngine({ shards: 2 });
    const waiter = client();
    const pusher = client();
    pusher.call('RPUSH', 'ready', 'x');
    expect(waiter.call('BLPOP', 'empty', 'ready', '1')).toEqual(['ready', 'x']);
    expect(waiter.call('BLPOP', 'q1', 'q2', '0')).toBeUndefined();
    expect(pusher.call('RPUSH', 'q2', 'job')).toBe(1);
    expect(waiter.take()).toEqual([['q2', 'job']]);
    expect(pusher.call('LLEN', 'q2')).toBe(0);
    expect(waiter.call('BRPOP', 'q1', '0.5')).toBeUndefined();
    clock.advanceMs(499);
    expect(waiter.take()).toEqual([]);
    clock.advanceMs(2);
    expect(waiter.take()).toEqual([NULL_ARRAY]);
    expect(waiter.call('BLPOP', 'q1', '-1')).toEqual(new ErrorReply('ERR timeout is negative'));
    expect(waiter.call('BLPOP', 'q1', 'x')).toEqual(new ErrorReply('ERR timeout is not a float or out of range'));
  });

  it('serves blocked clients first come first served, and BLMOVE moves', () => {
    const { client } = createTestEngine();
    const first = client();
    const second = client();
    const pusher = client();
    first.call('BLPOP', 'q', '0');
    second.call('BLMOVE', 'q', 'done', 'LEFT', 'RIGHT', '0');
    pusher.call('RPUSH', 'q', 'a', 'b');
    expect(first.take()).toEqual([['q', 'a']]);
    expect(second.take()).toEqual(['b']);
    expect(pusher.call('LRANGE', 'done', '0', '-1')).toEqual(['b']);
  });

  it('does not block inside MULTI', () => {
    const c = createTestEngine().client();
    c.call('MULTI');
    expect(c.call('BLPOP', 'q', '0')).toEqual(QUEUED);
    expect(c.call('EXEC')).toEqual([NULL_ARRAY]);
  });
});

describe('blocked pops and keys that arrive by other routes', () => {
  it('RENAME of a list onto the awaited key serves the blocked client', () => {
    const { client } = createTestEngine({ shards: 3 });
    const waiter = client();
    const other = client();
    expect(waiter.call('BLPOP', 'target', '0')).toBeUndefined();
    other.call('RPUSH', 'source', 'x');
    expect(other.call('RENAME', 'source', 'target')).toEqual(OK);
    expect(waiter.take()).toEqual([['target', 'x']]);
  });
});
