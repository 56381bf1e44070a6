/**
 * The geohash Redis 7.0 keeps geo members by (geohash.c): each coordinate is scaled to
 * `step` bits over its range (longitude ±180, latitude ±85.05112878, the Web Mercator limits)
 * and the two are interleaved, latitude on the even bit positions and longitude on the odd ones,
 * so the top bit is longitude's. At step 26 the 52-bit integer, as a double, is the member's
 * sorted-set score, which is why ZADD and ZRANGE see geo members as Redis does.
 *
 * Every step mirrors the C arithmetic operation for operation (double divisions and products in
 * the same order, truncation to uint32, uint64 wrap-around), so a score decodes to the same
 * double coordinates digit for digit. A hash is held as two uint32 halves on the hot paths
 * (GEOADD, decoding a member during a search) and as a bigint where 64-bit masks are handier
 * (neighbour cells, once per search).
 */

export const GEO_STEP_MAX = 26;
export const LONGITUDE_MIN = -180;
export const LONGITUDE_MAX = 180;
export const LATITUDE_MIN = -85.05112878;
export const LATITUDE_MAX = 85.05112878;

export interface CoordinateRange {
  readonly min: number;
  readonly max: number;
}

export const LONGITUDE_RANGE: CoordinateRange = { min: LONGITUDE_MIN, max: LONGITUDE_MAX };
export const LATITUDE_RANGE: CoordinateRange = { min: LATITUDE_MIN, max: LATITUDE_MAX };

/** A cell: `step` bits per coordinate, interleaved. Step 0 with bits 0 is "no cell" (Redis's GZERO). */
export interface GeoHash {
  readonly bits: bigint;
  readonly step: number;
}

export const NO_CELL: GeoHash = { bits: 0n, step: 0 };

/** The bounds of a cell. */
export interface GeoArea {
  readonly longitudeMin: number;
  readonly longitudeMax: number;
  readonly latitudeMin: number;
  readonly latitudeMax: number;
}

const TWO_TO_32 = 4294967296;
const TWO_TO_63 = 9223372036854775808;
const TWO_TO_64 = 18446744073709551616;
const UINT64_MASK = (1n << 64n) - 1n;

/** SPREAD[b]: the 8 bits of b moved to the even positions of 16 bits. */
const SPREAD = new Uint16Array(256);
for (let byte = 0; byte < 256; byte++) {
  let spread = 0;
  for (let bit = 0; bit < 8; bit++) spread |= ((byte >> bit) & 1) << (2 * bit);
  SPREAD[byte] = spread;
}

/** The low 16 bits of `value` on the even positions of a uint32. */
function spread16(value: number): number {
  return (SPREAD[value & 0xff] | (SPREAD[(value >>> 8) & 0xff] << 16)) >>> 0;
}

/** The even bits of a uint32, packed into 16 bits. */
function compact16(value: number): number {
  let x = value & 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  return (x | (x >>> 8)) & 0x0000ffff;
}

/** interleave64: latitude (uint32) on the even bits, longitude (uint32) on the odd ones; [high, low] halves. */
function interleave(latitudeBits: number, longitudeBits: number): [number, number] {
  const low = (spread16(latitudeBits & 0xffff) | (spread16(longitudeBits & 0xffff) << 1)) >>> 0;
  const high = (spread16(latitudeBits >>> 16) | (spread16(longitudeBits >>> 16) << 1)) >>> 0;
  return [high, low];
}

/** deinterleave64 of the halves: [latitude, longitude] as uint32. */
function deinterleave(high: number, low: number): [number, number] {
  const latitude = (compact16(low) | (compact16(high) << 16)) >>> 0;
  const longitude = (compact16(low >>> 1) | (compact16(high >>> 1) << 16)) >>> 0;
  return [latitude, longitude];
}

/** `value` scaled to `step` bits over `range` and truncated to uint32, as geohashEncode does. */
function scaled(value: number, range: CoordinateRange, step: number): number {
  const offset = (value - range.min) / (range.max - range.min);
  return Math.trunc(offset * 2 ** step) >>> 0;
}

/** Whether geohashEncode accepts the point (it checks the Mercator limits whatever the ranges). */
export function isEncodable(longitude: number, latitude: number): boolean {
  return longitude >= LONGITUDE_MIN && longitude <= LONGITUDE_MAX && latitude >= LATITUDE_MIN && latitude <= LATITUDE_MAX;
}

/** The step-26 hash of a valid point as a sorted-set score (geohashEncodeWGS84 + geohashAlign52Bits). */
export function encodeScore(longitude: number, latitude: number): number {
  const [high, low] = interleave(scaled(latitude, LATITUDE_RANGE, GEO_STEP_MAX), scaled(longitude, LONGITUDE_RANGE, GEO_STEP_MAX));
  return high * TWO_TO_32 + low;
}

/** geohashEncode over the given ranges; undefined when the point is outside them or the Mercator limits. */
export function encode(longitudeRange: CoordinateRange, latitudeRange: CoordinateRange, longitude: number, latitude: number, step: number): GeoHash | undefined {
  if (!isEncodable(longitude, latitude)) return undefined;
  if (latitude < latitudeRange.min || latitude > latitudeRange.max || longitude < longitudeRange.min || longitude > longitudeRange.max) return undefined;
  const [high, low] = interleave(scaled(latitude, latitudeRange, step), scaled(longitude, longitudeRange, step));
  return { bits: (BigInt(high) << 32n) | BigInt(low), step };
}

/** A score as C converts it to uint64_t on x86-64 (truncation; negatives wrap; out of range as cvttsd2si), in halves. */
function scoreHalves(score: number): [number, number] {
  let value: number;
  if (score >= 0 && score < TWO_TO_64) value = Math.trunc(score);
  else if (score >= TWO_TO_64) value = 0;
  else if (score > -TWO_TO_63) return bigintHalves((1n << 64n) + BigInt(Math.trunc(score)));
  else return [0x80000000, 0];
  const high = Math.floor(value / TWO_TO_32);
  return [high, value - high * TWO_TO_32];
}

function bigintHalves(bits: bigint): [number, number] {
  return [Number((bits >> 32n) & 0xffffffffn), Number(bits & 0xffffffffn)];
}

/** geohashDecode of the halves of a hash at `step` over the given ranges. */
function decodeHalves(longitudeRange: CoordinateRange, latitudeRange: CoordinateRange, high: number, low: number, step: number): GeoArea {
  const [latitudeBits, longitudeBits] = deinterleave(high, low);
  const cells = 2 ** step;
  const latitudeScale = latitudeRange.max - latitudeRange.min;
  const longitudeScale = longitudeRange.max - longitudeRange.min;
  // (ilato + 1) is uint32 arithmetic in C: it wraps to 0 for a bogus score's all-ones half.
  return {
    latitudeMin: latitudeRange.min + (latitudeBits / cells) * latitudeScale,
    latitudeMax: latitudeRange.min + (((latitudeBits + 1) >>> 0) / cells) * latitudeScale,
    longitudeMin: longitudeRange.min + (longitudeBits / cells) * longitudeScale,
    longitudeMax: longitudeRange.min + (((longitudeBits + 1) >>> 0) / cells) * longitudeScale,
  };
}

/** The cell of a hash over the Mercator ranges (geohashDecodeWGS84). */
export function decodeArea(hash: GeoHash): GeoArea {
  const [high, low] = bigintHalves(hash.bits);
  return decodeHalves(LONGITUDE_RANGE, LATITUDE_RANGE, high, low, hash.step);
}

const CELLS_AT_STEP_MAX = 2 ** GEO_STEP_MAX;
const LATITUDE_SCALE = LATITUDE_MAX - LATITUDE_MIN;
const LONGITUDE_SCALE = LONGITUDE_MAX - LONGITUDE_MIN;

/**
 * The position a sorted-set score stands for (Redis's decodeGeohash: the step-26 cell's center,
 * clamped), written to out[0] (longitude) and out[1] (latitude). Any score decodes. The search
 * calls this for every member it walks, so it allocates nothing; the arithmetic is decodeHalves'
 * and center's, written out.
 */
export function decodeScoreInto(score: number, out: Float64Array): void {
  let high: number;
  let low: number;
  if (score >= 0 && score < TWO_TO_64) {
    const value = Math.trunc(score);
    high = Math.floor(value / TWO_TO_32);
    low = value - high * TWO_TO_32;
  } else {
    [high, low] = scoreHalves(score);
  }
  const latitudeBits = (compact16(low) | (compact16(high) << 16)) >>> 0;
  const longitudeBits = (compact16(low >>> 1) | (compact16(high >>> 1) << 16)) >>> 0;
  const latitudeMin = LATITUDE_MIN + (latitudeBits / CELLS_AT_STEP_MAX) * LATITUDE_SCALE;
  const latitudeMax = LATITUDE_MIN + (((latitudeBits + 1) >>> 0) / CELLS_AT_STEP_MAX) * LATITUDE_SCALE;
  const longitudeMin = LONGITUDE_MIN + (longitudeBits / CELLS_AT_STEP_MAX) * LONGITUDE_SCALE;
  const longitudeMax = LONGITUDE_MIN + (((longitudeBits + 1) >>> 0) / CELLS_AT_STEP_MAX) * LONGITUDE_SCALE;
  const longitude = (longitudeMin + longitudeMax) / 2;
  const latitude = (latitudeMin + latitudeMax) / 2;
  out[0] = longitude > LONGITUDE_MAX ? LONGITUDE_MAX : longitude < LONGITUDE_MIN ? LONGITUDE_MIN : longitude;
  out[1] = latitude > LATITUDE_MAX ? LATITUDE_MAX : latitude < LATITUDE_MIN ? LATITUDE_MIN : latitude;
}

const decoded = new Float64Array(2);

/** The position a sorted-set score stands for: [longitude, latitude] (see decodeScoreInto). */
export function decodeScore(score: number): [number, number] {
  decodeScoreInto(score, decoded);
  return [decoded[0], decoded[1]];
}

/** The 52-bit score range [min, max) holding every member inside `hash`'s cell (scoresOfGeoHashBox). */
export function scoreRange(hash: GeoHash): [number, number] {
  const shift = BigInt(52 - hash.step * 2);
  const min = (hash.bits << shift) & UINT64_MASK;
  const max = ((hash.bits + 1n) << shift) & UINT64_MASK;
  return [Number(min), Number(max)];
}

/** geohash_move_x / geohash_move_y: one cell east/west (odd bits) or north/south (even bits), wrapping around. */
function move(hash: GeoHash, direction: number, longitude: boolean): GeoHash {
  if (direction === 0) return hash;
  const width = BigInt(64 - hash.step * 2);
  const oddMask = 0xaaaaaaaaaaaaaaaan;
  const evenMask = 0x5555555555555555n;
  const moving = hash.bits & (longitude ? oddMask : evenMask);
  const staying = hash.bits & (longitude ? evenMask : oddMask);
  const filler = (longitude ? evenMask : oddMask) >> width;
  const moved = direction > 0 ? moving + (filler + 1n) : (moving | filler) - (filler + 1n);
  return { bits: ((moved & UINT64_MASK) & ((longitude ? oddMask : evenMask) >> width)) | staying, step: hash.step };
}

/** The eight neighbours of a cell, in Redis's search order after the cell itself. */
export interface Neighbours {
  north: GeoHash;
  south: GeoHash;
  east: GeoHash;
  west: GeoHash;
  northEast: GeoHash;
  northWest: GeoHash;
  southEast: GeoHash;
  southWest: GeoHash;
}

export function neighbours(hash: GeoHash): Neighbours {
  const at = (east: number, north: number) => move(move(hash, east, true), north, false);
  return {
    north: at(0, 1), south: at(0, -1), east: at(1, 0), west: at(-1, 0),
    northEast: at(1, 1), northWest: at(-1, 1), southEast: at(1, -1), southWest: at(-1, -1),
  };
}

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
const STANDARD_LATITUDE_RANGE: CoordinateRange = { min: -90, max: 90 };

/**
 * GEOHASH's 11-character string: the member's position decoded, then re-encoded over the
 * standard latitude range ±90 (not ±85.05), 5 bits a character from the top of the 52; the
 * 11th character has no bits left and is always '0'.
 */
export function standardGeohash(score: number): string {
  const [longitude, latitude] = decodeScore(score);
  const hash = encode(LONGITUDE_RANGE, STANDARD_LATITUDE_RANGE, longitude, latitude, GEO_STEP_MAX);
  const bits = hash?.bits ?? 0n;
  let text = '';
  for (let index = 0; index < 10; index++) text += BASE32[Number((bits >> BigInt(52 - (index + 1) * 5)) & 0x1fn)];
  return `${text}0`;
}
