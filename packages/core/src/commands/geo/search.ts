/**
 * The geo search as Redis 7.0 runs it (geohashCalculateAreasByShapeWGS84, membersOfAllNeighbors):
 * estimate a step from the radius (or the box's half diagonal), take the center's cell at that
 * step and its eight neighbours, drop one step when a neighbour does not reach the bounding
 * box, drop the neighbours the box does not reach, then walk each remaining cell's score range
 * in the sorted set and keep the members inside the circle or box. The order of the cells
 * (center, N, S, E, W, NE, NW, SE, SW) and of the members inside each (score order) is the
 * order of an unsorted reply, and where COUNT … ANY stops.
 */
import type { SortedSetValue } from '../../keyspace/sorted-set.js';
import type { ByteString } from '../../resp/byte-string.js';
import { assert } from '../../assert.js';
import { boundingBox, estimateStep, exactDistance, fastDistance, isLoose, isUncertain, latitudeDistance, UNCERTAINTY, type Bounds } from './distance.js';
import { decodeArea, decodeScoreInto, encode, LATITUDE_RANGE, LONGITUDE_RANGE, neighbours, NO_CELL, scoreRange, type GeoHash } from './geohash.js';

/** What to search: a circle or an axis-aligned box around a point, sizes in `conversion` units. */
export type GeoShape =
  | { readonly kind: 'radius'; readonly longitude: number; readonly latitude: number; readonly conversion: number; readonly radius: number }
  | { readonly kind: 'box'; readonly longitude: number; readonly latitude: number; readonly conversion: number;
    readonly width: number; readonly height: number };

/**
 * A member found: its decoded position, its score, its place in the walk, and its distance from
 * the center in meters — the fast distance until `exact` says it was made exact (see distance.ts).
 */
export interface GeoPoint {
  readonly member: ByteString;
  readonly longitude: number;
  readonly latitude: number;
  readonly score: number;
  readonly index: number;
  meters: number;
  exact: boolean;
}

/** The point's distance as redis-server computes it (computed once, then kept). */
export function exactMeters(shape: GeoShape, point: GeoPoint): number {
  if (!point.exact) {
    point.meters = exactDistance(shape.longitude, shape.latitude, point.longitude, point.latitude);
    point.exact = true;
  }
  return point.meters;
}

function shapeBounds(shape: GeoShape): Bounds {
  const halfHeight = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.height / 2);
  const halfWidth = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.width / 2);
  return boundingBox(shape.longitude, shape.latitude, halfWidth, halfHeight);
}

function cellAt(shape: GeoShape, step: number): GeoHash {
  const hash = encode(LONGITUDE_RANGE, LATITUDE_RANGE, shape.longitude, shape.latitude, step);
  assert(hash !== undefined, 'a search center is a valid position');
  return hash;
}

/** The nine cells to walk, in Redis's order; NO_CELL where a neighbour is excluded. */
export function searchCells(shape: GeoShape): GeoHash[] {
  const bounds = shapeBounds(shape);
  const radiusMeters = (shape.kind === 'radius'
    ? shape.radius
    : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) * shape.conversion;
  let step = estimateStep(radiusMeters, shape.latitude);
  let hash = cellAt(shape, step);
  let around = neighbours(hash);
  const tooCoarse = decodeArea(around.north).latitudeMax < bounds.latitudeMax
    || decodeArea(around.south).latitudeMin > bounds.latitudeMin
    || decodeArea(around.east).longitudeMax < bounds.longitudeMax
    || decodeArea(around.west).longitudeMin > bounds.longitudeMin;
  if (step > 1 && tooCoarse) {
    step--;
    hash = cellAt(shape, step);
    around = neighbours(hash);
  }
  if (step >= 2) {
    const area = decodeArea(hash);
    if (area.latitudeMin < bounds.latitudeMin) around.south = around.southWest = around.southEast = NO_CELL;
    if (area.latitudeMax > bounds.latitudeMax) around.north = around.northEast = around.northWest = NO_CELL;
    if (area.longitudeMin < bounds.longitudeMin) around.west = around.southWest = around.northWest = NO_CELL;
    if (area.longitudeMax > bounds.longitudeMax) around.east = around.southEast = around.northEast = NO_CELL;
  }
  return [hash, around.north, around.south, around.east, around.west, around.northEast, around.northWest, around.southEast, around.southWest];
}

/**
 * Whether a position is inside the shape (geoWithinShape), deciding as redis-server would: the
 * fast distance where it is clearly on one side, the exact one near the boundary. Returns the
 * distance from the center (fast or exact, as `exact` records), or undefined when outside.
 */
function withinShape(shape: GeoShape, longitude: number, latitude: number, exact: { value: boolean }): number | undefined {
  exact.value = false;
  if (shape.kind === 'radius') {
    const limit = shape.radius * shape.conversion;
    // The great-circle distance is never below the distance between the two parallels (exact
    // arithmetic here): a point whose parallel is clearly beyond the radius is out, as it is in Redis.
    if (latitudeDistance(latitude, shape.latitude) > limit * (1 + UNCERTAINTY)) return undefined;
    let meters = fastDistance(shape.longitude, shape.latitude, longitude, latitude);
    if (isUncertain(meters, limit)) {
      meters = exactDistance(shape.longitude, shape.latitude, longitude, latitude);
      exact.value = true;
    }
    return meters > limit ? undefined : meters;
  }
  // geohashGetDistanceIfInRectangle: the latitude distance (exact arithmetic) first, then the
  // distance along the point's own parallel, then the distance to return.
  if (latitudeDistance(latitude, shape.latitude) > (shape.height * shape.conversion) / 2) return undefined;
  const halfWidth = (shape.width * shape.conversion) / 2;
  let along = fastDistance(longitude, latitude, shape.longitude, latitude);
  if (isUncertain(along, halfWidth)) along = exactDistance(longitude, latitude, shape.longitude, latitude);
  if (along > halfWidth) return undefined;
  return fastDistance(shape.longitude, shape.latitude, longitude, latitude);
}

const position = new Float64Array(2);

/** Appends the members of one cell inside the shape, stopping at `limit` found in all (0: no limit). */
function membersOfCell(set: SortedSetValue, cell: GeoHash, shape: GeoShape, found: GeoPoint[], limit: number): void {
  const [min, max] = scoreRange(cell);
  const first = set.firstInScoreRange({ min, max, minExclusive: false, maxExclusive: true });
  if (first < 0) return;
  const exact = { value: false };
  set.walk(first, false, (member, score) => {
    if (!(score < max)) return false;
    decodeScoreInto(score, position);
    const longitude = position[0];
    const latitude = position[1];
    const meters = withinShape(shape, longitude, latitude, exact);
    if (meters !== undefined) found.push({ member, longitude, latitude, score, index: found.length, meters, exact: exact.value });
    return !(found.length > 0 && limit > 0 && found.length >= limit);
  });
}

/**
 * The members inside the shape in walk order, at most `limit` when it is not 0 (COUNT … ANY). A
 * cell equal to the last one walked is skipped (large radii make neighbours coincide), but only
 * that one, and never by comparison with the center cell: Redis's rule, duplicates included.
 */
export function membersInShape(set: SortedSetValue, shape: GeoShape, limit: number): GeoPoint[] {
  const cells = searchCells(shape);
  const found: GeoPoint[] = [];
  let lastWalked = 0;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (cell.step === 0 && cell.bits === 0n) continue;
    if (lastWalked !== 0 && cell.bits === cells[lastWalked].bits && cell.step === cells[lastWalked].step) continue;
    if (found.length > 0 && limit > 0 && found.length >= limit) break;
    membersOfCell(set, cell, shape, found, limit);
    lastWalked = index;
  }
  return found;
}

/**
 * Sorts by distance, nearest first (or last), equal distances in walk order: glibc's qsort, which
 * redis-server sorts with, is a stable merge sort here. Sorted by the fast distances first; then
 * each run of neighbours too close to order by them is made exact and sorted again, so the
 * order is the order of the exact distances.
 */
export function sortByDistance(shape: GeoShape, points: GeoPoint[], descending: boolean): void {
  const direction = descending ? -1 : 1;
  const byDistance = (a: GeoPoint, b: GeoPoint) =>
    (a.meters > b.meters ? direction : a.meters < b.meters ? -direction : 0) || a.index - b.index;
  for (const point of points) if (isLoose(point.meters)) exactMeters(shape, point);
  points.sort(byDistance);
  let start = 0;
  for (let end = 1; end <= points.length; end++) {
    const close = end < points.length && Math.abs(points[end].meters - points[end - 1].meters) <= UNCERTAINTY * Math.max(points[end].meters, points[end - 1].meters);
    if (close) continue;
    if (end - start > 1) {
      const run = points.slice(start, end);
      for (const point of run) exactMeters(shape, point);
      run.sort(byDistance);
      for (let i = 0; i < run.length; i++) points[start + i] = run[i];
    }
    start = end;
  }
}
