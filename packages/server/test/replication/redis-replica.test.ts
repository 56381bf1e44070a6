/**
 * An unmodified redis-server 7.0 replicating from ballast-server: full sync (the RDB with an EOF
 * marker), the command stream, partial resyncs after the link is cut — by CLIENT KILL, inside a
 * MULTI of the stream, and in the middle of the RDB — WAIT, ROLE, INFO replication and
 * min-replicas-to-write. The replica runs behind a proxy (support/cut-proxy.ts) that cuts the
 * link at a chosen byte. Datasets are compared key by key (support/dataset.ts) once the replica's
 * offset equals the primary's.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startCutProxy, type CutProxy } from '../support/cut-proxy.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';
import { caughtUp, expectSameData, infoField } from './catch-up.js';
import { runWrites, writeCommands } from './write-load.js';

interface Pair {
  primary: RunningBallast;
  replica: RunningRedis;
  proxy: CutProxy;
  p: Redis;
  r: Redis;
}

const running: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop();
});

async function startPair(shards: number, fsync: 'always' | 'everysec' | 'no' = 'everysec'): Promise<Pair> {
  const primary = await startBallast({ shards, args: ['--appendfsync', fsync] });
  running.push(() => primary.stop());
  const proxy = await startCutProxy(primary.port);
  running.push(() => proxy.close());
  const replica = await startRedis(['--replicaof', '127.0.0.1', String(proxy.port)]);
  running.push(() => replica.stop());
  const p = new Redis(primary.port, { lazyConnect: true });
  const r = new Redis(replica.port, { lazyConnect: true });
  await p.connect();
  await r.connect();
  running.push(async () => {
    p.disconnect();
    r.disconnect();
  });
  return { primary, replica, proxy, p, r };
}

describe('a redis-server replica of ballast-server', () => {
  for (const shards of [1, 4]) {
    it(`full sync then the stream: every type, MULTI, scripts, expiries, databases, FLUSHDB/SWAPDB (${shards} shard(s))`, async () => {
      const pair = await startPair(shards);
      await runWrites(pair.p, writeCommands(1, 300));
      await expectSameData(pair.p, pair.r);
      await runWrites(pair.p, writeCommands(2, 600));
      await expectSameData(pair.p, pair.r);
      const sync = await pair.p.info('stats');
      expect(infoField(sync, 'sync_full')).toBe('1');
    }, 60_000);
  }

  it('continues with a partial resync after the link is cut inside a MULTI of the stream, and after CLIENT KILL', async () => {
    const pair = await startPair(4, 'always');
    await runWrites(pair.p, writeCommands(3, 200));
    await expectSameData(pair.p, pair.r);
    for (let round = 0; round < 3; round++) {
      const cut = pair.proxy.cutAfter('*1\r\n$5\r\nMULTI\r\n', 7 + round * 11);
      await runWrites(pair.p, writeCommands(10 + round, 200));
      await cut;
      await runWrites(pair.p, writeCommands(20 + round, 50));
      await expectSameData(pair.p, pair.r);
    }
    await pair.p.call('CLIENT', 'KILL', 'TYPE', 'replica');
    await runWrites(pair.p, writeCommands(30, 100));
    await expectSameData(pair.p, pair.r);
    const stats = await pair.p.info('stats');
    expect(infoField(stats, 'sync_full')).toBe('1');
    expect(Number(infoField(stats, 'sync_partial_ok'))).toBe(4);
  }, 90_000);

  it('syncs again when the link is cut during the RDB transfer', async () => {
    const primary = await startBallast({ shards: 2 });
    running.push(() => primary.stop());
    const p = new Redis(primary.port);
    running.push(async () => p.disconnect());
    const load = p.pipeline();
    for (let i = 0; i < 20_000; i++) load.set(`big:${i}`, 'x'.repeat(100));
    await load.exec();
    const proxy = await startCutProxy(primary.port);
    running.push(() => proxy.close());
    const cut = proxy.cutAfter('$EOF:', 200_000);
    const replica = await startRedis(['--replicaof', '127.0.0.1', String(proxy.port)]);
    running.push(() => replica.stop());
    const r = new Redis(replica.port);
    running.push(async () => r.disconnect());
    await cut;
    await runWrites(p, writeCommands(40, 100));
    await expectSameData(p, r);
    expect(proxy.connections).toBeGreaterThanOrEqual(2);
    expect(infoField(await p.info('stats'), 'sync_full')).toBe('2');
  }, 90_000);

  it('WAIT, ROLE, INFO replication and min-replicas-to-write', async () => {
    const pair = await startPair(1);
    await caughtUp(pair.p, pair.r);
    const { p } = pair;
    await p.set('w', '1');
    expect(await p.call('WAIT', '1', '5000')).toBe(1);
    const started = Date.now();
    expect(await p.call('WAIT', '2', '300')).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const multi = await p.multi().set('w', '2').call('WAIT', '5', '0').exec();
    expect(multi?.[1]).toEqual([null, 1]);
    const role = await p.call('ROLE') as [string, number, string[][]];
    expect(role[0]).toBe('master');
    expect(role[2]).toHaveLength(1);
    expect(role[2][0][2]).toMatch(/^\d+$/);
    const info = await p.info('replication');
    expect(infoField(info, 'connected_slaves')).toBe('1');
    expect(infoField(info, 'slave0')).toMatch(/^ip=127\.0\.0\.1,port=\d+,state=online,offset=\d+,lag=\d+$/);
    expect(infoField(info, 'repl_backlog_active')).toBe('1');
    await p.call('CONFIG', 'SET', 'min-replicas-to-write', '1');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await p.set('allowed', '1')).toBe('OK');
    await p.call('CONFIG', 'SET', 'min-replicas-to-write', '2');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await expect(p.set('refused', '1')).rejects.toThrow('NOREPLICAS Not enough good replicas to write.');
    expect(await p.get('allowed')).toBe('1');
    await p.call('CONFIG', 'SET', 'min-replicas-to-write', '0');
    expect(await p.set('allowed', '2')).toBe('OK');
  }, 60_000);
});
