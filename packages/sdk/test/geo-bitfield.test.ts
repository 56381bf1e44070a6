/**
 * The typed geo and bitfield commands against ballast-server and redis-server, over RESP2 and
 * RESP3: GEOSEARCH's matches and GEOPOS's coordinates, BITFIELD's values (bigints past 2^53,
 * null where OVERFLOW FAIL refused) come back as the same TypeScript values everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../src/index.js';
import { serverFor, TARGETS } from './support/servers.js';

const PALERMO = { longitude: 13.36138933897018433, latitude: 38.11555639549629859 };
const CATANIA = { longitude: 15.08726745843887329, latitude: 37.50266842333162032 };

describe.each(TARGETS)('typed geo and bitfield commands against %s', (target) => {
  const server = serverFor(target);

  describe.each([2, 3] as const)('RESP%i', (protocol) => {
    let client: Client;
    beforeAll(async () => {
      client = createClient({ port: server.port, protocol, database: protocol === 2 ? 5 : 6 });
      await client.ready();
      await client.flushdb();
    });
    afterAll(async () => {
      await client.quit();
    });

    it('geoadd with conditions, geodist, geopos, geohash', async () => {
      const members = [{ longitude: 13.361389, latitude: 38.115556, member: 'Palermo' }, { longitude: 15.087269, latitude: 37.502669, member: 'Catania' }];
      expect(await client.geoadd('g:sicily', members)).toBe(2);
      expect(await client.geoadd('g:sicily', [{ longitude: 13, latitude: 38, member: 'Palermo' }], { nx: true })).toBe(0);
      expect(await client.geoadd('g:sicily', [{ longitude: 13, latitude: 38, member: 'Trapani' }], { xx: true })).toBe(0);
      expect(await client.geoadd('g:moved', [{ longitude: 13, latitude: 38, member: 'a' }])).toBe(1);
      expect(await client.geoadd('g:moved', [{ longitude: 14, latitude: 38, member: 'a' }], { ch: true })).toBe(1);
      expect(await client.geodist('g:sicily', 'Palermo', 'Catania', 'km')).toBe(166.2742);
      expect(await client.geodist('g:sicily', 'Palermo', 'nowhere')).toBeNull();
      expect(await client.geopos('g:sicily', ['Palermo', 'nowhere'])).toEqual([PALERMO, null]);
      expect(await client.geohash('g:sicily', ['Palermo', 'nowhere'])).toEqual(['sqc8b49rny0', null]);
    });

    it('geosearch by radius and by box, with and without details; geosearchstore', async () => {
      expect(await client.geosearch('g:sicily', { member: 'Palermo' }, { radius: 200, unit: 'km' }, { order: 'DESC' })).toEqual(['Catania', 'Palermo']);
      expect(await client.geosearch('g:sicily', { longitude: 15, latitude: 37 }, { radius: 100, unit: 'km' })).toEqual(['Catania']);
      expect(await client.geosearch('g:none', { longitude: 15, latitude: 37 }, { radius: 100, unit: 'km' })).toEqual([]);
      const box = { width: 400, height: 400, unit: 'km' } as const;
      expect(await client.geosearchWith('g:sicily', { longitude: 15, latitude: 37 }, box, { order: 'ASC', withDist: true, withHash: true, withCoord: true }))
        .toEqual([
          { member: 'Catania', distance: 56.4413, hash: 3479447370796909, coordinates: CATANIA },
          { member: 'Palermo', distance: 190.4424, hash: 3479099956230698, coordinates: PALERMO },
        ]);
      expect(await client.geosearchWith('g:sicily', { longitude: 15, latitude: 37 }, box, { order: 'ASC', count: 1, withDist: true }))
        .toEqual([{ member: 'Catania', distance: 56.4413 }]);
      expect(await client.geosearchWith('g:sicily', { longitude: 15, latitude: 37 }, box, { count: 1, any: true, withCoord: true }))
        .toEqual([{ member: expect.any(String), coordinates: expect.objectContaining({ longitude: expect.any(Number) }) }]);
      expect(await client.geosearchstore('g:near', 'g:sicily', { longitude: 15, latitude: 37 }, box, { order: 'ASC', storeDist: true })).toBe(2);
      expect(await client.zscore('g:near', 'Catania')).toBeCloseTo(56.4413, 3);
      expect(await client.geosearchstore('g:near', 'g:sicily', { member: 'Palermo' }, { radius: 1, unit: 'm' })).toBe(1);
    });

    it('bitfield: get, set, incrby under each overflow, # offsets, 64-bit values; bitfieldRo', async () => {
      const values = await client.bitfield('b:f', [
        { op: 'SET', encoding: 'i64', offset: 0, value: -9223372036854775808n },
        { op: 'GET', encoding: 'i64', offset: 0 },
        { op: 'INCRBY', encoding: 'u8', offset: '#8', increment: 300 },
        { op: 'OVERFLOW', behavior: 'SAT' },
        { op: 'INCRBY', encoding: 'u8', offset: '#9', increment: 300 },
        { op: 'OVERFLOW', behavior: 'FAIL' },
        { op: 'INCRBY', encoding: 'u8', offset: '#10', increment: 300 },
        { op: 'INCRBY', encoding: 'i8', offset: 88, increment: -5 },
      ]);
      expect(values).toEqual([0, -9223372036854775808n, 44, 255, null, -5]);
      expect(await client.bitfield('b:f', [])).toEqual([]);
      expect(await client.bitfieldRo('b:f', [{ encoding: 'u8', offset: '#9' }, { encoding: 'u4', offset: 0 }])).toEqual([255, 8]);
      await expect(client.bitfield('b:f', [{ op: 'GET', encoding: 'u64', offset: 0 }])).rejects.toThrow(/Invalid bitfield type/);
    });
  });
});
