/**
 * The commands of the data types added after the original workload (bitmaps, HyperLogLog, geo,
 * SORT, LCS, LMPOP, RESTORE, …), drawn from a stream of their own with the run's
 * extendedProbability, so that runs drawn before them replay unchanged. Each family adds its
 * weighted generators to EXTENDED_GENERATORS (from a file of its own); their writes must be
 * logged deterministically (their spec's logAs), which the prefix and live-keyspace checks
 * verify after every crash.
 */
import type { Random } from '@ballast/core';
import type { Generator } from './workload.js';
import { BITMAP_GENERATORS } from './workload-bitmaps.js';
import { GEO_GENERATORS } from './workload-geo.js';
import { HYPERLOGLOG_GENERATORS } from './workload-hyperloglog.js';
import { MULTI_POP_LCS_GENERATORS } from './workload-multi-pop-lcs.js';
import { RESTORE_GENERATORS } from './workload-restore.js';
import { SCRIPT_GENERATORS } from './workload-scripts.js';
import { STREAM_GENERATORS } from './workload-streams.js';
import { WRITE_VARIANT_GENERATORS } from './workload-write-variants.js';

export const EXTENDED_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  ...MULTI_POP_LCS_GENERATORS,
  ...BITMAP_GENERATORS,
  ...HYPERLOGLOG_GENERATORS,
  ...GEO_GENERATORS,
  ...STREAM_GENERATORS,
  ...SCRIPT_GENERATORS,
  ...RESTORE_GENERATORS,
  ...WRITE_VARIANT_GENERATORS,
];

const TOTAL_WEIGHT = EXTENDED_GENERATORS.reduce((total, [weight]) => total + weight, 0);

/** One command of the extended families, or undefined while there is none. */
export function nextExtended(random: Random): string[][] | undefined {
  if (TOTAL_WEIGHT === 0) return undefined;
  let draw = random.next() * TOTAL_WEIGHT;
  for (const [weight, generate] of EXTENDED_GENERATORS) {
    draw -= weight;
    if (draw < 0) return [generate(random)];
  }
  return [EXTENDED_GENERATORS[0][1](random)];
}
