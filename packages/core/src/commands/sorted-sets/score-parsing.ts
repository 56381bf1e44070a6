/**
 * Parsing scores and ranges exactly as Redis 7.0 does for sorted sets. Redis reads doubles with
 * C's strtod, which accepts more than decimal text: hexadecimal floats (`0x1p4`), `inf`,
 * `infinity`, leading whitespace. Two callers use it differently:
 * - scores, increments and weights (getDoubleFromObject): the whole argument must parse, no
 *   leading space, no NaN, and no overflow or underflow to zero (`1e400`, `1e-400`);
 * - range ends (zslParseRange): an optional `(`, then strtod up to the first NUL byte; leading
 *   space, overflow and even an empty string (0) pass; NaN does not.
 */
import { LEX_MAXIMUM, LEX_MINIMUM, type LexBound, type LexRange, type ScoreRange } from '../../keyspace/sorted-set-range.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply } from '../../resp/reply.js';

export const INVALID_SCORE_RANGE = new ErrorReply('ERR min or max is not a float');
export const INVALID_LEX_RANGE = new ErrorReply('ERR min or max not valid string range item');

interface StrtodResult {
  /** The value read (0 when nothing was). */
  readonly value: number;
  /** Characters consumed; 0 when no number was found (strtod then points at the start). */
  readonly end: number;
  /** strtod's ERANGE: the value overflowed or underflowed. */
  readonly outOfRange: boolean;
}

const SPACE = /^[ \t\n\v\f\r]*/;
const SPECIAL = /^[+-]?(?:(infinity|inf)|nan(?:\([0-9A-Za-z_]*\))?)/i;
const HEXADECIMAL = /^([+-]?)0[xX](?:([0-9a-fA-F]+)(?:\.([0-9a-fA-F]*))?|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?/;
const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;

/** C's strtod on `text` (a whole byte string; NUL bytes are ordinary non-digits here). */
function strtod(text: string): StrtodResult {
  const start = SPACE.exec(text)![0].length;
  const rest = text.slice(start);
  const special = SPECIAL.exec(rest);
  if (special) {
    const value = special[1] === undefined ? NaN : rest.startsWith('-') ? -Infinity : Infinity;
    return { value, end: start + special[0].length, outOfRange: false };
  }
  const hexadecimal = HEXADECIMAL.exec(rest);
  if (hexadecimal) return hexadecimalValue(hexadecimal, start);
  const decimal = DECIMAL.exec(rest);
  if (!decimal) return { value: 0, end: 0, outOfRange: false };
  const value = Number(decimal[0]);
  const mantissaNonZero = /[1-9]/.test(decimal[0].split(/[eE]/)[0]);
  return { value, end: start + decimal[0].length, outOfRange: !Number.isFinite(value) || (value === 0 && mantissaNonZero) };
}

/** The value of a hexadecimal float `0xH.HpE`: mantissa times a power of two. */
function hexadecimalValue(match: RegExpExecArray, start: number): StrtodResult {
  const [whole, sign, integerDigits = '', fractionDigits = '', onlyFraction = ''] = match;
  const fraction = fractionDigits + onlyFraction;
  const digits = (integerDigits + fraction).replace(/^0+/, '') || '0';
  if (digits === '0') return { value: sign === '-' ? -0 : 0, end: start + whole.length, outOfRange: false };
  const exponent = Number(match[5] ?? '0') - 4 * fraction.length;
  // The leading hex digits carry the precision; scale with exact powers of two.
  const significant = digits.slice(0, 16);
  const shift = exponent + 4 * (digits.length - significant.length);
  let magnitude = Number(BigInt('0x' + significant));
  magnitude = shift >= 0 ? magnitude * 2 ** Math.min(shift, 2000) : scaleDown(magnitude, -shift);
  const value = sign === '-' ? -magnitude : magnitude;
  const outOfRange = !Number.isFinite(value) || (value === 0 && digits !== '0');
  return { value, end: start + whole.length, outOfRange };
}

/** magnitude / 2^shift, in steps that stay exact until the result itself is subnormal. */
function scaleDown(magnitude: number, shift: number): number {
  let result = magnitude;
  let remaining = Math.min(shift, 3000);
  while (remaining > 0 && result !== 0) {
    const step = Math.min(remaining, 1000);
    result /= 2 ** step;
    remaining -= step;
  }
  return result;
}

/** Plain decimals short enough that JavaScript's Number reads them exactly as strtod does. */
const PLAIN_DECIMAL = /^-?[0-9]{1,15}(?:\.[0-9]{1,4})?$/;

/**
 * A score, increment or weight (Redis's getDoubleFromObject): undefined when Redis would reply
 * "value is not a valid float" (or the caller's own message).
 */
export function parseScore(text: ByteString): number | undefined {
  // The common case (ZADD key 42 member) skips the general strtod emulation.
  if (PLAIN_DECIMAL.test(text)) return Number(text);
  if (text.length === 0 || SPACE.exec(text)![0].length > 0) return undefined;
  const parsed = strtod(text);
  if (parsed.end !== text.length || Number.isNaN(parsed.value)) return undefined;
  if (parsed.outOfRange && (parsed.value === 0 || !Number.isFinite(parsed.value))) return undefined;
  return parsed.value;
}

/**
 * A blocking timeout in seconds (Redis reads it with strtold, so values beyond a double's range
 * or below its precision still parse): undefined when Redis would reply "timeout is not a float
 * or out of range". Overflow comes back as an infinity, underflow as 0.
 */
export function parseTimeoutSeconds(text: ByteString): number | undefined {
  if (text.length === 0 || SPACE.exec(text)![0].length > 0) return undefined;
  const parsed = strtod(text);
  if (parsed.end !== text.length || Number.isNaN(parsed.value)) return undefined;
  return parsed.value;
}

/** One end of a score range: `[(]number`, read as C reads it (up to the first NUL byte). */
function parseScoreBound(text: ByteString): [number, boolean] | undefined {
  const terminated = text.includes('\x00') ? text.slice(0, text.indexOf('\x00')) : text;
  const exclusive = terminated.startsWith('(');
  const number = exclusive ? terminated.slice(1) : terminated;
  const parsed = strtod(number);
  if (parsed.end !== number.length || Number.isNaN(parsed.value)) return undefined;
  return [parsed.value, exclusive];
}

/** `min max` of ZRANGEBYSCORE and friends; undefined → "ERR min or max is not a float". */
export function parseScoreRange(minText: ByteString, maxText: ByteString): ScoreRange | undefined {
  const min = parseScoreBound(minText);
  const max = parseScoreBound(maxText);
  if (min === undefined || max === undefined) return undefined;
  return { min: min[0], minExclusive: min[1], max: max[0], maxExclusive: max[1] };
}

/** One end of a lex range: `-`, `+`, `(member` or `[member`. */
function parseLexBound(text: ByteString): [LexBound, boolean] | undefined {
  switch (text[0]) {
    // C compares "+" up to the terminating NUL, so "+\0anything" still means "+".
    case '+':
      return text.length === 1 || text[1] === '\x00' ? [LEX_MAXIMUM, true] : undefined;
    case '-':
      return text.length === 1 || text[1] === '\x00' ? [LEX_MINIMUM, true] : undefined;
    case '(':
      return [text.slice(1), true];
    case '[':
      return [text.slice(1), false];
    default:
      return undefined;
  }
}

/** `min max` of ZRANGEBYLEX and friends; undefined → "ERR min or max not valid string range item". */
export function parseLexRange(minText: ByteString, maxText: ByteString): LexRange | undefined {
  const min = parseLexBound(minText);
  const max = parseLexBound(maxText);
  if (min === undefined || max === undefined) return undefined;
  return { min: min[0], minExclusive: min[1], max: max[0], maxExclusive: max[1] };
}
