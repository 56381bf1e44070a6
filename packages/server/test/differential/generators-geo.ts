/**
 * Generators for the geo commands: GEOADD (NX/XX/CH, bad coordinates), GEOPOS, GEOHASH, GEODIST
 * and every search form with every option, STORE/STOREDIST into keys on the same and on other
 * shards, WRONGTYPE and missing keys, and ZRANGE/ZREM on the sorted sets underneath.
 *
 * The geography is fixed: each member has two positions of its own (GEOADD moves it between
 * them), in a cluster around Sicily where searches find several members, plus far-away points
 * (London, Tokyo, both sides of the antimeridian, near the pole). No two members share a
 * position, so no two distances tie and sorting has one answer (Redis sorts ties with qsort
 * or pqsort, which it leaves unspecified). Every distance between these positions and the
 * centers below was checked to equal redis-server's to the last bit (STOREDIST prints all 17
 * digits; correctly rounded sin/cos/asin differ from glibc's on about 2 inputs in 1000, and
 * this geography has none of them).
 */
import fc from 'fast-check';

const POSITIONS: Record<string, readonly [string, string][]> = {
  palermo: [['13.361389', '38.115556'], ['13.3524', '38.1302']],
  catania: [['15.087269', '37.502669'], ['15.0714', '37.5257']],
  agrigento: [['13.583333', '37.316667'], ['13.5767', '37.3112']],
  messina: [['15.554', '38.1938'], ['15.5711', '38.2132']],
  syracuse: [['15.2866', '37.0755'], ['15.2743', '37.0681']],
  london: [['-0.1278', '51.5074'], ['-0.0754', '51.5055']],
  tokyo: [['139.6917', '35.6895'], ['139.7454', '35.6586']],
  dateline: [['179.99', '-12.5'], ['-179.9871', '-12.6133']],
  north: [['0.0123', '85.05'], ['-0.0456', '84.9871']],
};
const MEMBERS = Object.keys(POSITIONS);

const key = fc.constantFrom('g1', 'g2', '{g}1', '{g}2');
const member = fc.constantFrom(...MEMBERS, 'nosuch');
const placed = fc.tuple(fc.constantFrom(...MEMBERS), fc.constantFrom(0, 1)).map(([name, which]) => [...POSITIONS[name][which], name]);
const center = fc.constantFrom(['15', '37'], ['14.2', '37.8'], ['0', '0'], ['180', '-12.55'], ['-0.1', '51.5']);
const unit = fc.constantFrom('m', 'km', 'KM', 'mi', 'ft');
const radius = fc.tuple(fc.constantFrom('0', '1', '50', '200', '1000', '25000', '-1', 'x'), unit, fc.constantFrom('km', 'km', 'km', 'km', 'parsec'))
  .map(([value, first, second]) => [value, value === 'x' || value === '-1' ? 'km' : second === 'parsec' ? second : first]);
const box = fc.tuple(fc.constantFrom('10', '300', '2000', '40000', '-5'), fc.constantFrom('20', '400', '1500', '40000'), fc.constantFrom('km', 'mi'))
  .map((words) => [...words]);
const words = (...choices: string[]) => fc.constantFrom(...choices.map((choice) => (choice === '' ? [] : choice.split(' '))));
const order = words('', '', 'ASC', 'DESC');
const count = words('', '', 'COUNT 1', 'COUNT 3', 'COUNT 2 ANY', 'COUNT 9 ANY', 'COUNT 0', 'ANY');
const withs = words('', '', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'WITHDIST WITHCOORD WITHHASH', 'WITHHASH WITHDIST');
const store = fc.tuple(fc.constantFrom('', '', 'STORE', 'STOREDIST'), key).map(([option, destination]) => (option === '' ? [] : [option, destination]));

const geoadd = fc.tuple(key, words('', '', '', 'NX', 'XX', 'CH', 'XX CH', 'NX CH', 'NX XX'), fc.array(placed, { minLength: 1, maxLength: 3 }))
  .map(([k, options, items]) => ['GEOADD', k, ...options, ...items.flat()]);
const badGeoadd = fc.tuple(key, fc.constantFrom(['200', '10'], ['10', '86'], ['x', '1'], ['1', '1e400']), member)
  .map(([k, [x, y], m]) => ['GEOADD', k, x, y, m]);

const georadius = fc.tuple(fc.constantFrom('GEORADIUS', 'GEORADIUS_RO'), key, center, radius, withs, count, order, store)
  .map(([name, k, c, r, w, n, o, s]) => [name, k, ...c, ...r, ...w, ...n, ...o, ...(name === 'GEORADIUS' ? s : [])]);
const byMember = fc.tuple(fc.constantFrom('GEORADIUSBYMEMBER', 'GEORADIUSBYMEMBER_RO'), key, member, radius, withs, count, order, store)
  .map(([name, k, m, r, w, n, o, s]) => [name, k, m, ...r, ...w, ...n, ...o, ...(name === 'GEORADIUSBYMEMBER' ? s : [])]);
const from = fc.oneof(member.map((m) => ['FROMMEMBER', m]), center.map((c) => ['FROMLONLAT', ...c]));
const by = fc.oneof(radius.map((r) => ['BYRADIUS', ...r]), box.map((b) => ['BYBOX', ...b]));
const geosearch = fc.tuple(key, from, by, order, count, withs).map(([k, f, b, o, n, w]) => ['GEOSEARCH', k, ...f, ...b, ...o, ...n, ...w]);
const geosearchStore = fc.tuple(key, key, from, by, order, count, words('', 'STOREDIST'))
  .map(([destination, source, f, b, o, n, d]) => ['GEOSEARCHSTORE', destination, source, ...f, ...b, ...o, ...n, ...d]);

export const GEO_COMMANDS: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 6, arbitrary: geoadd },
  { weight: 1, arbitrary: badGeoadd },
  { weight: 2, arbitrary: fc.tuple(key, member, member).map(([k, a, b]) => ['GEOPOS', k, a, b]) },
  { weight: 1, arbitrary: fc.tuple(key, member, member).map(([k, a, b]) => ['GEOHASH', k, a, b]) },
  { weight: 2, arbitrary: fc.tuple(key, member, member, words('', 'km', 'MI', 'ft', 'm', 'parsec', 'km x')).map(([k, a, b, u]) => ['GEODIST', k, a, b, ...u]) },
  { weight: 3, arbitrary: georadius },
  { weight: 3, arbitrary: byMember },
  { weight: 4, arbitrary: geosearch },
  { weight: 3, arbitrary: geosearchStore },
  { weight: 2, arbitrary: key.map((k) => ['ZRANGE', k, '0', '-1', 'WITHSCORES']) },
  { weight: 1, arbitrary: fc.tuple(key, member).map(([k, m]) => ['ZREM', k, m]) },
  { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom('-1', '1e30'), member).map(([k, score, m]) => ['ZADD', k, score, m]) },
  { weight: 1, arbitrary: key.map((k) => ['SET', k, 'string']) },
  { weight: 1, arbitrary: key.map((k) => ['DEL', k]) },
);
