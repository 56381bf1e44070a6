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

/** |value| as (mantissa, binary exponent): exactly mantissa × 2^exponent. */
function binaryParts(value: number): [bigint, bigint] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const exponent = (bits >> 52n) & 0x7ffn;
  const fraction = bits & 0xfffffffffffffn;
  return exponent === 0n ? [fraction, -1074n] : [fraction | (1n << 52n), exponent - 1075n];
}

/** Whether `text` (d.ddd…e±x, from toExponential) is exactly |value|. */
function isExact(value: number, text: string): boolean {
  const marker = text.indexOf('e');
  const digits = text.slice(0, marker).replace('-', '').replace('.', '');
  const decimalExponent = BigInt(Number(text.slice(marker + 1)) - (digits.length - 1));
  const [mantissa, binaryExponent] = binaryParts(value);
  const zero = 0n;
  const left = BigInt(digits) * 10n ** (decimalExponent > zero ? decimalExponent : zero) * 2n ** (binaryExponent < zero ? -binaryExponent : zero);
  const right = mantissa * 2n ** (binaryExponent > zero ? binaryExponent : zero) * 10n ** (decimalExponent < zero ? -decimalExponent : zero);
  return left === right;
}

/**
 * toExponential(16) with C's rounding: JS rounds an exact tie at the 18th significant digit away
 * from zero, printf to even (123456789012345.125 → 1.2345678901234512e+14, as Redis prints it).
 */
function exponential(value: number): string {
  const rounded = value.toExponential(SIGNIFICANT_DIGITS - 1);
  const wider = value.toExponential(SIGNIFICANT_DIGITS);
  const marker = wider.indexOf('e');
  if (wider[marker - 1] !== '5' || !isExact(value, wider)) return rounded;
  const kept = wider.slice(0, marker - 1);
  return Number(kept[kept.length - 1]) % 2 === 0 ? kept + wider.slice(marker) : rounded;
}

export function formatDouble(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Number.isNaN(value)) return 'nan';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential17 = exponential(value);
  const marker = exponential17.indexOf('e');
  const exponent = Number(exponential17.slice(marker + 1));
  if (exponent < -4 || exponent >= SIGNIFICANT_DIGITS) {
    const mantissa = trimFraction(exponential17.slice(0, marker));
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const sign = value < 0 ? '-' : '';
  const digits = exponential17.slice(0, marker).replace('-', '').replace('.', '');
  if (exponent < 0) return trimFraction(`${sign}0.${'0'.repeat(-exponent - 1)}${digits}`);
  const fraction = digits.slice(exponent + 1);
  return trimFraction(`${sign}${digits.slice(0, exponent + 1)}${fraction === '' ? '' : `.${fraction}`}`);
}
