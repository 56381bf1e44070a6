/**
 * Workload generators for the bitmap commands, for the extended stream (workload-extended.ts):
 * SETBIT growing strings (on keys that may hold any type, so WRONGTYPE and expired keys occur),
 * BITFIELD writes under every OVERFLOW rule (FAIL refusals that still grow the string included),
 * BITOP over keys on any shard (logged as typed on one shard, as the value it stored across
 * shards), and the reads. Their writes are logged as typed, so replay must decide the same.
 */
import { randomInteger } from '../seed-streams.js';
import { key, pick, type Generator } from './workload.js';

const FIELD_TYPES = ['u1', 'u4', 'i8', 'u8', 'i16', 'i64', 'u63'];

export const BITMAP_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [3, (r) => ['SETBIT', key(r), String(randomInteger(r, 0, 95)), pick(r, ['0', '1', '1'])]],
  [2, (r) => ['BITFIELD', key(r), 'OVERFLOW', pick(r, ['WRAP', 'SAT', 'FAIL']), 'INCRBY', pick(r, FIELD_TYPES), String(randomInteger(r, 0, 80)),
    String(randomInteger(r, -300, 300)), 'GET', 'u8', '0']],
  [1, (r) => ['BITFIELD', key(r), 'SET', pick(r, FIELD_TYPES), `#${randomInteger(r, 0, 5)}`, String(randomInteger(r, -1000, 1000))]],
  [2, (r) => ['BITOP', pick(r, ['AND', 'OR', 'XOR']), key(r), key(r), key(r)]],
  [1, (r) => ['BITOP', 'NOT', key(r), key(r)]],
  [1, (r) => ['BITCOUNT', key(r), String(randomInteger(r, -4, 4)), '-1', pick(r, ['BYTE', 'BIT'])]],
  [1, (r) => ['BITPOS', key(r), pick(r, ['0', '1'])]],
  [1, (r) => ['GETBIT', key(r), String(randomInteger(r, 0, 95))]],
  [1, (r) => ['BITFIELD_RO', key(r), 'GET', pick(r, FIELD_TYPES), String(randomInteger(r, 0, 80))]],
];
