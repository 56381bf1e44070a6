/**
 * Seeded streams for the simulator. One root seed feeds every component: each derives its own
 * stream by name, so adding draws to one component (say, fault injection) never shifts another
 * (say, latencies), and a run replays bit for bit from the root seed alone.
 */
import { seededRandom, type Random } from '@ballast/core';

/** A 32-bit seed for the stream called `name` under `rootSeed` (FNV-1a over the name, mixed). */
export function deriveSeed(rootSeed: number, name: string): number {
  let hash = 0x811c9dc5 ^ (rootSeed >>> 0);
  for (let index = 0; index < name.length; index++) {
    hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** The stream called `name` under `rootSeed`. */
export function deriveRandom(rootSeed: number, name: string): Random {
  return seededRandom(deriveSeed(rootSeed, name));
}

/** True with probability `probability` (one draw, whatever the probability). */
export function chance(random: Random, probability: number): boolean {
  return random.next() < probability;
}

/** A uniformly distributed integer in [minimum, maximum]. */
export function randomInteger(random: Random, minimum: number, maximum: number): number {
  if (!(Number.isInteger(minimum) && Number.isInteger(maximum) && minimum <= maximum)) {
    throw new Error(`randomInteger: bad range [${minimum}, ${maximum}]`);
  }
  return minimum + Math.floor(random.next() * (maximum - minimum + 1));
}
