/**
 * Glob matching exactly as Redis's stringmatchlen (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET):
 * `*` any run, `?` one byte, `[abc]` `[^abc]` `[a-z]` classes, `\x` a literal x. Binary safe:
 * pattern and value are byte strings.
 */

function lower(code: number, noCase: boolean): number {
  return noCase && code >= 65 && code <= 90 ? code + 32 : code;
}

/** Recursion depth guard: a pattern with many stars cannot blow the stack. */
const NESTING_MAX = 1000;

function matchFrom(pattern: string, p: number, value: string, v: number, noCase: boolean, depth: number): boolean {
  if (depth > NESTING_MAX) return false;
  while (p < pattern.length && v <= value.length) {
    const char = pattern[p];
    if (char === '*') {
      while (pattern[p + 1] === '*') p++;
      if (p + 1 === pattern.length) return true;
      for (let start = v; start <= value.length; start++) {
        if (matchFrom(pattern, p + 1, value, start, noCase, depth + 1)) return true;
      }
      return false;
    }
    if (v === value.length) return false;
    if (char === '?') {
      v++;
      p++;
      continue;
    }
    if (char === '[') {
      p++;
      const negate = pattern[p] === '^';
      if (negate) p++;
      let matched = false;
      const code = lower(value.charCodeAt(v), noCase);
      for (;;) {
        if (p >= pattern.length) {
          p--;
          break;
        }
        if (pattern[p] === '\\' && p + 2 < pattern.length + 1 && p + 1 < pattern.length) {
          p++;
          if (lower(pattern.charCodeAt(p), noCase) === code) matched = true;
        } else if (pattern[p] === ']') {
          break;
        } else if (pattern[p + 1] === '-' && p + 2 < pattern.length) {
          let from = lower(pattern.charCodeAt(p), noCase);
          let to = lower(pattern.charCodeAt(p + 2), noCase);
          if (from > to) [from, to] = [to, from];
          p += 2;
          if (code >= from && code <= to) matched = true;
        } else if (lower(pattern.charCodeAt(p), noCase) === code) {
          matched = true;
        }
        p++;
      }
      if (negate) matched = !matched;
      if (!matched) return false;
      v++;
      p++;
      continue;
    }
    let literal = char;
    if (char === '\\' && p + 1 < pattern.length) literal = pattern[++p];
    if (lower(literal.charCodeAt(0), noCase) !== lower(value.charCodeAt(v), noCase)) return false;
    v++;
    p++;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length && v === value.length;
}

export function matchGlob(pattern: string, value: string, noCase = false): boolean {
  return matchFrom(pattern, 0, value, 0, noCase, 0);
}
