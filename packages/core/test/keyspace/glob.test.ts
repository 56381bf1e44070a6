import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchGlob } from '../../src/keyspace/glob.js';

/**
 * Redis 7.0.15's stringmatchlen_impl (src/util.c), transliterated line by line: exponential in
 * the worst case, so only for small inputs. Reads past the pattern's end see 0, as C reads the
 * terminating NUL of the argument's sds; chars are signed, as on x86-64.
 */
function redisStringMatch(pattern: string, value: string, noCase: boolean): boolean {
  const at = (i: number) => (i < pattern.length ? (pattern.charCodeAt(i) << 24) >> 24 : 0);
  const byte = (i: number) => (value.charCodeAt(i) << 24) >> 24;
  const tolower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
  const state = { skipLongerMatches: false };
  const impl = (p0: number, s0: number, nesting: number): boolean => {
    if (nesting > 1000) return false;
    let p = p0;
    let patternLen = pattern.length - p0;
    let s = s0;
    let stringLen = value.length - s0;
    while (patternLen && stringLen) {
      const c = at(p);
      if (c === 0x2a) {
        while (patternLen && at(p + 1) === 0x2a) {
          p++;
          patternLen--;
        }
        if (patternLen === 1) return true;
        while (stringLen) {
          if (impl(p + 1, s, nesting + 1)) return true;
          if (state.skipLongerMatches) return false;
          s++;
          stringLen--;
        }
        state.skipLongerMatches = true;
        return false;
      } else if (c === 0x3f) {
        s++;
        stringLen--;
      } else if (c === 0x5b) {
        p++;
        patternLen--;
        const not = at(p) === 0x5e;
        if (not) {
          p++;
          patternLen--;
        }
        let match = false;
        for (;;) {
          if (at(p) === 0x5c && patternLen >= 2) {
            p++;
            patternLen--;
            if (at(p) === byte(s)) match = true;
          } else if (at(p) === 0x5d) {
            break;
          } else if (patternLen === 0) {
            p--;
            patternLen++;
            break;
          } else if (patternLen >= 3 && at(p + 1) === 0x2d) {
            let start = at(p);
            let end = at(p + 2);
            let ch = byte(s);
            if (start > end) [start, end] = [end, start];
            if (noCase) {
              start = tolower(start);
              end = tolower(end);
              ch = tolower(ch);
            }
            p += 2;
            patternLen -= 2;
            if (ch >= start && ch <= end) match = true;
          } else if (noCase ? tolower(at(p)) === tolower(byte(s)) : at(p) === byte(s)) {
            match = true;
          }
          p++;
          patternLen--;
        }
        if (not) match = !match;
        if (!match) return false;
        s++;
        stringLen--;
      } else {
        if (c === 0x5c && patternLen >= 2) {
          p++;
          patternLen--;
        }
        if (noCase ? tolower(at(p)) !== tolower(byte(s)) : at(p) !== byte(s)) return false;
        s++;
        stringLen--;
      }
      p++;
      patternLen--;
      if (stringLen === 0) {
        while (at(p) === 0x2a) {
          p++;
          patternLen--;
        }
        break;
      }
    }
    return patternLen === 0 && stringLen === 0;
  };
  return impl(0, 0, 0);
}

const patternChars = ['a', 'b', 'A', '*', '*', '?', '[', ']', '^', '-', '\\', 'z', '\x80', '\xff', '\x00'];
const valueChars = ['a', 'b', 'A', 'B', '-', ']', '\\', '^', '*', 'z', '\x80', '\xff', '\x00'];
const stringOf = (chars: string[], maxLength: number) => fc.array(fc.constantFrom(...chars), { maxLength }).map((parts) => parts.join(''));

describe('matchGlob', () => {
  it('answers as Redis 7.0 stringmatchlen on small inputs, with and without nocase', () => {
    fc.assert(fc.property(stringOf(patternChars, 10), stringOf(valueChars, 8), fc.boolean(), (pattern, value, noCase) => {
      expect(matchGlob(pattern, value, noCase)).toBe(redisStringMatch(pattern, value, noCase));
    }), { numRuns: 20_000 });
  });

  it.each([
    ['*', '', false], ['', '', true], ['?', '', false], ['a*', 'a', true], ['*', 'abc', true],
    ['h?llo', 'hello', true], ['h*llo', 'heeeello', true], ['h[ae]llo', 'hallo', true], ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true], ['[b-a]', 'a', true], ['[a-]', ']', true], ['[a-]b', 'b', true], ['[abc', 'c', true],
    ['[', 'x', false], ['[^', 'x', true], ['\\*', '*', true], ['\\*', 'a', false], ['a\\', 'a\\', true],
    ['[\\]]', ']', true], ['[Z-a]', '_', true], ['[\x00-\xff]', 'a', false], ['[\xff-\x00]', '\x80', false],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(matchGlob(pattern, value)).toBe(expected);
    expect(redisStringMatch(pattern, value, false)).toBe(expected);
  });

  it('nocase lowers A-Z only, after a range swapped its ends, and never inside an escape', () => {
    expect(matchGlob('PORT', 'port', true)).toBe(true);
    expect(matchGlob('[Z-a]ort', 'port', true)).toBe(false);
    expect(matchGlob('[a-z]ORT', 'Port', true)).toBe(true);
    expect(matchGlob('[\\P]ort', 'port', true)).toBe(false);
    expect(matchGlob('\\Port', 'port', true)).toBe(true);
  });

  // Redis's Tcl unit/keyspace: KEYS a*a*…*b against a 40-character key froze Ballast for good.
  it('Regression for pattern matching long nested loops', () => {
    const stars = `${'a*'.repeat(20)}b`;
    expect(matchGlob(stars, 'a'.repeat(40))).toBe(false);
    expect(matchGlob(`${'a*'.repeat(5000)}b`, 'a'.repeat(100_000))).toBe(false);
    expect(matchGlob(`${'*a'.repeat(500)}*b`, `${'a'.repeat(20_000)}b`)).toBe(true);
  });

  it('Regression for pattern matching very long nested loops: past 1000 nested stars nothing matches, as in Redis', () => {
    expect(matchGlob('*?'.repeat(50_000), 'a'.repeat(50_000))).toBe(false);
    expect(matchGlob('*a'.repeat(1000), 'a'.repeat(1000))).toBe(true);
    expect(matchGlob('*a'.repeat(1001), 'a'.repeat(1001))).toBe(false);
    expect(matchGlob(`${'*a'.repeat(1000)}*`, 'a'.repeat(1001))).toBe(true);
    expect(matchGlob(`${'*a'.repeat(1000)}**`, 'a'.repeat(1000))).toBe(true);
    expect(matchGlob(`${'[*]\\*'.repeat(1001)}*a`, `${'**'.repeat(1001)}a`)).toBe(true);
    expect(redisStringMatch('*a'.repeat(1001), 'a'.repeat(1001), false)).toBe(false);
    expect(redisStringMatch(`${'*a'.repeat(1000)}*`, 'a'.repeat(1001), false)).toBe(true);
  });
});
