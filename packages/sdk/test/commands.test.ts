/**
 * The typed commands, the same suite against ballast-server and redis-server, each over RESP2
 * and RESP3: replies must come back as the same TypeScript values whatever the protocol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ReplyError, type Client } from '../src/index.js';
import { serverFor, TARGETS } from './support/servers.js';

describe.each(TARGETS)('typed commands against %s', (target) => {
  const server = serverFor(target);

  describe.each([2, 3] as const)('RESP%i', (protocol) => {
    let client: Client;
    beforeAll(async () => {
      client = createClient({ port: server.port, protocol, database: protocol === 2 ? 1 : 2 });
      await client.ready();
      await client.flushdb();
    });
    afterAll(async () => {
      await client.quit();
    });

    it('strings: set with options, get, incr, mget, mset', async () => {
      expect(await client.set('s:a', 'héllo wörld')).toBe('OK');
      expect(await client.get('s:a')).toBe('héllo wörld');
      expect(await client.set('s:a', 'x', { nx: true })).toBeNull();
      expect(await client.set('s:b', 'x', { xx: true })).toBeNull();
      expect(await client.set('s:b', '1', { nx: true, px: 60_000 })).toBe('OK');
      expect(await client.pttl('s:b')).toBeGreaterThan(50_000);
      expect(await client.set('s:b', '5', { keepTtl: true })).toBe('OK');
      expect(await client.ttl('s:b')).toBeGreaterThan(50);
      expect(await client.incr('s:b')).toBe(6);
      expect(await client.incrby('s:b', 10)).toBe(16);
      expect(await client.decrby('s:b', 6)).toBe(10);
      expect(await client.incrbyfloat('s:b', 0.5)).toBe(10.5);
      expect(await client.mset({ 's:c': '1', 's:d': '2' })).toBe('OK');
      expect(await client.mget(['s:c', 's:missing', 's:d'])).toEqual(['1', null, '2']);
      expect(await client.append('s:c', '23')).toBe(3);
      expect(await client.strlen('s:c')).toBe(3);
      expect(await client.getex('s:c', { px: 60_000 })).toBe('123');
      expect(await client.pttl('s:c')).toBeGreaterThan(50_000);
      expect(await client.getex('s:c', { persist: true })).toBe('123');
      expect(await client.ttl('s:c')).toBe(-1);
      expect(await client.getdel('s:c')).toBe('123');
      expect(await client.get('s:c')).toBeNull();
    });

    it('keys: del, exists, expire with a condition, persist, type, rename', async () => {
      await client.mset(new Map([['k:a', '1'], ['k:b', '2']]));
      expect(await client.exists(['k:a', 'k:b', 'k:none'])).toBe(2);
      expect(await client.expire('k:a', 100)).toBe(true);
      expect(await client.expire('k:a', 50, 'GT')).toBe(false);
      expect(await client.persist('k:a')).toBe(true);
      expect(await client.ttl('k:a')).toBe(-1);
      expect(await client.type('k:a')).toBe('string');
      expect(await client.rename('k:a', 'k:c')).toBe('OK');
      expect((await client.keys('k:*')).sort()).toEqual(['k:b', 'k:c']);
      expect(await client.del(['k:b', 'k:c'])).toBe(2);
      expect(await client.del('k:b')).toBe(0);
    });

    it('hashes: hset from an object, hgetall as a Map, hexists as a boolean', async () => {
      expect(await client.hset('h', { name: 'ballast', stars: '5' })).toBe(2);
      expect(await client.hget('h', 'name')).toBe('ballast');
      expect(await client.hgetall('h')).toEqual(new Map([['name', 'ballast'], ['stars', '5']]));
      expect(await client.hgetall('h:none')).toEqual(new Map());
      expect(await client.hmget('h', ['stars', 'none'])).toEqual(['5', null]);
      expect(await client.hexists('h', 'name')).toBe(true);
      expect(await client.hincrby('h', 'stars', 2)).toBe(7);
      expect(await client.hincrbyfloat('h', 'stars', 0.5)).toBe(7.5);
      expect(await client.hincrbyfloat('h', 'stars', -0.5)).toBe(7);
      expect(await client.hsetnx('h', 'stars', '0')).toBe(false);
      expect(await client.hlen('h')).toBe(2);
      expect((await client.hkeys('h')).sort()).toEqual(['name', 'stars']);
      expect(await client.hdel('h', ['name', 'none'])).toBe(1);
      expect(await client.hvals('h')).toEqual(['7']);
    });

    it('lists: push, pop, range, blocking pop with and without a value', async () => {
      expect(await client.rpush('l', ['a', 'b', 'c'])).toBe(3);
      expect(await client.lpush('l', 'z')).toBe(4);
      expect(await client.lrange('l', 0, -1)).toEqual(['z', 'a', 'b', 'c']);
      expect(await client.lindex('l', 1)).toBe('a');
      expect(await client.lpop('l')).toBe('z');
      expect(await client.rpop('l')).toBe('c');
      expect(await client.llen('l')).toBe(2);
      expect(await client.rpush('l2', ['x', 'y', 'x', 'z'])).toBe(4);
      expect(await client.lrem('l2', 0, 'x')).toBe(2);
      expect(await client.lmove('l2', 'l3', 'LEFT', 'RIGHT')).toBe('y');
      expect(await client.lmove('l:none', 'l3', 'LEFT', 'RIGHT')).toBeNull();
      expect(await client.ltrim('l3', 0, 0)).toBe('OK');
      expect(await client.blpop(['l:none', 'l'], 1)).toEqual({ key: 'l', element: 'a' });
      expect(await client.brpop('l:none', 0.05)).toBeNull();
      expect(await client.lpop('l:none')).toBeNull();
    });

    it('sets: smembers as a Set, sismember as a boolean', async () => {
      expect(await client.sadd('set', ['a', 'b', 'c', 'a'])).toBe(3);
      expect(await client.smembers('set')).toEqual(new Set(['a', 'b', 'c']));
      expect(await client.sismember('set', 'b')).toBe(true);
      expect(await client.sismember('set', 'x')).toBe(false);
      expect(await client.srem('set', 'a')).toBe(1);
      expect(await client.scard('set')).toBe(2);
      await client.sadd('set2', ['c', 'd']);
      expect(await client.sinter(['set', 'set2'])).toEqual(new Set(['c']));
      expect(await client.sunion(['set', 'set2'])).toEqual(new Set(['b', 'c', 'd']));
      expect(await client.sdiff(['set', 'set2'])).toEqual(new Set(['b']));
      expect(['c', 'd']).toContain(await client.srandmember('set2'));
      expect(['c', 'd']).toContain(await client.spop('set2'));
      expect(await client.spop('set:none')).toBeNull();
    });

    it('sorted sets: scores as numbers, ranges with scores as objects', async () => {
      expect(await client.zadd('z', [{ score: 1, member: 'a' }, { score: 2.5, member: 'b' }, { score: Infinity, member: 'c' }])).toBe(3);
      expect(await client.zadd('z', [{ score: 0.5, member: 'a' }], { xx: true, ch: true })).toBe(1);
      expect(await client.zscore('z', 'b')).toBe(2.5);
      expect(await client.zscore('z', 'c')).toBe(Infinity);
      expect(await client.zscore('z', 'none')).toBeNull();
      expect(await client.zincrby('z', 1, 'b')).toBe(3.5);
      expect(await client.zrange('z', 0, -1)).toEqual(['a', 'b', 'c']);
      expect(await client.zrange('z', 0, 0, { rev: true })).toEqual(['c']);
      expect(await client.zrangeWithScores('z', 0, 1)).toEqual([{ member: 'a', score: 0.5 }, { member: 'b', score: 3.5 }]);
      expect(await client.zrank('z', 'c')).toBe(2);
      expect(await client.zrank('z', 'none')).toBeNull();
      expect(await client.zcount('z', 1, '+inf')).toBe(2);
      expect(await client.zrem('z', ['a', 'none'])).toBe(1);
      expect(await client.zcard('z')).toBe(2);
      await client.zadd('z2', [{ score: 1, member: 'a' }, { score: 2, member: 'b' }, { score: 3, member: 'c' }]);
      expect(await client.zpopmin('z2')).toEqual([{ member: 'a', score: 1 }]);
      expect(await client.zpopmax('z2', 5)).toEqual([{ member: 'c', score: 3 }, { member: 'b', score: 2 }]);
      expect(await client.zpopmin('z2')).toEqual([]);
    });

    it('binary values round-trip byte for byte', async () => {
      const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const key = Buffer.from([0xff, 0x00, 0x0d, 0x0a]);
      expect(await client.set(key, value)).toBe('OK');
      expect((await client.buffers().get(key))?.equals(value)).toBe(true);
      expect(Buffer.compare(await client.with({ returnBuffers: true }).call('GET', key) as Buffer, value)).toBe(0);
      const big = Buffer.alloc(3 * 1024 * 1024, 0xab);
      await client.set('bin:big', big);
      // Buffer.equals: vitest's deep equality walks 3 MiB byte by byte.
      expect((await client.buffers().get('bin:big'))?.equals(big)).toBe(true);
      expect(await client.buffers().hgetall('h:none')).toEqual(new Map());
    });

    it('errors are ReplyErrors with the Redis code', async () => {
      await client.set('e:string', 'x');
      const error = await client.lpush('e:string', 'a').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ReplyError);
      expect((error as ReplyError).code).toBe('WRONGTYPE');
      await expect(client.call('NOSUCHCOMMAND')).rejects.toMatchObject({ code: 'ERR' });
      expect(() => client.getrange('e:string')).toThrow(TypeError);
    });

    it('call() and generated methods run any command', async () => {
      expect(await client.call('ECHO', 'hi')).toBe('hi');
      expect(await client.echo('hé')).toBe('hé');
      expect(await client.ping()).toBe('PONG');
      await client.set('g:a', 'hello');
      expect(await client.getrange('g:a', 0, 1)).toBe('he');
      expect(await client.setnx('g:a', 'x')).toBe(0);
      const config = await client.configGet('maxclients');
      expect(config instanceof Map ? [...config.entries()].flat() : config).toEqual(['maxclients', '10000']);
      expect(await client.info('server')).toMatch(/redis_version:/);
      expect(await client.dbsize()).toBeGreaterThan(0);
    });
  });
});
