/**
 * Random picks from a collection of `size` entries for SRANDMEMBER, HRANDFIELD and ZRANDMEMBER:
 * a positive count gives distinct positions (at most `size`), a negative count gives |count|
 * positions that may repeat — Redis's contract. Positions come from the seeded Random.
 */
import type { Random } from '../io/random.js';
import { randomIndex } from '../io/random.js';

/**
 * Most entries one call may return with a negative count. Redis has no cap, but replying with
 * billions of repeats would only exhaust memory; beyond this the command answers an error.
 */
export const RANDOM_REPLY_COUNT_MAX = 16 * 1024 * 1024;

export function randomSample(size: number, count: number, random: Random): number[] {
  if (count < 0) return Array.from({ length: -count }, () => randomIndex(random, size));
  if (count >= size) {
    const all = Array.from({ length: size }, (_, i) => i);
    for (let i = size - 1; i > 0; i--) {
      const j = randomIndex(random, i + 1);
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all;
  }
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(randomIndex(random, size));
  return [...chosen];
}
