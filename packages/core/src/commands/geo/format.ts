/**
 * How Redis 7.0 prints geo numbers, digit for digit:
 * - coordinates (GEOPOS, WITHCOORD) with addReplyHumanLongDouble: "%.17Lf" of the double with
 *   trailing zeros and a bare point removed, "-0" as "0" (a bulk string in RESP2; in RESP3 a
 *   double reply, see coordinateReply);
 * - distances (GEODIST, WITHDIST) with fixedpoint_d2string: the distance times 10^4 rounded by
 *   llrint (half to even), four decimals, a bulk string in both protocols;
 * - the pair in "invalid longitude,latitude pair" with "%f".
 * printf rounds the exact binary value half to even; Number#toFixed rounds exact ties up, so
 * ties (rare, detected exactly) take the exact bigint path.
 */
import { DoubleReply, type Reply } from '../../resp/reply.js';

/** Number#toFixed gives exponent notation from 1e21 on. */
const FIXED_NOTATION_MAX = 1e21;

/** Whether `value` lies exactly halfway between two `digits`-decimal numbers. */
function isTie(value: number, digits: number): boolean {
  const doubled = value * 2 ** (digits + 1);
  return Number.isSafeInteger(doubled) && Math.abs(doubled) % 2 === 1;
}

/** The finite double as sign × mantissa × 2^exponent, exactly. */
function binaryParts(value: number): { negative: boolean; mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  return {
    negative: high >>> 31 === 1,
    mantissa: biased === 0 ? fraction : fraction | (1n << 52n),
    exponent: (biased === 0 ? 1 : biased) - 1075,
  };
}

/** printf("%.<digits>f") of a finite double through exact integer arithmetic. */
function exactFixed(value: number, digits: number): string {
  const { negative, mantissa, exponent } = binaryParts(value);
  const scaledNumerator = mantissa * 10n ** BigInt(digits);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = scaledNumerator << BigInt(exponent);
  } else {
    const denominator = 1n << BigInt(-exponent);
    scaled = scaledNumerator / denominator;
    const twiceRemainder = (scaledNumerator % denominator) * 2n;
    if (twiceRemainder > denominator || (twiceRemainder === denominator && scaled % 2n === 1n)) scaled += 1n;
  }
  const text = scaled.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const body = digits === 0 ? whole : `${whole}.${text.slice(text.length - digits)}`;
  return negative ? `-${body}` : body;
}

/** C's printf("%.<digits>f") of a double (glibc: exact, ties to even; "inf", "-inf", "-0.0…"). */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Math.abs(value) >= FIXED_NOTATION_MAX || isTie(value, digits) || Object.is(value, -0)) return exactFixed(value, digits);
  return value.toFixed(digits);
}

/** ld2string(…, LD_STR_HUMAN) of a double: "%.17Lf" without trailing zeros, "-0" as "0". */
export function humanText(value: number): string {
  let text = formatFixed(value, 17);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/**
 * A coordinate reply (addReplyHumanLongDouble): in RESP2 the human text as a bulk string. In RESP3
 * Redis sends a double reply carrying the same human text (`,13.36138933897018433`); the reply
 * type here prints doubles with %.17g (`,13.361389338970184`), the same double in fewer digits,
 * until the RESP layer can carry a double's text.
 */
export function coordinateReply(value: number, protocol: 2 | 3): Reply {
  return protocol === 3 ? new DoubleReply(value) : humanText(value);
}

const INT64_LIMIT = 9223372036854775808;
/** llrint's result for NaN and out-of-range values on x86-64 (the "integer indefinite"). */
const INDEFINITE_TEXT = '-922337203685477.5808';

/** llrint: the nearest integer, ties to even. */
function roundHalfToEven(value: number): number {
  const rounded = Math.round(value);
  return rounded - value === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

/** fixedpoint_d2string(…, 4): WITHDIST and GEODIST's "%.4f"-like distance. */
export function distanceText(value: number): string {
  if (value === 0) return '0.0000';
  const scaled = value * 10000;
  if (!(scaled > -INT64_LIMIT && scaled < INT64_LIMIT)) return INDEFINITE_TEXT;
  const units = roundHalfToEven(scaled);
  const negative = units < 0;
  const magnitude = Math.abs(units);
  const digits = (Number.isSafeInteger(magnitude) ? String(magnitude) : BigInt(magnitude).toString()).padStart(5, '0');
  const text = `${digits.slice(0, -4)}.${digits.slice(-4)}`;
  return negative ? `-${text}` : text;
}
