/**
 * A script's effects replay to the keyspace that logged them: random histories of EVAL (writes on
 * any shard, errors midway, math.random values, relative expiries, SPOP, pcall around refusals),
 * FCALL and function library churn, next to plain writes, MULTI/EXEC and waits, logged by the
 * engine and replayed shard by shard on a fresh engine (another seed: replay draws no random
 * number), give the same keyspace and the same libraries. Replay never runs a script.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeAndReplay, type Step } from '../support/replay-history.js';

const KEYS = ['a', 'b', 'c', '{s}x', '{s}y', 'counter'];
const key = fc.constantFrom(...KEYS);

const SCRIPTS = [
  "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('INCR', KEYS[2])",
  "redis.call('RPUSH', KEYS[1], ARGV[1]) redis.call('SADD', KEYS[2], ARGV[1]) return redis.call('SPOP', KEYS[2])",
  "redis.call('SET', KEYS[1], tostring(math.random(1, 1000000)), 'PX', 200) return 1",
  "local r = redis.pcall('INCR', KEYS[1]) redis.call('HSET', KEYS[2], 'f', ARGV[1]) return r",
  "redis.call('SET', KEYS[1], ARGV[1]) error('midway')",
  "for i = 1, 5 do redis.call('SET', 'gen:' .. i .. ':' .. ARGV[1], i) end return 5",
  "redis.call('DEL', KEYS[1]) return redis.call('EXISTS', KEYS[2])",
];

const LIBRARY = (increment: number) => `#!lua name=lib
redis.register_function('bump', function(keys, args) return redis.call('INCRBY', keys[1], ${increment}) end)`;

const command: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...SCRIPTS), key, key, fc.constantFrom('v', '1', 'x')).map(([body, k1, k2, v]) => ['EVAL', body, '2', k1, k2, v]) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => ['FUNCTION', 'LOAD', 'REPLACE', LIBRARY(n)]) },
  { weight: 2, arbitrary: key.map((k) => ['FCALL', 'bump', '1', k]) },
  { weight: 1, arbitrary: fc.constant(['FUNCTION', 'DELETE', 'lib']).map((args) => [...args]) },
  { weight: 2, arbitrary: fc.tuple(key, fc.constantFrom('1', 'v')).map(([k, v]) => ['SET', k, v]) },
  { weight: 1, arbitrary: key.map((k) => ['PEXPIRE', k, '150']) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: command.map((args) => ({ kind: 'command' as const, args })) },
  { weight: 1, arbitrary: fc.array(command, { minLength: 1, maxLength: 3 }).map((commands) => ({ kind: 'multi' as const, commands })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((ms) => ({ kind: 'wait' as const, ms })) },
);

describe('script effects replay to the keyspace and libraries that logged them', () => {
  for (const shards of [1, 4]) {
    it(`shards=${shards}`, () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 30 }), fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
          const { written, replayed } = writeAndReplay({ shards, seed, replaySeed: seed + 7919 }, steps);
          expect(replayed).toEqual(written);
        }),
        { numRuns: 60 },
      );
    });
  }
});
