// The geohash under GEOADD, GEOPOS and GEOHASH: scores, decoded positions and geohash strings
// recorded from redis-server 7.0.15, and round-trip properties over the whole Mercator range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeArea, decodeScore, encode, encodeScore, LATITUDE_MAX, LATITUDE_MIN, LATITUDE_RANGE, LONGITUDE_RANGE, neighbours,
  scoreRange, standardGeohash,
} from '../../src/commands/geo/geohash.js';

/** [longitude, latitude, ZSCORE after GEOADD, GEOHASH], from redis-server 7.0.15. */
const RECORDED: ReadonlyArray<readonly [number, number, number, string]> = [
  [13.361389, 38.115556, 3479099956230698, 'sqc8b49rny0'],
  [15.087269, 37.502669, 3479447370796909, 'sqdtr74hyu0'],
  [-122.4194, 37.7749, 1367859919124626, '9q8yyk8ytp0'],
  [-74.006, 40.7128, 1791873974549446, 'dr5regw3pp0'],
  [2.3522, 48.8566, 3663832779122514, 'u09tvw0f640'],
  [139.6917, 35.6895, 4171231230197045, 'xn774c06kt0'],
  [151.2093, -33.8688, 3252046221964352, 'r3gx2f77bj0'],
  [-0.1278, 51.5074, 2163557714755072, 'gcpvj0duq50'],
  [179.99, -12.5, 3359811089504879, 'rvzbzu2wnz0'],
  [-179.99, -12.6, 357410069685461, '2jb024pr9j0'],
  [0, 0, 3377699720527872, 's0000000000'],
  [-180, -85.05112878, 0, '00bh0hbj200'],
  // The upper corner: the offsets reach 2^26, so the score has bits 52 and 53 set (above 2^53).
  [180, 85.05112878, 13510798882111488, 'bp05b5048p0'],
];

describe('geohash scores', () => {
  it('encodes positions to the scores redis-server stores', () => {
    for (const [longitude, latitude, score] of RECORDED) expect(encodeScore(longitude, latitude), `${longitude},${latitude}`).toBe(score);
  });

  it('writes the standard geohash strings redis-server answers', () => {
    for (const [, , score, text] of RECORDED) expect(standardGeohash(score)).toBe(text);
  });

  it('decodes to the cell center, clamped to the Mercator limits, as GEOPOS prints it', () => {
    expect(decodeScore(3479099956230698)).toEqual([13.361389338970184, 38.1155563954963]);
    expect(decodeScore(13510798882111488)).toEqual([180, LATITUDE_MAX]);
    expect(decodeScore(0)).toEqual([-179.99999731779099, -85.05112751263943]);
  });

  it('decodes any score the way the C cast to uint64 reads it (recorded with ZADD then GEOPOS)', () => {
    // -1 → all ones: both offsets huge, clamped to the upper corner; +inf and 2^64 → 0; -inf → bit 63 only.
    expect(decodeScore(-1)).toEqual([180, LATITUDE_MAX]);
    expect(decodeScore(-1.5)).toEqual([180, LATITUDE_MAX]);
    expect(decodeScore(Infinity)).toEqual(decodeScore(0));
    expect(decodeScore(1e30)).toEqual(decodeScore(0));
    expect(decodeScore(-Infinity)).toEqual([180, -85.05112751263943]);
    expect(decodeScore(1.5)).toEqual([-179.99999731779099, -85.05112497791825]);
    expect(decodeScore(4503599627370495.5)).toEqual([179.99999731779099, 85.05112751263943]);
    expect(standardGeohash(-1)).toBe('bp05b5048p0');
    expect(standardGeohash(2 ** 53 - 1)).toBe('zzpgzgpfxz0');
  });

  const position = fc.tuple(
    fc.double({ min: -180, max: 180, noNaN: true }),
    fc.double({ min: LATITUDE_MIN, max: LATITUDE_MAX, noNaN: true }),
  );

  it('decodes a score to a point of its own cell, which encodes back to the same score', () => {
    fc.assert(fc.property(position, ([longitude, latitude]) => {
      const score = encodeScore(longitude, latitude);
      expect(Number.isInteger(score) && score >= 0 && score <= 13510798882111488).toBe(true);
      // At longitude 180 (or a longitude that rounds to it) the score passes 2^53 and, as a
      // double, may lose its lowest latitude bit: so it does in Redis (see the recorded corner).
      if (score >= 2 ** 53) return;
      const [decodedLongitude, decodedLatitude] = decodeScore(score);
      expect(Math.abs(decodedLongitude - longitude)).toBeLessThanOrEqual(360 / 2 ** 26);
      expect(Math.abs(decodedLatitude - latitude)).toBeLessThanOrEqual(171 / 2 ** 26);
      if (longitude < 180 && latitude < LATITUDE_MAX) expect(encodeScore(decodedLongitude, decodedLatitude)).toBe(score);
    }), { numRuns: 2000 });
  });

  it('agrees with the general encoder at step 26; a coarser cell holds the point and its score range the score', () => {
    fc.assert(fc.property(position, fc.integer({ min: 1, max: 26 }), ([longitude, latitude], step) => {
      const hash = encode(LONGITUDE_RANGE, LATITUDE_RANGE, longitude, latitude, 26)!;
      expect(Number(hash.bits)).toBe(encodeScore(longitude, latitude));
      const coarse = encode(LONGITUDE_RANGE, LATITUDE_RANGE, longitude, latitude, step)!;
      const area = decodeArea(coarse);
      // The cell holds the point, up to the rounding of the cell's bounds.
      expect(longitude >= area.longitudeMin - 1e-9 && longitude <= area.longitudeMax + 1e-9).toBe(true);
      expect(latitude >= area.latitudeMin - 1e-9 && latitude <= area.latitudeMax + 1e-9).toBe(true);
      // (Above 2^53, at the very edge of the range, [min, max) rounds to nothing, in Redis too.)
      const [min, max] = scoreRange(coarse);
      const score = encodeScore(longitude, latitude);
      if (score < 2 ** 53) expect(min <= score && score < max).toBe(true);
    }), { numRuns: 1000 });
  });

  it('refuses points outside the Mercator limits', () => {
    expect(encode(LONGITUDE_RANGE, LATITUDE_RANGE, 180.0000001, 0, 26)).toBeUndefined();
    expect(encode(LONGITUDE_RANGE, LATITUDE_RANGE, 0, 85.051129, 26)).toBeUndefined();
  });

  it('finds neighbours that step one cell and come back, wrapping around the antimeridian', () => {
    fc.assert(fc.property(position, fc.integer({ min: 1, max: 26 }), ([longitude, latitude], step) => {
      const hash = encode(LONGITUDE_RANGE, LATITUDE_RANGE, Math.min(longitude, 179.9), Math.min(latitude, 85), step)!;
      const around = neighbours(hash);
      expect(neighbours(around.east).west).toEqual(hash);
      expect(neighbours(around.north).south).toEqual(hash);
      expect(neighbours(around.northEast).southWest).toEqual(hash);
      const area = decodeArea(hash);
      const east = decodeArea(around.east);
      if (area.longitudeMax < 180) expect(east.longitudeMin).toBeCloseTo(area.longitudeMax, 9);
    }), { numRuns: 500 });
    const westmost = encode(LONGITUDE_RANGE, LATITUDE_RANGE, -180, 0, 4)!;
    expect(decodeArea(neighbours(westmost).west).longitudeMax).toBe(180);
  });
});
