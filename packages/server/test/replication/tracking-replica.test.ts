/**
 * Client-side caching on a replica: clients of a replica that track keys are told of the writes
 * that arrive in the replication stream, as on redis-server. The same scenario runs with a
 * redis-server replica and with a ballast-server replica (four shards, appendfsync always) of one
 * redis-server primary: a RESP3 tracker and a BCAST tracker on the replica must receive the same
 * invalidations, the full sync's null included.
 */
import { describe, expect, it } from 'vitest';
import { SimpleString, type Reply } from '@ballast/core';
import { RawClient } from '../support/raw-client.js';
import { startRedis } from '../support/redis-server.js';
import { caughtUp } from './catch-up.js';
import { useTestProcesses } from './test-processes.js';

const { track, client, ballast } = useTestProcesses();

function render(reply: Reply): string {
  return reply instanceof SimpleString ? reply.value : JSON.stringify(reply, (_key, value: unknown) => (
    value !== null && typeof value === 'object' && !Array.isArray(value) && value.constructor !== Object ? { [value.constructor.name]: { ...value } } : value));
}

/** Everything `tracker` received up to the PONG of a PING sent now. */
async function drain(tracker: RawClient): Promise<string[]> {
  tracker.write('*1\r\n$4\r\nPING\r\n');
  const seen: string[] = [];
  for (let reply = render(await tracker.read()); reply !== 'PONG'; reply = render(await tracker.read())) seen.push(reply);
  return seen;
}

/** Runs the scenario with a replica listening on `replicaPort` of a fresh primary; returns what its trackers received at each stage. */
async function scenario(replicaPort: number): Promise<string[][]> {
  const primaryServer = await startRedis(['--repl-diskless-sync-delay', '0']);
  track(() => primaryServer.stop());
  const primary = await client(primaryServer.port);
  const replica = await client(replicaPort);
  const [tracker, broadcast] = await Promise.all([RawClient.connect(replicaPort), RawClient.connect(replicaPort)]);
  track(async () => {
    tracker.close();
    broadcast.close();
  });
  for (const connection of [tracker, broadcast]) await connection.call('HELLO', '3');
  expect(await tracker.call('CLIENT', 'TRACKING', 'on')).toEqual(new SimpleString('OK'));
  expect(await broadcast.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'user:')).toEqual(new SimpleString('OK'));
  await tracker.call('MGET', 'user:1', 'user:2', 'other');
  await primary.mset('user:1', 'a', 'user:2', 'b', 'other', 'c');
  expect(await replica.call('REPLICAOF', '127.0.0.1', String(primaryServer.port))).toBe('OK');
  await caughtUp(primary, replica);
  const stages = [await drain(tracker), await drain(broadcast)];
  await tracker.call('MGET', 'user:1', 'user:2', 'other');
  // One write at a time: a replica sends the BCAST keys of one read of its stream together, and the reads must not differ.
  const writes: Array<() => Promise<unknown>> = [
    () => primary.set('user:1', 'x'), () => primary.del('other'), () => primary.multi().incr('counter').set('user:2', 'y').exec(),
    () => primary.set('user:3', 'z', 'PX', 50), () => new Promise((resolve) => setTimeout(resolve, 200)), () => primary.get('user:3'),
  ];
  for (const write of writes) {
    await write();
    await caughtUp(primary, replica);
  }
  stages.push(await drain(tracker), await drain(broadcast));
  await tracker.call('GET', 'user:1');
  await primary.flushall();
  await caughtUp(primary, replica);
  stages.push(await drain(tracker), await drain(broadcast));
  return stages;
}

describe('CLIENT TRACKING on a replica', () => {
  it('invalidates keys written through the replication stream, as a redis-server replica does', async () => {
    const redisReplica = await startRedis();
    track(() => redisReplica.stop());
    const expected = await scenario(redisReplica.port);
    expect(expected.flat().length).toBeGreaterThan(4);
    const ballastReplica = await ballast(4, ['--appendfsync', 'always']);
    expect(await scenario(ballastReplica.port)).toEqual(expected);
  }, 120_000);
});
