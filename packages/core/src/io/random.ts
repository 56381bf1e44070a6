/**
 * Randomness as core sees it. Everything random by design (SPOP, SRANDMEMBER, RANDOMKEY,
 * HRANDFIELD, expiry sampling) draws from this seeded source, never from Math.random.
 */
export interface Random {
  /** A uniformly distributed float in [0, 1). */
  next(): number;
}

/** A uniformly distributed integer in [0, bound). `bound` must be a positive safe integer. */
export function randomIndex(random: Random, bound: number): number {
  if (!(bound > 0)) throw new Error(`randomIndex: bound must be positive, got ${bound}`);
  return Math.floor(random.next() * bound);
}

/**
 * A small deterministic generator (mulberry32) for hosts and tests that need a seeded Random
 * without a dependency. Not for cryptography.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
