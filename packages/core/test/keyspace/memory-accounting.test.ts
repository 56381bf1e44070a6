/**
 * The memory model's running totals (keyspace-map.ts) equal a recomputation from scratch after
 * any history: every key's accounted bytes are those of its value now, every map's total is the
 * sum of its keys', and the engine's used_memory is the empty databases plus every map — for
 * random commands of every family that changes values in place, across shards, with expiry,
 * MULTI/EXEC, scripts, FLUSHDB/SWAPDB/MOVE and eviction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { EMPTY_DATABASE_BYTES, EXPIRE_ENTRY_BYTES, keyHeapBytes } from '../../src/keyspace/memory-model.js';
import { createTestEngine } from '../support/test-engine.js';

const KEYS = ['a', 'b', '{t}c', '{t}d', 'a-much-longer-key-name-than-the-others'];
const key = fc.constantFrom(...KEYS);
const member = fc.oneof(fc.constantFrom('m1', 'm2', 'm3', '7', '-12'), fc.string({ minLength: 0, maxLength: 70 }).map((text) => `s${text}`));
const score = fc.constantFrom('1', '2.5', '-3', '1e9');
const count = fc.integer({ min: 0, max: 3 }).map(String);

const command: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(key, member).map(([k, v]) => ['SET', k, v]),
  fc.tuple(key, member).map(([k, v]) => ['SET', k, v, 'PX', '500']),
  fc.tuple(key, member).map(([k, v]) => ['APPEND', k, v]),
  fc.tuple(key, member).map(([k, v]) => ['SETRANGE', k, '3', v]),
  key.map((k) => ['INCR', k]),
  key.map((k) => ['INCRBYFLOAT', k, '0.25']),
  fc.tuple(key, member).map(([k, v]) => ['GETSET', k, v]),
  key.map((k) => ['GETDEL', k]),
  fc.tuple(key, key).map(([k1, k2]) => ['DEL', k1, k2]),
  fc.tuple(key, key).map(([k1, k2]) => ['RENAME', k1, k2]),
  fc.tuple(key, key).map(([k1, k2]) => ['COPY', k1, k2, 'REPLACE']),
  key.map((k) => ['MOVE', k, '1']),
  fc.constant<string[]>(['SWAPDB', '0', '1']),
  fc.constant<string[]>(['FLUSHDB']),
  key.map((k) => ['EXPIRE', k, '1']),
  key.map((k) => ['PERSIST', k]),
  fc.tuple(key, member, member).map(([k, f, v]) => ['HSET', k, f, v]),
  fc.tuple(key, member).map(([k, f]) => ['HDEL', k, f]),
  fc.tuple(key, member).map(([k, f]) => ['HINCRBY', k, f, '3']),
  fc.tuple(key, member).map(([k, f]) => ['HINCRBYFLOAT', k, f, '0.5']),
  fc.tuple(key, member, member).map(([k, m1, m2]) => ['SADD', k, m1, m2]),
  fc.tuple(key, member).map(([k, m]) => ['SREM', k, m]),
  fc.tuple(key, count).map(([k, n]) => ['SPOP', k, n]),
  fc.tuple(key, key, member).map(([k1, k2, m]) => ['SMOVE', k1, k2, m]),
  fc.tuple(key, key, key).map(([d, k1, k2]) => ['SUNIONSTORE', d, k1, k2]),
  fc.tuple(key, member, member).map(([k, e1, e2]) => ['RPUSH', k, e1, e2]),
  fc.tuple(key, member).map(([k, e]) => ['LPUSH', k, e]),
  key.map((k) => ['LPOP', k]),
  fc.tuple(key, count).map(([k, n]) => ['RPOP', k, n]),
  fc.tuple(key, member).map(([k, e]) => ['LSET', k, '0', e]),
  fc.tuple(key, member, member).map(([k, p, e]) => ['LINSERT', k, 'BEFORE', p, e]),
  fc.tuple(key, member).map(([k, e]) => ['LREM', k, '0', e]),
  key.map((k) => ['LTRIM', k, '1', '-1']),
  fc.tuple(key, key).map(([k1, k2]) => ['LMOVE', k1, k2, 'LEFT', 'RIGHT']),
  fc.tuple(key, score, member).map(([k, s, m]) => ['ZADD', k, s, m]),
  fc.tuple(key, member).map(([k, m]) => ['ZINCRBY', k, '2', m]),
  fc.tuple(key, member).map(([k, m]) => ['ZREM', k, m]),
  key.map((k) => ['ZPOPMIN', k]),
  key.map((k) => ['ZREMRANGEBYRANK', k, '0', '0']),
  fc.tuple(key, key, key).map(([d, k1, k2]) => ['ZUNIONSTORE', d, '2', k1, k2]),
  fc.tuple(key, member, member).map(([k, f, v]) => ['XADD', k, '*', f, v]),
  key.map((k) => ['XTRIM', k, 'MAXLEN', '2']),
  key.map((k) => ['XDEL', k, '0-1']),
  key.map((k) => ['XGROUP', 'CREATE', k, 'g', '0', 'MKSTREAM']),
  key.map((k) => ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '2', 'STREAMS', k, '>']),
  fc.tuple(key, fc.integer({ min: 0, max: 300 })).map(([k, bit]) => ['SETBIT', k, String(bit), '1']),
  fc.tuple(key, member).map(([k, e]) => ['PFADD', k, e]),
  key.map((k) => ['PFCOUNT', k]),
  fc.tuple(key, member).map(([k, m]) => ['GEOADD', k, '13.36', '38.11', m]),
  fc.tuple(key, key).map(([k, d]) => ['SORT', k, 'ALPHA', 'STORE', d]),
  fc.tuple(key, member).map(([k, v]) => ['EVAL', "redis.call('hset', KEYS[1], 'f', ARGV[1]); return redis.call('append', KEYS[1] .. 'x', ARGV[1])", '1', k, v]),
  key.map((k) => ['GET', k]),
);

type Step = { kind: 'command'; args: string[] } | { kind: 'multi'; commands: string[][] } | { kind: 'wait'; ms: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: command.map((args) => ({ kind: 'command' as const, args })) },
  { weight: 1, arbitrary: fc.array(command, { minLength: 1, maxLength: 4 }).map((commands) => ({ kind: 'multi' as const, commands })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 900 }).map((ms) => ({ kind: 'wait' as const, ms })) },
);

/** Every database's accounted bytes against a recomputation; returns the recomputed dataset total. */
function checkAccounting(engine: Engine): number {
  let total = 0;
  for (const databases of engine.shards) {
    for (const database of databases) {
      let sum = 0;
      for (let position = 0; position < database.entries.size; position++) {
        const expected = keyHeapBytes(database.entries.keyAt(position), database.entries.valueAt(position));
        expect(database.entries.bytesAt(position), `key ${database.entries.keyAt(position)}`).toBe(expected);
        sum += expected;
      }
      expect(database.entries.bytes).toBe(sum);
      expect(database.expires.bytes).toBe(database.expires.size * EXPIRE_ENTRY_BYTES);
      total += sum + database.expires.bytes;
    }
  }
  expect(engine.keyspaceMeter.bytes).toBe(total);
  expect(engine.usedMemory()).toBe(engine.shardCount * engine.databaseCount * EMPTY_DATABASE_BYTES + total);
  return total;
}

describe('memory accounting', () => {
  for (const shards of [1, 3]) {
    it(`stays equal to a recomputation from scratch (shards=${shards})`, () => {
      fc.assert(fc.property(fc.array(step, { maxLength: 60 }), fc.constantFrom('', 'allkeys-lru', 'volatile-ttl', 'allkeys-random'), (steps, policy) => {
        const config: Record<string, string> = policy === '' ? {} : { maxmemory: String(shards * 16 * EMPTY_DATABASE_BYTES + 3000), 'maxmemory-policy': policy };
        const { engine, client, clock } = createTestEngine({ shards, config });
        engine.start();
        const c = client();
        for (const current of steps) {
          if (current.kind === 'command') c.call(...current.args);
          else if (current.kind === 'wait') clock.advanceMs(current.ms);
          else {
            c.call('MULTI');
            for (const args of current.commands) c.call(...args);
            c.call('EXEC');
          }
          checkAccounting(engine);
        }
        engine.stop();
      }), { numRuns: 150 });
    });
  }

  it('a big collection is accounted in O(1) per change: its bytes follow its elements', () => {
    const { engine, client } = createTestEngine();
    const c = client();
    for (let i = 0; i < 100; i++) c.call('HSET', 'h', `field:${i}`, 'v'.repeat(i));
    const before = engine.usedMemory();
    c.call('HSET', 'h', 'field:0', 'v'.repeat(1000));
    expect(engine.usedMemory() - before).toBe(1000);
    c.call('HDEL', 'h', 'field:0');
    checkAccounting(engine);
    c.call('DEL', 'h');
    expect(checkAccounting(engine)).toBe(0);
  });
});
