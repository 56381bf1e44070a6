/**
 * GEOADD, GEOPOS, GEOHASH and GEODIST over the sorted set that holds a geo index. GEOADD is ZADD
 * with the step-26 geohash as the score, as Redis runs it (it rewrites itself into ZADD): NX, XX
 * and CH before the triples, every position checked before the key is looked up, and a syntax
 * error for NX with XX or a count of arguments that is not a multiple of three.
 */
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR } from '../errors.js';
import { readTyped, writeTyped } from '../lookup.js';
import { listpackLimits, prepareNewMember, startsCompact } from '../sorted-sets/common.js';
import { NOTIFY_ZSET } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';
import { parsePosition, unitMeters, UNSUPPORTED_UNIT } from './arguments.js';
import { exactDistance } from './distance.js';
import { coordinateReply, distanceText } from './format.js';
import { decodeScore, encodeScore, standardGeohash } from './geohash.js';

/** GEOADD key [NX | XX] [CH] longitude latitude member [longitude latitude member ...] */
export function geoadd(context: CommandContext, args: readonly ByteString[]): Reply {
  let nx = false;
  let xx = false;
  let ch = false;
  let first = 2;
  for (; first < args.length; first++) {
    if (isKeyword(args[first], 'NX')) nx = true;
    else if (isKeyword(args[first], 'XX')) xx = true;
    else if (isKeyword(args[first], 'CH')) ch = true;
    else break;
  }
  if ((args.length - first) % 3 !== 0 || (nx && xx) || first === args.length) return SYNTAX_ERROR;
  const scores: number[] = [];
  for (let index = first; index < args.length; index += 3) {
    const position = parsePosition(args, index);
    if (position instanceof ErrorReply) return position;
    scores.push(encodeScore(position[0], position[1]));
  }
  const key = args[1];
  const found = writeTyped(context.db, key, SortedSetValue);
  if (found instanceof ErrorReply) return found;
  if (found === undefined && xx) return 0;
  const limits = listpackLimits(context.engine);
  const set = found ?? new SortedSetValue();
  if (found === undefined) set.compact = startsCompact(args[first + 2], limits);
  let added = 0;
  let updated = 0;
  for (let i = 0; i < scores.length; i++) {
    const member = args[first + 3 * i + 2];
    const current = set.score(member);
    if (current === undefined) {
      if (xx) continue;
      prepareNewMember(set, member, limits);
      set.set(member, scores[i]);
      added++;
    } else if (!nx && current !== scores[i]) {
      set.move(member, current, scores[i]);
      updated++;
    }
  }
  if (found === undefined) {
    if (set.size > 0) {
      context.db.set(key, set);
      context.db.signalReady(key);
    }
  } else if (added + updated > 0) {
    context.db.touch(key);
  }
  // GEOADD runs as ZADD in Redis, and notifies as it.
  if (added + updated > 0) context.notify(NOTIFY_ZSET, 'zadd', key);
  return ch ? added + updated : added;
}

/** GEOPOS key [member [member ...]] */
export function geopos(context: CommandContext, args: readonly ByteString[]): Reply {
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set instanceof ErrorReply) return set;
  const protocol = context.client.protocol;
  return args.slice(2).map((member) => {
    const score = set?.score(member);
    if (score === undefined) return NULL_ARRAY;
    const [longitude, latitude] = decodeScore(score);
    return [coordinateReply(longitude, protocol), coordinateReply(latitude, protocol)];
  });
}

/** GEOHASH key [member [member ...]] */
export function geohash(context: CommandContext, args: readonly ByteString[]): Reply {
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set instanceof ErrorReply) return set;
  return args.slice(2).map((member) => {
    const score = set?.score(member);
    return score === undefined ? null : standardGeohash(score);
  });
}

/** GEODIST key member1 member2 [M | KM | FT | MI]: the unit is checked before the key is read. */
export function geodist(context: CommandContext, args: readonly ByteString[]): Reply {
  let toMeters = 1;
  if (args.length === 5) {
    const unit = unitMeters(args[4]);
    if (unit === undefined) return UNSUPPORTED_UNIT;
    toMeters = unit;
  } else if (args.length > 5) {
    return SYNTAX_ERROR;
  }
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? null;
  const first = set.score(args[2]);
  const second = set.score(args[3]);
  if (first === undefined || second === undefined) return null;
  const [longitude1, latitude1] = decodeScore(first);
  const [longitude2, latitude2] = decodeScore(second);
  return distanceText(exactDistance(longitude1, latitude1, longitude2, latitude2) / toMeters);
}
