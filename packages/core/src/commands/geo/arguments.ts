/**
 * The geo commands' argument readers, with Redis 7.0's checks and error texts in its order:
 * a longitude/latitude pair (each a double as getDoubleFromObject reads it, then the Mercator
 * limits), a unit (m, km, ft, mi in any case), a radius and a box.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply } from '../../resp/reply.js';
import { NOT_FLOAT } from '../errors.js';
import { parseScore } from '../sorted-sets/score-parsing.js';
import { formatFixed } from './format.js';
import { isEncodable } from './geohash.js';

export const UNSUPPORTED_UNIT = new ErrorReply('ERR unsupported unit provided. please use M, KM, FT, MI');
const NEED_NUMERIC_RADIUS = new ErrorReply('ERR need numeric radius');
const NEGATIVE_RADIUS = new ErrorReply('ERR radius cannot be negative');
const NEED_NUMERIC_WIDTH = new ErrorReply('ERR need numeric width');
const NEED_NUMERIC_HEIGHT = new ErrorReply('ERR need numeric height');
const NEGATIVE_BOX = new ErrorReply('ERR height or width cannot be negative');

/** Meters per unit (extractUnitOrReply), or undefined for an unknown unit. */
export function unitMeters(unit: ByteString): number | undefined {
  switch (unit.toLowerCase()) {
    case 'm': return 1;
    case 'km': return 1000;
    case 'ft': return 0.3048;
    case 'mi': return 1609.34;
    default: return undefined;
  }
}

/** `longitude latitude` at args[index] (extractLongLatOrReply): [longitude, latitude] or the error. */
export function parsePosition(args: readonly ByteString[], index: number): [number, number] | ErrorReply {
  const longitude = parseScore(args[index]);
  if (longitude === undefined) return NOT_FLOAT;
  const latitude = parseScore(args[index + 1]);
  if (latitude === undefined) return NOT_FLOAT;
  if (!isEncodable(longitude, latitude)) {
    return new ErrorReply(`ERR invalid longitude,latitude pair ${formatFixed(longitude, 6)},${formatFixed(latitude, 6)}`);
  }
  return [longitude, latitude];
}

/** `radius unit` at args[index] (extractDistanceOrReply): { radius, conversion } or the error. */
export function parseRadius(args: readonly ByteString[], index: number): { radius: number; conversion: number } | ErrorReply {
  const radius = parseScore(args[index]);
  if (radius === undefined) return NEED_NUMERIC_RADIUS;
  if (radius < 0) return NEGATIVE_RADIUS;
  const conversion = unitMeters(args[index + 1]);
  if (conversion === undefined) return UNSUPPORTED_UNIT;
  return { radius, conversion };
}

/** `width height unit` at args[index] (extractBoxOrReply): { width, height, conversion } or the error. */
export function parseBox(args: readonly ByteString[], index: number): { width: number; height: number; conversion: number } | ErrorReply {
  const width = parseScore(args[index]);
  if (width === undefined) return NEED_NUMERIC_WIDTH;
  const height = parseScore(args[index + 1]);
  if (height === undefined) return NEED_NUMERIC_HEIGHT;
  if (height < 0 || width < 0) return NEGATIVE_BOX;
  const conversion = unitMeters(args[index + 2]);
  if (conversion === undefined) return UNSUPPORTED_UNIT;
  return { width, height, conversion };
}
