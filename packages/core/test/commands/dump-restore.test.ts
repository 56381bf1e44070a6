/**
 * DUMP and RESTORE through the engine: payloads round-trip every type with its TTL options,
 * RESTORE answers Redis 7.0's errors in Redis's order, and a restored key is logged as its
 * resulting state (replaying the log rebuilds it). Byte-level payload compatibility with
 * redis-server is tested in test/rdb and in the server's differential tests.
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply, OK } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

describe('DUMP / RESTORE', () => {
  it('round-trips every type, and DUMP of a missing key is nil', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('SET', 's', 'x'.repeat(100));
    a.call('RPUSH', 'l', 'a', '1', 'b');
    a.call('SADD', 'i', '1', '2', '3');
    a.call('SADD', 'm', 'a', 'b');
    a.call('ZADD', 'z', '1.5', 'a', '-2', 'b');
    a.call('HSET', 'h', 'f', 'v', 'g', '7');
    a.call('XADD', 'x', '1-1', 'f', 'v');
    for (const key of ['s', 'l', 'i', 'm', 'z', 'h', 'x']) {
      const payload = a.call('DUMP', key) as string;
      const before = [a.call('TYPE', key), a.call('OBJECT', 'ENCODING', key)];
      expect(a.call('RESTORE', `${key}2`, '0', payload), key).toEqual(OK);
      expect([a.call('TYPE', `${key}2`), a.call('OBJECT', 'ENCODING', `${key}2`)], key).toEqual(before);
      expect(a.call('DUMP', `${key}2`), key).toEqual(payload);
    }
    expect(a.call('LRANGE', 'l2', '0', '-1')).toEqual(['a', '1', 'b']);
    expect(a.call('ZRANGE', 'z2', '0', '-1', 'WITHSCORES')).toEqual(['b', '-2', 'a', '1.5']);
    expect(a.call('DUMP', 'missing')).toBeNull();
  });

  it('sets relative and absolute TTLs, and an expired ABSTTL creates nothing', () => {
    const { client, clock } = createTestEngine();
    const a = client();
    a.call('SET', 'foo', 'bar');
    const payload = a.call('DUMP', 'foo') as string;
    a.call('DEL', 'foo');
    expect(a.call('RESTORE', 'foo', '5000', payload)).toEqual(OK);
    expect(a.call('PTTL', 'foo')).toBe(5000);
    expect(a.call('RESTORE', 'bar', String(clock.now() + 3000), payload, 'ABSTTL')).toEqual(OK);
    expect(a.call('PTTL', 'bar')).toBe(3000);
    expect(a.call('RESTORE', 'bar', String(clock.now() - 3000), payload, 'ABSTTL', 'REPLACE')).toEqual(OK);
    expect(a.call('EXISTS', 'bar'), 'replaced by an already expired value: gone').toBe(0);
  });

  it('answers errors in Redis order', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('SET', 'foo', 'bar');
    const payload = a.call('DUMP', 'foo') as string;
    expect(a.call('RESTORE', 'foo', '0', '...', 'invalid-option')).toEqual(new ErrorReply('ERR syntax error'));
    expect(a.call('RESTORE', 'foo', '0', '...')).toEqual(new ErrorReply('BUSYKEY Target key name already exists.'));
    expect(a.call('RESTORE', 'new', '-1', payload)).toEqual(new ErrorReply('ERR Invalid TTL value, must be >= 0'));
    expect(a.call('RESTORE', 'new', '0', payload, 'IDLETIME', '-1')).toEqual(new ErrorReply('ERR Invalid IDLETIME value, must be >= 0'));
    expect(a.call('RESTORE', 'new', '0', payload, 'FREQ', '256')).toEqual(new ErrorReply('ERR Invalid FREQ value, must be >= 0 and <= 255'));
    expect(a.call('RESTORE', 'new', '0', payload, 'IDLETIME', '1', 'FREQ', '1')).toEqual(new ErrorReply('ERR syntax error'));
    expect(a.call('RESTORE', 'new', '0', payload.slice(0, -1) + 'x')).toEqual(new ErrorReply('ERR DUMP payload version or checksum are wrong'));
    const invalidSize = '\x00\x81\xff\xff\xff\xff\xff\xff\xff\xf7\x0a\x00';
    expect(a.call('RESTORE', 'new', '0', invalidSize + '\x00'.repeat(8))).toEqual(new ErrorReply('ERR DUMP payload version or checksum are wrong'));
    expect(a.call('RESTORE', 'foo', '0', payload, 'REPLACE', 'IDLETIME', '1000')).toEqual(OK);
  });
});
