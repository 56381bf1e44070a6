/**
 * Workload generators for the geo commands, for the extended stream (workload-extended.ts):
 * GEOADD with NX/XX/CH (logged as typed), GEOSEARCHSTORE and GEORADIUS[BYMEMBER] … STORE or
 * STOREDIST from a source on any shard (logged as the sorted set they stored), and the searches
 * and reads (GEOSEARCH, GEOPOS, GEODIST) as pure reads. Members are the workload's own. Keys
 * are the workload's shared ones half of the time — ZADD's small integer scores decode as
 * positions too, and strings, lists and expired keys meet the geo commands (WRONGTYPE, missing
 * sources) — and otherwise two geo keys of their own (one in the `{t}` slot, so stores between
 * them stay on one shard while stores to the others cross shards), which only FLUSHDB and the
 * geo commands touch, so that searches find members and the stores store real sets.
 */
import type { Random } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import { key, MEMBERS, pick, type Generator } from './workload.js';

/** A few places around Sicily, close enough for searches to find several, and two far ones. */
const PLACES: ReadonlyArray<readonly [string, string]> = [
  ['13.361389', '38.115556'], ['15.087269', '37.502669'], ['13.583333', '37.316667'], ['15.554', '38.1938'],
  ['15.2866', '37.0755'], ['-0.1278', '51.5074'], ['179.99', '-12.5'],
];
const RADII = ['10 km', '150 km', '500 km', '3000 mi', '20000 km'];
const GEO_KEYS = ['geo', '{t}geo'];

/** A geo key of this family's own, or (half of the time) one of the workload's shared keys. */
function geoKey(r: Random): string {
  return randomInteger(r, 0, 1) === 0 ? pick(r, GEO_KEYS) : key(r);
}

function place(r: Random): string[] {
  const [longitude, latitude] = pick(r, PLACES);
  // A small offset so members rarely share a position.
  return [(Number(longitude) + randomInteger(r, -50, 50) / 1000).toFixed(4), latitude];
}

function radius(r: Random): string[] {
  return pick(r, RADII).split(' ');
}

export const GEO_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [4, (r) => ['GEOADD', geoKey(r), ...pick(r, [[], [], ['NX'], ['XX'], ['CH']]), ...place(r), pick(r, MEMBERS), ...place(r), pick(r, MEMBERS)]],
  [2, (r) => ['GEOSEARCHSTORE', geoKey(r), geoKey(r), 'FROMMEMBER', pick(r, MEMBERS), 'BYRADIUS', ...radius(r), ...pick(r, [[], ['STOREDIST'], ['COUNT', '2', 'DESC']])]],
  [1, (r) => ['GEOSEARCHSTORE', geoKey(r), geoKey(r), 'FROMLONLAT', ...place(r), 'BYBOX', '400', '300', 'km', 'COUNT', '3', 'ANY', 'STOREDIST']],
  [1, (r) => ['GEORADIUS', geoKey(r), ...place(r), ...radius(r), pick(r, ['STORE', 'STOREDIST']), geoKey(r)]],
  [1, (r) => ['GEORADIUSBYMEMBER', geoKey(r), pick(r, MEMBERS), ...radius(r), 'ASC', pick(r, ['STORE', 'STOREDIST']), geoKey(r)]],
  [1, (r) => ['GEOSEARCH', geoKey(r), 'FROMLONLAT', ...place(r), 'BYRADIUS', ...radius(r), 'WITHDIST', 'ASC']],
  [1, (r) => ['GEOPOS', geoKey(r), pick(r, MEMBERS), pick(r, MEMBERS)]],
  [1, (r) => ['GEODIST', geoKey(r), pick(r, MEMBERS), pick(r, MEMBERS), 'km']],
];
