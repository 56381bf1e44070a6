/**
 * The cardinality estimate from a histogram of register values, as Redis 7 computes it: Otmar
 * Ertl's improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches",
 * arXiv:1702.01284) with its tau and sigma corrections, rounded half away from zero. Every step
 * is an IEEE double operation in the same order as Redis's, so the result is the same integer.
 */
import { HLL_Q, HLL_REGISTERS } from './murmur-hash.js';

/** 0.5 / ln(2), the double nearest Redis's HLL_ALPHA_INF (0.721347520444481703680). */
const ALPHA_INFINITY = 0.7213475204444817;

/** Histogram slots: register values are 6 bits, so 0..63 (a corrupt dense HLL may hold any). */
export const HISTOGRAM_SLOTS = 64;

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    const complement = 1 - x;
    z -= complement * complement * y;
  } while (previous !== z);
  return z / 3;
}

/** 2^63: what Redis's llroundl gives (as an unsigned 64-bit value) for an estimate out of range. */
const INT64_OVERFLOW = 1n << 63n;

/**
 * The estimate for `histogram` (histogram[v] = registers holding v). A number when it is a safe
 * integer, else a bigint below 2^64 — an infinite or huge estimate (possible only for a corrupt
 * dense HLL) comes out as 2^63, as llroundl's overflow does in Redis.
 */
export function estimateCardinality(histogram: Float64Array): number | bigint {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histogram[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; j--) {
    z += histogram[j];
    z *= 0.5;
  }
  z += m * sigma(histogram[0] / m);
  const estimate = Math.round((ALPHA_INFINITY * m * m) / z);
  if (Number.isSafeInteger(estimate)) return estimate;
  if (!(estimate < 2 ** 63)) return INT64_OVERFLOW;
  return BigInt(estimate);
}
