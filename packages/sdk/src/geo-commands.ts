/**
 * The hand-typed geo commands: GEOADD with its conditions, GEODIST, GEOPOS, GEOHASH, and
 * GEOSEARCH / GEOSEARCHSTORE with the centre and the area as objects instead of keyword soup.
 * Replies are the same values under RESP2 (distances and coordinates as bulk strings) and RESP3
 * (coordinates as doubles): numbers, `null` for a missing member.
 */
import type { Reply } from '@ballast/core';
import { bulk, double, integer, isNull, text, type Bulk } from './decoders.js';
import type { Argument } from './request-encoder.js';

/** The distance units Redis knows: metres, kilometres, feet, miles. */
export type GeoUnit = 'm' | 'km' | 'ft' | 'mi';

export interface GeoCoordinates {
  longitude: number;
  latitude: number;
}

/** A member and where it is, for GEOADD. */
export interface GeoMember extends GeoCoordinates {
  member: Argument;
}

/** GEOADD's conditions. */
export interface GeoAddOptions {
  /** Only add new members, never move existing ones. */
  nx?: boolean;
  /** Only move existing members, never add new ones. */
  xx?: boolean;
  /** Count moved members as well as added ones. */
  ch?: boolean;
}

/** Where a search is centred: on a member of the set, or on a point. */
export type GeoSearchFrom = { member: Argument } | GeoCoordinates;

/** The area searched around the centre: a circle, or a box (its width along the longitude). */
export type GeoSearchBy = { radius: number; unit: GeoUnit } | { width: number; height: number; unit: GeoUnit };

export interface GeoSearchOptions {
  /** Nearest first (ASC) or farthest first (DESC); in the set's order when absent. */
  order?: 'ASC' | 'DESC';
  /** At most this many matches. */
  count?: number;
  /** With `count`: stop at the first `count` matches found, not the nearest ones (faster). */
  any?: boolean;
}

/** GEOSEARCH's options when each match should come with more than its name. */
export interface GeoSearchWithOptions extends GeoSearchOptions {
  /** The distance from the centre, in the search's unit. */
  withDist?: boolean;
  /** The 52-bit geohash the set stores as the member's score. */
  withHash?: boolean;
  withCoord?: boolean;
}

export interface GeoSearchStoreOptions extends GeoSearchOptions {
  /** Store each match with its distance from the centre as its score, not its geohash. */
  storeDist?: boolean;
}

/** One match of GEOSEARCH; each optional field is there exactly when it was asked for. */
export interface GeoSearchMatch<S extends Bulk> {
  member: S;
  distance?: number;
  hash?: number;
  coordinates?: GeoCoordinates;
}

export interface GeoCommands<S extends Bulk> {
  /** Adds or moves members; resolves to how many were added (or changed, with `ch`). */
  geoadd(key: Argument, members: readonly GeoMember[], options?: GeoAddOptions): number;
  /** The distance between two members (metres by default), null when either is missing. */
  geodist(key: Argument, member1: Argument, member2: Argument, unit?: GeoUnit): number | null;
  geopos(key: Argument, members: Argument | readonly Argument[]): Array<GeoCoordinates | null>;
  /** Each member's 11-character geohash, null for a missing member. */
  geohash(key: Argument, members: Argument | readonly Argument[]): Array<string | null>;
  /** The members inside the area. */
  geosearch(key: Argument, from: GeoSearchFrom, by: GeoSearchBy, options?: GeoSearchOptions): S[];
  /** The members inside the area, each with what `options` asked for. */
  geosearchWith(key: Argument, from: GeoSearchFrom, by: GeoSearchBy, options: GeoSearchWithOptions): Array<GeoSearchMatch<S>>;
  /** Stores the matches as a sorted set at `destination`; resolves to how many there were. */
  geosearchstore(destination: Argument, source: Argument, from: GeoSearchFrom, by: GeoSearchBy, options?: GeoSearchStoreOptions): number;
}

export function geoaddArguments(members: readonly GeoMember[], options: GeoAddOptions | undefined): Argument[] {
  const out: Argument[] = [];
  if (options?.nx) out.push('NX');
  if (options?.xx) out.push('XX');
  if (options?.ch) out.push('CH');
  for (const { longitude, latitude, member } of members) out.push(longitude, latitude, member);
  return out;
}

/** FROMMEMBER/FROMLONLAT, BYRADIUS/BYBOX, then ASC/DESC and COUNT [ANY], as GEOSEARCH and GEOSEARCHSTORE share them. */
export function geosearchArguments(from: GeoSearchFrom, by: GeoSearchBy, options: GeoSearchOptions | undefined): Argument[] {
  const out: Argument[] = 'member' in from ? ['FROMMEMBER', from.member] : ['FROMLONLAT', from.longitude, from.latitude];
  if ('radius' in by) out.push('BYRADIUS', by.radius, by.unit);
  else out.push('BYBOX', by.width, by.height, by.unit);
  if (options?.order !== undefined) out.push(options.order);
  if (options?.count !== undefined) out.push('COUNT', options.count, ...(options.any ? ['ANY'] : []));
  return out;
}

export function geosearchWithArguments(options: GeoSearchWithOptions): Argument[] {
  const out: Argument[] = [];
  if (options.withDist) out.push('WITHDIST');
  if (options.withHash) out.push('WITHHASH');
  if (options.withCoord) out.push('WITHCOORD');
  return out;
}

function items(reply: Reply): readonly Reply[] {
  if (Array.isArray(reply)) return reply as readonly Reply[];
  throw new TypeError(`expected an array, got ${String(reply)}`);
}

function coordinates(reply: Reply): GeoCoordinates {
  const [longitude, latitude] = items(reply);
  return { longitude: double(longitude), latitude: double(latitude) };
}

export function geoPositions(reply: Reply): Array<GeoCoordinates | null> {
  return items(reply).map((item) => (isNull(item) ? null : coordinates(item)));
}

export function geoHashes(reply: Reply): Array<string | null> {
  return items(reply).map((item) => (isNull(item) ? null : text(item)));
}

/**
 * A match is its name alone, or an array of its name and what was asked for, always in the
 * order distance (a bulk string), hash (an integer), coordinates (an array); the kinds differ,
 * so each is known by its shape.
 */
export function geoSearchMatches(reply: Reply, buffers: boolean): Array<GeoSearchMatch<Bulk>> {
  return items(reply).map((item) => {
    if (!Array.isArray(item)) return { member: bulk(item, buffers) };
    const [member, ...details] = item as readonly Reply[];
    const match: GeoSearchMatch<Bulk> = { member: bulk(member, buffers) };
    for (const detail of details) {
      if (typeof detail === 'string') match.distance = double(detail);
      else if (Array.isArray(detail)) match.coordinates = coordinates(detail);
      else match.hash = integer(detail);
    }
    return match;
  });
}
