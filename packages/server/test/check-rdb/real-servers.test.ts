/**
 * The real ballast-check-rdb binary on dumps the real servers wrote with SAVE: redis-server
 * 7.0.15 (every type in small and large encodings, a stream with a consumer group and pending
 * entries, HyperLogLog, geo, a function library, two databases, an expiry in the future and a
 * key already expired but still held), checked against redis-check-rdb's own counts; a damaged
 * copy of it, refused by both checkers; and ballast-server's SAVE with appendonly no.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBallast } from '../support/ballast-server.js';
import { RawClient } from '../support/raw-client.js';
import { REDIS_SERVER, startRedis } from '../support/redis-server.js';
import { reportLine, runCheckRdb } from './support.js';

const REDIS_CHECK_RDB = '/usr/bin/redis-check-rdb';
const present = existsSync(REDIS_SERVER) && existsSync(REDIS_CHECK_RDB);
const LIBRARY = "#!lua name=migrated\nredis.register_function('hello', function() return 'hi' end)";

async function must(client: RawClient, ...args: string[]): Promise<unknown> {
  const reply = await client.call(...args);
  if (reply instanceof Error) throw new Error(`${args.join(' ')}: ${reply.message}`);
  return reply;
}

/** redis-check-rdb's `[info] N <what>` counts. */
function redisInfo(output: string): Record<string, number> {
  return Object.fromEntries([...output.matchAll(/^\[info\] (\d+) (.+)$/gm)].map((match) => [match[2], Number(match[1])]));
}

describe.skipIf(!present)('ballast-check-rdb on a dump redis-server 7.0.15 saved', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-check-rdb-redis-'));
  const file = path.join(directory, 'dump.rdb');

  beforeAll(async () => {
    const redis = await startRedis(['--dir', directory, '--enable-debug-command', 'yes']);
    const client = await RawClient.connect(redis.port);
    try {
      await must(client, 'DEBUG', 'SET-ACTIVE-EXPIRE', '0');
      await must(client, 'SET', 'string:int', '42');
      await must(client, 'SET', 'string:long', 'x'.repeat(100));
      await must(client, 'SET', 'string:ttl', 'v', 'EX', '3600');
      await must(client, 'SET', 'string:expired', 'v', 'PX', '1');
      await must(client, 'PFADD', 'hll', 'a', 'b', 'c');
      await must(client, 'RPUSH', 'list:small', 'a', 'b');
      await must(client, 'RPUSH', 'list:large', ...Array.from({ length: 2000 }, (_, i) => `element-${i}`));
      await must(client, 'SADD', 'set:intset', '1', '2', '3');
      await must(client, 'SADD', 'set:large', ...Array.from({ length: 600 }, (_, i) => `member-${i}`));
      await must(client, 'ZADD', 'zset:small', '1', 'a', '2', 'b');
      await must(client, 'ZADD', 'zset:large', ...Array.from({ length: 200 }, (_, i) => [String(i), `member-${i}`]).flat());
      await must(client, 'GEOADD', 'geo', '13.361389', '38.115556', 'Palermo');
      await must(client, 'HSET', 'hash:small', 'field', 'value');
      await must(client, 'HSET', 'hash:large', ...Array.from({ length: 600 }, (_, i) => [`field-${i}`, 'v']).flat());
      await must(client, 'XADD', 'stream', '1-1', 'field', 'one');
      await must(client, 'XADD', 'stream', '1-2', 'field', 'two');
      await must(client, 'XGROUP', 'CREATE', 'stream', 'group', '0');
      await must(client, 'XREADGROUP', 'GROUP', 'group', 'consumer', 'COUNT', '1', 'STREAMS', 'stream', '>');
      await must(client, 'FUNCTION', 'LOAD', LIBRARY);
      await must(client, 'SELECT', '5');
      await must(client, 'SET', 'db5:a', '1');
      await must(client, 'SET', 'db5:b', '2', 'EX', '3600');
      await new Promise((resolve) => setTimeout(resolve, 20)); // string:expired is now past its time
      await must(client, 'SAVE');
    } finally {
      client.close();
      await redis.stop();
    }
  }, 60_000);

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reports what redis-check-rdb reports, per type and database', async () => {
    const ours = await runCheckRdb([directory]);
    expect(ours.errors).toBe('');
    expect(ours.code, ours.output).toBe(0);
    const theirs = await promisify(execFile)(REDIS_CHECK_RDB, [file]);
    const info = redisInfo(theirs.stdout);
    expect(info).toEqual({ 'keys read': 17, expires: 3, 'already expired': 1 });
    expect(reportLine(ours.output, 'Keys:')).toMatch(new RegExp(`^Keys: ${info['keys read']}, ${info.expires} with an expiry, ${info['already expired']} already expired at `));
    expect(reportLine(ours.output, 'A start loads')).toBe('A start loads 16 keys and 1 function library (the 1 already expired are skipped)');
    expect(reportLine(ours.output, 'db 0:')).toBe('db 0: 15 keys (string 5, list 2, set 2, zset 3, hash 2, stream 1), 2 with an expiry, 1 already expired');
    expect(reportLine(ours.output, 'db 5:')).toBe('db 5: 2 keys (string 2), 1 with an expiry, 0 already expired');
    expect(reportLine(ours.output, 'redis-ver =')).toBe("redis-ver = '7.0.15'");
    expect(reportLine(ours.output, 'migrated')).toBe('migrated (engine lua)');
    expect(reportLine(ours.output, 'Checksum:')).toBe('Checksum: CRC-64 verified');
    expect(reportLine(ours.output, 'Size:')).toBe(`Size: ${readFileSync(file).length} bytes`);
  });

  it('a damaged copy is refused by both checkers', async () => {
    const damaged = path.join(directory, 'damaged.rdb');
    const bytes = readFileSync(file);
    const at = bytes.indexOf('field-300'); // a field of the large hash: a plain RDB string, not compressed
    expect(at).toBeGreaterThan(0);
    bytes[at] ^= 0xff;
    writeFileSync(damaged, bytes);
    const ours = await runCheckRdb([damaged]);
    expect(ours.code, ours.output).toBe(2);
    expect(reportLine(ours.output, 'Damage:')).toMatch(/^Damage: at offset \d+ of \d+: .+/);
    expect(reportLine(ours.output, 'Verdict:')).toContain('see the runbook apps/docs/runbooks/backup-restore.md');
    await expect(promisify(execFile)(REDIS_CHECK_RDB, [damaged])).rejects.toMatchObject({ code: 1 });
  });
});

describe('ballast-check-rdb on a dump ballast-server saved', () => {
  it('SAVE with appendonly no: the dump holds the keys, the expiry and the library', async () => {
    const server = await startBallast({ args: ['--appendonly', 'no'], shards: 2 });
    try {
      const client = await RawClient.connect(server.port);
      await must(client, 'SET', 'a', '1');
      await must(client, 'SET', 'b', '2', 'EX', '3600');
      await must(client, 'RPUSH', 'list', 'x', 'y');
      await must(client, 'SELECT', '3');
      await must(client, 'HSET', 'hash', 'f', 'v');
      await must(client, 'FUNCTION', 'LOAD', LIBRARY);
      await must(client, 'SAVE');
      client.close();
      const ours = await runCheckRdb([server.directory]);
      expect(ours.code, ours.output + ours.errors).toBe(0);
      expect(reportLine(ours.output, 'db 0:')).toBe('db 0: 3 keys (string 2, list 1), 1 with an expiry, 0 already expired');
      expect(reportLine(ours.output, 'db 3:')).toBe('db 3: 1 key (hash 1), 0 with an expiry, 0 already expired');
      expect(reportLine(ours.output, 'migrated')).toBe('migrated (engine lua)');
      expect(reportLine(ours.output, 'Checksum:')).toBe('Checksum: CRC-64 verified');
      expect(ours.output.trimEnd().split('\n').at(-1)).toBe('Verdict: OK');
    } finally {
      await server.stop();
    }
  }, 60_000);
});
