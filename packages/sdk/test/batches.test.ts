/**
 * Pipelines, transactions, the WATCH helper and the SCAN iterators, against ballast-server and
 * redis-server over RESP2 and RESP3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ReplyError, type Client } from '../src/index.js';
import { serverFor, TARGETS } from './support/servers.js';

describe.each(TARGETS)('batches against %s', (target) => {
  const server = serverFor(target);

  describe.each([2, 3] as const)('RESP%i', (protocol) => {
    let client: Client;
    beforeAll(async () => {
      client = createClient({ port: server.port, protocol, database: protocol });
      await client.flushdb();
    });
    afterAll(async () => {
      await client.quit();
    });

    it('a pipeline resolves to typed results in order', async () => {
      const results = await client.pipeline().set('p:a', '1').incr('p:a').hset('p:h', { f: 'v' }).hgetall('p:h').call('ECHO', 'x').exec();
      expect(results).toEqual(['OK', 2, 1, new Map([['f', 'v']]), 'x']);
      expect(await client.pipeline().exec()).toEqual([]);
    });

    it('a pipeline fails with the first error, after every command ran', async () => {
      await client.set('p:string', 'x');
      await expect(client.pipeline().set('p:b', '1').lpush('p:string', 'a').set('p:c', '2').exec()).rejects.toMatchObject({ code: 'WRONGTYPE' });
      expect(await client.mget(['p:b', 'p:c'])).toEqual(['1', '2']);
    });

    it('a transaction runs atomically and decodes each result', async () => {
      const results = await client.multi().set('m:a', '10').incrby('m:a', 5).get('m:a').smembers('m:none').exec();
      expect(results).toEqual(['OK', 15, '15', new Set()]);
    });

    it('a transaction with a queuing error is aborted', async () => {
      const error = await client.multi().set('m:b', '1').call('NOSUCHCOMMAND').exec().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ReplyError);
      expect(await client.get('m:b')).toBeNull();
    });

    it('watch() commits when nothing changed and returns null when a watched key did', async () => {
      await client.set('w:counter', '1');
      const committed = await client.watch(['w:counter'], async (tx) => {
        const value = Number(await tx.get('w:counter'));
        return tx.multi().set('w:counter', String(value + 1));
      });
      expect(committed).toEqual(['OK']);
      const conflicted = await client.watch(['w:counter'], async (tx) => {
        await client.set('w:counter', '100');
        return tx.multi().set('w:counter', '0');
      });
      expect(conflicted).toBeNull();
      expect(await client.get('w:counter')).toBe('100');
      let attempts = 0;
      const retried = await client.watch(['w:counter'], async (tx) => {
        if (attempts++ === 0) await client.incr('w:counter');
        return tx.multi().incr('w:counter');
      }, { retriesMax: 1 });
      expect(retried).toEqual([102]);
    });

    it('scan iterators walk every key, member, field and scored member', async () => {
      const keys = Array.from({ length: 250 }, (_, i) => `scan:${i}`);
      await client.mset(Object.fromEntries(keys.map((key) => [key, 'v'])));
      const seen = new Set<string>();
      for await (const key of client.scanIterator({ match: 'scan:*', count: 50 })) seen.add(key);
      expect(seen).toEqual(new Set(keys));
      await client.sadd('scan:set', keys);
      const members = new Set<string>();
      for await (const member of client.sscanIterator('scan:set', { count: 20 })) members.add(member);
      expect(members.size).toBe(250);
      await client.hset('scan:hash', { a: '1', b: '2' });
      const fields: Array<[string, string]> = [];
      for await (const entry of client.hscanIterator('scan:hash')) fields.push(entry);
      expect(fields.sort()).toEqual([['a', '1'], ['b', '2']]);
      await client.zadd('scan:zset', [{ score: 1.5, member: 'x' }, { score: -2, member: 'y' }]);
      const scored = [];
      for await (const entry of client.zscanIterator('scan:zset')) scored.push(entry);
      expect(scored.sort((a, b) => a.score - b.score)).toEqual([{ member: 'y', score: -2 }, { member: 'x', score: 1.5 }]);
      const strings = [];
      for await (const key of client.scanIterator({ match: 'scan:*', type: 'hash' })) strings.push(key);
      expect(strings).toEqual(['scan:hash']);
    });
  });
});
