/**
 * The effects the engine logs, replayed shard by shard in LSN order on a fresh engine, rebuild
 * exactly the keyspace that wrote them — for random command sequences over every write family,
 * cross-shard multi-key commands, MULTI/EXEC, expiry (lazy and active), random pops and
 * blocking pops served later.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeAndReplay, type Step } from '../support/replay-history.js';

const KEYS = ['a', 'b', 'c', '{t}x', '{t}y'];

const key = fc.constantFrom(...KEYS);
const member = fc.constantFrom('m1', 'm2', 'm3', 'm4');
const command: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(key, member).map(([k, v]) => ['SET', k, v]),
  fc.tuple(key, member, fc.constantFrom('EX', 'PX')).map(([k, v, unit]) => ['SET', k, v, unit, unit === 'EX' ? '1' : '700']),
  key.map((k) => ['INCR', k]),
  key.map((k) => ['INCRBYFLOAT', k, '1.5']),
  fc.tuple(key, member).map(([k, v]) => ['APPEND', k, v]),
  key.map((k) => ['GETEX', k, 'PX', '400']),
  fc.tuple(key, key).map(([k1, k2]) => ['DEL', k1, k2]),
  fc.tuple(key, key, member).map(([k1, k2, v]) => ['MSET', k1, v, k2, v]),
  fc.tuple(key, key).map(([k1, k2]) => ['RENAME', k1, k2]),
  fc.tuple(key, key).map(([k1, k2]) => ['COPY', k1, k2, 'REPLACE']),
  key.map((k) => ['EXPIRE', k, '1']),
  key.map((k) => ['PEXPIREAT', k, String(1_700_000_000_500)]),
  key.map((k) => ['PERSIST', k]),
  fc.tuple(key, member, member).map(([k, v1, v2]) => ['RPUSH', k, v1, v2]),
  key.map((k) => ['LPOP', k]),
  fc.tuple(key, key).map(([k1, k2]) => ['LMOVE', k1, k2, 'LEFT', 'RIGHT']),
  fc.tuple(key, key).map(([k1, k2]) => ['LMPOP', '2', k1, k2, 'RIGHT', 'COUNT', '2']),
  fc.tuple(key, member, member).map(([k, v1, v2]) => ['SADD', k, v1, v2]),
  key.map((k) => ['SPOP', k, '2']),
  key.map((k) => ['SPOP', k]),
  fc.tuple(key, key, member).map(([k1, k2, m]) => ['SMOVE', k1, k2, m]),
  fc.tuple(key, key, key).map(([d, k1, k2]) => ['SUNIONSTORE', d, k1, k2]),
  fc.tuple(key, member).map(([k, f]) => ['HSET', k, f, 'v']),
  fc.tuple(key, member).map(([k, f]) => ['HINCRBYFLOAT', k, f, '0.1']),
  fc.tuple(key, member).map(([k, m]) => ['ZADD', k, '1.5', m]),
  fc.tuple(key, member).map(([k, m]) => ['ZINCRBY', k, '2', m]),
  fc.tuple(key, key, key).map(([d, k1, k2]) => ['ZUNIONSTORE', d, '2', k1, k2]),
  key.map((k) => ['ZPOPMIN', k]),
  key.map((k) => ['MOVE', k, '1']),
  fc.constant<string[]>(['SWAPDB', '0', '1']),
  fc.constant<string[]>(['FLUSHDB']),
  key.map((k) => ['GET', k]),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: command.map((args) => ({ kind: 'command' as const, args })) },
  { weight: 1, arbitrary: fc.array(command, { minLength: 1, maxLength: 4 }).map((commands) => ({ kind: 'multi' as const, commands })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 900 }).map((ms) => ({ kind: 'wait' as const, ms })) },
  { weight: 1, arbitrary: key.map((k) => ({ kind: 'block' as const, args: ['BLPOP', k, '0.5'] })) },
  { weight: 1, arbitrary: fc.constantFrom('TIMEOUT' as const, 'ERROR' as const).map((how) => ({ kind: 'unblock' as const, how })) },
);


describe('effects replay to the state that logged them', () => {
  for (const shards of [1, 3]) {
    it(`shards=${shards}`, () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
          const { written, replayed } = writeAndReplay({ shards, seed, replaySeed: seed * 7919 + 104_729 }, steps);
          expect(replayed).toEqual(written);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('effects replay to the state that logged them while maxmemory evicts (every eviction is a logged DEL)', () => {
  const policies = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const;
  for (const shards of [1, 3]) {
    it(`shards=${shards}`, () => {
      let evictions = 0;
      fc.assert(
        fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom(...policies), fc.integer({ min: 0, max: 600 }),
          (steps, seed, policy, headroom) => {
            // The empty databases (16 per shard, 700 bytes each) plus a little room: most writes evict.
            const config = { maxmemory: String(shards * 16 * 700 + headroom), 'maxmemory-policy': policy, 'maxmemory-samples': '3' };
            const { written, replayed, writer } = writeAndReplay({ shards, seed, replaySeed: seed * 7919 + 104_729, config }, steps);
            expect(replayed).toEqual(written);
            evictions += writer.stats.evictedKeys;
          }),
        { numRuns: 150 },
      );
      expect(evictions).toBeGreaterThan(20);
    });
  }
});

describe('effects of the commands that cannot be logged as typed', () => {
  const members = Array.from({ length: 40 }, (_, i) => `m${i}`);
  const scripted: Step[] = [
    { kind: 'command', args: ['SADD', 'a', ...members] },
    ...Array.from({ length: 10 }, () => ({ kind: 'command' as const, args: ['SPOP', 'a'] })),
    { kind: 'command', args: ['SPOP', 'a', '7'] },
    { kind: 'command', args: ['HINCRBYFLOAT', 'h', 'f', '0.1'] },
    { kind: 'command', args: ['HINCRBYFLOAT', 'h', 'f', '1e300'] },
    { kind: 'command', args: ['SET', 'b', 'v', 'EX', '5'] },
    { kind: 'command', args: ['RPUSH', 'c', ...members] },
    { kind: 'command', args: ['EXPIRE', 'c', '3'] },
    { kind: 'block', args: ['BLPOP', 'l', '0.5'] },
    { kind: 'command', args: ['RPUSH', 'l', 'x', 'y'] },
    { kind: 'command', args: ['MSET', 'a1', '1', 'b1', '2', 'c1', '3'] },
    { kind: 'command', args: ['SMOVE', 'a', 'd', 'm39'] },
    { kind: 'command', args: ['SET', 'e', 'gone', 'PX', '100'] },
    { kind: 'wait', ms: 4000 },
    { kind: 'command', args: ['GET', 'e'] },
  ];
  for (const shards of [1, 4]) {
    it(`shards=${shards}`, () => {
      for (const seed of [1, 2, 3]) {
        const { written, replayed } = writeAndReplay({ shards, seed, replaySeed: seed * 7919 + 104_729 }, scripted);
        expect(replayed).toEqual(written);
        expect(written.length).toBeGreaterThan(5);
      }
    });
  }
});

describe('a write that fails after expiring a key on the way (found by the simulator, seed 1062)', () => {
  it('is logged as the deletion it made, not as the failing command', () => {
    // z expires at 95 ms, before the first active-expiry cycle (100 ms): the SUNIONSTORE expires it lazily.
    const steps: Step[] = [
      { kind: 'wait', ms: 90 },
      { kind: 'command', args: ['SET', 'z', 'x', 'PX', '5'] },
      { kind: 'command', args: ['SET', 'x', 'v'] },
      { kind: 'wait', ms: 8 },
      { kind: 'command', args: ['SUNIONSTORE', 'x', 'z', 'x'] },
    ];
    const { written, replayed } = writeAndReplay({ shards: 1, seed: 1, replaySeed: 1 * 7919 + 104_729 }, steps);
    expect(replayed).toEqual(written);
    expect(written).toEqual(['0/0 "x" string "v"']);
  });
});
