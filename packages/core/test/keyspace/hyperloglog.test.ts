/**
 * Properties of the HyperLogLog representation (keyspace/hyperloglog): the 32-bit MurmurHash64A
 * agrees with a BigInt transcription of the reference; sparse and dense encodings hold the same
 * registers and give the same count; merging is commutative, associative and idempotent and
 * counts the union; and arbitrary bytes after a "HYLL" header never crash, loop or grow beyond
 * bounds — every command answers with a reply.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addElements, countWithCache, denseRegisters, emptySparse, estimate, estimateOfRegisters, isDense, mergeRegisters, toDense, writeMerged,
} from '../../src/keyspace/hyperloglog/hyperloglog.js';
import { HLL_HASH_SEED, HLL_REGISTERS, murmurHash64A, patternOf } from '../../src/keyspace/hyperloglog/murmur-hash.js';
import { createTestEngine } from '../support/test-engine.js';

const MASK64 = (1n << 64n) - 1n;
const M = 0xc6a4a7935bd1e995n;

/** MurmurHash64A written out with BigInt, word for word as the reference C. */
function referenceMurmur(key: string, seed: number): bigint {
  let h = (BigInt(seed) ^ (BigInt(key.length) * M)) & MASK64;
  const blocks = key.length - (key.length & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(key.charCodeAt(i + j));
    k = (k * M) & MASK64;
    k ^= k >> 47n;
    k = (k * M) & MASK64;
    h ^= k;
    h = (h * M) & MASK64;
  }
  const tail = key.length & 7;
  if (tail > 0) {
    for (let j = tail - 1; j >= 0; j--) h ^= BigInt(key.charCodeAt(blocks + j)) << BigInt(8 * j);
    h = (h * M) & MASK64;
  }
  h ^= h >> 47n;
  h = (h * M) & MASK64;
  h ^= h >> 47n;
  return h;
}

const byteString = fc.uint8Array({ maxLength: 40 }).map((bytes) => String.fromCharCode(...bytes));
const element = fc.oneof(byteString, fc.integer({ min: 0, max: 1_000_000 }).map((n) => `e${n}`));
const elementSets = fc.array(element, { maxLength: 600 });

function build(elements: readonly string[], sparseBytesMax: number): string {
  return addElements(emptySparse(), elements, sparseBytesMax).value;
}

describe('MurmurHash64A', () => {
  it('agrees with the BigInt reference on any bytes, and the pattern is its low 14 bits and trailing zeros', () => {
    fc.assert(
      fc.property(byteString, (key) => {
        const hash = murmurHash64A(key, HLL_HASH_SEED);
        const expected = referenceMurmur(key, HLL_HASH_SEED);
        expect((BigInt(hash.high) << 32n) | BigInt(hash.low)).toBe(expected);
        const pattern = patternOf(key);
        expect(pattern % HLL_REGISTERS).toBe(Number(expected & 16383n));
        let rest = (expected >> 14n) | (1n << 50n);
        let count = 1;
        while ((rest & 1n) === 0n) {
          count++;
          rest >>= 1n;
        }
        expect(Math.floor(pattern / HLL_REGISTERS)).toBe(count);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sparse and dense encodings', () => {
  it('hold the same registers and give the same count, whatever the promotion threshold', () => {
    fc.assert(
      fc.property(elementSets, fc.constantFrom(0, 40, 300, 3000, 100_000), (elements, threshold) => {
        const dense = build(elements, 0);
        const other = build(elements, threshold);
        expect(isDense(dense)).toBe(elements.length > 0);
        const registers = denseRegisters(toDense(dense) as string);
        expect(denseRegisters(toDense(other) as string)).toEqual(registers);
        expect(estimate(other)).toBe(estimate(dense));
        // Adding again changes nothing; adding in another order gives the same registers.
        expect(addElements(other, elements, threshold).updated).toBe(false);
        expect(denseRegisters(toDense(build([...elements].reverse(), threshold)) as string)).toEqual(registers);
      }),
      { numRuns: 60 },
    );
  });

  it('PFCOUNT of one HLL caches the estimate and returns it unchanged next time', () => {
    fc.assert(
      fc.property(elementSets, (elements) => {
        const value = build(elements, 3000);
        const first = countWithCache(value);
        expect(first?.cardinality).toBe(estimate(value));
        const second = countWithCache(first?.value as string);
        expect(second?.value).toBe(first?.value);
        expect(second?.cardinality).toBe(first?.cardinality);
      }),
      { numRuns: 40 },
    );
  });
});

describe('merging', () => {
  const merged = (values: readonly string[]) => {
    const max = new Uint8Array(HLL_REGISTERS);
    let useDense = false;
    for (const value of values) {
      mergeRegisters(max, value);
      useDense ||= isDense(value);
    }
    return writeMerged(emptySparse(), max, useDense, 3000) as string;
  };

  it('is commutative, associative and idempotent, and counts the union of the elements', () => {
    fc.assert(
      fc.property(elementSets, elementSets, elementSets, (a, b, c) => {
        const [ha, hb, hc] = [build(a, 3000), build(b, 3000), build(c, 3000)];
        const registers = (value: string) => denseRegisters(toDense(value) as string);
        const all = registers(build([...a, ...b, ...c], 3000));
        expect(registers(merged([ha, hb, hc]))).toEqual(all);
        expect(registers(merged([hc, ha, hb]))).toEqual(all);
        expect(registers(merged([merged([ha, hb]), hc]))).toEqual(all);
        expect(registers(merged([ha, merged([hb, hc]), ha]))).toEqual(all);
        const max = new Uint8Array(HLL_REGISTERS);
        for (const value of [hc, hb, ha]) mergeRegisters(max, value);
        expect(estimateOfRegisters(max)).toBe(estimate(build([...a, ...b, ...c], 0)));
      }),
      { numRuns: 40 },
    );
  });
});

describe('corrupt values', () => {
  const header = fc.record({ encoding: fc.constantFrom(0, 1), cache: fc.constantFrom(0x00, 0x80) });
  const sparseBody = fc.uint8Array({ maxLength: 64 });
  const denseBody = fc.uint8Array({ minLength: 12288, maxLength: 12288 });
  const corrupt = header.chain(({ encoding, cache }) => (encoding === 1 ? sparseBody : denseBody)
    .map((body) => `HYLL${String.fromCharCode(encoding)}${'\x00'.repeat(10)}${String.fromCharCode(cache)}${String.fromCharCode(...body)}`));

  it('never crash, loop or grow: every command answers, and a dense HLL stays 12304 bytes', () => {
    const { client } = createTestEngine({ shards: 2 });
    const c = client();
    fc.assert(
      fc.property(corrupt, fc.array(element, { maxLength: 20 }), (value, elements) => {
        c.call('FLUSHALL');
        c.call('SET', '{h}bad', value);
        c.call('PFADD', '{h}good', 'x', 'y');
        const commands = [
          ['PFADD', '{h}bad', ...elements], ['PFCOUNT', '{h}bad'], ['PFCOUNT', '{h}bad', '{h}good'], ['PFMERGE', '{h}dest', '{h}good', '{h}bad'],
          ['PFMERGE', '{h}bad', '{h}good'], ['PFDEBUG', 'DECODE', '{h}bad'], ['PFDEBUG', 'GETREG', '{h}bad'], ['PFDEBUG', 'TODENSE', '{h}bad'],
          ['PFADD', '{h}bad', ...elements],
        ];
        for (const command of commands) expect(c.call(...command), command.join(' ')).toBeDefined();
        const length = c.call('STRLEN', '{h}bad') as number;
        expect(length === 12304 || length <= value.length + 3 * (2 * elements.length + 2)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
