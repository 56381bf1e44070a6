// Score, range and timeout parsing as Redis 7.0 reads them (strtod-based); cases checked against
// redis-server 7.0.15.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  parseLexRange, parseScore, parseScoreRange, parseTimeoutSeconds,
} from '../../src/commands/sorted-sets/score-parsing.js';
import { LEX_MAXIMUM, LEX_MINIMUM } from '../../src/keyspace/sorted-set-range.js';

describe('parseScore', () => {
  it('reads every finite double the way it prints', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
      const text = Object.is(value, -0) ? '-0' : String(value);
      expect(Object.is(parseScore(text), value)).toBe(true);
      // toExponential drops the sign of -0 ("0e+0"), so write that one by hand.
      const exponential = Object.is(value, -0) ? '-0e+0' : value.toExponential();
      expect(Object.is(parseScore(exponential), value)).toBe(true);
    }));
  });

  it('accepts what strtod accepts, whole', () => {
    expect(parseScore('0x10')).toBe(16);
    expect(parseScore('-0X1.8p1')).toBe(-3);
    expect(parseScore('0x.8')).toBe(0.5);
    expect(parseScore('0x1p-1074')).toBe(5e-324);
    expect(parseScore('+.5')).toBe(0.5);
    expect(parseScore('5.')).toBe(5);
    expect(parseScore('INF')).toBe(Infinity);
    expect(parseScore('-Infinity')).toBe(-Infinity);
    expect(parseScore('1e-310')).toBe(1e-310);
    expect(Object.is(parseScore('-0'), -0)).toBe(true);
    expect(parseScore('0e-999')).toBe(0);
  });

  it('rejects NaN, junk, spaces, overflow and underflow to zero', () => {
    for (const text of ['', ' 1', '1 ', 'nan', '-nan', 'nan(1)', '1e', '0x', '0xg', 'infinit', '1e400', '-1e400', '1e-400', '0x1p-2000', '1,5', '1\x00']) {
      expect(parseScore(text)).toBeUndefined();
    }
  });
});

describe('parseScoreRange', () => {
  it('reads ( for exclusive ends', () => {
    expect(parseScoreRange('(1', '+inf')).toEqual({ min: 1, minExclusive: true, max: Infinity, maxExclusive: false });
  });

  it('is as lenient as Redis: empty, leading space, overflow, text after a NUL byte', () => {
    expect(parseScoreRange('', '(')).toEqual({ min: 0, minExclusive: false, max: 0, maxExclusive: true });
    expect(parseScoreRange(' 2', '1e400')).toEqual({ min: 2, minExclusive: false, max: Infinity, maxExclusive: false });
    expect(parseScoreRange('3\x00junk', '4')).toEqual({ min: 3, minExclusive: false, max: 4, maxExclusive: false });
  });

  it('rejects NaN, trailing text and lone spaces', () => {
    for (const text of ['nan', '(nan', '1 ', '( ', ' ', 'x', '((1']) expect(parseScoreRange(text, '1')).toBeUndefined();
  });
});

describe('parseLexRange', () => {
  it('reads - + [ (', () => {
    expect(parseLexRange('-', '+')).toEqual({ min: LEX_MINIMUM, minExclusive: true, max: LEX_MAXIMUM, maxExclusive: true });
    expect(parseLexRange('[a', '(b')).toEqual({ min: 'a', minExclusive: false, max: 'b', maxExclusive: true });
    expect(parseLexRange('[', '+\x00tail')).toEqual({ min: '', minExclusive: false, max: LEX_MAXIMUM, maxExclusive: true });
  });

  it('rejects anything else', () => {
    for (const text of ['a', '', '+a', '-a', ' [a']) expect(parseLexRange(text, '+')).toBeUndefined();
  });
});

describe('parseTimeoutSeconds', () => {
  it('reads like a score but keeps what only a long double could hold', () => {
    expect(parseTimeoutSeconds('1.5')).toBe(1.5);
    expect(parseTimeoutSeconds('0x10')).toBe(16);
    expect(parseTimeoutSeconds('1e400')).toBe(Infinity);
    expect(parseTimeoutSeconds('1e-400')).toBe(0);
    expect(parseTimeoutSeconds(' 1')).toBeUndefined();
    expect(parseTimeoutSeconds('nan')).toBeUndefined();
  });
});
