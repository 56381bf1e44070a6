import { describe, expect, it } from 'vitest';
import { ErrorReply, SetReply } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

const sorted = (reply: unknown) => [...((reply as SetReply).items ?? (reply as string[]))].sort();

describe('set commands', () => {
  it('adds, removes and counts members; an emptied set disappears', () => {
    const c = createTestEngine().client();
    expect(c.call('SADD', 's', 'a', 'b', 'a')).toBe(2);
    expect(c.call('SCARD', 's')).toBe(2);
    expect(c.call('SISMEMBER', 's', 'a')).toBe(1);
    expect(c.call('SMISMEMBER', 's', 'a', 'z')).toEqual([1, 0]);
    expect(sorted(c.call('SMEMBERS', 's'))).toEqual(['a', 'b']);
    expect(c.call('SREM', 's', 'a', 'b', 'c')).toBe(2);
    expect(c.call('EXISTS', 's')).toBe(0);
  });

  it('SMOVE leaves a destination that already held the member unchanged: a WATCH on it survives (Redis\'s Tcl unit/type/set)', () => {
    const { client } = createTestEngine({ shards: 2 });
    const watcher = client();
    const mover = client();
    mover.call('SADD', 'src', 'a', 'b');
    mover.call('SADD', 'dst', 'a');
    watcher.call('WATCH', 'dst');
    watcher.call('MULTI');
    watcher.call('SADD', 'dst', 'c');
    expect(mover.call('SMOVE', 'src', 'dst', 'a')).toBe(1);
    expect(watcher.call('EXEC')).toEqual([1]);
    expect(sorted(mover.call('SMEMBERS', 'dst'))).toEqual(['a', 'c']);
  });

  it('combines sets across shards, and stores results', () => {
    const c = createTestEngine({ shards: 4 }).client();
    c.call('SADD', 'a', '1', '2', '3');
    c.call('SADD', 'b', '2', '3', '4');
    expect(sorted(c.call('SINTER', 'a', 'b'))).toEqual(['2', '3']);
    expect(sorted(c.call('SUNION', 'a', 'b', 'missing'))).toEqual(['1', '2', '3', '4']);
    expect(sorted(c.call('SDIFF', 'a', 'b'))).toEqual(['1']);
    expect(c.call('SINTER', 'a', 'missing')).toEqual([]);
    expect(c.call('SUNIONSTORE', 'dst', 'a', 'b')).toBe(4);
    expect(c.call('SINTERSTORE', 'dst', 'a', 'missing')).toBe(0);
    expect(c.call('EXISTS', 'dst')).toBe(0);
    expect(c.call('SINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toBe(1);
    expect(c.call('SINTERCARD', '0', 'a')).toEqual(new ErrorReply('ERR numkeys should be greater than 0'));
    expect(c.call('SMOVE', 'a', 'b', '1')).toBe(1);
    expect(c.call('SMOVE', 'a', 'b', 'nope')).toBe(0);
    expect(c.call('SCARD', 'b')).toBe(4);
  });

  it('pops and samples randomly within Redis contracts', () => {
    const c = createTestEngine().client();
    c.call('SADD', 's', 'a', 'b', 'c');
    expect(['a', 'b', 'c']).toContain(c.call('SRANDMEMBER', 's'));
    expect(sorted(c.call('SRANDMEMBER', 's', '5'))).toEqual(['a', 'b', 'c']);
    expect(c.call('SRANDMEMBER', 's', '-5')).toHaveLength(5);
    expect(c.call('SPOP', 's', '-1')).toEqual(new ErrorReply('ERR value is out of range, must be positive'));
    expect(sorted(c.call('SPOP', 's', '2'))).toHaveLength(2);
    expect(c.call('SCARD', 's')).toBe(1);
    c.call('SPOP', 's');
    expect(c.call('EXISTS', 's')).toBe(0);
    expect(c.call('SPOP', 's')).toBe(null);
  });

  it('reports intset until a non-integer member arrives', () => {
    const c = createTestEngine().client();
    c.call('SADD', 's', '1', '2');
    expect(c.call('OBJECT', 'ENCODING', 's')).toBe('intset');
    c.call('SADD', 's', 'x');
    expect(c.call('OBJECT', 'ENCODING', 's')).toBe('hashtable');
  });
});
