/**
 * Workload generators for LMPOP, BLMPOP (with a short timeout: served later by a push, or timing
 * out), LCS and SORT … STORE (whose BY and GET patterns read keys on any shard), for the extended
 * stream (workload-extended.ts).
 */
import { randomInteger } from '../seed-streams.js';
import { key, pick, type Generator } from './workload.js';

export const MULTI_POP_LCS_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [3, (r) => ['LMPOP', '2', key(r), key(r), pick(r, ['LEFT', 'RIGHT']), 'COUNT', String(randomInteger(r, 1, 3))]],
  [1, (r) => ['BLMPOP', '0.05', '2', key(r), key(r), pick(r, ['LEFT', 'RIGHT'])]],
  [2, (r) => ['LCS', key(r), key(r), pick(r, ['LEN', 'IDX', 'IDX'])]],
  [2, (r) => ['SORT', key(r), 'BY', pick(r, ['*', 'nosort', '{t}*']), 'GET', '#', 'GET', pick(r, ['*', '{t}*->m1']), 'ALPHA', 'STORE', key(r)]],
  [1, (r) => ['SORT', key(r), 'LIMIT', '0', String(randomInteger(r, 1, 3)), 'DESC', 'ALPHA']],
];
