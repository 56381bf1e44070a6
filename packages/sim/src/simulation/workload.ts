/**
 * The workload generator: random commands over every write family plus reads, on a small key
 * space with hot keys, `{tag}` keys and cross-shard multi-key commands, MULTI/EXEC blocks,
 * relative and absolute expiries, random pops, BGREWRITEAOF and changes of appendfsync. Each
 * draw comes from the workload stream only, so fault settings never change the commands.
 */
import { type Random } from '@ballast/core';
import { chance, randomInteger } from '../seed-streams.js';

const KEYS = ['hot', 'a', 'b', 'c', 'd', '{t}x', '{t}y', '{t}z', 'e', 'f'];
export const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5'];

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[randomInteger(random, 0, items.length - 1)];
}

/** A key of the workload's small key space (hot keys, `{tag}` keys on one slot). */
export function key(random: Random): string {
  return chance(random, 0.3) ? 'hot' : pick(random, KEYS);
}

export type Generator = (random: Random) => string[];

/** The original workload's weighted generators (exported for the table test of drawn commands). */
export const GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [6, (r) => ['SET', key(r), `v${randomInteger(r, 0, 999)}`]],
  [2, (r) => ['SET', key(r), 'x', 'PX', String(randomInteger(r, 50, 3000))]],
  [4, (r) => ['INCR', key(r)]],
  [1, (r) => ['INCRBYFLOAT', key(r), '0.5']],
  [2, (r) => ['APPEND', key(r), pick(r, MEMBERS)]],
  [2, (r) => ['DEL', key(r), key(r)]],
  [3, (r) => ['MSET', key(r), '1', key(r), '2', key(r), '3']],
  [1, (r) => ['RENAME', key(r), key(r)]],
  [1, (r) => ['COPY', key(r), key(r), 'REPLACE']],
  [2, (r) => ['EXPIRE', key(r), String(randomInteger(r, 1, 3))]],
  [1, (r) => ['PERSIST', key(r)]],
  [4, (r) => ['RPUSH', key(r), pick(r, MEMBERS), pick(r, MEMBERS)]],
  [2, (r) => ['LPOP', key(r)]],
  [1, (r) => ['LMOVE', key(r), key(r), 'LEFT', 'RIGHT']],
  [4, (r) => ['SADD', key(r), pick(r, MEMBERS), pick(r, MEMBERS)]],
  [2, (r) => ['SPOP', key(r)]],
  [1, (r) => ['SMOVE', key(r), key(r), pick(r, MEMBERS)]],
  [1, (r) => ['SUNIONSTORE', key(r), key(r), key(r)]],
  [3, (r) => ['HSET', key(r), pick(r, MEMBERS), `v${randomInteger(r, 0, 99)}`]],
  [1, (r) => ['HINCRBYFLOAT', key(r), pick(r, MEMBERS), '1.25']],
  [3, (r) => ['ZADD', key(r), String(randomInteger(r, -5, 5)), pick(r, MEMBERS)]],
  [1, (r) => ['ZUNIONSTORE', key(r), '2', key(r), key(r)]],
  [1, (r) => ['ZPOPMIN', key(r)]],
  [6, (r) => ['GET', key(r)]],
  [2, (r) => ['EXISTS', key(r), key(r)]],
  [1, () => ['DBSIZE']],
  [1, (r) => ['SELECT', String(randomInteger(r, 0, 1))]],
  [1, () => ['FLUSHDB']],
];
const TOTAL_WEIGHT = GENERATORS.reduce((total, [weight]) => total + weight, 0);

/** Reads whose replies the phantom-read check can recompute (recovery-checks.ts: REPEATABLE_READS). */
const REPEATABLE_READS: readonly Generator[] = [
  (r) => ['GET', key(r)],
  (r) => ['EXISTS', key(r)],
  () => ['DBSIZE'],
  (r) => ['HGET', key(r), pick(r, MEMBERS)],
  (r) => ['HLEN', key(r)],
  (r) => ['LRANGE', key(r), '0', '-1'],
  (r) => ['LLEN', key(r)],
  (r) => ['SCARD', key(r)],
  (r) => ['SISMEMBER', key(r), pick(r, MEMBERS)],
  (r) => ['ZRANGE', key(r), '0', '-1', 'WITHSCORES'],
  (r) => ['ZSCORE', key(r), pick(r, MEMBERS)],
  (r) => ['PTTL', key(r)],
  (r) => ['TYPE', key(r)],
  (r) => ['STRLEN', key(r)],
];

/** A read of the kind the phantom-read check re-runs, from its own stream. */
export function nextRead(random: Random): string[][] {
  return [pick(random, REPEATABLE_READS)(random)];
}

/** Reads that name one key in args[1], to aim at a key just written. */
const KEYED_REPEATABLE_READS: readonly ((key: string, random: Random) => string[])[] = [
  (key) => ['GET', key],
  (key) => ['EXISTS', key],
  (key) => ['LRANGE', key, '0', '-1'],
  (key) => ['SCARD', key],
  (key) => ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
  (key, random) => ['HGET', key, pick(random, MEMBERS)],
  (key) => ['PTTL', key],
  (key) => ['TYPE', key],
];

/**
 * A repeatable read of one of `recentKeys` (keys the workload just wrote, most likely still
 * uncommitted under always): where a reply gate that lets a read through too early shows.
 */
export function nextRecentRead(random: Random, recentKeys: readonly string[]): string[][] {
  return [pick(random, KEYED_REPEATABLE_READS)(pick(random, recentKeys), random)];
}

/** The keys a drawn request writes (args[1] of its write commands), for nextRecentRead. */
export function writtenKeys(commands: readonly (readonly string[])[]): string[] {
  return commands.filter((args) => args.length > 1 && !READ_COMMANDS.has(args[0])).map((args) => args[1]);
}

/** Commands of the workload that write no key (reads, and the control commands). */
const READ_COMMANDS = new Set(['GET', 'EXISTS', 'DBSIZE', 'HGET', 'HLEN', 'LRANGE', 'LLEN', 'SCARD', 'SISMEMBER', 'ZRANGE', 'ZSCORE', 'PTTL',
  'TYPE', 'STRLEN', 'SELECT', 'MULTI', 'EXEC', 'CONFIG', 'BGREWRITEAOF']);

/** One step of a client: a command, or a MULTI/EXEC block (a list of commands sent together). */
export function nextRequest(random: Random, rare: { rewrite: number; fsyncChange: number }): string[][] {
  if (chance(random, rare.rewrite)) return [['BGREWRITEAOF']];
  if (chance(random, rare.fsyncChange)) return [['CONFIG', 'SET', 'appendfsync', pick(random, ['always', 'everysec', 'no'])]];
  if (chance(random, 0.08)) {
    const block = Array.from({ length: randomInteger(random, 1, 4) }, () => command(random));
    return [['MULTI'], ...block, ['EXEC']];
  }
  return [command(random)];
}

/** A pipeline: 2–4 commands sent together without MULTI (how many from `shape`, the commands from `random`). */
export function nextPipeline(random: Random, shape: Random): string[][] {
  return Array.from({ length: randomInteger(shape, 2, 4) }, () => command(random));
}

function command(random: Random): string[] {
  let draw = random.next() * TOTAL_WEIGHT;
  for (const [weight, generate] of GENERATORS) {
    draw -= weight;
    if (draw < 0) return generate(random);
  }
  return GENERATORS[0][1](random);
}
