/**
 * maxmemory against redis-server: the same workload under each maxmemory-policy on both servers.
 * Which keys survive is random on both, and used_memory measures different things (jemalloc's
 * bytes on Redis, the memory model on Ballast), so the replies are not compared one by one; the
 * invariants are, on each server:
 *
 * - after a write returns, used_memory (read by the next command, which evicts first as every
 *   command does) is within maxmemory while anything is evictable;
 * - volatile-* policies evict only keys with a TTL, and refuse writes with -OOM once none is left;
 * - allkeys-* policies never refuse a write; noeviction refuses every deny-oom write once over,
 *   with Redis's exact error, and evicts nothing;
 * - every eviction is counted in INFO evicted_keys and published as an `evicted` keyspace event.
 *
 * And byte for byte: the OOM error, OBJECT FREQ/IDLETIME's errors, the new options' CONFIG GET
 * defaults, INFO's maxmemory fields. Ballast runs with its log (appendfsync everysec) and with
 * four shards, whose evictions span shards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReply, type Reply } from '@ballast/core';
import { RawClient } from '../support/raw-client.js';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';

const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
const POLICIES = ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const;
/** Redis's used_memory moves with its own buffers (the INFO reply, the query buffer): its tests allow 4 KiB. */
const REDIS_SLACK_BYTES = 4096;
/** Room above the warmed-up server's used_memory: about 800 of the workload's keys on either server. */
const HEADROOM_BYTES = 200 * 1024;
const WRITES = 1500;

interface Server {
  readonly name: string;
  readonly port: number;
  /** How far above maxmemory INFO may read (Ballast's figure is the model: exact). */
  readonly slackBytes: number;
}

async function infoNumber(client: RawClient, field: string): Promise<number> {
  const text = (await client.call('INFO', 'everything')) as string;
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(text);
  if (match === null) throw new Error(`INFO has no ${field}`);
  return Number(match[1]);
}

interface Outcome {
  readonly refused: number;
  readonly evicted: number;
  readonly notified: number;
  readonly persistentMissing: number;
  readonly overLimit: string[];
}

/** Fills the server past its limit under `policy` and checks the invariants after every write. */
async function runPolicy(server: Server, policy: typeof POLICIES[number]): Promise<Outcome> {
  const client = await RawClient.connect(server.port);
  const subscriber = await RawClient.connect(server.port);
  try {
    await client.call('CONFIG', 'SET', 'maxmemory', '0');
    // Warm up (redis-server allocates buffers on its first commands), then measure the empty server.
    for (let i = 0; i < 50; i++) await client.call('SET', `warm:${i}`, 'x'.repeat(200));
    await client.call('FLUSHALL');
    await client.call('CONFIG', 'SET', 'notify-keyspace-events', 'Ee');
    await client.call('CONFIG', 'RESETSTAT');
    await subscriber.call('SUBSCRIBE', '__keyevent@0__:evicted');
    const limit = (await infoNumber(client, 'used_memory')) + HEADROOM_BYTES;
    await client.call('CONFIG', 'SET', 'maxmemory-policy', policy);
    await client.call('CONFIG', 'SET', 'maxmemory', String(limit));
    const persistent = new Set<string>();
    const overLimit: string[] = [];
    let refused = 0;
    for (let i = 0; i < WRITES; i++) {
      const key = `key:${i}`;
      const value = `value:${i}:${'x'.repeat(100 + (i % 100))}`;
      // Every third key has no TTL: volatile policies must never evict it.
      const withTtl = i % 3 !== 0;
      const reply: Reply = withTtl ? await client.call('SET', key, value, 'EX', String(10_000 + i)) : await client.call('SET', key, value);
      if (reply instanceof ErrorReply) {
        expect(reply.message, `${server.name} ${policy}`).toBe(OOM);
        refused++;
      } else if (!withTtl) {
        persistent.add(key);
      }
      // INFO runs performEvictions first, like any command: within the limit unless nothing is evictable.
      if (i % 20 === 19) {
        const used = await infoNumber(client, 'used_memory');
        if (used > limit + server.slackBytes && refused === 0) overLimit.push(`after write ${i}: used_memory ${used} > maxmemory ${limit}`);
      }
    }
    let persistentMissing = 0;
    for (const key of persistent) if ((await client.call('EXISTS', key)) === 0) persistentMissing++;
    const evicted = await infoNumber(client, 'evicted_keys');
    let notified = 0;
    for (;;) {
      const message = await subscriber.read(evicted === notified ? 200 : 2000).catch(() => null);
      if (message === null) break;
      if (Array.isArray(message) && message[0] === 'message') notified++;
    }
    return { refused, evicted, notified, persistentMissing, overLimit };
  } finally {
    await client.call('CONFIG', 'SET', 'maxmemory', '0').catch(() => undefined);
    client.close();
    subscriber.close();
  }
}

describe('maxmemory and eviction against redis-server', () => {
  let redis: RunningRedis;
  let ballast: RunningBallast;
  let sharded: RunningBallast;
  let servers: Server[];

  beforeAll(async () => {
    [redis, ballast, sharded] = await Promise.all([startRedis(), startBallast(), startBallast({ shards: 4 })]);
    servers = [
      { name: 'redis-server', port: redis.port, slackBytes: REDIS_SLACK_BYTES },
      { name: 'ballast-server', port: ballast.port, slackBytes: 0 },
      { name: 'ballast-server (4 shards)', port: sharded.port, slackBytes: 0 },
    ];
  }, 60_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), ballast?.stop(), sharded?.stop()]);
  });

  for (const policy of POLICIES) {
    it(`${policy}: the invariants hold on every server`, async () => {
      for (const server of servers) {
        const outcome = await runPolicy(server, policy);
        const label = `${server.name} ${policy}: ${JSON.stringify(outcome)}`;
        expect(outcome.overLimit, label).toEqual([]);
        expect(outcome.notified, label).toBe(outcome.evicted);
        if (policy === 'noeviction') {
          expect(outcome.evicted, label).toBe(0);
          expect(outcome.refused, label).toBeGreaterThan(0);
        } else if (policy.startsWith('allkeys-')) {
          expect(outcome.refused, label).toBe(0);
          expect(outcome.evicted, label).toBeGreaterThan(0);
        } else {
          // Volatile: only keys with a TTL go; once none is left (a third of the writes have none), writes are refused.
          expect(outcome.persistentMissing, label).toBe(0);
          expect(outcome.evicted, label).toBeGreaterThan(0);
        }
      }
    }, 120_000);
  }

  it('answers the same errors, defaults and INFO fields', async () => {
    const transcript = async (port: number): Promise<unknown[]> => {
      const client = await RawClient.connect(port);
      try {
        const out: unknown[] = [];
        for (const args of [
          ['FLUSHALL'], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'], ['CONFIG', 'SET', 'maxmemory', '0'],
          ['CONFIG', 'GET', 'maxmemory'], ['CONFIG', 'GET', 'maxmemory-policy'], ['CONFIG', 'GET', 'maxmemory-samples'],
          ['CONFIG', 'GET', 'maxmemory-eviction-tenacity'], ['CONFIG', 'GET', 'lfu-log-factor'], ['CONFIG', 'GET', 'lfu-decay-time'],
          ['CONFIG', 'SET', 'maxmemory-policy', 'lru'], ['CONFIG', 'SET', 'maxmemory-samples', '0'], ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '101'],
          ['CONFIG', 'SET', 'maxmemory', '-1'],
          ['SET', 'k', 'v'], ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'IDLETIME', 'k'],
          ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['OBJECT', 'IDLETIME', 'k'], ['OBJECT', 'FREQ', 'missing'],
          ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'], ['CONFIG', 'SET', 'maxmemory', '1'],
          ['SET', 'k', 'v2'], ['GET', 'k'], ['EVAL', "return redis.call('incr', 'n')", '0'],
          ['EVAL', "#!lua flags=allow-oom\nreturn redis.call('set', 'n', '1')", '0'], ['EVAL', "#!lua\nreturn 1", '0'],
          ['MULTI'], ['SET', 'x', '1'], ['EXEC'],
          ['CONFIG', 'SET', 'maxmemory', '1gb'], ['CONFIG', 'GET', 'maxmemory'],
        ]) {
          const reply = await client.call(...args);
          // A script's error carries its SHA (the same on both) and the script's line.
          out.push(reply instanceof ErrorReply ? `-${reply.message}` : reply);
        }
        const info = (await client.call('INFO', 'memory')) as string;
        out.push(info.split('\r\n').filter((line) => /^maxmemory(_human|_policy)?:/.test(line)));
        await client.call('CONFIG', 'SET', 'maxmemory', '0');
        return out;
      } finally {
        client.close();
      }
    };
    expect(await transcript(ballast.port)).toEqual(await transcript(redis.port));
  }, 60_000);
});
