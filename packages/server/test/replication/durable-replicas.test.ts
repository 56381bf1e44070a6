/**
 * min-replicas-durable on real processes: a ballast-server primary acknowledges a write (and
 * serves a read of it) only once it is fsynced locally and on that many Ballast replicas, which
 * say so with REPLCONF ACK … FACK. Without a replica, with the replica stopped (SIGSTOP), or with
 * only a redis-server replica (which never sends FACK), writes wait; they are answered as soon as
 * a Ballast replica has them durable — or, past min-replicas-durable-timeout, answered NOTDURABLE.
 * After the primary is SIGKILLed, the promoted replica holds every acknowledged write.
 */
import { describe, expect, it } from 'vitest';
import type { RunningBallast } from '../support/ballast-server.js';
import { startRedis } from '../support/redis-server.js';
import { infoField } from './catch-up.js';
import { useTestProcesses } from './test-processes.js';

const { track, client, ballast } = useTestProcesses();

async function server(args: string[]): Promise<RunningBallast> {
  return ballast(1, args);
}

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

describe('min-replicas-durable', () => {
  it('acknowledges writes only once a Ballast replica made them durable', async () => {
    const primaryServer = await server(['--appendfsync', 'always', '--min-replicas-durable', '1']);
    const primary = await client(primaryServer.port);
    const first = primary.set('first', '1');
    expect(await settlesWithin(first, 500)).toBe(false);

    const replicaServer = await server(['--appendfsync', 'always', '--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    expect(await settlesWithin(first, 10_000)).toBe(true);
    expect(await first).toBe('OK');
    expect(await primary.set('second', '2')).toBe('OK');

    replicaServer.process.kill('SIGSTOP');
    const held = primary.set('held', '3');
    const reader = await client(primaryServer.port);
    const read = reader.get('held');
    expect(await settlesWithin(held, 700)).toBe(false);
    expect(await settlesWithin(read, 100)).toBe(false);
    replicaServer.process.kill('SIGCONT');
    expect(await held).toBe('OK');
    expect(await read).toBe('3');
    const replica = await client(replicaServer.port);
    expect(await replica.get('held')).toBe('3');
  }, 60_000);

  it('min-replicas-durable-timeout: with the only replica stopped, a write is answered NOTDURABLE, and reads of it too until the replica has it', async () => {
    const primaryServer = await server(['--appendfsync', 'always', '--min-replicas-durable', '1']);
    const replicaServer = await server(['--appendfsync', 'always', '--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const primary = await client(primaryServer.port);
    // The first write waits (no timeout yet) until the replica's full sync is in its log and it acknowledges again.
    expect(await primary.set('before', '1')).toBe('OK');
    expect(await primary.call('CONFIG', 'SET', 'min-replicas-durable-timeout', '500')).toBe('OK');
    replicaServer.process.kill('SIGSTOP');
    const started = Date.now();
    await expect(primary.set('stranded', '2')).rejects.toThrow(
      'NOTDURABLE the write was applied and logged here but is not known durable on 1 replica after 500 ms (min-replicas-durable-timeout): it may or may not survive a failover');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    await expect(primary.get('stranded')).rejects.toThrow('NOTDURABLE the read depends on a write that is not known durable on 1 replica');
    expect(await primary.get('before')).toBe('1');
    expect(await primary.call('CONFIG', 'SET', 'min-replicas-durable-timeout', '0')).toBe('OK');
    const waiting = primary.set('waits', '3');
    expect(await settlesWithin(waiting, 800)).toBe(false);
    replicaServer.process.kill('SIGCONT');
    expect(await waiting).toBe('OK');
    expect(await primary.get('stranded')).toBe('2');
    const replica = await client(replicaServer.port);
    expect(await replica.get('stranded')).toBe('2');
  }, 60_000);

  it('does not count a redis-server replica', async () => {
    const primaryServer = await server(['--appendfsync', 'always', '--min-replicas-durable', '1']);
    const replicaServer = await startRedis(['--replicaof', '127.0.0.1', String(primaryServer.port)]);
    track(() => replicaServer.stop());
    const primary = await client(primaryServer.port);
    const write = primary.set('k', 'v');
    const observer = await client(primaryServer.port);
    const deadline = Date.now() + 10_000;
    while (infoField(await observer.info('replication'), 'slave0')?.includes('state=online') !== true && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await settlesWithin(write, 1500)).toBe(false);
    const replica = await client(replicaServer.port);
    expect(await replica.get('k')).toBe('v');
  }, 60_000);

  it('after the primary is killed, the promoted replica holds every acknowledged write', async () => {
    const primaryServer = await server(['--appendfsync', 'always', '--min-replicas-durable', '1']);
    const replicaServer = await server(['--appendfsync', 'always', '--replicaof', `127.0.0.1 ${primaryServer.port}`]);
    const writers = await Promise.all([0, 1, 2].map(() => client(primaryServer.port)));
    const acknowledged: string[] = [];
    let stop = false;
    const loads = writers.map(async (writer, index) => {
      for (let n = 0; !stop; n++) {
        const key = `w${index}:${n}`;
        try {
          if (await writer.set(key, String(n)) === 'OK') acknowledged.push(key);
        } catch {
          return;
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    primaryServer.kill('SIGKILL');
    stop = true;
    await Promise.all(loads);
    const replica = await client(replicaServer.port);
    expect(await replica.call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    expect(acknowledged.length).toBeGreaterThan(10);
    const values = await replica.mget(...acknowledged);
    expect(acknowledged.filter((_key, index) => values[index] === null)).toEqual([]);
  }, 60_000);
});
