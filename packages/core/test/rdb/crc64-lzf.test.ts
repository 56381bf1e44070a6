/**
 * CRC-64 and LZF: the fast slicing-by-8 CRC equals the bit-by-bit definition for any bytes and
 * any split into pieces; lzfCompress output always decompresses to its input, respects its
 * output bound exactly (lzf_compress returns 0 when the output would not fit), and is
 * byte-identical to redis-server's (the fixture dumps check that on real payloads).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc64, crc64, crc64Bytes } from '../../src/rdb/crc64.js';
import { lzfCompress, lzfDecompress, rdbCompressor } from '../../src/rdb/lzf.js';
import { RdbFormatError } from '../../src/rdb/rdb-error.js';

/** The CRC by its definition: reflected, one bit at a time. */
function referenceCrc(bytes: Uint8Array): bigint {
  let crc = 0n;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = (crc & 1n) !== 0n ? (crc >> 1n) ^ 0x95ac9329ac4bc9b5n : crc >> 1n;
  }
  return crc;
}

const bytes = (maxLength: number) => fc.uint8Array({ maxLength });
/** Bytes that compress: runs and repeats of a small alphabet. */
const compressible = fc.array(fc.oneof(fc.constantFrom('abc', 'hello world ', 'x'), fc.string({ maxLength: 8 })), { maxLength: 200 })
  .map((parts) => Uint8Array.from(parts.join(''), (char) => char.charCodeAt(0) & 0xff));

describe('CRC-64', () => {
  it('has Redis\'s check value and byte-string API', () => {
    expect(crc64('123456789').toString(16)).toBe('e9c6d914c4b8d9ca');
    expect([...crc64Bytes('123456789')].map((char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join('')).toBe('cad9b8c414d9c6e9');
  });

  it('equals the bitwise definition, whatever the pieces', () => {
    fc.assert(fc.property(bytes(300), fc.array(fc.nat(300), { maxLength: 4 }), (input, cuts) => {
      const state = new Crc64();
      let at = 0;
      for (const cut of [...cuts].sort((a, b) => a - b)) {
        state.update(input, at, Math.max(at, Math.min(cut, input.length)));
        at = Math.max(at, Math.min(cut, input.length));
      }
      state.update(input, at);
      expect(state.value()).toBe(referenceCrc(input));
    }), { numRuns: 300 });
  });
});

describe('LZF', () => {
  it('round-trips anything it compresses, within its bound', () => {
    fc.assert(fc.property(fc.oneof(bytes(2000), compressible), fc.nat(40), (input, slack) => {
      const bound = Math.max(1, input.length - slack);
      const compressed = lzfCompress(input, bound);
      if (compressed === undefined) return;
      expect(compressed.length).toBeLessThanOrEqual(bound);
      expect(lzfDecompress(compressed, input.length)).toEqual(input);
    }), { numRuns: 500 });
  });

  it('compresses as liblzf does: redis-server\'s DUMP of 100 x\'s (rdbcompression yes)', () => {
    const input = Uint8Array.from('x'.repeat(100), (char) => char.charCodeAt(0));
    expect(Buffer.from(rdbCompressor(input)!).toString('hex')).toBe('017878e05700017878');
  });

  it('leaves incompressible or tiny inputs alone, as rdbSaveLzfStringObject does', () => {
    expect(rdbCompressor(Uint8Array.of(1, 2, 3, 4))).toBeUndefined();
    const random = Uint8Array.from({ length: 64 }, (_, i) => (i * 151 + 7) & 0xff);
    expect(rdbCompressor(random)).toBeUndefined();
  });

  it('refuses damaged input with RdbFormatError only', () => {
    fc.assert(fc.property(bytes(60), fc.nat(200), (input, length) => {
      try {
        lzfDecompress(input, length);
      } catch (error) {
        expect(error).toBeInstanceOf(RdbFormatError);
      }
    }), { numRuns: 1000 });
  });
});
