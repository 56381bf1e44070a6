// How geo numbers are computed and printed: printf's %f and %.17Lf (ties to even), Redis's
// fixed-point distances (llrint, ties to even), and sin/cos/asin correctly rounded — checked
// against an exact BigInt oracle written out here, independently of rounded-math.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceText, formatFixed, humanText } from '../../src/commands/geo/format.js';
import { exactDistance, fastDistance } from '../../src/commands/geo/distance.js';
import { decodeScore } from '../../src/commands/geo/geohash.js';
import { roundedAsin, roundedCos, roundedSin } from '../../src/commands/geo/rounded-math.js';

describe('printf-style formatting', () => {
  it('prints %f with six digits, ties to even, infinities as C does', () => {
    expect(formatFixed(200, 6)).toBe('200.000000');
    expect(formatFixed(-0.5, 6)).toBe('-0.500000');
    expect(formatFixed(0.0078125, 6)).toBe('0.007812'); // an exact tie: glibc rounds to even, toFixed would not
    expect(formatFixed(0.0234375, 6)).toBe('0.023438');
    expect(formatFixed(1e300, 6)).toBe(`${BigInt(1e300)}.000000`); // every digit of the double, as in GEOADD's error
    expect(formatFixed(1e21, 6)).toBe('1000000000000000000000.000000');
    expect(formatFixed(Infinity, 6)).toBe('inf');
    expect(formatFixed(-Infinity, 6)).toBe('-inf');
    expect(formatFixed(-0, 6)).toBe('-0.000000');
  });

  it('prints coordinates as %.17Lf without trailing zeros (values recorded from GEOPOS)', () => {
    expect(humanText(13.361389338970184)).toBe('13.36138933897018433');
    expect(humanText(38.1155563954963)).toBe('38.11555639549629859');
    expect(humanText(180)).toBe('180');
    expect(humanText(85.05112878)).toBe('85.0511287799999991');
    expect(humanText(-179.99999731779099)).toBe('-179.99999731779098511');
    expect(humanText(0.000002682209014892578)).toBe('0.00000268220901489');
    expect(humanText(-1e-18)).toBe('0');
  });

  it('prints distances with four decimals as fixedpoint_d2string does', () => {
    expect(distanceText(0)).toBe('0.0000');
    expect(distanceText(190442.42984775783)).toBe('190442.4298');
    expect(distanceText(56.441257870158204)).toBe('56.4413');
    // d·10^4 is rounded as a double first, then llrint rounds ties to even (values checked with Python's round).
    expect(distanceText(0.00025)).toBe('0.0002');
    expect(distanceText(0.00035)).toBe('0.0004');
    expect(distanceText(0.00125)).toBe('0.0012');
    expect(distanceText(2.00015)).toBe('2.0002');
    expect(distanceText(12.34565)).toBe('12.3456');
    expect(distanceText(NaN)).toBe('-922337203685477.5808'); // llrint's integer indefinite
  });
});

/** An exact oracle: x as a BigInt fraction, sin by its Taylor series in 2^-PRECISION fixed point, rounded to a double. */
const PRECISION = 180n;
const ONE = 1n << PRECISION;

function toFixedPoint(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & ((1n << 52n) - 1n)) | (exponent === 0 ? 0n : 1n << 52n);
  const shift = BigInt(Math.max(exponent, 1) - 1075) + PRECISION;
  const magnitude = shift >= 0n ? mantissa << shift : mantissa >> -shift;
  return bits >> 63n === 1n ? -magnitude : magnitude;
}

/** sin (or cos) of fixed / 2^PRECISION in the same fixed point. */
function sineOracle(fixed: bigint, cosine: boolean): bigint {
  const square = (fixed * fixed) >> PRECISION;
  let term = cosine ? ONE : fixed;
  let sum = term;
  for (let n = cosine ? 1n : 2n; term !== 0n; n += 2n) {
    term = -((term * square) >> PRECISION) / (n * (n + 1n));
    sum += term;
  }
  return sum;
}

/** The double nearest to fixed / 2^PRECISION (one rounding: BigInt to Number rounds to nearest, ties to even). */
function toDouble(fixed: bigint): number {
  return Number(fixed) / 2 ** Number(PRECISION);
}

function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + (x >= 0 ? 1n : -1n));
  return view.getFloat64(0);
}

describe('correctly rounded sin, cos and asin', () => {
  it('round the cases where Math.* is an ulp off to glibc\'s (recorded with Python on this libm)', () => {
    expect(roundedSin(2.2600190482223113)).toBe(0.771740548680934);
    expect(roundedSin(0.9259252722665687)).toBe(0.7991772821156693);
    expect(roundedCos(0.857225953430893)).toBe(0.654537245668645);
    expect(roundedCos(2.419069407494667)).toBe(-0.7501395478215177);
    expect(roundedAsin(0.8785289974114995)).toBe(1.0727740110819688);
    expect(roundedAsin(0.9682480196811747)).toBe(1.3181248043177758);
    expect(roundedAsin(1)).toBe(Math.PI / 2);
    expect(roundedSin(-0)).toBe(-0);
  });

  it('agree with an exact series for sin and cos over the arguments geo uses', () => {
    fc.assert(fc.property(fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), (x) => {
      if (Math.abs(x) < 1e-30) return; // below the oracle's fixed point (sin x rounds to x there)
      const fixed = toFixedPoint(x);
      expect(roundedSin(x)).toBe(toDouble(sineOracle(fixed, false)));
      expect(roundedCos(x)).toBe(toDouble(sineOracle(fixed, true)));
    }), { numRuns: 3000 });
  });

  it('return the asin whose rounding interval holds x (sin is monotone, so its midpoints bound it)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (x) => {
      const y = roundedAsin(x);
      if (y === 0 || y >= Math.PI / 2) return;
      const below = toFixedPoint(y) - (toFixedPoint(nextUp(y)) - toFixedPoint(y)) / 2n;
      const above = toFixedPoint(y) + (toFixedPoint(nextUp(y)) - toFixedPoint(y)) / 2n;
      const target = toFixedPoint(x);
      expect(sineOracle(below, false) <= target && target <= sineOracle(above, false)).toBe(true);
    }), { numRuns: 2000 });
  });

  it('make distances redis-server computed (recorded GEODIST/STOREDIST values, full precision)', () => {
    // GEOSEARCHSTORE d cities FROMMEMBER paris BYRADIUS 10000 km STOREDIST, then ZRANGE d 0 -1 WITHSCORES.
    const at = (score: number) => decodeScore(score);
    const paris = at(3663832779122514);
    const recorded: ReadonlyArray<readonly [number, number]> = [
      [2163557714755072, 343.65301312082147], [1791873974549446, 5838.8878922278745],
      [1367859919124626, 8955.9174664680522], [4171231230197045, 9714.8114300243687],
    ];
    for (const [score, kilometers] of recorded) expect(exactDistance(...paris, ...at(score)) / 1000).toBe(kilometers);
    // Both distances are within a few ulps of each other everywhere but near the antipode.
    fc.assert(fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true }),
      fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true }), (x1, y1, x2, y2) => {
        const exact = exactDistance(x1, y1, x2, y2);
        if (exact > 0.9 * Math.PI * 6372797.560856) return;
        expect(Math.abs(fastDistance(x1, y1, x2, y2) - exact)).toBeLessThanOrEqual(1e-14 * exact);
      }), { numRuns: 2000 });
  });
});
