// GEOADD, GEOPOS, GEOHASH, GEODIST and the searches: every expected reply below was recorded
// from redis-server 7.0.15 with the same commands (RESP2 unless a test says otherwise).
import { describe, expect, it } from 'vitest';
import { DoubleReply, ErrorReply, NULL_ARRAY } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

const error = (message: string) => new ErrorReply(message);

function client(shards = 4) {
  const { engine, client: connect } = createTestEngine({ shards });
  return { engine, c: connect() };
}

/** Runs [command, expected reply] pairs in order on a fresh engine (1 and 4 shards). */
function transcript(steps: ReadonlyArray<readonly [string, unknown]>): void {
  for (const shards of [1, 4]) {
    const { c } = client(shards);
    for (const [command, expected] of steps) expect(c.call(...command.split(' ')), `${command} (${shards} shards)`).toEqual(expected);
  }
}

const SICILY = 'GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.5 38 Near';
const CITIES = 'GEOADD cities -122.4194 37.7749 sf -74.006 40.7128 nyc 2.3522 48.8566 paris 139.6917 35.6895 tokyo '
  + '151.2093 -33.8688 sydney -0.1278 51.5074 london 179.99 -12.5 dateline -179.99 -12.6 dateline2';

describe('GEOADD', () => {
  it('adds members with their geohash as the score; NX, XX and CH as ZADD has them', () => {
    transcript([
      ['GEOADD k 180 85.05112878 edge -180 -85.05112878 low 0 0 zero', 3],
      ['ZRANGE k 0 -1 WITHSCORES', ['low', '0', 'zero', '3377699720527872', 'edge', '13510798882111488']],
      ['GEOADD k ch 180 85.05112878 edge 1 1 new', 1],
      ['GEOADD k xx ch 1 2 edge 3 3 other', 1],
      ['GEOADD k nx 1 2 edge 3 3 other', 1],
      ['GEOADD missing xx 1 2 a', 0],
      ['EXISTS missing', 0],
      ['OBJECT ENCODING k', 'listpack'],
    ]);
  });

  it('answers Redis\'s errors, checking every position before the key', () => {
    transcript([
      ['GEOADD k xx nx 1 2 m', error('ERR syntax error')],
      ['GEOADD k nx ch 1', error('ERR syntax error')],
      ['GEOADD k nx ch ch', error('ERR syntax error')],
      ['GEOADD k gt 10 10 m', error('ERR syntax error')],
      ['GEOADD k 200 10 m', error('ERR invalid longitude,latitude pair 200.000000,10.000000')],
      ['GEOADD k 10 86 m', error('ERR invalid longitude,latitude pair 10.000000,86.000000')],
      ['GEOADD k inf 1 a', error('ERR invalid longitude,latitude pair inf,1.000000')],
      ['GEOADD k 0.0078125 100 a', error('ERR invalid longitude,latitude pair 0.007812,100.000000')],
      ['GEOADD k x 10 m', error('ERR value is not a valid float')],
      ['GEOADD k 10 x m', error('ERR value is not a valid float')],
      ['GEOADD k 1 1 a 200 1 b', error('ERR invalid longitude,latitude pair 200.000000,1.000000')],
      ['EXISTS k', 0],
      ['SET s v', expect.anything()],
      ['GEOADD s 200 1 a', error('ERR invalid longitude,latitude pair 200.000000,1.000000')],
      ['GEOADD s 1 1 a', error('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ]);
  });
});

describe('GEOPOS, GEOHASH and GEODIST', () => {
  it('answer positions, geohash strings and distances as redis-server prints them', () => {
    transcript([
      [CITIES, 8],
      ['GEOPOS cities sf sydney dateline2 nosuch', [
        ['-122.41940170526504517', '37.77490001056577995'], ['151.20929986238479614', '-33.86880091934155956'],
        ['-179.98999804258346558', '-12.59999876158813237'], NULL_ARRAY]],
      ['GEOHASH cities sf nyc paris tokyo sydney london dateline dateline2 nosuch', [
        '9q8yyk8ytp0', 'dr5regw3pp0', 'u09tvw0f640', 'xn774c06kt0', 'r3gx2f77bj0', 'gcpvj0duq50', 'rvzbzu2wnz0', '2jb024pr9j0', null]],
      ['GEODIST cities sf nyc', '4130251.2519'],
      ['GEODIST cities paris london km', '343.6530'],
      ['GEODIST cities paris london KM', '343.6530'],
      ['GEODIST cities tokyo sydney mi', '4864.6175'],
      ['GEODIST cities sf tokyo ft', '27142543.9712'],
      ['GEODIST cities dateline dateline2 m', '11332.6592'],
      ['GEODIST cities sf sf', '0.0000'],
      ['GEODIST cities sf nosuch', null],
      ['GEODIST nokey a b', null],
      ['GEODIST cities sf nyc foo', error('ERR unsupported unit provided. please use M, KM, FT, MI')],
      ['GEODIST cities sf nyc km x', error('ERR syntax error')],
      ['GEOPOS nokey a b', [NULL_ARRAY, NULL_ARRAY]],
      ['GEOHASH nokey a', [null]],
      ['GEOPOS cities', []],
    ]);
  });

  it('decode any score of a sorted set, as the C cast reads it', () => {
    transcript([
      ['ZADD w -1 a inf b -inf c 1.5 i', 4],
      ['GEOPOS w a b c i', [
        ['180', '85.0511287799999991'], ['-179.99999731779098511', '-85.05112751263942528'],
        ['180', '-85.05112751263942528'], ['-179.99999731779098511', '-85.05112497791824921']]],
      ['GEOHASH w a b c i', ['bp05b5048p0', '00bh0hbj200', '00bh0hbj200', '00bh0hbj210']],
    ]);
  });

  it('answer WRONGTYPE, GEODIST after its unit check', () => {
    transcript([
      ['HSET h f v', 1],
      ['GEODIST h a b foo', error('ERR unsupported unit provided. please use M, KM, FT, MI')],
      ['GEODIST h a b', error('WRONGTYPE Operation against a key holding the wrong kind of value')],
      ['GEOPOS h a', error('WRONGTYPE Operation against a key holding the wrong kind of value')],
      ['GEOHASH h a', error('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ]);
  });

  it('sends coordinates as RESP3 doubles', () => {
    const { c } = client();
    c.call('HELLO', '3');
    c.call(...SICILY.split(' '));
    expect(c.call('GEOPOS', 'Sicily', 'Palermo', 'nosuch')).toEqual([[new DoubleReply(13.361389338970184), new DoubleReply(38.1155563954963)], null]);
  });
});

describe('GEORADIUS, GEORADIUSBYMEMBER and GEOSEARCH', () => {
  it('walk the cells in Redis\'s order, sort on request, COUNT ANY stops in walk order', () => {
    transcript([
      [SICILY, 3],
      ['GEORADIUS Sicily 15 37 200 km', ['Near', 'Palermo', 'Catania']],
      ['GEORADIUS Sicily 15 37 200 km ASC', ['Catania', 'Near', 'Palermo']],
      ['GEORADIUS Sicily 15 37 200 km WITHDIST COUNT 1', [['Catania', '56.4413']]],
      ['GEORADIUS Sicily 15 37 200 km COUNT 1 ANY', ['Near']],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 5 ANY DESC', ['Palermo', 'Near', 'Catania']],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHCOORD WITHDIST WITHHASH', [
        ['Catania', '56.4413', 3479447370796909, ['15.08726745843887329', '37.50266842333162032']],
        ['Near', '172.8860', 3479097324432493, ['13.50000053644180298', '38.0000009925631943']],
        ['Palermo', '190.4424', 3479099956230698, ['13.36138933897018433', '38.11555639549629859']]]],
      ['GEORADIUS Sicily 15 37 200000 M WITHDIST', [['Near', '172885.9958'], ['Palermo', '190442.4298'], ['Catania', '56441.2579']]],
      ['GEORADIUS Sicily 15 37 200 mi WITHDIST', [['Near', '107.4266'], ['Palermo', '118.3357'], ['Catania', '35.0711']]],
      ['GEORADIUS Sicily 15 37 200000 ft WITHDIST', [['Catania', '185174.7305']]],
      ['GEORADIUSBYMEMBER Sicily Palermo 200 km', ['Near', 'Palermo', 'Catania']],
      ['GEOSEARCH Sicily FROMMEMBER Near BYRADIUS 0 km WITHDIST', [['Near', '0.0000']]],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 0 km', []],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS inf km', ['Near', 'Palermo', 'Catania']],
    ]);
  });

  it('search worldwide as redis-server does: the antimeridian is not crossed, boxes are boxes', () => {
    transcript([
      [CITIES, 8],
      ['GEOSEARCH cities FROMLONLAT 180 -12.55 BYRADIUS 100 km WITHDIST ASC', [['dateline', '5.6665']]],
      ['GEOSEARCH cities FROMMEMBER london BYBOX 1000 1000 km WITHDIST', [['london', '0.0000'], ['paris', '343.6530']]],
      ['GEOSEARCH cities FROMMEMBER london BYBOX 1000 100 km WITHDIST', [['london', '0.0000']]],
      ['GEORADIUSBYMEMBER cities nyc 6000 km WITHDIST DESC', [['paris', '5838.8879'], ['london', '5571.7940'], ['sf', '4130.2513'], ['nyc', '0.0000']]],
      ['GEORADIUSBYMEMBER cities nyc 20000 km COUNT 3 ANY', ['sf', 'nyc', 'london']],
      ['GEORADIUSBYMEMBER cities nyc 20000 km COUNT 3', ['nyc', 'sf', 'london']],
      ['GEORADIUSBYMEMBER cities nyc 20000 km', ['sf', 'nyc', 'london', 'dateline2', 'paris', 'tokyo', 'sydney', 'dateline']],
    ]);
  });

  it('store members with their scores, or their distances in the unit asked', () => {
    transcript([
      [SICILY, 3],
      ['GEORADIUS Sicily 15 37 200 km STORE dst', 3],
      ['ZRANGE dst 0 -1 WITHSCORES', ['Near', '3479097324432493', 'Palermo', '3479099956230698', 'Catania', '3479447370796909']],
      ['GEORADIUS Sicily 15 37 200 km STOREDIST dst', 3],
      ['ZRANGE dst 0 -1 WITHSCORES', ['Catania', '56.441257870158204', 'Near', '172.88599581603299', 'Palermo', '190.44242984775784']],
      ['GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST', 3],
      ['ZRANGE dst 0 -1 WITHSCORES', ['Catania', '56.441257870158204', 'Near', '172.88599581603299', 'Palermo', '190.44242984775784']],
      ['GEOSEARCHSTORE dst nokey FROMLONLAT 15 37 BYRADIUS 200 km', 0],
      ['EXISTS dst', 0],
      ['GEORADIUS Sicily 15 37 200 km STORE dst STOREDIST dst2', 3],
      ['EXISTS dst dst2', 1],
      ['GEORADIUS Sicily 15 37 0.001 km STORE dst2', 0],
      ['EXISTS dst2', 0],
      ['GEORADIUSBYMEMBER nokey nosuch x km STORE dst', 0],
      ['GEORADIUS Sicily 15 37 0.001 km STORE Sicily', 0],
      ['EXISTS Sicily', 0],
    ]);
  });

  it('answer Redis\'s errors in Redis\'s order', () => {
    transcript([
      [SICILY, 3],
      ['GEORADIUS Sicily 15 37 200 km ANY', error('ERR the ANY argument requires COUNT argument')],
      ['GEORADIUS Sicily 15 37 200 km COUNT 0', error('ERR COUNT must be > 0')],
      ['GEORADIUS Sicily 15 37 200 km COUNT x', error('ERR value is not an integer or out of range')],
      ['GEORADIUS Sicily 15 37 200 km COUNT', error('ERR syntax error')],
      ['GEORADIUS Sicily 15 37 -1 km', error('ERR radius cannot be negative')],
      ['GEORADIUS Sicily 15 37 x km', error('ERR need numeric radius')],
      ['GEORADIUS Sicily 15 37 1 parsec', error('ERR unsupported unit provided. please use M, KM, FT, MI')],
      ['GEORADIUS Sicily 200 37 1 km', error('ERR invalid longitude,latitude pair 200.000000,37.000000')],
      ['GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST', error('ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options')],
      ['GEORADIUS_RO Sicily 15 37 200 km STORE dst', error('ERR syntax error')],
      ['GEORADIUSBYMEMBER Sicily nosuch 200 km', error('ERR could not decode requested zset member')],
      ['GEORADIUSBYMEMBER nokey nosuch x km', []],
      ['GEOSEARCH Sicily FROMMEMBER nosuch BYBOX 400 400 km', error('ERR could not decode requested zset member')],
      ['GEOSEARCH Sicily BYBOX 400 400 km ASC', error('ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GEOSEARCH')],
      ['geoSearch Sicily BYBOX 400 400 km ASC', error('ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geoSearch')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 ASC DESC', error('ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 FROMMEMBER Palermo BYRADIUS 1 km', error('ERR syntax error')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km BYBOX 1 1 km', error('ERR syntax error')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX x 1 km', error('ERR need numeric width')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 x km', error('ERR need numeric height')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km', error('ERR height or width cannot be negative')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km STORE x', error('ERR syntax error')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km STOREDIST', error('ERR syntax error')],
      ['GEOSEARCH Sicily FROMLONLAT 15 37', error("ERR wrong number of arguments for 'geosearch' command")],
      ['GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST', error('ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options')],
      ['GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE x', error('ERR syntax error')],
      ['GEOSEARCH nokey FROMMEMBER x BYRADIUS 200 km', []],
      ['GEOSEARCH nokey FROMMEMBER x BYRADIUS x km', error('ERR need numeric radius')],
      ['SET s v', expect.anything()],
      ['GEOSEARCH s FROMLONLAT 500 0 BYRADIUS x km', error('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ]);
  });

  it('name their keys as COMMAND GETKEYS does on redis-server', () => {
    transcript([
      ['COMMAND GETKEYS GEORADIUS k 1 2 3 km STORE a STOREDIST b', ['k', 'a', 'b']],
      ['COMMAND GETKEYS GEORADIUS k 1 2 3 km STORE a STORE b', ['k', 'a']],
      ['COMMAND GETKEYS GEORADIUS k 1 2 3 km STOREDIST a STORE b', ['k', 'b', 'a']],
      ['COMMAND GETKEYS GEORADIUSBYMEMBER k m 3 km STORE a', ['k', 'a']],
      ['COMMAND GETKEYS GEOSEARCHSTORE d s FROMLONLAT 1 2 BYRADIUS 1 km', ['d', 's']],
    ]);
  });
});
