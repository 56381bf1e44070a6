/**
 * Distances on the sphere and the geometry of a search, as Redis 7.0 computes them
 * (geohash_helper.c): the haversine formula over Redis's earth radius, the latitude-only
 * shortcut when two longitudes are equal, the search's bounding box and the step estimate, with
 * the C code's operations in its order.
 *
 * Two versions of the haversine distance: `exactDistance` with correctly rounded sin/cos/asin
 * (rounded-math.ts), which agrees with redis-server's glibc to the last bit all but about twice
 * in a thousand, and `fastDistance` with Math.*, a few ulps away, at a fraction of the cost. A
 * search filters and sorts with the fast one and asks for the exact one wherever the difference
 * could show (isUncertain): a value within UNCERTAINTY of a boundary, near-antipodal points
 * (where asin magnifies every error), and any value printed or stored with all its digits.
 */
import { roundedAsin, roundedCos, roundedSin } from './rounded-math.js';

/** M_PI / 180, as Redis's D_R. */
const DEGREES_TO_RADIANS = Math.PI / 180;
export const EARTH_RADIUS_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;

function degreesToRadians(degrees: number): number {
  return degrees * DEGREES_TO_RADIANS;
}

function radiansToDegrees(radians: number): number {
  return radians / DEGREES_TO_RADIANS;
}

/** The distance along a meridian between two latitudes (geohashGetLatDistance). */
export function latitudeDistance(latitude1: number, latitude2: number): number {
  return EARTH_RADIUS_METERS * Math.abs(degreesToRadians(latitude2) - degreesToRadians(latitude1));
}

/** The great-circle distance in meters (geohashGetDistance), as redis-server computes it. */
export function exactDistance(longitude1: number, latitude1: number, longitude2: number, latitude2: number): number {
  const v = roundedSin((degreesToRadians(longitude2) - degreesToRadians(longitude1)) / 2);
  if (v === 0) return latitudeDistance(latitude1, latitude2);
  const latitude1Radians = degreesToRadians(latitude1);
  const latitude2Radians = degreesToRadians(latitude2);
  const u = roundedSin((latitude2Radians - latitude1Radians) / 2);
  const a = u * u + roundedCos(latitude1Radians) * roundedCos(latitude2Radians) * v * v;
  return 2.0 * EARTH_RADIUS_METERS * roundedAsin(Math.sqrt(a));
}

/** exactDistance with Math.sin/cos/asin: within a few ulps of it (see isUncertain). */
export function fastDistance(longitude1: number, latitude1: number, longitude2: number, latitude2: number): number {
  const v = Math.sin((degreesToRadians(longitude2) - degreesToRadians(longitude1)) / 2);
  if (v === 0) return latitudeDistance(latitude1, latitude2);
  const latitude1Radians = degreesToRadians(latitude1);
  const latitude2Radians = degreesToRadians(latitude2);
  const u = Math.sin((latitude2Radians - latitude1Radians) / 2);
  const a = u * u + Math.cos(latitude1Radians) * Math.cos(latitude2Radians) * v * v;
  return 2.0 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(a));
}

/**
 * Relative distance within which a fast distance may fall on either side of an exact value:
 * each of its five libm calls is within 1.6 ulps of the correctly rounded one, which a sum of
 * squares, a square root and asin (away from 1) turn into at most about 20 ulps (4.4e-15); the
 * margin is twenty times that.
 */
export const UNCERTAINTY = 1e-13;
/** Beyond 0.9·π·R (18,000 km) the points are nearly antipodal and asin's slope makes any bound loose. */
const NEAR_ANTIPODAL_METERS = 0.9 * Math.PI * EARTH_RADIUS_METERS;

/** Whether a fast distance may be far from the exact one: nearly antipodal points, or not a number. */
export function isLoose(fastMeters: number): boolean {
  return !(fastMeters <= NEAR_ANTIPODAL_METERS);
}

/** Whether a fast distance cannot tell on which side of `limit` the exact one falls. */
export function isUncertain(fastMeters: number, limit: number): boolean {
  return isLoose(fastMeters) || Math.abs(fastMeters - limit) <= UNCERTAINTY * fastMeters;
}

/** The step of the nine cells a search walks, from its radius (geohashEstimateStepsByRadius). */
export function estimateStep(rangeMeters: number, latitude: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  let range = rangeMeters;
  while (range < MERCATOR_MAX) {
    range *= 2;
    step++;
  }
  step -= 2;
  if (latitude > 66 || latitude < -66) {
    step--;
    if (latitude > 80 || latitude < -80) step--;
  }
  return Math.min(26, Math.max(1, step));
}

/** A search bounding box in degrees. */
export interface Bounds {
  readonly longitudeMin: number;
  readonly latitudeMin: number;
  readonly longitudeMax: number;
  readonly latitudeMax: number;
}

/**
 * The bounding box of a search (geohashBoundingBox): half extents in meters around the center,
 * widened in longitude at the parallel nearer the pole (the edge away from the equator).
 */
export function boundingBox(longitude: number, latitude: number, halfWidthMeters: number, halfHeightMeters: number): Bounds {
  const latitudeDelta = radiansToDegrees(halfHeightMeters / EARTH_RADIUS_METERS);
  const longitudeDeltaTop = radiansToDegrees(halfWidthMeters / EARTH_RADIUS_METERS / roundedCos(degreesToRadians(latitude + latitudeDelta)));
  const longitudeDeltaBottom = radiansToDegrees(halfWidthMeters / EARTH_RADIUS_METERS / roundedCos(degreesToRadians(latitude - latitudeDelta)));
  const southern = latitude < 0;
  return {
    longitudeMin: southern ? longitude - longitudeDeltaBottom : longitude - longitudeDeltaTop,
    longitudeMax: southern ? longitude + longitudeDeltaBottom : longitude + longitudeDeltaTop,
    latitudeMin: latitude - latitudeDelta,
    latitudeMax: latitude + latitudeDelta,
  };
}
