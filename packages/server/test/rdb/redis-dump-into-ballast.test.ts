/**
 * Moving a dataset between redis-server 7.0.15 and ballast-server through dump files, both
 * ways. redis-server builds the dataset of dataset.ts (every value kind, small and large
 * encodings, streams with groups and pending entries, HLLs, geo sets, four databases, expiries,
 * two libraries) and SAVEs it; a redis-server restarted on that dump gives the reference
 * description. Then, each on a copy of that dump.rdb:
 *
 * - ballast-server with `appendonly no` (1 shard) loads it and holds exactly what redis-server
 *   holds; its own SAVE passes redis-check-rdb, and a second redis-server started on Ballast's
 *   dump holds the same again (the round trip Redis → Ballast → Redis);
 * - ballast-server with `appendonly yes` (4 shards) imports it as the AOF's first base and holds
 *   the same; stopped, the dump deleted and restarted, it holds the same from its AOF alone.
 *
 * Every comparison is dataset.ts's describeDataset on both sides. Skipped only when the Redis
 * binaries are absent.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import { makeDirectory, removeDirectory, startServer, type Server } from '../durability/support.js';
import { RawClient } from '../support/raw-client.js';
import { REDIS_SERVER, startRedis, type RunningRedis } from '../support/redis-server.js';
import { describeDataset, expectSameDataset, loadDataset, type DatasetDescription } from './dataset.js';

const CHECK_RDB = '/usr/bin/redis-check-rdb';
const present = existsSync(CHECK_RDB) && existsSync(REDIS_SERVER);
const START_MS = 60_000;

/** A redis-server on `directory`/dump.rdb (loaded if it exists), with a connected client. */
async function redisOn(directory: string): Promise<{ redis: RunningRedis; client: RawClient }> {
  const redis = await startRedis(['--dir', directory, '--dbfilename', 'dump.rdb']);
  return { redis, client: await RawClient.connect(redis.port) };
}

describe.skipIf(!present)('redis-server dump.rdb into ballast-server and back', () => {
  const redisDirectory = mkdtempSync(path.join(os.tmpdir(), 'redis-rdb-source-'));
  const redisDump = path.join(redisDirectory, 'dump.rdb');
  const cleanups: Array<() => Promise<unknown> | void> = [];
  let expected: DatasetDescription;

  beforeAll(async () => {
    const builder = await redisOn(redisDirectory);
    await loadDataset((...args) => builder.client.call(...args));
    expect(await builder.client.call('SAVE')).toEqual(new SimpleString('OK'));
    builder.client.close();
    await builder.redis.stop();
    // What redis-server reports once it has loaded its own dump is the reference: OBJECT
    // ENCODING of a string depends on how it was made (an HLL is 'raw' until it is loaded again).
    const { redis, client } = await redisOn(redisDirectory);
    cleanups.push(() => client.close(), () => redis.stop(), () => rmSync(redisDirectory, { recursive: true, force: true }));
    expected = await describeDataset((...args) => client.call(...args));
  }, START_MS);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** ballast-server on a fresh data directory holding a copy of Redis's dump. */
  async function ballastOnDump(args: string[]): Promise<{ server: Server; client: RawClient; directory: string }> {
    const directory = makeDirectory('ballast-rdb-import-');
    cleanups.push(() => removeDirectory(directory));
    copyFileSync(redisDump, path.join(directory, 'dump.rdb'));
    const server = await startServer(directory, args);
    cleanups.push(() => server.stop());
    const client = await server.connect();
    cleanups.push(() => client.close());
    return { server, client, directory };
  }

  it('the dataset is what the test means it to be', () => {
    const types = Object.values(expected.keys).map((key) => `${String(key.type)}/${String(key.encoding)}`);
    for (const kind of ['string/int', 'string/embstr', 'string/raw', 'list/quicklist', 'set/intset', 'set/hashtable', 'zset/listpack', 'zset/skiplist',
      'hash/listpack', 'hash/hashtable', 'stream/stream']) expect(types, kind).toContain(kind);
    expect(Object.keys(expected.keys).length).toBeGreaterThan(50);
    expect(new Set(Object.keys(expected.keys).map((key) => key.split(':')[0]))).toEqual(new Set(['0', '1', '5', '15']));
    expect(expected.functions).toHaveLength(2);
  });

  it('appendonly no: Ballast loads the dump; its SAVE passes redis-check-rdb and loads back into redis-server', async () => {
    const { client, directory } = await ballastOnDump(['--appendonly', 'no', '--shards', '1']);
    expectSameDataset(await describeDataset((...args) => client.call(...args)), expected, 'ballast (appendonly no)');

    // Ballast → Redis: Ballast's own SAVE of what it loaded.
    const before = statSync(path.join(directory, 'dump.rdb')).mtimeMs;
    expect(await client.call('SAVE')).toEqual(new SimpleString('OK'));
    const ballastDump = path.join(directory, 'dump.rdb');
    expect(statSync(ballastDump).mtimeMs).toBeGreaterThan(before);
    const { stdout } = await promisify(execFile)(CHECK_RDB, [ballastDump]);
    expect(stdout).toContain('RDB looks OK');
    expect(stdout).toContain('Checksum OK');
    const back = await redisOn(directory);
    cleanups.push(() => back.client.close(), () => back.redis.stop());
    expectSameDataset(await describeDataset((...args) => back.client.call(...args)), expected, 'redis-server on Ballast\'s dump');
  }, START_MS);

  it('appendonly yes: the dump becomes the AOF\'s first base, and after deleting it the AOF alone holds the dataset', async () => {
    const { server, client, directory } = await ballastOnDump(['--appendonly', 'yes', '--shards', '4']);
    expectSameDataset(await describeDataset((...args) => client.call(...args)), expected, 'ballast (appendonly yes, imported)');
    client.close();
    expect(await server.stop()).toBe(0);
    expect(existsSync(path.join(directory, 'appendonlydir'))).toBe(true);

    rmSync(path.join(directory, 'dump.rdb'));
    const restarted = await startServer(directory, ['--appendonly', 'yes', '--shards', '4']);
    cleanups.push(() => restarted.stop());
    const again = await restarted.connect();
    cleanups.push(() => again.close());
    expectSameDataset(await describeDataset((...args) => again.call(...args)), expected, 'ballast (appendonly yes, from the AOF)', { streamNodes: false });
  }, START_MS);
});
