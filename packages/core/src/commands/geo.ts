/**
 * The geo commands (Redis 7.0 semantics, replies and errors). A geo index is a sorted set whose
 * scores are 52-bit geohashes, so ZRANGE, ZREM and the rest see the same members and scores as
 * Redis. The handlers live in geo/: the geohash, distances and formatting, GEOADD and the member
 * reads, and the searches.
 *
 * How the writes are logged (`logAs`):
 * - GEOADD as typed: its scores come from the coordinates by exact double arithmetic (scaling
 *   and truncation, no transcendental function), so replaying it on its shard stores the same
 *   scores bit for bit.
 * - GEOSEARCHSTORE, and GEORADIUS / GEORADIUSBYMEMBER with STORE or STOREDIST, as the resulting
 *   state of the destination: which members are stored, and STOREDIST's scores, come from
 *   sin/cos/asin, whose last bits are the JavaScript engine's and may differ between versions.
 *   A log replayed by another build must not store another set; and the source may live on
 *   another shard. Without STORE, GEORADIUS changes nothing and logs nothing.
 */
import type { ByteString } from '../resp/byte-string.js';
import { isKeyword } from './arguments.js';
import { geoadd, geodist, geohash, geopos } from './geo/members.js';
import { geoSearch, type SearchSyntax } from './geo/search-command.js';
import { keyedSpecs } from './spec.js';
import type { CommandDefinition } from './types.js';

const geoSpec = keyedSpecs('geo');

const SEARCH_COMPLEXITY = 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.';
const GEOSEARCH_COMPLEXITY = 'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape';
const UNIT = '<M | KM | FT | MI>';
const RADIUS_OPTIONS = '[WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC]';
const SEARCH_AREA = `<FROMMEMBER member | FROMLONLAT longitude latitude> <BYRADIUS radius ${UNIT} | BYBOX width height ${UNIT}>`;

/**
 * Keys of GEORADIUS (`from` 6) and GEORADIUSBYMEMBER (`from` 5) as Redis 7.0's key specs find
 * them (COMMAND GETKEYS agrees): the source, then the argument after the first STORE, then the
 * one after the first STOREDIST, each searched from `from` on.
 */
function radiusKeys(from: number): (args: readonly ByteString[]) => number[] {
  return (args) => {
    const positions = [1];
    for (const keyword of ['STORE', 'STOREDIST']) {
      for (let index = from; index + 1 < args.length; index++) {
        if (isKeyword(args[index], keyword)) {
          positions.push(index + 1);
          break;
        }
      }
    }
    return positions;
  };
}

function radiusCommand(name: string, syntax: SearchSyntax, summary: string, since: string, argumentSyntax: string): CommandDefinition {
  const arity = syntax.center === 'position' ? -6 : -5;
  return {
    ...geoSpec({
      name, arity, summary, since, complexity: SEARCH_COMPLEXITY, syntax: argumentSyntax,
      ...(syntax.store
        ? { flags: ['write', 'denyoom', 'movablekeys'] as const, keys: radiusKeys(syntax.center === 'position' ? 6 : 5), logAs: 'resulting-state' as const }
        : { flags: ['readonly'] as const }),
    }),
    handler: (context, args) => geoSearch(context, args, syntax),
  };
}

export const GEO_COMMANDS: readonly CommandDefinition[] = [
  {
    ...geoSpec({
      name: 'geoadd', arity: -5, flags: ['write', 'denyoom'], logAs: 'as-typed', since: '3.2.0',
      summary: 'Add one or more geospatial items in the geospatial index represented using a sorted set',
      complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
      syntax: 'key [NX | XX] [CH] longitude latitude member [longitude latitude member ...]',
    }),
    handler: geoadd,
  },
  {
    ...geoSpec({
      name: 'geodist', arity: -4, flags: ['readonly'], since: '3.2.0', complexity: 'O(log(N))',
      summary: 'Returns the distance between two members of a geospatial index', syntax: `key member1 member2 [M | KM | FT | MI]`,
    }),
    handler: geodist,
  },
  {
    ...geoSpec({
      name: 'geohash', arity: -2, flags: ['readonly'], since: '3.2.0', syntax: 'key [member [member ...]]',
      summary: 'Returns members of a geospatial index as standard geohash strings',
      complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
    }),
    handler: geohash,
  },
  {
    ...geoSpec({
      name: 'geopos', arity: -2, flags: ['readonly'], since: '3.2.0', syntax: 'key [member [member ...]]',
      summary: 'Returns longitude and latitude of members of a geospatial index',
      complexity: 'O(N) where N is the number of members requested.',
    }),
    handler: geopos,
  },
  radiusCommand('georadius', { center: 'position', store: true },
    'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point', '3.2.0',
    `key longitude latitude radius ${UNIT} ${RADIUS_OPTIONS} [STORE key | STOREDIST key]`),
  radiusCommand('georadius_ro', { center: 'position', store: false }, 'A read-only variant for GEORADIUS', '3.2.10',
    `key longitude latitude radius ${UNIT} ${RADIUS_OPTIONS}`),
  radiusCommand('georadiusbymember', { center: 'member', store: true },
    'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member', '3.2.0',
    `key member radius ${UNIT} ${RADIUS_OPTIONS} [STORE key | STOREDIST key]`),
  radiusCommand('georadiusbymember_ro', { center: 'member', store: false }, 'A read-only variant for GEORADIUSBYMEMBER', '3.2.10',
    `key member radius ${UNIT} ${RADIUS_OPTIONS}`),
  {
    ...geoSpec({
      name: 'geosearch', arity: -7, flags: ['readonly'], since: '6.2.0', complexity: GEOSEARCH_COMPLEXITY,
      summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.',
      syntax: `key ${SEARCH_AREA} [ASC | DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]`,
    }),
    handler: (context, args) => geoSearch(context, args, { center: 'options', store: false }),
  },
  {
    ...geoSpec({
      name: 'geosearchstore', arity: -8, flags: ['write', 'denyoom'], logAs: 'resulting-state', since: '6.2.0',
      firstKey: 1, lastKey: 2, complexity: GEOSEARCH_COMPLEXITY,
      summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
      syntax: `destination source ${SEARCH_AREA} [ASC | DESC] [COUNT count [ANY]] [STOREDIST]`,
    }),
    handler: (context, args) => geoSearch(context, args, { center: 'options', store: false, searchStore: true }),
  },
];
