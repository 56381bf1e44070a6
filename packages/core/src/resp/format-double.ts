/**
 * Doubles as Redis 7.0 prints them with C's `%.17g` (ZSCORE, ZINCRBY, RESP3 doubles): 17
 * significant digits, trailing zeros dropped, exponent form below 1e-4 and from 1e17 on,
 * `inf`/`-inf`. (INCRBYFLOAT's long double format lives in commands/long-double.ts.)
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
