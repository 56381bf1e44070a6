/**
 * FAILOVER between real processes, as Redis 7.0.15's integration/failover tests run it: a
 * ballast-server primary hands over to a ballast-server replica and to a redis-server replica,
 * and a redis-server primary to a ballast-server replica. Afterwards the roles are swapped, the
 * data is identical, and the old primary follows the new one with a partial resync (the new
 * primary's sync_partial_ok, no full sync). Writes sent during the failover are paused, then
 * refused with READONLY, and a client blocked on the old primary (BLPOP) is answered -UNBLOCKED; a failover whose target never catches up ends at its TIMEOUT, or on
 * FAILOVER ABORT, with the primary writable again, and with FORCE fails over anyway; under
 * min-replicas-durable the target must have made everything durable first.
 */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { datasetOf } from '../support/dataset.js';
import { startRedis } from '../support/redis-server.js';
import { caughtUp, infoField } from './catch-up.js';
import { useTestProcesses } from './test-processes.js';
import { runWrites, writeCommands } from './write-load.js';

const { track, client, ballast } = useTestProcesses();

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const field = async (node: Redis, section: string, name: string) => infoField(await node.info(section), name);

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

/**
 * FAILOVER TO the replica on `replicaPort`, with a write sent while it runs; then the old primary
 * is a replica of the new one, with a partial resync, both hold the same data, and the write
 * was refused with READONLY; a client blocked on the old primary was answered -UNBLOCKED.
 */
async function failOver(primary: Redis, replica: Redis, replicaPort: number, writer: Redis, blocker: Redis): Promise<void> {
  await caughtUp(primary, replica);
  const blocked = blocker.blpop('never-pushed', 0).then((reply) => reply, (error: Error) => error.message);
  await waitFor('the BLPOP to block', async () => await field(primary, 'clients', 'blocked_clients') === '1');
  const partialBefore = Number(await field(replica, 'stats', 'sync_partial_ok'));
  const fullBefore = Number(await field(replica, 'stats', 'sync_full'));
  expect(await primary.call('FAILOVER', 'TO', '127.0.0.1', String(replicaPort))).toBe('OK');
  const write = writer.set('during', 'failover').then((reply) => reply, (error: Error) => error.message);
  await waitFor('the failover to end', async () => await field(primary, 'replication', 'master_failover_state') === 'no-failover');
  expect(await write).toBe("READONLY You can't write against a read only replica.");
  expect(await blocked).toBe('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)');
  expect(await field(primary, 'replication', 'role')).toBe('slave');
  expect(await field(replica, 'replication', 'role')).toBe('master');
  await replica.set('after', 'failover');
  await caughtUp(replica, primary);
  expect(await datasetOf(primary)).toEqual(await datasetOf(replica));
  expect(await primary.get('during')).toBeNull();
  expect(Number(await field(replica, 'stats', 'sync_partial_ok'))).toBe(partialBefore + 1);
  expect(Number(await field(replica, 'stats', 'sync_full'))).toBe(fullBefore);
  expect(await field(replica, 'replication', 'master_replid2')).not.toBe('0000000000000000000000000000000000000000');
}

describe('FAILOVER', () => {
  it('ballast-server to a ballast-server replica: TIMEOUT and ABORT give the primary back, then the failover with a partial resync', async () => {
    const primaryServer = await ballast(2);
    const replicaServer = await ballast(1, ['--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const primary = await client(primaryServer.port);
    const replica = await client(replicaServer.port);
    const writer = await client(primaryServer.port);
    await runWrites(primary, writeCommands(70, 300));
    await caughtUp(primary, replica);

    replicaServer.kill('SIGSTOP');
    await primary.set('unacknowledged', '1');
    expect(await primary.call('FAILOVER', 'TO', '127.0.0.1', String(replicaServer.port), 'TIMEOUT', '1500')).toBe('OK');
    expect(await field(primary, 'replication', 'master_failover_state')).toBe('waiting-for-sync');
    const paused = writer.set('paused', '1');
    expect(await primary.get('unacknowledged')).toBe('1');
    expect(await settlesWithin(paused, 300)).toBe(false);
    await waitFor('the timeout', async () => await field(primary, 'replication', 'master_failover_state') === 'no-failover');
    expect(await paused).toBe('OK');
    expect(primaryServer.output()).toContain(`FAILOVER to 127.0.0.1:${replicaServer.port} aborted: Replica never caught up before timeout`);

    expect(await primary.call('FAILOVER', 'TIMEOUT', '60000')).toBe('OK');
    const held = writer.set('held', '1');
    expect(await settlesWithin(held, 300)).toBe(false);
    expect(await primary.call('FAILOVER', 'ABORT')).toBe('OK');
    expect(await held).toBe('OK');
    expect(await field(primary, 'replication', 'master_failover_state')).toBe('no-failover');
    expect(primaryServer.output()).toContain('FAILOVER to any replica aborted: Failover manually aborted');
    replicaServer.kill('SIGCONT');

    await runWrites(primary, writeCommands(71, 200));
    await failOver(primary, replica, replicaServer.port, writer, await client(primaryServer.port));
    expect(primaryServer.output()).toContain(`Failover target 127.0.0.1:${replicaServer.port} is synced, failing over.`);
    expect(primaryServer.output()).toContain('Successful partial resynchronization with master.');
    expect(replicaServer.output()).toMatch(/Failover request received for replid [0-9a-f]{40}\./);
    expect(replicaServer.output()).toContain('MASTER MODE enabled (failover request from');
  }, 120_000);

  it('FORCE fails over to a stopped replica once the TIMEOUT passes, and the old primary follows it to identical data', async () => {
    const primaryServer = await ballast(1);
    const replicaServer = await ballast(1, ['--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const primary = await client(primaryServer.port);
    const replica = await client(replicaServer.port);
    await runWrites(primary, writeCommands(78, 200));
    await caughtUp(primary, replica);
    replicaServer.kill('SIGSTOP');
    await primary.set('never-acknowledged', '1');
    expect(await primary.call('FAILOVER', 'TO', '127.0.0.1', String(replicaServer.port), 'TIMEOUT', '100', 'FORCE')).toBe('OK');
    await waitFor('the forced failover', async () => await field(primary, 'replication', 'master_failover_state') === 'failover-in-progress');
    expect(await field(primary, 'replication', 'role')).toBe('slave');
    expect(primaryServer.output()).toContain(`FAILOVER to 127.0.0.1:${replicaServer.port} time out exceeded, failing over.`);
    replicaServer.kill('SIGCONT');
    await waitFor('the failover to end', async () => await field(primary, 'replication', 'master_failover_state') === 'no-failover');
    expect(await field(replica, 'replication', 'role')).toBe('master');
    await replica.set('after', 'force');
    await caughtUp(replica, primary);
    expect(await datasetOf(primary)).toEqual(await datasetOf(replica));
  }, 120_000);

  it('ballast-server to a redis-server replica, and back', async () => {
    const primaryServer = await ballast(1);
    const primary = await client(primaryServer.port);
    await runWrites(primary, writeCommands(72, 300));
    const replicaServer = await startRedis(['--replicaof', '127.0.0.1', String(primaryServer.port)]);
    track(() => replicaServer.stop());
    const replica = await client(replicaServer.port);
    const writer = await client(primaryServer.port);
    await runWrites(primary, writeCommands(73, 200));
    await failOver(primary, replica, replicaServer.port, writer, await client(primaryServer.port));
    await runWrites(replica, writeCommands(74, 200));
    await failOver(replica, primary, primaryServer.port, await client(replicaServer.port), await client(replicaServer.port));
  }, 120_000);

  it('redis-server to a ballast-server replica', async () => {
    const primaryServer = await startRedis(['--repl-diskless-sync-delay', '0']);
    track(() => primaryServer.stop());
    const primary = await client(primaryServer.port);
    await runWrites(primary, writeCommands(75, 300));
    const replicaServer = await ballast(2, ['--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const replica = await client(replicaServer.port);
    await runWrites(primary, writeCommands(76, 200));
    await failOver(primary, replica, replicaServer.port, await client(primaryServer.port), await client(primaryServer.port));
    expect(replicaServer.output()).toContain('MASTER MODE enabled (failover request from');
  }, 120_000);

  it('under min-replicas-durable, hands over once the target made everything durable', async () => {
    const primaryServer = await ballast(1, ['--appendfsync', 'always', '--min-replicas-durable', '1']);
    const replicaServer = await ballast(1, ['--appendfsync', 'always', '--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const primary = await client(primaryServer.port);
    const replica = await client(replicaServer.port);
    await runWrites(primary, writeCommands(77, 200));
    await failOver(primary, replica, replicaServer.port, await client(primaryServer.port), await client(primaryServer.port));
  }, 120_000);
});
