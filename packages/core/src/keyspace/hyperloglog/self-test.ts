/**
 * PFSELFTEST, as Redis runs it: (1) dense registers keep random 6-bit values without touching
 * their neighbours, 1000 rounds; (2) ten million distinct 8-byte elements go into a dense and a
 * sparse HLL at once; at 1, 10, 100, … elements the sparse one must still be sparse while small,
 * both must give the same estimate, and the error must stay within six standard errors.
 * The random values come from a generator seeded by the caller, so a run is reproducible.
 */
import { bytesToByteString } from '../../resp/byte-string.js';
import { estimateCardinality, HISTOGRAM_SLOTS } from './estimator.js';
import { denseRegister, HLL_DENSE_BYTES, HLL_HEADER_BYTES, HLL_REGISTER_MAX, setDenseRegister } from './layout.js';
import { HLL_HASH_SEED, HLL_REGISTERS, murmurHash64AOfWord, patternOfHash } from './murmur-hash.js';
import { emptySparse, sparseHistogram, sparseSet, sparseToDense, type ByteBuffer } from './sparse.js';

const REGISTER_ROUNDS = 1000;
const ELEMENTS = 10_000_000;

/** xorshift32: a cheap generator for the millions of register values round (1) needs. */
function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function checkRegisters(next: () => number): string | null {
  const dense = new Uint8Array(HLL_DENSE_BYTES + 1);
  const expected = new Uint8Array(HLL_REGISTERS);
  for (let round = 0; round < REGISTER_ROUNDS; round++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const value = next() & HLL_REGISTER_MAX;
      expected[i] = value;
      setDenseRegister(dense, HLL_HEADER_BYTES, i, value);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const value = denseRegister(dense, HLL_HEADER_BYTES, i);
      if (value !== expected[i]) return `TESTFAILED Register ${i} should be ${expected[i]} but is ${value}`;
    }
  }
  return null;
}

function denseEstimate(dense: Uint8Array): number | bigint {
  const histogram = new Float64Array(HISTOGRAM_SLOTS);
  for (let i = 0; i < HLL_REGISTERS; i++) histogram[denseRegister(dense, HLL_HEADER_BYTES, i)]++;
  return estimateCardinality(histogram);
}

/** Sets a dense register to `count` if higher. */
function raise(dense: Uint8Array, index: number, count: number): void {
  if (count > denseRegister(dense, HLL_HEADER_BYTES, index)) setDenseRegister(dense, HLL_HEADER_BYTES, index, count);
}

function checkEstimates(next: () => number, sparseBytesMax: number): string | null {
  const dense = new Uint8Array(HLL_DENSE_BYTES + 1);
  const initial = emptySparse();
  const sparse: ByteBuffer = { bytes: new Uint8Array(initial.length + 64), length: initial.length };
  for (let i = 0; i < initial.length; i++) sparse.bytes[i] = initial.charCodeAt(i);
  let promoted: Uint8Array | undefined;
  const relativeError = 1.04 / Math.sqrt(HLL_REGISTERS);
  const seedLow = next();
  const seedHigh = next();
  let checkpoint = 1;
  for (let j = 1; j <= ELEMENTS; j++) {
    const pattern = patternOfHash(murmurHash64AOfWord(seedHigh, (j ^ seedLow) >>> 0, HLL_HASH_SEED));
    const index = pattern % HLL_REGISTERS;
    const count = Math.floor(pattern / HLL_REGISTERS);
    raise(dense, index, count);
    if (promoted !== undefined) raise(promoted, index, count);
    else if (sparseSet(sparse, index, count, sparseBytesMax) === 'promote') {
      promoted = sparseToDense(bytesToByteString(sparse.bytes, 0, sparse.length)) as Uint8Array;
      raise(promoted, index, count);
    }
    if (j !== checkpoint) continue;
    if (j < Math.floor(sparseBytesMax / 2) && promoted !== undefined) return 'TESTFAILED sparse encoding not used';
    const expected = denseEstimate(dense);
    let actual: number | bigint;
    if (promoted !== undefined) actual = denseEstimate(promoted);
    else {
      const histogram = new Float64Array(HISTOGRAM_SLOTS);
      sparseHistogram(bytesToByteString(sparse.bytes, 0, sparse.length), histogram);
      actual = estimateCardinality(histogram);
    }
    if (actual !== expected) return 'TESTFAILED dense/sparse disagree';
    const errorMax = j === 10 ? 1 : Math.ceil(relativeError * 6 * checkpoint);
    const error = Math.abs(checkpoint - Number(expected));
    if (error > errorMax) return `TESTFAILED Too big error. card:${checkpoint} abserr:${error}`;
    checkpoint *= 10;
  }
  return null;
}

/** Runs the self-test; null when it passes, else Redis's TESTFAILED text. */
export function runSelfTest(seed: number, sparseBytesMax: number): string | null {
  const next = xorshift(seed);
  return checkRegisters(next) ?? checkEstimates(next, sparseBytesMax);
}
