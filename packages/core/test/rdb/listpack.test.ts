/**
 * Listpacks: encoding matches redis-server 7.0.15 byte for byte (the blob below is the listpack
 * inside `DUMP h` of a small hash, taken from redis-server with rdbcompression off), decoding
 * renders integers back as the strings they came from, and damaged listpacks are refused with
 * RdbFormatError, never anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalInteger, decodeListpack, encodeListpack, listpackBytes } from '../../src/rdb/listpack.js';
import { RdbFormatError } from '../../src/rdb/rdb-error.js';

const fromRedis = Uint8Array.from(Buffer.from(
  '72000000' + '0c00' + '816102' + '0101' + '82626203' + 'f178ec03' + '8363636304' + 'f2a0860104' + '816402'
  + 'f4ffe30b540200000009' + '816502' + 'bc' + '78'.repeat(60) + '3d' + '816602' + 'c0c802' + 'ff', 'hex'));
const elements = ['a', '1', 'bb', '-5000', 'ccc', '100000', 'd', '9999999999', 'e', 'x'.repeat(60), 'f', '200'];

describe('listpack', () => {
  it('encodes as redis-server 7.0.15 does', () => {
    expect(Buffer.from(encodeListpack(elements)).toString('hex')).toBe(Buffer.from(fromRedis).toString('hex'));
    expect(listpackBytes(elements)).toBe(fromRedis.length);
    expect(decodeListpack(fromRedis)).toEqual(elements);
  });

  it('stores only canonical 64-bit integers as integers', () => {
    expect(canonicalInteger('0')).toBe(0n);
    expect(canonicalInteger('-9223372036854775808')).toBe(-(2n ** 63n));
    for (const text of ['', '-', '-0', '01', '+1', '1 ', '9223372036854775808', '1e3']) expect(canonicalInteger(text)).toBeUndefined();
  });

  it('round-trips any elements, long strings and integer edges included', () => {
    const element = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 80 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
      fc.integer({ min: 4000, max: 70000 }).map((length) => 'y'.repeat(length)),
    );
    fc.assert(fc.property(fc.array(element, { maxLength: 40 }), (list) => {
      const bytes = encodeListpack(list);
      expect(bytes.length).toBe(listpackBytes(list));
      expect(decodeListpack(bytes)).toEqual(list);
    }), { numRuns: 200 });
  });

  it('refuses damaged listpacks with RdbFormatError only', () => {
    fc.assert(fc.property(fc.nat(fromRedis.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(fromRedis.length), (at, byte, cut) => {
      const damaged = fromRedis.slice(0, Math.max(cut, at + 1));
      damaged[at] = byte;
      try {
        decodeListpack(damaged);
      } catch (error) {
        expect(error).toBeInstanceOf(RdbFormatError);
      }
    }), { numRuns: 2000 });
    expect(() => decodeListpack(fromRedis.slice(0, 20))).toThrow(/listpack header says 114 bytes, blob holds 20 at offset 0/);
  });
});
