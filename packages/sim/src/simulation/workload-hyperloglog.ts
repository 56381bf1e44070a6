/**
 * Workload generators for the HyperLogLog commands, for the extended stream
 * (workload-extended.ts): PFADD of a few elements or of hundreds (so HLLs turn dense, 12 KB
 * values), PFMERGE over keys on any shard (logged as typed on one shard, as the destination's
 * bytes across shards), PFDEBUG TODENSE, and PFCOUNT of several keys (a pure read). The keys are
 * shared with every other family, so WRONGTYPE, expired keys and strings that are not HLLs occur.
 *
 * PFCOUNT of one key is left out on purpose: it rewrites the cached cardinality in the value
 * (as Redis does, propagating it), and the effect recorder does not log that yet (it logs
 * `write` commands; PFCOUNT is `readonly` + `may_replicate`). Add it here once it does.
 */
import type { Random } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import { key, pick, type Generator } from './workload.js';

const ELEMENTS = ['a', 'b', 'c', 'hello', '', 'e70'];

function elements(r: Random, count: number): string[] {
  return Array.from({ length: count }, () => (randomInteger(r, 0, 1) === 0 ? pick(r, ELEMENTS) : `e${randomInteger(r, 0, 5000)}`));
}

export const HYPERLOGLOG_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [4, (r) => ['PFADD', key(r), ...elements(r, randomInteger(r, 0, 4))]],
  [1, (r) => {
    const start = randomInteger(r, 0, 40) * 100;
    return ['PFADD', key(r), ...Array.from({ length: pick(r, [300, 1800]) }, (_, i) => `e${start + i}`)];
  }],
  [2, (r) => ['PFMERGE', key(r), key(r), key(r)]],
  [1, (r) => ['PFDEBUG', 'TODENSE', key(r)]],
  [1, (r) => ['PFCOUNT', key(r), key(r)]],
  [2, (r) => ['PFCOUNT', key(r)]],
];
