/**
 * Stream commands (Redis 7.0): entries, trims with and without `~`, consumer groups and their
 * pending entries, XINFO's counters, and blocking reads served by XADD or ended by the loss of
 * their group or stream. Replies and errors were checked against redis-server 7.0.15 (the
 * differential tests in packages/server compare them on every run).
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply, NULL_ARRAY } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

function info(reply: unknown): Record<string, unknown> {
  const flat = reply as unknown[];
  const out: Record<string, unknown> = {};
  for (let i = 0; i < flat.length; i += 2) out[flat[i] as string] = flat[i + 1];
  return out;
}

describe('stream entries', () => {
  it('XADD picks IDs from the clock or completes ms-*, and refuses IDs not above the top', () => {
    const { client, clock } = createTestEngine();
    const c = client();
    const now = clock.now();
    expect(c.call('XADD', 's', '*', 'f', 'v')).toBe(`${now}-0`);
    expect(c.call('XADD', 's', '*', 'f', 'v')).toBe(`${now}-1`);
    expect(c.call('XADD', 's', `${now}-*`, 'f', 'v')).toBe(`${now}-2`);
    expect(c.call('XADD', 's', String(now), 'f', 'v')).toEqual(new ErrorReply('ERR The ID specified in XADD is equal or smaller than the target stream top item'));
    expect(c.call('XADD', 's', '0-0', 'f', 'v')).toEqual(new ErrorReply('ERR The ID specified in XADD must be greater than 0-0'));
    expect(c.call('XADD', 's', '*', 'f')).toEqual(new ErrorReply("ERR wrong number of arguments for 'xadd' command"));
    expect(c.call('XADD', 'missing', 'NOMKSTREAM', '*', 'f', 'v')).toBeNull();
    expect(c.call('XADD', 's', 'MAXLEN', '1', 'MINID', '1', '*', 'f', 'v')).toEqual(new ErrorReply('ERR syntax error, MAXLEN and MINID options at the same time are not compatible'));
    expect(c.call('XADD', 'm', '18446744073709551615-18446744073709551615', 'f', 'v')).toBe('18446744073709551615-18446744073709551615');
    expect(c.call('XADD', 'm', '*', 'f', 'v')).toEqual(new ErrorReply('ERR The stream has exhausted the last possible ID, unable to add more items'));
    expect(c.call('XLEN', 's')).toBe(3);
  });

  it('XRANGE and XREVRANGE read bounds, exclusive bounds and COUNT', () => {
    const { client } = createTestEngine();
    const c = client();
    for (let i = 1; i <= 5; i++) c.call('XADD', 's', `${i}-0`, 'i', String(i));
    const ids = (reply: unknown) => (reply as [string, unknown][]).map(([id]) => id);
    expect(ids(c.call('XRANGE', 's', '-', '+'))).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0']);
    expect(ids(c.call('XRANGE', 's', '(2', '4'))).toEqual(['3-0', '4-0']);
    expect(ids(c.call('XRANGE', 's', '2', '+', 'COUNT', '2'))).toEqual(['2-0', '3-0']);
    expect(ids(c.call('XREVRANGE', 's', '+', '-', 'COUNT', '2'))).toEqual(['5-0', '4-0']);
    expect(ids(c.call('XREVRANGE', 's', '(5', '(1'))).toEqual(['5-0', '4-0', '3-0', '2-0']); // (5 is 5-(2^64-2)
    expect(c.call('XRANGE', 's', '-', '+', 'COUNT', '0')).toEqual(NULL_ARRAY);
    expect(c.call('XRANGE', 's', '(18446744073709551615-18446744073709551615', '+')).toEqual(new ErrorReply('ERR invalid start ID for the interval'));
    expect(c.call('XRANGE', 'nokey', '-', '+')).toEqual([]);
  });

  it('trims whole nodes with ~ and exactly with =, as Redis does (unit/type/stream)', () => {
    const { client } = createTestEngine();
    const c = client();
    for (let j = 0; j < 1000; j++) c.call('XADD', 's', '*', j % 10 === 0 ? 'yitem' : 'xitem', String(j));
    expect(c.call('XTRIM', 's', 'MAXLEN', '666')).toBe(334);
    expect(c.call('XTRIM', 's', 'MAXLEN', '=', '555')).toBe(111);
    c.call('XTRIM', 's', 'MAXLEN', '~', '444');
    expect(c.call('XLEN', 's')).toBe(500);
    c.call('XTRIM', 's', 'MAXLEN', '~', '400');
    expect(c.call('XLEN', 's')).toBe(400);
    c.call('CONFIG', 'SET', 'stream-node-max-entries', '10');
    c.call('DEL', 's');
    for (let j = 0; j < 100; j++) c.call('XADD', 's', '*', 'xitem', 'v');
    c.call('XADD', 's', 'MAXLEN', '~', '55', 'LIMIT', '30', '*', 'xitem', 'v');
    expect(c.call('XLEN', 's')).toBe(71);
    expect(c.call('XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '30')).toEqual(new ErrorReply('ERR syntax error, LIMIT cannot be used without the special ~ option'));
  });

  it('XDEL leaves tombstones and moves the counters XINFO reports', () => {
    const { client } = createTestEngine();
    const c = client();
    for (let i = 1; i <= 3; i++) c.call('XADD', 's', `${i}-0`, 'f', 'v');
    expect(c.call('XDEL', 's', '1-0', '2-0', '9-0')).toBe(2);
    const stream = info(c.call('XINFO', 'STREAM', 's'));
    expect(stream).toMatchObject({ length: 1, 'last-generated-id': '3-0', 'max-deleted-entry-id': '2-0', 'entries-added': 3, 'recorded-first-entry-id': '3-0' });
    expect(c.call('XSETID', 's', '2-0')).toEqual(new ErrorReply('ERR The ID specified in XSETID is smaller than the target stream top item'));
    expect(c.call('XSETID', 's', '5-0', 'ENTRIESADDED', '9', 'MAXDELETEDID', '4-0')).toEqual(expect.objectContaining({ value: 'OK' }));
    expect(info(c.call('XINFO', 'STREAM', 's'))).toMatchObject({ 'last-generated-id': '5-0', 'entries-added': 9, 'max-deleted-entry-id': '4-0' });
  });
});

describe('consumer groups', () => {
  it('XREADGROUP delivers new entries once, keeps them pending until XACK, and reads history', () => {
    const { client, clock } = createTestEngine();
    const c = client();
    c.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    c.call('XADD', 's', '1-0', 'a', '1');
    c.call('XADD', 's', '2-0', 'b', '2');
    expect(c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>')).toEqual([['s', [['1-0', ['a', '1']]]]]);
    expect(c.call('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>')).toEqual([['s', [['2-0', ['b', '2']]]]]);
    expect(c.call('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>')).toEqual(NULL_ARRAY);
    clock.advanceMs(50);
    expect(c.call('XPENDING', 's', 'g')).toEqual([2, '1-0', '2-0', [['alice', '1'], ['bob', '1']]]);
    expect(c.call('XPENDING', 's', 'g', 'IDLE', '10', '-', '+', '10', 'alice')).toEqual([['1-0', 'alice', 50, 1]]);
    expect(c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0')).toEqual([['s', [['1-0', ['a', '1']]]]]);
    expect(c.call('XPENDING', 's', 'g', '-', '+', '10', 'alice')).toEqual([['1-0', 'alice', 0, 2]]);
    c.call('XDEL', 's', '1-0');
    expect(c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0')).toEqual([['s', [['1-0', NULL_ARRAY]]]]);
    expect(c.call('XACK', 's', 'g', '1-0', '2-0', '3-0')).toBe(2);
    expect(c.call('XPENDING', 's', 'g')).toEqual([0, null, null, NULL_ARRAY]);
    expect(c.call('XREADGROUP', 'GROUP', 'nope', 'x', 'STREAMS', 's', '>')).toEqual(new ErrorReply("NOGROUP No such key 's' or consumer group 'nope' in XREADGROUP with GROUP option"));
  });

  it('XCLAIM and XAUTOCLAIM move idle entries and drop deleted ones', () => {
    const { client, clock } = createTestEngine();
    const c = client();
    c.call('XGROUP', 'CREATE', 's', 'g', '0', 'MKSTREAM');
    for (let i = 1; i <= 3; i++) c.call('XADD', 's', `${i}-0`, 'f', String(i));
    c.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    clock.advanceMs(100);
    expect(c.call('XCLAIM', 's', 'g', 'bob', '200', '1-0')).toEqual([]);
    expect(c.call('XCLAIM', 's', 'g', 'bob', '50', '1-0', 'JUSTID')).toEqual(['1-0']);
    c.call('XDEL', 's', '2-0');
    expect(c.call('XAUTOCLAIM', 's', 'g', 'carol', '50', '0-0', 'COUNT', '1')).toEqual(['3-0', [], ['2-0']]);
    expect(c.call('XAUTOCLAIM', 's', 'g', 'carol', '50', '0-0')).toEqual(['0-0', [['3-0', ['f', '3']]], []]);
    expect(c.call('XPENDING', 's', 'g', '-', '+', '10')).toEqual([['1-0', 'bob', 0, 1], ['3-0', 'carol', 0, 2]]);
    expect(c.call('XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '0')).toEqual(new ErrorReply('ERR COUNT must be > 0'));
  });

  it('reports entries-read and lag as Redis 7.0 does', () => {
    const { client } = createTestEngine();
    const c = client();
    for (let i = 1; i <= 5; i++) c.call('XADD', 's', `${i}-0`, 'f', 'v');
    c.call('XGROUP', 'CREATE', 's', 'g', '0');
    expect(info((c.call('XINFO', 'GROUPS', 's') as unknown[])[0])).toMatchObject({ 'entries-read': null, lag: 5 });
    c.call('XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', '2', 'STREAMS', 's', '>');
    expect(info((c.call('XINFO', 'GROUPS', 's') as unknown[])[0])).toMatchObject({ 'entries-read': 2, lag: 3 });
    c.call('XDEL', 's', '4-0');
    expect(info((c.call('XINFO', 'GROUPS', 's') as unknown[])[0])).toMatchObject({ 'entries-read': 2, lag: null });
  });
});

describe('blocking reads', () => {
  it('XREAD BLOCK is served by XADD and times out with the null array', () => {
    const { engine, client, clock } = createTestEngine({ shards: 2 });
    engine.start();
    const [reader, writer] = [client(), client()];
    writer.call('XADD', 's', '5-0', 'f', 'v');
    expect(reader.call('XREAD', 'BLOCK', '0', 'STREAMS', 'other', 's', '$', '$')).toBeUndefined();
    writer.call('XADD', 's', '6-0', 'g', 'w');
    expect(reader.take()).toEqual([[['s', [['6-0', ['g', 'w']]]]]]);
    expect(reader.call('XREAD', 'BLOCK', '100', 'STREAMS', 's', '$')).toBeUndefined();
    clock.advanceMs(150);
    expect(reader.take()).toEqual([NULL_ARRAY]);
  });

  it('a blocked XREADGROUP gets the new entries, -NOGROUP when its group goes, -UNBLOCKED when its stream goes', () => {
    const { engine, client } = createTestEngine();
    engine.start();
    const [reader, writer] = [client(), client()];
    writer.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    expect(reader.call('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>')).toBeUndefined();
    writer.call('XADD', 's', '1-0', 'f', 'v');
    expect(reader.take()).toEqual([[['s', [['1-0', ['f', 'v']]]]]]);
    expect(writer.call('XPENDING', 's', 'g')).toEqual([1, '1-0', '1-0', [['alice', '1']]]);
    expect(reader.call('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>')).toBeUndefined();
    writer.call('XGROUP', 'DESTROY', 's', 'g');
    expect(reader.take()).toEqual([new ErrorReply('NOGROUP the consumer group this client was blocked on no longer exists')]);
    writer.call('XGROUP', 'CREATE', 's', 'g', '$');
    expect(reader.call('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>')).toBeUndefined();
    writer.call('DEL', 's');
    expect(reader.take()).toEqual([new ErrorReply('UNBLOCKED the stream key no longer exists')]);
  });
});
