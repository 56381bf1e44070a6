/**
 * CRC32C, the checksum of every frame and of the manifest: the standard check value, the empty
 * input, agreement with a bit-at-a-time reference (the slicing-by-8 tables are the risk), and
 * continuing over pieces equals one pass over the whole, also over sub-ranges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../src/aof/crc32c.js';

const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** The textbook definition: reflected polynomial 0x82F63B78, one bit at a time. */
function referenceCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('gives the known check values', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    // RFC 3720 (iSCSI) B.4: 32 bytes of zeros, of 0xff, and ascending 0..31.
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('agrees with the bit-at-a-time reference', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(crc32c(bytes)).toBe(referenceCrc32c(bytes));
    }), { numRuns: 300 });
  });

  it('over pieces equals one pass (incremental = one-shot)', () => {
    const input = fc.uint8Array({ maxLength: 200 }).chain((bytes) =>
      fc.tuple(fc.constant(bytes), fc.array(fc.nat({ max: bytes.length }), { maxLength: 5 })));
    fc.assert(fc.property(input, ([bytes, cuts]) => {
      const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
      let crc = 0;
      for (let i = 1; i < points.length; i++) crc = crc32c(bytes, crc, points[i - 1], points[i]);
      expect(crc).toBe(crc32c(bytes));
      let copied = 0;
      for (let i = 1; i < points.length; i++) copied = crc32c(bytes.slice(points[i - 1], points[i]), copied);
      expect(copied).toBe(crc);
    }), { numRuns: 300 });
  });

  it('checksums a sub-range exactly as a copy of it', () => {
    const input = fc.uint8Array({ maxLength: 100 }).chain((bytes) =>
      fc.tuple(fc.constant(bytes), fc.nat({ max: bytes.length }), fc.nat({ max: bytes.length })));
    fc.assert(fc.property(input, ([bytes, a, b]) => {
      const [start, end] = a <= b ? [a, b] : [b, a];
      expect(crc32c(bytes, 0, start, end)).toBe(crc32c(bytes.slice(start, end)));
    }), { numRuns: 200 });
  });
});
