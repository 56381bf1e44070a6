/**
 * The typed stream commands against ballast-server and redis-server, over RESP2 and RESP3: the
 * same TypeScript values whatever the server and the protocol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../src/index.js';
import { serverFor, TARGETS } from './support/servers.js';

describe.each(TARGETS)('typed stream commands against %s', (target) => {
  const server = serverFor(target);

  describe.each([2, 3] as const)('RESP%i', (protocol) => {
    let client: Client;
    beforeAll(async () => {
      client = createClient({ port: server.port, protocol, database: protocol === 2 ? 3 : 4 });
      await client.ready();
      await client.flushdb();
    });
    afterAll(async () => {
      await client.quit();
    });

    it('xadd with IDs and trims, xrange, xrevrange, xtrim, xread', async () => {
      expect(await client.xadd('x:s', { f: 'v', g: 'w' }, { id: '1-1' })).toBe('1-1');
      expect(await client.xadd('x:s', new Map([['f', 'v2']]), { id: '2-*' })).toBe('2-0');
      expect(await client.xadd('x:none', { f: 'v' }, { noMkStream: true })).toBeNull();
      const id = await client.xadd('x:s', { f: 'v3' }, { trim: { strategy: 'MAXLEN', threshold: 10, approximate: true } });
      expect(id).toMatch(/^\d+-\d+$/);
      expect(await client.xrange('x:s', '-', '+', 2)).toEqual([
        { id: '1-1', fields: new Map([['f', 'v'], ['g', 'w']]) },
        { id: '2-0', fields: new Map([['f', 'v2']]) },
      ]);
      expect((await client.xrevrange('x:s', '+', '-', 1))[0].id).toBe(id);
      expect(await client.xread({ 'x:s': '2-0', 'x:none': '0' })).toEqual(new Map([['x:s', [{ id, fields: new Map([['f', 'v3']]) }]]]));
      expect(await client.xread({ 'x:s': '$' }, { blockMs: 10 })).toBeNull();
      expect(await client.xtrim('x:s', { strategy: 'MINID', threshold: '2-0' })).toBe(1);
    });

    it('consumer groups: xreadgroup, xpending, xclaim, xautoclaim, xack, xinfo', async () => {
      await client.call('XGROUP', 'CREATE', 'x:q', 'g', '0', 'MKSTREAM');
      await client.xadd('x:q', { job: '1' }, { id: '1-0' });
      await client.xadd('x:q', { job: '2' }, { id: '2-0' });
      await client.xadd('x:q', { job: '3' }, { id: '3-0' });
      const read = await client.xreadgroup('g', 'alice', { 'x:q': '>' }, { count: 2 });
      expect(read).toEqual(new Map([['x:q', [{ id: '1-0', fields: new Map([['job', '1']]) }, { id: '2-0', fields: new Map([['job', '2']]) }]]]));
      expect(await client.xpending('x:q', 'g')).toEqual({ count: 2, smallestId: '1-0', largestId: '2-0', consumers: new Map([['alice', 2]]) });
      const pending = await client.xpendingRange('x:q', 'g', { count: 10, consumer: 'alice' });
      expect(pending.map(({ id, consumer, deliveryCount }) => [id, consumer, deliveryCount])).toEqual([['1-0', 'alice', 1], ['2-0', 'alice', 1]]);
      expect(await client.xclaim('x:q', 'g', 'bob', 0, ['1-0'])).toEqual([{ id: '1-0', fields: new Map([['job', '1']]) }]);
      expect(await client.xclaimJustId('x:q', 'g', 'bob', 0, ['2-0'], { retryCount: 5 })).toEqual(['2-0']);
      await client.call('XDEL', 'x:q', '2-0');
      expect(await client.xautoclaim('x:q', 'g', 'carol', 0, '0-0', 10)).toEqual({ next: '0-0', entries: [{ id: '1-0', fields: new Map([['job', '1']]) }], deleted: ['2-0'] });
      expect(await client.xreadgroup('g', 'carol', { 'x:q': '0' })).toEqual(new Map([['x:q', [{ id: '1-0', fields: new Map([['job', '1']]) }]]]));
      expect(await client.xack('x:q', 'g', ['1-0', '9-0'])).toBe(1);
      const info = await client.xinfoStream('x:q');
      expect(info).toMatchObject({ length: 2, lastGeneratedId: '3-0', maxDeletedEntryId: '2-0', entriesAdded: 3, recordedFirstEntryId: '1-0', groups: 1 });
      expect(info.firstEntry).toEqual({ id: '1-0', fields: new Map([['job', '1']]) });
      expect(await client.xinfoGroups('x:q')).toEqual([{ name: 'g', consumers: 3, pending: 0, lastDeliveredId: '2-0', entriesRead: 2, lag: null }]);
      const consumers = await client.xinfoConsumers('x:q', 'g');
      expect(consumers.map(({ name, pending: count }) => [name, count])).toEqual([['alice', 0], ['bob', 0], ['carol', 0]]);
    });

    it('xreadgroupIterator: the consumer own pending entries first, then new ones until idle', async () => {
      await client.call('XGROUP', 'CREATE', 'x:jobs', 'workers', '0', 'MKSTREAM');
      for (let i = 1; i <= 3; i++) await client.xadd('x:jobs', { n: String(i) }, { id: `${i}-0` });
      await client.xreadgroup('workers', 'w1', { 'x:jobs': '>' }, { count: 2 });
      const seen: string[] = [];
      for await (const entry of client.xreadgroupIterator('x:jobs', 'workers', 'w1', { count: 1, blockMs: 20, untilIdle: true })) {
        seen.push(`${entry.id}:${entry.fields?.get('n')}`);
        await client.xack('x:jobs', 'workers', entry.id);
      }
      expect(seen).toEqual(['1-0:1', '2-0:2', '3-0:3']);
      expect((await client.xpending('x:jobs', 'workers')).count).toBe(0);
    });
  });
});
