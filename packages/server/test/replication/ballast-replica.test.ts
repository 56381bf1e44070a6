/**
 * ballast-server replicating from an unmodified redis-server 7.0: REPLICAOF, the full sync (Redis
 * sends its RDB with an EOF marker after repl-diskless-sync-delay), the stream under a write load
 * of every type, a link cut inside a MULTI (partial resync: the transaction is resent whole),
 * writes refused while it follows (READONLY), ROLE and INFO, REPLICAOF NO ONE keeping the data,
 * and a replica restarted from its own AOF: with a partial resync after a clean stop (its recorded
 * history describes its recovered dataset), in full after a SIGKILL when it does not. Datasets are compared key by key.
 */
import { describe, expect, it } from 'vitest';
import { startBallast } from '../support/ballast-server.js';
import { startCutProxy } from '../support/cut-proxy.js';
import { datasetOf } from '../support/dataset.js';
import { startRedis } from '../support/redis-server.js';
import { caughtUp, expectSameData, infoField } from './catch-up.js';
import { useTestProcesses } from './test-processes.js';
import { runWrites, writeCommands } from './write-load.js';

const { track, client, ballast } = useTestProcesses();

describe('ballast-server as a replica of redis-server', () => {
  it('full sync, the stream, a link cut inside a MULTI, READONLY, ROLE, INFO and REPLICAOF NO ONE', async () => {
    const primaryServer = await startRedis(['--repl-diskless-sync-delay', '0']);
    track(() => primaryServer.stop());
    const proxy = await startCutProxy(primaryServer.port);
    track(() => proxy.close());
    const primary = await client(primaryServer.port);
    await runWrites(primary, writeCommands(50, 300));
    const replicaServer = await ballast(4);
    const replica = await client(replicaServer.port);
    expect(await replica.call('REPLICAOF', '127.0.0.1', String(proxy.port))).toBe('OK');
    await expectSameData(primary, replica);
    await runWrites(primary, writeCommands(51, 400));
    await expectSameData(primary, replica);

    const cut = proxy.cutAfter('*1\r\n$5\r\nMULTI\r\n', 9);
    await runWrites(primary, writeCommands(52, 300));
    await cut;
    await runWrites(primary, writeCommands(53, 100));
    await expectSameData(primary, replica);
    expect(infoField(await primary.info('stats'), 'sync_partial_ok')).toBe('1');
    expect(infoField(await primary.info('stats'), 'sync_full')).toBe('1');

    await expect(replica.set('local', '1')).rejects.toThrow("READONLY You can't write against a read only replica.");
    const role = await replica.call('ROLE') as unknown[];
    expect(role.slice(0, 4)).toEqual(['slave', '127.0.0.1', proxy.port, 'connected']);
    expect(role[4]).toBe(Number(infoField(await primary.info('replication'), 'master_repl_offset')));
    expect(infoField(await replica.info('replication'), 'role')).toBe('slave');

    const before = await datasetOf(replica);
    expect(await replica.call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    expect(await replica.set('local', '1')).toBe('OK');
    const after = await datasetOf(replica);
    delete after[0].local;
    expect(after).toEqual(before);
    expect(infoField(await replica.info('replication'), 'master_replid2')).toBe(infoField(await primary.info('replication'), 'master_replid'));
  }, 120_000);

  it('follows a ballast-server primary of another shard count, under appendfsync always on both', async () => {
    const primaryServer = await ballast(4, ['--appendfsync', 'always']);
    const primary = await client(primaryServer.port);
    await runWrites(primary, writeCommands(70, 300));
    const replicaServer = await ballast(2, ['--appendfsync', 'always', '--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const replica = await client(replicaServer.port);
    await expectSameData(primary, replica);
    await runWrites(primary, writeCommands(71, 500));
    await expectSameData(primary, replica);
    expect(infoField(await primary.info('stats'), 'sync_full')).toBe('1');
  }, 120_000);

  it('a replica under CLIENT PAUSE WRITE holds the stream: its offset does not grow until the pause ends', async () => {
    const primaryServer = await startRedis(['--repl-diskless-sync-delay', '0']);
    track(() => primaryServer.stop());
    const primary = await client(primaryServer.port);
    await primary.set('before', '1');
    const replicaServer = await ballast(1, ['--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const replica = await client(replicaServer.port);
    await caughtUp(primary, replica);
    expect(await replica.call('CLIENT', 'PAUSE', '1500', 'WRITE')).toBe('OK');
    await primary.set('during', '1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The SELECT before the SET runs (it does not write); the SET waits, uncounted.
    const shipped = Number(infoField(await primary.info('replication'), 'master_repl_offset'));
    expect(Number(infoField(await replica.info('replication'), 'slave_repl_offset'))).toBeLessThan(shipped);
    expect(await replica.get('during')).toBeNull();
    await expectSameData(primary, replica);
  }, 60_000);

  it('a replica with maxmemory leaves eviction to its primary (replica-ignore-maxmemory)', async () => {
    const primaryServer = await startRedis(['--repl-diskless-sync-delay', '0']);
    track(() => primaryServer.stop());
    const primary = await client(primaryServer.port);
    const replicaServer = await ballast(1, ['--maxmemory', '2mb', '--maxmemory-policy', 'allkeys-lru', '--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const replica = await client(replicaServer.port);
    const load = primary.pipeline();
    for (let i = 0; i < 5_000; i++) load.set(`m:${i}`, 'x'.repeat(600));
    await load.exec();
    await expectSameData(primary, replica);
    expect(infoField(await replica.info('stats'), 'evicted_keys')).toBe('0');
  }, 60_000);

  it('a replica stopped cleanly continues with a partial resync after its restart', async () => {
    const primaryServer = await startRedis(['--repl-diskless-sync-delay', '0']);
    track(() => primaryServer.stop());
    const primary = await client(primaryServer.port);
    await runWrites(primary, writeCommands(80, 200));
    const replicaServer = await startBallast({ shards: 2, args: ['--replicaof', `127.0.0.1 ${primaryServer.port}`] });
    track(() => replicaServer.stop());
    await expectSameData(primary, await client(replicaServer.port));
    replicaServer.kill('SIGTERM');
    expect(await replicaServer.exited).toBe(0);
    await runWrites(primary, writeCommands(81, 200));
    const restarted = await startBallast({ args: ['--dir', replicaServer.directory, '--shards', '2', '--replicaof', `127.0.0.1 ${primaryServer.port}`] });
    track(() => restarted.stop());
    await expectSameData(primary, await client(restarted.port));
    expect(restarted.output()).toContain('Replica history: continuing');
    const stats = await primary.info('stats');
    expect([infoField(stats, 'sync_full'), infoField(stats, 'sync_partial_ok')]).toEqual(['1', '1']);
  }, 120_000);

  it('a replica restarted from its own AOF follows again and ends identical', async () => {
    const primaryServer = await startRedis(['--repl-diskless-sync-delay', '0']);
    track(() => primaryServer.stop());
    const primary = await client(primaryServer.port);
    await runWrites(primary, writeCommands(60, 300));
    const replicaServer = await startBallast({ shards: 2, args: ['--replicaof', `127.0.0.1 ${primaryServer.port}`, '--appendfsync', 'always'] });
    track(() => replicaServer.stop());
    let replica = await client(replicaServer.port);
    await expectSameData(primary, replica);
    await runWrites(primary, writeCommands(61, 200));
    await caughtUp(primary, replica);
    replicaServer.kill('SIGKILL');
    await replicaServer.exited;
    await runWrites(primary, writeCommands(62, 200));
    const restarted = await startBallast({ args: ['--dir', replicaServer.directory, '--shards', '2', '--replicaof', `127.0.0.1 ${primaryServer.port}`] });
    track(() => restarted.stop());
    replica = await client(restarted.port);
    await expectSameData(primary, replica);
  }, 120_000);
});
