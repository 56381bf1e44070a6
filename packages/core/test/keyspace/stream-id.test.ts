/**
 * Stream IDs as 16-char byte strings: parse and print every u64, order as Redis's
 * streamCompareID, and step across the 32-bit and 64-bit carries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decrementId, formatId, incrementId, MAX_ID, MIN_ID, nextId, parseId } from '../../src/keyspace/stream/stream-id.js';

const U64_MAX = (1n << 64n) - 1n;
const strict = { strict: true, missingSeq: 'min' as const };
const id = (text: string) => parseId(text, strict)!.id;

describe('stream IDs', () => {
  it('parse and print as Redis does, up to 2^64-1', () => {
    expect(formatId(id('0-1'))).toBe('0-1');
    expect(formatId(id('18446744073709551615-18446744073709551615'))).toBe('18446744073709551615-18446744073709551615');
    expect(id('18446744073709551615-18446744073709551615')).toBe(MAX_ID);
    expect(formatId(id('5'))).toBe('5-0');
    expect(parseId('5', { strict: false, missingSeq: 'max' })!.id).toBe(id('5-18446744073709551615'));
    for (const bad of ['18446744073709551616-0', '-1', '1-', 'a-1', '1-1-1', '+1', '', ' 1']) expect(parseId(bad, strict), bad).toBeUndefined();
    expect(parseId('-', strict)).toBeUndefined();
    expect(parseId('+', { strict: false, missingSeq: 'min' })!.id).toBe(MAX_ID);
    expect(parseId('7-*', { ...strict, allowAutoSeq: true })).toEqual({ id: id('7-0'), seqGiven: false });
    expect(parseId('7-*', strict)).toBeUndefined();
  });

  it('order like the numbers they stand for', () => {
    const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
    fc.assert(fc.property(u64, u64, u64, u64, (ms1, seq1, ms2, seq2) => {
      const a = id(`${ms1}-${seq1}`);
      const b = id(`${ms2}-${seq2}`);
      const expected = ms1 === ms2 ? (seq1 === seq2 ? 0 : seq1 < seq2 ? -1 : 1) : ms1 < ms2 ? -1 : 1;
      expect(a === b ? 0 : a < b ? -1 : 1).toBe(expected);
      expect(formatId(a)).toBe(`${ms1}-${seq1}`);
    }));
  });

  it('step across carries and stop at the ends', () => {
    expect(formatId(incrementId(id('1-18446744073709551615'))!)).toBe('2-0');
    expect(formatId(incrementId(id('0-4294967295'))!)).toBe('0-4294967296');
    expect(formatId(decrementId(id('2-0'))!)).toBe('1-18446744073709551615');
    expect(incrementId(MAX_ID)).toBeUndefined();
    expect(decrementId(MIN_ID)).toBeUndefined();
    expect(formatId(nextId(id('5-3'), 4)!)).toBe('5-4');
    expect(formatId(nextId(id('5-3'), 9)!)).toBe('9-0');
  });
});
