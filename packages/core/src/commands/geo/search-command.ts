/**
 * GEORADIUS, GEORADIUSBYMEMBER (and their _RO forms), GEOSEARCH and GEOSEARCHSTORE: one generic
 * function as Redis's georadiusGeneric, with its order of checks — the source's type, the
 * center and radius of the GEORADIUS forms, the options left to right (each failing at once),
 * then STORE with a WITH option, a missing FROM or BY option, ANY without COUNT, and only then
 * a missing source (an empty reply, or the destination deleted and 0). COUNT without ANY sorts
 * nearest first.
 * STORE/STOREDIST replace the destination with a sorted set of the members found scored by their
 * geohash (ZRANGE sees them as the source holds them) or by their distance in the unit asked.
 */
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import { readTyped } from '../lookup.js';
import { storeScored, type ScoredMember } from '../sorted-sets/common.js';
import { NOTIFY_GENERIC } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';
import { parseBox, parsePosition, parseRadius } from './arguments.js';
import { coordinateReply, distanceText } from './format.js';
import { decodeScore } from './geohash.js';
import { UNCERTAINTY } from './distance.js';
import { exactMeters, membersInShape, sortByDistance, type GeoPoint, type GeoShape } from './search.js';

/** Which command is running: where its arguments start and what it accepts. */
export interface SearchSyntax {
  /** GEORADIUS: a center `longitude latitude`; GEORADIUSBYMEMBER: a member; GEOSEARCH: FROM… options. */
  readonly center: 'position' | 'member' | 'options';
  /** Accepts STORE/STOREDIST destination (GEORADIUS, GEORADIUSBYMEMBER). */
  readonly store: boolean;
  /** GEOSEARCHSTORE: destination at 1, source at 2, a STOREDIST flag. */
  readonly searchStore?: boolean;
}

const COULD_NOT_DECODE = new ErrorReply('ERR could not decode requested zset member');
const COUNT_NOT_POSITIVE = new ErrorReply('ERR COUNT must be > 0');
const ANY_WITHOUT_COUNT = new ErrorReply('ERR the ANY argument requires COUNT argument');

interface SearchOptions {
  withDistance: boolean;
  withHash: boolean;
  withCoordinates: boolean;
  any: boolean;
  sort: 'none' | 'asc' | 'desc';
  count: number;
  store: ByteString | null;
  storeDistance: boolean;
  center: [number, number] | null;
  size: { radius: number; conversion: number } | { width: number; height: number; conversion: number } | null;
}

/** The center from a member of the source (longLatFromMember), or the error. */
function memberPosition(source: SortedSetValue, member: ByteString): [number, number] | ErrorReply {
  const score = source.score(member);
  return score === undefined ? COULD_NOT_DECODE : decodeScore(score);
}

/** The options after `start`, left to right, as georadiusGeneric reads them. */
function parseOptions(args: readonly ByteString[], start: number, syntax: SearchSyntax, source: SortedSetValue | undefined,
  options: SearchOptions): ErrorReply | undefined {
  const search = syntax.center === 'options';
  const seen = { fromMember: false, fromLocation: false, byRadius: false, byBox: false };
  for (let index = start; index < args.length; index++) {
    const word = args[index];
    const left = args.length - index - 1;
    if (isKeyword(word, 'WITHDIST')) options.withDistance = true;
    else if (isKeyword(word, 'WITHHASH')) options.withHash = true;
    else if (isKeyword(word, 'WITHCOORD')) options.withCoordinates = true;
    else if (isKeyword(word, 'ANY')) options.any = true;
    else if (isKeyword(word, 'ASC')) options.sort = 'asc';
    else if (isKeyword(word, 'DESC')) options.sort = 'desc';
    else if (isKeyword(word, 'COUNT') && left >= 1) {
      const count = parseInt64(args[++index]);
      if (count === undefined) return NOT_INTEGER;
      if (count <= 0n) return COUNT_NOT_POSITIVE;
      options.count = Number(count);
    } else if ((isKeyword(word, 'STORE') || isKeyword(word, 'STOREDIST')) && left >= 1 && syntax.store) {
      options.storeDistance = isKeyword(word, 'STOREDIST');
      options.store = args[++index];
    } else if (isKeyword(word, 'STOREDIST') && syntax.searchStore === true) {
      options.storeDistance = true;
    } else if (isKeyword(word, 'FROMMEMBER') && left >= 1 && search && !seen.fromLocation) {
      const member = args[++index];
      seen.fromMember = true;
      // Without a source the member is not looked up: the reply is empty anyway.
      const position = source === undefined ? ([0, 0] as [number, number]) : memberPosition(source, member);
      if (position instanceof ErrorReply) return position;
      options.center = position;
    } else if (isKeyword(word, 'FROMLONLAT') && left >= 2 && search && !seen.fromMember) {
      const position = parsePosition(args, index + 1);
      if (position instanceof ErrorReply) return position;
      seen.fromLocation = true;
      options.center = position;
      index += 2;
    } else if (isKeyword(word, 'BYRADIUS') && left >= 2 && search && !seen.byBox) {
      const radius = parseRadius(args, index + 1);
      if (radius instanceof ErrorReply) return radius;
      seen.byRadius = true;
      options.size = radius;
      index += 2;
    } else if (isKeyword(word, 'BYBOX') && left >= 3 && search && !seen.byRadius) {
      const box = parseBox(args, index + 1);
      if (box instanceof ErrorReply) return box;
      seen.byBox = true;
      options.size = box;
      index += 3;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return undefined;
}

/** Checks made after every option was read, in Redis's order. */
function checkCombination(args: readonly ByteString[], syntax: SearchSyntax, options: SearchOptions): ErrorReply | undefined {
  if (options.store !== null && (options.withDistance || options.withHash || options.withCoordinates)) {
    const what = syntax.searchStore === true ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS';
    return new ErrorReply(`ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  if (syntax.center === 'options' && options.center === null) {
    return new ErrorReply(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${args[0]}`);
  }
  if (syntax.center === 'options' && options.size === null) {
    return new ErrorReply(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${args[0]}`);
  }
  if (options.any && options.count === 0) return ANY_WITHOUT_COUNT;
  return undefined;
}

/** Reads the center and radius the GEORADIUS forms take before their options. */
function parseFixedCenter(args: readonly ByteString[], syntax: SearchSyntax, source: SortedSetValue | undefined,
  options: SearchOptions): ErrorReply | undefined {
  if (syntax.center === 'position') {
    const position = parsePosition(args, 2);
    if (position instanceof ErrorReply) return position;
    options.center = position;
  } else {
    // GEORADIUSBYMEMBER on a missing key reads neither the member nor the radius.
    if (source === undefined) return undefined;
    const position = memberPosition(source, args[2]);
    if (position instanceof ErrorReply) return position;
    options.center = position;
  }
  const radius = parseRadius(args, syntax.center === 'position' ? 4 : 3);
  if (radius instanceof ErrorReply) return radius;
  options.size = radius;
  return undefined;
}

function shapeOf(options: SearchOptions): GeoShape {
  const [longitude, latitude] = options.center as [number, number];
  const size = options.size as NonNullable<SearchOptions['size']>;
  return 'radius' in size
    ? { kind: 'radius', longitude, latitude, conversion: size.conversion, radius: size.radius }
    : { kind: 'box', longitude, latitude, conversion: size.conversion, width: size.width, height: size.height };
}

function hashReply(score: number): Reply {
  const hash = Math.trunc(score);
  return Number.isSafeInteger(hash) ? hash : BigInt(hash);
}

/** WITHDIST's text: from the fast distance when the exact one cannot print otherwise. */
function distanceReply(shape: GeoShape, point: GeoPoint): string {
  const text = distanceText(point.meters / shape.conversion);
  if (point.exact) return text;
  const low = distanceText((point.meters * (1 - UNCERTAINTY)) / shape.conversion);
  const high = distanceText((point.meters * (1 + UNCERTAINTY)) / shape.conversion);
  return low === text && high === text ? text : distanceText(exactMeters(shape, point) / shape.conversion);
}

function pointReply(point: GeoPoint, options: SearchOptions, shape: GeoShape, protocol: 2 | 3): Reply {
  if (!options.withDistance && !options.withHash && !options.withCoordinates) return point.member;
  const item: Reply[] = [point.member];
  if (options.withDistance) item.push(distanceReply(shape, point));
  if (options.withHash) item.push(hashReply(point.score));
  if (options.withCoordinates) item.push([coordinateReply(point.longitude, protocol), coordinateReply(point.latitude, protocol)]);
  return item;
}

export function geoSearch(context: CommandContext, args: readonly ByteString[], syntax: SearchSyntax): Reply {
  const sourceIndex = syntax.searchStore === true ? 2 : 1;
  const source = readTyped(context.db, args[sourceIndex], SortedSetValue);
  if (source instanceof ErrorReply) return source;
  const options: SearchOptions = {
    withDistance: false, withHash: false, withCoordinates: false, any: false, sort: 'none', count: 0,
    store: syntax.searchStore === true ? args[1] : null, storeDistance: false, center: null, size: null,
  };
  const fixedArguments = syntax.center === 'position' ? 6 : syntax.center === 'member' ? 5 : sourceIndex + 1;
  if (syntax.center !== 'options') {
    const failed = parseFixedCenter(args, syntax, source, options);
    if (failed !== undefined) return failed;
  }
  const failed = parseOptions(args, fixedArguments, syntax, source, options) ?? checkCombination(args, syntax, options);
  if (failed !== undefined) return failed;
  if (source === undefined) {
    if (options.store === null) return [];
    if (context.db.delete(options.store)) context.notify(NOTIFY_GENERIC, 'del', options.store);
    return 0;
  }
  if (options.count !== 0 && options.sort === 'none' && !options.any) options.sort = 'asc';
  const shape = shapeOf(options);
  const points = membersInShape(source, shape, options.any ? options.count : 0);
  if (options.sort !== 'none') sortByDistance(shape, points, options.sort === 'desc');
  const returned = options.count === 0 ? points : points.slice(0, options.count);
  if (options.store === null) return returned.map((point) => pointReply(point, options, shape, context.client.protocol));
  const items: ScoredMember[] = returned.map((point) => [point.member, options.storeDistance ? exactMeters(shape, point) / shape.conversion : point.score]);
  return storeScored(context, options.store, items, syntax.searchStore === true ? 'geosearchstore' : 'georadiusstore');
}
