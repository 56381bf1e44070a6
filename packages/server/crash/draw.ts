/**
 * Seeded choices for the crash harness. Every choice an iteration makes (client count, op mix,
 * value sizes, kill and rewrite moments) comes from one Draw, so a seed names the choices of a
 * run; the timing of the real server is not, and cannot be, part of it.
 */
import { seededRandom, type Random } from '@ballast/core';

export const SEED_LIMIT = 2 ** 32;

export class Draw {
  private readonly random: Random;

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed >= SEED_LIMIT) throw new Error(`seed must be a 32-bit unsigned integer, got ${seed}`);
    this.random = seededRandom(seed);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (!(max >= min)) throw new Error(`Draw.int: empty range [${min}, ${max}]`);
    return min + Math.floor(this.random.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.random.next() < probability;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.random.next() * total;
    for (const [key, weight] of entries) {
      point -= weight;
      if (point < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** An independent stream for a sub-component, so adding draws in one leaves the others unchanged. */
  fork(): Draw {
    return new Draw(this.int(0, SEED_LIMIT - 1));
  }
}

/** The seed of the iteration after the one seeded `seed`: `--seed next --iterations 1` replays it alone. */
export function nextIterationSeed(seed: number): number {
  return new Draw(seed).int(0, SEED_LIMIT - 1);
}
