/**
 * Glob matching exactly as Redis 7.0's stringmatchlen (KEYS, SCAN MATCH, PSUBSCRIBE, PUBSUB
 * CHANNELS, CONFIG GET, COMMAND LIST): `*` any run, `?` one byte, `[abc]` `[^abc]` `[a-z]`
 * classes, `\x` a literal x. Binary safe: pattern and value are byte strings.
 *
 * Time is O(pattern × value), never exponential: every element but `*` consumes exactly one
 * byte, so on a mismatch it is enough to let the last star seen swallow one more byte and retry
 * from there (an earlier star taking more could only move that last star further right). This
 * gives exactly Redis's answers, whose recursive matcher prunes the same way
 * (`skipLongerMatches`), including its quirks:
 *
 * - an empty value matches only the empty pattern (`*` does not match ""; KEYS and SCAN treat a
 *   bare `*` as "everything" before matching, as Redis does);
 * - Redis gives up past 1000 nested stars: a pattern whose 1001st run of stars is followed by
 *   anything else matches nothing (its Tcl test 'very long nested loops' expects KEYS
 *   `*?*?…` × 50000 to find nothing);
 * - in a class, `\x` compares x case-sensitively even under nocase, and a range swaps its ends
 *   before lowering them (`[Z-a]` under nocase is empty); a range compares C `char`s, which are
 *   signed on x86-64, the platform Redis is built for here, so bytes from 0x80 sort below 0x00;
 * - `[a-]b` is the range `a-]` followed by `b`, and an unclosed class runs to the pattern's end.
 */

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BACKSLASH = 0x5c;
const CARET = 0x5e;
const DASH = 0x2d;

/** Stars nested deeper than this never match (Redis's `nesting > 1000` guard). */
const STAR_NESTING_MAX = 1000;

/** A value no byte has: scanning an element against it only finds where the element ends. */
const NO_BYTE = -1000;

/** C's tolower in the C locale: only A-Z change. */
function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** A byte as a C `char` on x86-64 (signed). */
function signedByte(code: number): number {
  return code >= 128 ? code - 256 : code;
}

/**
 * Matches the class starting at `pattern[start]` (`[`) against one byte. Returns the index
 * after the class when the byte matches, and the bitwise complement of that index when not.
 */
function scanClass(pattern: string, start: number, code: number, noCase: boolean): number {
  const length = pattern.length;
  let i = start + 1;
  const negate = i < length && pattern.charCodeAt(i) === CARET;
  if (negate) i++;
  let matched = false;
  for (;;) {
    const char = pattern.charCodeAt(i);
    if (char === BACKSLASH && length - i >= 2) {
      i++;
      if (pattern.charCodeAt(i) === code) matched = true;
    } else if (i < length && char === CLOSE) {
      break;
    } else if (i >= length) {
      i--;
      break;
    } else if (length - i >= 3 && pattern.charCodeAt(i + 1) === DASH) {
      let from = signedByte(char);
      let to = signedByte(pattern.charCodeAt(i + 2));
      if (from > to) [from, to] = [to, from];
      let byte = signedByte(code);
      if (noCase) {
        from = lower(from);
        to = lower(to);
        byte = lower(byte);
      }
      i += 2;
      if (byte >= from && byte <= to) matched = true;
    } else if (noCase ? lower(char) === lower(code) : char === code) {
      matched = true;
    }
    i++;
  }
  return matched !== negate ? i + 1 : ~(i + 1);
}

/**
 * Matches the element (anything but `*`) starting at `pattern[start]` against one byte: the
 * index after the element when it matches, its bitwise complement when not.
 */
function scanElement(pattern: string, start: number, code: number, noCase: boolean): number {
  const char = pattern.charCodeAt(start);
  if (char === QUESTION) return start + 1;
  if (char === OPEN) return scanClass(pattern, start, code, noCase);
  let literal = char;
  let end = start + 1;
  if (char === BACKSLASH && pattern.length - start >= 2) {
    literal = pattern.charCodeAt(start + 1);
    end++;
  }
  const matched = noCase ? lower(literal) === lower(code) : literal === code;
  return matched ? end : ~end;
}

/** True when the pattern's 1001st run of stars is followed by more pattern: Redis gives up there. */
function exceedsStarNesting(pattern: string): boolean {
  let runs = 0;
  for (let p = 0; p < pattern.length;) {
    if (pattern.charCodeAt(p) !== STAR) {
      const end = scanElement(pattern, p, NO_BYTE, false);
      p = end >= 0 ? end : ~end;
      continue;
    }
    while (pattern.charCodeAt(p) === STAR) p++;
    runs++;
    if (runs > STAR_NESTING_MAX) return p < pattern.length;
  }
  return false;
}

/** Whether `value` matches the glob `pattern`, as Redis's stringmatchlen answers. */
export function matchGlob(pattern: string, value: string, noCase = false): boolean {
  if (value.length === 0) return pattern.length === 0;
  if (exceedsStarNesting(pattern)) return false;
  const patternLength = pattern.length;
  let p = 0;
  let v = 0;
  // Where to resume after a mismatch: just past the last run of stars, with that run
  // swallowing one more byte than last time.
  let resumeP = -1;
  let resumeV = 0;
  while (v < value.length) {
    if (pattern.charCodeAt(p) === STAR) {
      while (pattern.charCodeAt(p) === STAR) p++;
      if (p === patternLength) return true;
      resumeP = p;
      resumeV = v;
      continue;
    }
    if (p < patternLength) {
      const end = scanElement(pattern, p, value.charCodeAt(v), noCase);
      if (end >= 0) {
        p = end;
        v++;
        continue;
      }
    }
    if (resumeP < 0) return false;
    resumeV++;
    v = resumeV;
    p = resumeP;
  }
  while (pattern.charCodeAt(p) === STAR) p++;
  return p === patternLength;
}
