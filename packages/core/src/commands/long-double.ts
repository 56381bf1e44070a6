/**
 * INCRBYFLOAT and HINCRBYFLOAT as Redis computes them on x86-64: both operands read with
 * strtold into an 80-bit long double (64-bit mantissa), added, and printed with "%.17Lf" with
 * trailing zeros trimmed (ld2string, LD_STR_HUMAN). A JavaScript double has only 53 bits, so
 * the arithmetic is done exactly on BigInt rationals and rounded to 64 bits, half to even, at
 * each step where the hardware would round. The result text then matches Redis digit for digit.
 */

const MANTISSA_BITS = 64n;
/** Beyond this binary exponent a long double overflows to infinity. */
const EXPONENT_MAX = 16384n;
const FRACTION_DIGITS = 17n;
const DECIMAL_PATTERN = /^([+-]?)(?:(\d+)\.?(\d*)|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/** A binary floating value `sign * mantissa * 2^exponent`; mantissa 0 is zero. */
interface Binary {
  readonly negative: boolean;
  readonly mantissa: bigint;
  readonly exponent: bigint;
}

function bitLength(value: bigint): bigint {
  return BigInt(value.toString(2).length);
}

/** Divides with rounding half to even. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder2 = (numerator % denominator) * 2n;
  if (remainder2 > denominator || (remainder2 === denominator && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/** Rounds the positive rational numerator/denominator to a 64-bit mantissa. */
function roundRational(negative: boolean, numerator: bigint, denominator: bigint): Binary {
  if (numerator === 0n) return { negative, mantissa: 0n, exponent: 0n };
  let exponent = bitLength(numerator) - bitLength(denominator) - MANTISSA_BITS;
  let mantissa = exponent >= 0n
    ? divideRounded(numerator, denominator << exponent)
    : divideRounded(numerator << -exponent, denominator);
  while (mantissa >= 1n << MANTISSA_BITS) {
    exponent += 1n;
    mantissa = exponent >= 0n ? divideRounded(numerator, denominator << exponent) : divideRounded(numerator << -exponent, denominator);
  }
  while (mantissa < 1n << (MANTISSA_BITS - 1n)) {
    exponent -= 1n;
    mantissa = exponent >= 0n ? divideRounded(numerator, denominator << exponent) : divideRounded(numerator << -exponent, denominator);
  }
  return { negative, mantissa, exponent };
}

/** strtold: the long double nearest to a decimal string; undefined if not a finite decimal. */
function parseLongDouble(text: string): Binary | 'infinite' | undefined {
  const lower = text.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(lower)) return 'infinite';
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', onlyFraction, exponentText = '0'] = match;
  const digits = onlyFraction !== undefined ? onlyFraction : whole + fraction;
  const scale = BigInt(exponentText) - BigInt(onlyFraction !== undefined ? onlyFraction.length : fraction.length);
  if (scale > 5000n || scale < -5000n) return scale > 0n && BigInt(digits) !== 0n ? 'infinite' : { negative: sign === '-', mantissa: 0n, exponent: 0n };
  const value = BigInt(digits || '0');
  return scale >= 0n
    ? roundRational(sign === '-', value * 10n ** scale, 1n)
    : roundRational(sign === '-', value, 10n ** -scale);
}

function toRational(value: Binary): { numerator: bigint; denominator: bigint } {
  const signed = value.negative ? -value.mantissa : value.mantissa;
  return value.exponent >= 0n
    ? { numerator: signed << value.exponent, denominator: 1n }
    : { numerator: signed, denominator: 1n << -value.exponent };
}

function add(a: Binary, b: Binary): Binary {
  const x = toRational(a);
  const y = toRational(b);
  const numerator = x.numerator * y.denominator + y.numerator * x.denominator;
  const denominator = x.denominator * y.denominator;
  return roundRational(numerator < 0n, numerator < 0n ? -numerator : numerator, denominator);
}

/** printf("%.17Lf") with trailing zeros (and a bare point) removed, "-0" as "0". */
function formatHuman(value: Binary): string {
  const { numerator, denominator } = toRational({ ...value, negative: false });
  const scaled = divideRounded(numerator * 10n ** FRACTION_DIGITS, denominator);
  const whole = scaled / 10n ** FRACTION_DIGITS;
  const fraction = (scaled % 10n ** FRACTION_DIGITS).toString().padStart(Number(FRACTION_DIGITS), '0').replace(/0+$/, '');
  const text = fraction === '' ? whole.toString() : `${whole}.${fraction}`;
  return value.negative && text !== '0' ? `-${text}` : text;
}

export type LongDoubleSum = { value: string } | { error: 'bad-current' | 'bad-increment' | 'overflow' };

/** True when strtold would accept `text` as a number (infinities included, NaN not). */
export function isLongDouble(text: string): boolean {
  return parseLongDouble(text) !== undefined;
}

/** `current + increment` as Redis's INCRBYFLOAT prints it. */
export function addAsLongDouble(current: string, increment: string): LongDoubleSum {
  const base = parseLongDouble(current);
  if (base === undefined) return { error: 'bad-current' };
  const delta = parseLongDouble(increment);
  if (delta === undefined) return { error: 'bad-increment' };
  if (base === 'infinite' || delta === 'infinite') return { error: 'overflow' };
  const sum = add(base, delta);
  if (sum.mantissa !== 0n && sum.exponent + MANTISSA_BITS > EXPONENT_MAX) return { error: 'overflow' };
  return { value: formatHuman(sum) };
}
