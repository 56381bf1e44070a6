import { describe, expect, it } from 'vitest';
import { allocationBytes } from '../../src/commands/server/memory-usage.js';
import { OK, VerbatimString } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

/** A RESP2 map (flat array) as an object. */
function asObject(reply: unknown): Record<string, unknown> {
  expect(Array.isArray(reply)).toBe(true);
  const items = reply as unknown[];
  const out: Record<string, unknown> = {};
  for (let i = 0; i < items.length; i += 2) out[items[i] as string] = items[i + 1];
  return out;
}

describe('MEMORY USAGE', () => {
  it('matches Redis 7.0 on jemalloc for small values (recorded from redis-server 7.0.15)', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('SET', 'a', '1');
    a.call('SET', 'b', 'hello');
    a.call('SET', 'd', 'x'.repeat(45));
    a.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    a.call('RPUSH', 'l', 'a', 'b', 'c');
    a.call('SADD', 's', '1', '2', '3');
    a.call('SADD', 't', 'a', 'b', 'c');
    a.call('ZADD', 'z', '1', 'a', '2', 'b', '3.5', 'c');
    const usage = Object.fromEntries(['a', 'b', 'd', 'h', 'l', 's', 't', 'z'].map((key) => [key, a.call('MEMORY', 'USAGE', key)]));
    expect(usage).toEqual({ a: 48, b: 64, d: 112, h: 80, l: 144, s: 64, t: 232, z: 80 });
  });

  it('grows with the value, samples large collections, and measures all with SAMPLES 0', () => {
    const { client } = createTestEngine();
    const a = client();
    for (let i = 0; i < 1000; i++) a.call('HSET', 'big', `field${i}`, `value${i}`);
    a.call('HSET', 'small', 'f', 'v');
    const sampled = a.call('MEMORY', 'USAGE', 'big') as number;
    const exact = a.call('MEMORY', 'USAGE', 'big', 'SAMPLES', '0') as number;
    expect(exact).toBe(64_136); // redis-server 7.0.15's figure, SAMPLES 0
    expect(Math.abs(sampled - exact) / exact).toBeLessThan(0.1);
    expect(sampled).toBeGreaterThan((a.call('MEMORY', 'USAGE', 'small') as number) * 100);
    a.call('RPUSH', 'list', ...Array.from({ length: 10_000 }, (_, i) => `value${i}`));
    expect(a.call('MEMORY', 'USAGE', 'list', 'SAMPLES', '0')).toBe(109_704);
  });

  it('answers null for a missing key, after checking its arguments as Redis does', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('MEMORY', 'USAGE', 'missing')).toBe(null);
    expect(a.call('MEMORY', 'USAGE', 'missing', 'SAMPLES', '-1')).toEqual(expect.objectContaining({ message: 'ERR syntax error' }));
    expect(a.call('MEMORY', 'USAGE', 'missing', 'SAMPLES', 'x')).toEqual(expect.objectContaining({ message: 'ERR value is not an integer or out of range' }));
  });

  it('rounds allocations up to jemalloc size classes', () => {
    expect([1, 8, 9, 24, 128, 129, 160, 161, 1006, 8199].map(allocationBytes)).toEqual([8, 8, 16, 32, 128, 160, 160, 192, 1024, 10_240]);
  });
});

describe('MEMORY STATS, DOCTOR, MALLOC-STATS, PURGE', () => {
  it('reports what Ballast measures, as a map with one entry per database in use', () => {
    const { client, engine } = createTestEngine();
    const a = client();
    a.call('SET', 'k', 'v');
    a.call('SET', 'e', 'v', 'EX', '100');
    const stats = asObject(a.call('MEMORY', 'STATS'));
    expect(Object.keys(stats)).toEqual([
      'peak.allocated', 'total.allocated', 'startup.allocated', 'replication.backlog', 'clients.slaves', 'clients.normal', 'cluster.links', 'db.0', 'overhead.total', 'keys.count',
      'keys.bytes-per-key', 'dataset.bytes', 'dataset.percentage', 'fragmentation', 'fragmentation.bytes',
    ]);
    // used_memory, the memory model: the empty databases and the two keys (one with an expiry).
    const used = engine.usedMemory();
    expect(used).toBeGreaterThan(11_200 + 2 * 100);
    expect(stats['total.allocated']).toBe(used);
    expect(stats['startup.allocated']).toBe(11_200);
    expect(stats['keys.count']).toBe(2);
    expect(stats['fragmentation.bytes']).toBe(2_000_000 - used);
    expect(asObject(stats['db.0'])).toEqual({ 'overhead.hashtable.main': 80, 'overhead.hashtable.expires': 56, 'overhead.hashtable.slot-to-keys': 0 });
  });

  it('has the doctor call an instance under 5 MB empty, as Redis does', () => {
    const { client } = createTestEngine();
    const report = client().call('MEMORY', 'DOCTOR');
    expect(report).toMatch(/^Hi Sam, this instance is empty or is using very little memory/);
  });

  it('answers MALLOC-STATS and PURGE as Redis without jemalloc', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('MEMORY', 'MALLOC-STATS')).toBe('Stats not supported for the current allocator');
    expect(a.call('MEMORY', 'PURGE')).toEqual(OK);
    a.call('HELLO', '3');
    expect(a.call('MEMORY', 'DOCTOR')).toBeInstanceOf(VerbatimString);
  });
});
