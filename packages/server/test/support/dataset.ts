/**
 * A server's whole dataset as plain data, read through commands only, so two servers (a primary
 * and its replica, Ballast and redis-server) can be compared with toEqual: per database, every
 * key with its type, its value in a canonical order, and its absolute expiry (PEXPIRETIME).
 */
import type { Redis } from 'ioredis';

export type Dataset = Record<string, Record<string, { type: string; value: unknown; expireAtMs: number }>>;

export async function datasetOf(redis: Redis, databases = 16): Promise<Dataset> {
  const dataset: Dataset = {};
  for (let db = 0; db < databases; db++) {
    await redis.select(db);
    const keys = (await redis.keys('*')).sort();
    if (keys.length === 0) continue;
    const entries: Dataset[string] = {};
    for (const key of keys) {
      const type = await redis.type(key);
      entries[key] = { type, value: await valueOf(redis, key, type), expireAtMs: Number(await redis.call('PEXPIRETIME', key)) };
    }
    dataset[db] = entries;
  }
  await redis.select(0);
  return dataset;
}

async function valueOf(redis: Redis, key: string, type: string): Promise<unknown> {
  switch (type) {
    case 'string': return redis.getBuffer(key).then((value) => value?.toString('hex'));
    case 'list': return redis.lrange(key, 0, -1);
    case 'set': return (await redis.smembers(key)).sort();
    case 'hash': return Object.entries(await redis.hgetall(key)).sort();
    case 'zset': return redis.zrange(key, 0, -1, 'WITHSCORES');
    case 'stream': return [await redis.xrange(key, '-', '+'), await redis.call('XINFO', 'GROUPS', key)];
    default: return `unknown type ${type}`;
  }
}
