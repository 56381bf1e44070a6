/**
 * The ```log blocks of the RDB pages are real, as runbooks.test.ts does for the AOF runbooks:
 * guide/migrating-from-redis.md's lines come from ballast-server importing a dump that the real
 * redis-server 7.0.15 saved (appendonly yes) and refusing a truncated copy of it (appendonly
 * no); runbooks/backup-restore.md's from a BGSAVE on ballast-server. Skipped only when
 * redis-server is absent.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { infoField, makeDirectory, must, removeDirectory, runServer, startServer } from '../../../packages/server/test/durability/support.js';
import { RawClient } from '../../../packages/server/test/support/raw-client.js';
import { REDIS_SERVER, startRedis } from '../../../packages/server/test/support/redis-server.js';
import { logBlockLines, normalizeOutput, unmatchedLines } from './log-blocks.js';

const docs = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const LIBRARY = "#!lua name=mylib\nredis.register_function('hello', function() return 'hi' end)";
const TRUNCATED_BYTES = 200;
const POLL_MS = 20;
const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) removeDirectory(directory);
});

function dataDirectory(): string {
  const directory = makeDirectory('ballast-rdb-page-');
  directories.push(directory);
  return directory;
}

function expectDocumented(page: string, printed: readonly string[]): void {
  const documented = logBlockLines(path.join(docs, page));
  expect(documented.length, `${page} has log blocks`).toBeGreaterThan(0);
  expect(unmatchedLines(documented, printed), `lines of ${page} that Ballast did not print`).toEqual([]);
}

/** The page's example dataset on redis-server, saved: 5 keys in two databases, one of them already expired, and a library. */
async function redisDump(): Promise<string> {
  const directory = dataDirectory();
  const redis = await startRedis(['--dir', directory, '--enable-debug-command', 'yes']);
  const client = await RawClient.connect(redis.port);
  try {
    await must(client, 'DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await must(client, 'SET', 'user:1', 'alice');
    await must(client, 'SET', 'session:1', 'x', 'EX', '3600');
    await must(client, 'SET', 'gone', 'x', 'PX', '1');
    await must(client, 'HSET', 'h', 'f', 'v');
    await must(client, 'FUNCTION', 'LOAD', LIBRARY);
    await must(client, 'SELECT', '1');
    await must(client, 'RPUSH', 'queue', 'a', 'b');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS)); // 'gone' is now past its time
    await must(client, 'SAVE');
  } finally {
    client.close();
    await redis.stop();
  }
  return readFileSync(path.join(directory, 'dump.rdb')).toString('latin1');
}

describe.sequential('the RDB pages show what Ballast prints', () => {
  it.skipIf(!existsSync(REDIS_SERVER))('migrating-from-redis.md: a redis-server dump imported, and a truncated copy refused', async () => {
    const dump = Buffer.from(await redisDump(), 'latin1');
    const imported = dataDirectory();
    writeFileSync(path.join(imported, 'dump.rdb'), dump);
    const server = await startServer(imported);
    const client = await server.connect();
    expect(await infoField(client, 'rdb_last_load_keys_loaded')).toBe('4');
    expect(await infoField(client, 'rdb_last_load_keys_expired')).toBe('1');
    client.close();
    await server.stop();
    const truncated = dataDirectory();
    writeFileSync(path.join(truncated, 'dump.rdb'), dump.subarray(0, TRUNCATED_BYTES));
    const refused = await runServer(truncated, ['--appendonly', 'no']);
    expect(refused.code).toBe(2);
    expect(readFileSync(path.join(truncated, 'dump.rdb')).length, 'the refused dump is unchanged').toBe(TRUNCATED_BYTES);
    expectDocumented('guide/migrating-from-redis.md', [...normalizeOutput(server.output(), imported), ...normalizeOutput(refused.output, truncated)]);
  });

  it('backup-restore.md: BGSAVE, confirmed by INFO persistence', async () => {
    const directory = dataDirectory();
    const server = await startServer(directory);
    const client = await server.connect();
    await must(client, 'SET', 'key:1', 'value');
    await must(client, 'BGSAVE');
    while ((await infoField(client, 'rdb_bgsave_in_progress')) !== '0') await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    expect(await infoField(client, 'rdb_last_bgsave_status')).toBe('ok');
    client.close();
    await server.stop();
    expectDocumented('runbooks/backup-restore.md', normalizeOutput(server.output(), directory));
  });
});
