/**
 * Doubles as Redis 7.0 prints them. Two styles:
 * - formatDouble: C's `%.17g` (ZSCORE, ZINCRBY, RESP3 doubles): 17 significant digits, trailing
 *   zeros dropped, exponent form below 1e-4 and from 1e17 on, `inf`/`-inf`.
 * - formatHumanDouble: INCRBYFLOAT and HINCRBYFLOAT results, which Redis computes in long double
 *   and prints with `%.17Lf` trimmed. We compute in double, so we print the shortest decimal
 *   that round-trips (JavaScript's own), always in fixed notation: the same text in the usual
 *   cases (10.5 + 0.1 → "10.6"), and never digits the double does not hold.
 */

const SIGNIFICANT_DIGITS = 17;

function trimFraction(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/\.?0+$/, '');
}

export function formatDouble(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Number.isNaN(value)) return 'nan';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential(SIGNIFICANT_DIGITS - 1);
  const marker = exponential.indexOf('e');
  const exponent = Number(exponential.slice(marker + 1));
  if (exponent < -4 || exponent >= SIGNIFICANT_DIGITS) {
    const mantissa = trimFraction(exponential.slice(0, marker));
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return trimFraction(value.toFixed(SIGNIFICANT_DIGITS - 1 - exponent));
}

/** Expands JavaScript's exponent notation ("1.5e+22", "1e-7") into plain decimal digits. */
function expandExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = lead + fraction;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export function formatHumanDouble(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return '0';
  return expandExponent(String(value));
}
