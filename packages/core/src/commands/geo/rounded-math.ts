/**
 * sin, cos and asin correctly rounded (to nearest), for the geo distance formula. Redis computes
 * distances with glibc's libm, which rounds these correctly on all but about one input in a
 * thousand; V8's Math.sin/cos/asin (fdlibm) are off by an ulp on a few percent of inputs, which
 * shows in STOREDIST scores (printed with 17 digits) and on radius boundaries. Correct rounding
 * agrees with glibc wherever glibc is right: a composed distance then matches redis-server bit
 * for bit in about 998 cases of 1000 (measured against mpmath and glibc), against about 930 with
 * Math.*. Pure double arithmetic, so the results are the same on every platform.
 *
 * The method: reduce the argument by π/2 in double-double (π/2 in four parts), evaluate the
 * Taylor series with the leading terms in double-double and the small tail in double, and round
 * the double-double sum once. The result is within about 2^-80 of the exact value, so it is the
 * correctly rounded one unless the exact value lies that close to a rounding midpoint. asin takes
 * Math.asin's answer and corrects it with one Newton step whose residual uses the double-double
 * sine. A double-double result comes back in the two slots of `result` (hi, lo): a typed array
 * keeps the hot path free of allocations.
 */

const result = new Float64Array(2);
const SPLITTER = 134217729; // 2^27 + 1: splits a double into two halves of 26 bits

/** result = a * b exactly (Dekker's product; JavaScript has no fused multiply-add). */
function product(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  result[0] = p;
  result[1] = ((aHigh * bHigh - p) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
}

/** Terms of the series in t = r² after the leading 1; the first DOUBLE_DOUBLE_TERMS in double-double, the rest in double. */
const TERMS = 12;
const DOUBLE_DOUBLE_TERMS = 5;

/**
 * Coefficients c_n, n = 1…TERMS, of sin(r) = r·(1 + Σ c_n tⁿ) (c_n = ±1/(2n+1)!) or of
 * cos(r) = 1 + Σ c_n tⁿ (c_n = ±1/(2n)!), as [hi…, lo…]; each computed from the previous one
 * by an exact double-double division by a small integer.
 */
function coefficients(cosine: boolean): Float64Array {
  const table = new Float64Array(2 * TERMS);
  let hi = 1;
  let lo = 0;
  for (let n = 1; n <= TERMS; n++) {
    const divisor = cosine ? (2 * n - 1) * (2 * n) : (2 * n) * (2 * n + 1);
    const q1 = hi / divisor;
    product(q1, divisor);
    const q2 = ((hi - result[0]) - result[1] + lo) / divisor;
    hi = q1 + q2;
    lo = q2 - (hi - q1);
    const sign = n % 2 === 1 ? -1 : 1;
    table[n - 1] = sign * hi;
    table[TERMS + n - 1] = sign * lo;
  }
  return table;
}

const SINE = coefficients(false);
const COSINE = coefficients(true);

// π/2 = PI_2_1 + PI_2_2 + PI_2_3 + PI_2_4 (the first three of 33 significant bits each, so their
// products with k are exact for |k| < 2^20), to about 150 bits.
const PI_2_1 = 1.5707963267341256;
const PI_2_2 = 6.077100506303966e-11;
const PI_2_3 = 2.0222662487111665e-21;
const PI_2_4 = 8.4784276603689e-32;
const TWO_OVER_PI = 0.6366197723675814;
/** Beyond this the four parts of π/2 no longer reduce exactly; geo arguments stay within ±π. */
const REDUCTION_MAX = 1e4;

/**
 * sin(x), or cos(x) when `cosine`, as a double-double in result. One flat function on purpose:
 * V8 boxes doubles passed between functions it does not inline, which made the helpers cost
 * more than the arithmetic.
 *
 * 1. r = x − k·π/2 with |r| ≲ π/4: x − k·PI_2_1 is exact (Sterbenz), the products of k with
 *    the other parts are exact or negligible, and they are summed in double-double.
 * 2. t = r², and the series in t: its tail in double, its leading terms by Horner's rule in
 *    double-double.
 * 3. sin(r) = r + r·S(t), cos(r) = 1 + C(t); quadrant k picks which one and its sign.
 */
function sineOrCosine(x: number, cosine: boolean): void {
  const k = Math.round(x * TWO_OVER_PI);
  let rHi = x;
  let rLo = 0;
  if (k !== 0) {
    // Two double-double additions: (x − k·PI_2_1) + (−k·PI_2_2), then + (−k·PI_2_3 − k·PI_2_4).
    const a = x - k * PI_2_1;
    const b = -k * PI_2_2;
    let s = a + b;
    let v = s - a;
    let e = (a - (s - v)) + (b - v);
    rHi = s + e;
    rLo = e - (rHi - s);
    const c = -k * PI_2_3;
    s = rHi + c;
    v = s - rHi;
    e = (rHi - (s - v)) + (c - v) + rLo - k * PI_2_4;
    rHi = s + e;
    rLo = e - (rHi - s);
  }
  const quadrant = (((k % 4) + 4) % 4 + (cosine ? 1 : 0)) % 4;
  const useCosine = quadrant % 2 === 1;
  // t = r², exactly rounded to a double-double.
  let split = SPLITTER * rHi;
  const rHigh = split - (split - rHi);
  const rLow = rHi - rHigh;
  let p = rHi * rHi;
  let error = ((rHigh * rHigh - p) + 2 * rHigh * rLow) + rLow * rLow + 2 * rHi * rLo;
  const tHi = p + error;
  const tLo = error - (tHi - p);
  split = SPLITTER * tHi;
  const tHigh = split - (split - tHi);
  const tLow = tHi - tHigh;
  const table = useCosine ? COSINE : SINE;
  let tail = table[TERMS - 1];
  for (let n = TERMS - 2; n >= DOUBLE_DOUBLE_TERMS; n--) tail = tail * tHi + table[n];
  let hi = tail;
  let lo = 0;
  for (let n = DOUBLE_DOUBLE_TERMS - 1; n >= -1; n--) {
    // (hi + lo)·t, then + c_n while n ≥ 0.
    p = hi * tHi;
    split = SPLITTER * hi;
    const high = split - (split - hi);
    const low = hi - high;
    error = ((high * tHigh - p) + high * tLow + low * tHigh) + low * tLow + (hi * tLo + lo * tHi);
    hi = p + error;
    lo = error - (hi - p);
    if (n < 0) break;
    const c = table[n];
    const s = hi + c;
    const v = s - hi;
    const e = (hi - (s - v)) + (c - v) + lo + table[TERMS + n];
    hi = s + e;
    lo = e - (hi - s);
  }
  if (useCosine) {
    // 1 + (hi + lo); |hi| ≤ 1/2, so 1 + hi is a fast two-sum.
    const s = 1 + hi;
    const e = (hi - (s - 1)) + lo;
    hi = s + e;
    lo = e - (hi - s);
  } else {
    // r·(hi + lo) + r.
    p = hi * rHi;
    split = SPLITTER * hi;
    const high = split - (split - hi);
    const low = hi - high;
    error = ((high * rHigh - p) + high * rLow + low * rHigh) + low * rLow + (hi * rLo + lo * rHi);
    const productHi = p + error;
    const productLo = error - (productHi - p);
    const s = rHi + productHi;
    const e = (productHi - (s - rHi)) + rLo + productLo;
    hi = s + e;
    lo = e - (hi - s);
  }
  const negative = quadrant === 2 || quadrant === 3;
  result[0] = negative ? -hi : hi;
  result[1] = negative ? -lo : lo;
}

/** sin(x), correctly rounded (Math.sin beyond ±10⁴, where no geo argument goes). */
export function roundedSin(x: number): number {
  if (x === 0 || !(Math.abs(x) <= REDUCTION_MAX)) return Math.sin(x);
  sineOrCosine(x, false);
  return result[0] + result[1];
}

/** cos(x), correctly rounded (Math.cos beyond ±10⁴). */
export function roundedCos(x: number): number {
  if (!(Math.abs(x) <= REDUCTION_MAX)) return Math.cos(x);
  sineOrCosine(x, true);
  return result[0] + result[1];
}

/** asin(x), correctly rounded: Math.asin's answer corrected by a Newton step on sin(y) = x. */
export function roundedAsin(x: number): number {
  const guess = Math.asin(x);
  if (Math.abs(x) === 1) return x * (Math.PI / 2);
  if (x === 0 || Number.isNaN(guess)) return guess;
  sineOrCosine(guess, false);
  // x and sin(guess) are within a factor of two, so x − hi is exact.
  const residual = (x - result[0]) - result[1];
  return guess + residual / Math.cos(guess);
}
