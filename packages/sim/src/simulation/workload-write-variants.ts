/**
 * Workload generators for the write commands of the original families (strings, keys, hashes,
 * lists, sets, sorted sets) that the original workload (workload.ts) does not draw, for the
 * extended stream (workload-extended.ts): the SET and INCR variants, GETDEL/GETEX, absolute and
 * millisecond expiries (in the past too, which deletes), RENAMENX, MOVE, UNLINK, the list edits
 * and the blocking pops (short timeouts: served later by a push, or timing out), SREM and the
 * *STORE commands of sets and sorted sets, the sorted-set pops and range removals, and, rarely,
 * SWAPDB and FLUSHALL. One generator per family picks among its commands, so the family's weight
 * is its share of the extended stream. tests/workload-commands.test.ts checks that every write
 * command is drawn by some generator or excused.
 */
import type { Random } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import { key, MEMBERS, pick, type Generator } from './workload.js';

/** 2100-01-01 in seconds: an absolute expiry no run reaches. */
const FAR_FUTURE_SECONDS = 4_102_444_800;

const member = (r: Random): string => pick(r, MEMBERS);
const small = (r: Random): string => String(randomInteger(r, -3, 9));
const ttlMs = (r: Random): string => String(randomInteger(r, 50, 3000));
/** An absolute time in seconds: far in the future, or long past (the key is deleted). */
const absoluteSeconds = (r: Random): number => pick(r, [FAR_FUTURE_SECONDS, 1]);
const side = (r: Random): string => pick(r, ['LEFT', 'RIGHT']);
const blockSeconds = (r: Random): string => pick(r, ['0.01', '0.05']);

type Variant = (r: Random) => string[];

/** A generator drawing one of `variants` uniformly. */
function family(variants: readonly Variant[]): Generator {
  return (r) => variants[randomInteger(r, 0, variants.length - 1)](r);
}

const STRINGS: readonly Variant[] = [
  (r) => ['SETNX', key(r), `v${small(r)}`],
  (r) => ['SETEX', key(r), String(randomInteger(r, 1, 3)), 'x'],
  (r) => ['PSETEX', key(r), ttlMs(r), 'x'],
  (r) => ['GETSET', key(r), `g${small(r)}`],
  (r) => ['GETDEL', key(r)],
  (r) => ['GETEX', key(r), ...pick(r, [['PX', ttlMs(r)], ['PERSIST'], ['EXAT', String(absoluteSeconds(r))], []])],
  (r) => ['MSETNX', key(r), '1', key(r), '2'],
  (r) => ['DECR', key(r)],
  (r) => ['INCRBY', key(r), small(r)],
  (r) => ['DECRBY', key(r), small(r)],
  (r) => ['SETRANGE', key(r), String(randomInteger(r, 0, 6)), member(r)],
];

const KEYS: readonly Variant[] = [
  (r) => ['UNLINK', key(r), key(r)],
  (r) => ['PEXPIRE', key(r), ttlMs(r)],
  (r) => ['EXPIREAT', key(r), String(absoluteSeconds(r))],
  (r) => ['PEXPIREAT', key(r), String(absoluteSeconds(r) * 1000)],
  (r) => ['RENAMENX', key(r), key(r)],
  (r) => ['MOVE', key(r), String(randomInteger(r, 0, 1))],
];

const HASHES: readonly Variant[] = [
  (r) => ['HMSET', key(r), member(r), small(r), member(r), small(r)],
  (r) => ['HSETNX', key(r), member(r), small(r)],
  (r) => ['HDEL', key(r), member(r), member(r)],
  (r) => ['HINCRBY', key(r), member(r), small(r)],
];

const LISTS: readonly Variant[] = [
  (r) => ['LPUSH', key(r), member(r), member(r)],
  (r) => ['LPUSHX', key(r), member(r)],
  (r) => ['RPUSHX', key(r), member(r)],
  (r) => ['RPOP', key(r), ...pick(r, [[], ['2']])],
  (r) => ['LSET', key(r), String(randomInteger(r, -2, 2)), member(r)],
  (r) => ['LREM', key(r), String(randomInteger(r, -2, 2)), member(r)],
  (r) => ['LTRIM', key(r), String(randomInteger(r, 0, 2)), String(randomInteger(r, -2, 4))],
  (r) => ['LINSERT', key(r), pick(r, ['BEFORE', 'AFTER']), member(r), member(r)],
  (r) => ['RPOPLPUSH', key(r), key(r)],
  (r) => ['BLPOP', key(r), key(r), blockSeconds(r)],
  (r) => ['BRPOP', key(r), blockSeconds(r)],
  (r) => ['BLMOVE', key(r), key(r), side(r), side(r), blockSeconds(r)],
  (r) => ['BRPOPLPUSH', key(r), key(r), blockSeconds(r)],
];

const SETS: readonly Variant[] = [
  (r) => ['SREM', key(r), member(r), member(r)],
  (r) => ['SINTERSTORE', key(r), key(r), key(r)],
  (r) => ['SDIFFSTORE', key(r), key(r), key(r)],
];

const SORTED_SETS: readonly Variant[] = [
  (r) => ['ZINCRBY', key(r), small(r), member(r)],
  (r) => ['ZRANGESTORE', key(r), key(r), '0', String(randomInteger(r, -1, 3))],
  (r) => ['ZREM', key(r), member(r), member(r)],
  (r) => ['ZREMRANGEBYRANK', key(r), '0', String(randomInteger(r, 0, 2))],
  (r) => ['ZREMRANGEBYSCORE', key(r), '-inf', small(r)],
  (r) => ['ZREMRANGEBYLEX', key(r), '-', pick(r, ['[m2', '(m4', '+'])],
  (r) => ['ZPOPMAX', key(r), ...pick(r, [[], ['2']])],
  (r) => ['BZPOPMIN', key(r), key(r), blockSeconds(r)],
  (r) => ['BZPOPMAX', key(r), blockSeconds(r)],
  (r) => ['ZMPOP', '2', key(r), key(r), pick(r, ['MIN', 'MAX']), 'COUNT', String(randomInteger(r, 1, 3))],
  (r) => ['BZMPOP', blockSeconds(r), '1', key(r), pick(r, ['MIN', 'MAX'])],
  (r) => ['ZINTERSTORE', key(r), '2', key(r), key(r), ...pick(r, [[], ['AGGREGATE', 'MAX'], ['WEIGHTS', '2', '0.5']])],
  (r) => ['ZDIFFSTORE', key(r), '2', key(r), key(r)],
];

/** Database-wide writes, rare so that keys live long enough to matter. */
const DATABASES: readonly Variant[] = [
  () => ['SWAPDB', '0', '1'],
  () => ['FLUSHALL'],
];

export const WRITE_VARIANT_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [4, family(STRINGS)],
  [2, family(KEYS)],
  [2, family(HASHES)],
  [4, family(LISTS)],
  [1, family(SETS)],
  [4, family(SORTED_SETS)],
  [0.2, family(DATABASES)],
];
