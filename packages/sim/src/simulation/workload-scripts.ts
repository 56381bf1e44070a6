/**
 * Workload generators for scripting, for the extended stream (workload-extended.ts): EVAL and
 * EVALSHA of scripts that write several keys on several shards (one unit under one LSN),
 * scripts that fail midway after writing (their writes stay and are logged, as in Redis),
 * read-only scripts (EVAL_RO), scripts drawing math.random (the VM's PRNG, seeded from the
 * engine's randomness: the log holds the values, replay never runs Lua), and the function
 * library's churn — FUNCTION LOAD [REPLACE], DELETE, FCALL and FCALL_RO — which is logged on
 * shard 0 and must survive crashes and rewrites as keys do.
 */
import { sha1hex, type Random } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import { key, MEMBERS, pick, type Generator } from './workload.js';

/** Writes every key it is given, then reads the first back. */
const WRITE_MANY = `for i, k in ipairs(KEYS) do
  if i % 3 == 1 then redis.call('SET', k, ARGV[1])
  elseif i % 3 == 2 then redis.call('INCR', k)
  else redis.call('RPUSH', k, ARGV[1]) end
end
return redis.call('GET', KEYS[1])`;

/** Writes, then fails: the writes stay. */
const FAIL_MIDWAY = `redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'f', ARGV[1])
return redis.call('INCRBY', KEYS[1], 1)`;

/** A value from the VM's PRNG, with an expiry: both reach the log as plain effects. */
const RANDOM_VALUE = `local v = tostring(math.random(1, 1000000))
redis.call('SET', KEYS[1], v, 'PX', ARGV[1])
return v`;

/** Moves a member between two sets and counts, with pcall around a command that may be refused (WRONGTYPE). */
const PCALL_MOVE = `local moved = redis.pcall('SMOVE', KEYS[1], KEYS[2], ARGV[1])
if type(moved) == 'table' and moved.err then return moved.err end
redis.call('SADD', KEYS[2], ARGV[1])
return redis.call('SCARD', KEYS[2])`;

const READ_ONLY = `return {redis.call('GET', KEYS[1]), redis.call('EXISTS', KEYS[2])}`;

/** EVALSHA finds WRITE_MANY once an EVAL or SCRIPT LOAD of it ran in this process (else NOSCRIPT). */
const WRITE_MANY_SHA = sha1hex(WRITE_MANY);

function library(version: number): string {
  return `#!lua name=simlib
redis.register_function('bump', function(keys, args)
  redis.call('INCRBY', keys[1], ${version})
  return redis.call('LPUSH', keys[2], args[1])
end)
redis.register_function{function_name='peek', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}`;
}

function keys(r: Random, count: number): string[] {
  return Array.from({ length: count }, () => key(r));
}

export const SCRIPT_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [3, (r) => {
    const count = randomInteger(r, 1, 4);
    return ['EVAL', WRITE_MANY, String(count), ...keys(r, count), pick(r, MEMBERS)];
  }],
  [1, (r) => ['EVALSHA', WRITE_MANY_SHA, '2', ...keys(r, 2), pick(r, MEMBERS)]],
  [1, () => ['SCRIPT', 'LOAD', WRITE_MANY]],
  [2, (r) => ['EVAL', FAIL_MIDWAY, '2', ...keys(r, 2), pick(r, ['x', '1', '41'])]],
  [1, (r) => ['EVAL', RANDOM_VALUE, '1', key(r), String(randomInteger(r, 50, 3000))]],
  [1, (r) => ['EVAL', PCALL_MOVE, '2', ...keys(r, 2), pick(r, MEMBERS)]],
  [1, (r) => ['EVAL_RO', READ_ONLY, '2', ...keys(r, 2)]],
  [1, (r) => ['FUNCTION', 'LOAD', 'REPLACE', library(randomInteger(r, 1, 3))]],
  [1, (r) => ['FCALL', 'bump', '2', ...keys(r, 2), pick(r, MEMBERS)]],
  [1, (r) => ['FCALL_RO', 'peek', '1', key(r)]],
  [1, () => ['FUNCTION', 'DELETE', 'simlib']],
];
