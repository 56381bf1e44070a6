/**
 * PUBLISH reaches the subscribers of replicas, as Redis 7.0 propagates it (to replicas, not to
 * the log): a redis-server replica of ballast-server and a ballast-server replica of redis-server
 * each deliver what their primary published — alone, inside MULTI/EXEC beside a write, and from a
 * script — in order, and the replica's offset still equals its primary's afterwards.
 */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis-server.js';
import { caughtUp } from './catch-up.js';
import { useTestProcesses } from './test-processes.js';

const { track, client, ballast } = useTestProcesses();

/** Subscribes on `replica` and returns the messages it received so far, as `channel:message`. */
async function subscriber(replicaClient: Redis): Promise<() => string[]> {
  const messages: string[] = [];
  replicaClient.on('message', (channel: string, message: string) => messages.push(`${channel}:${message}`));
  await replicaClient.subscribe('news', 'other');
  return () => messages;
}

async function publishAll(primary: Redis): Promise<void> {
  await primary.set('k', '1');
  expect(await primary.publish('news', 'one')).toBe(0);
  await primary.multi().set('k', '2').publish('news', 'two').publish('other', 'three').exec();
  await primary.eval("redis.call('publish', 'news', 'four') return redis.call('set', 'k', '3')", 0);
  await primary.publish('news', 'five');
}

async function received(messages: () => string[], count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  while (messages().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return messages();
}

const EXPECTED = ['news:one', 'news:two', 'other:three', 'news:four', 'news:five'];

describe('PUBLISH propagation', () => {
  /** Once `replica` caught up, a subscriber on it receives what the primary publishes, and the writes among them arrive too. */
  async function expectDelivered(primary: Awaited<ReturnType<typeof client>>, replica: Awaited<ReturnType<typeof client>>, replicaPort: number): Promise<void> {
    await caughtUp(primary, replica);
    const messages = await subscriber(await client(replicaPort));
    await publishAll(primary);
    expect(await received(messages, EXPECTED.length)).toEqual(EXPECTED);
    await caughtUp(primary, replica);
    expect(await replica.get('k')).toBe('3');
  }

  it('a redis-server replica of ballast-server delivers what the primary published', async () => {
    const primaryServer = await ballast(2);
    const primary = await client(primaryServer.port);
    const replicaServer = await startRedis(['--replicaof', '127.0.0.1', String(primaryServer.port)]);
    track(() => replicaServer.stop());
    const replica = await client(replicaServer.port);
    await primary.set('start', '1');
    await expectDelivered(primary, replica, replicaServer.port);
  }, 60_000);

  it('a ballast-server replica of redis-server delivers what the primary published', async () => {
    const primaryServer = await startRedis(['--repl-diskless-sync-delay', '0']);
    track(() => primaryServer.stop());
    const primary = await client(primaryServer.port);
    const replicaServer = await ballast(2);
    const replica = await client(replicaServer.port);
    await primary.set('start', '1');
    expect(await replica.call('REPLICAOF', '127.0.0.1', String(primaryServer.port))).toBe('OK');
    await expectDelivered(primary, replica, replicaServer.port);
  }, 60_000);
});
