/**
 * Ballast's RDB writer judged by redis-server 7.0.15 itself: a dump written by core's
 * rdbFileChunks from a 4-shard engine (every non-stream type in small and large encodings, three
 * databases split across shards, expiries, function libraries, compressed strings and compressed
 * quicklist nodes) passes /usr/bin/redis-check-rdb, and redis-server started on it
 * (--dir/--dbfilename) holds exactly what Ballast holds, key by key: type, contents, expiry time
 * and OBJECT ENCODING, plus the libraries. Skipped only when the binaries are absent.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENCODING_LIMITS, rdbFileChunks, SimpleString, type Reply } from '@ballast/core';
import { inProcessEngine, rdbImageOf } from '../support/in-process-engine.js';
import { RawClient } from '../support/raw-client.js';
import { REDIS_SERVER, startRedis, type RunningRedis } from '../support/redis-server.js';

const CHECK_RDB = '/usr/bin/redis-check-rdb';
const present = existsSync(CHECK_RDB) && existsSync(REDIS_SERVER);
const DATASET = new URL('../../../core/test/rdb/fixtures/dataset.commands', import.meta.url);
const LIMITS = { ...DEFAULT_ENCODING_LIMITS, hashMaxListpackEntries: 512, listCompressDepth: 1 };

/** redis-cli's splitting of a line: words and "…" with \n and \xHH escapes. */
function splitArgs(line: string): string[] {
  const args: string[] = [];
  for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    args.push(match[2] ?? match[1].replace(/\\x([0-9a-f]{2})|\\(.)/gi, (_, hex: string | undefined, char: string) =>
      (hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[char] ?? char)));
  }
  return args;
}


/** What a key holds, as both servers answer: type, contents (order-free where the type is), expiry, encoding. */
async function describeKey(call: (...args: string[]) => Reply | Promise<Reply>, key: string): Promise<unknown[]> {
  const typeReply = await call('TYPE', key);
  const type = typeReply instanceof SimpleString ? typeReply.value : String(typeReply);
  const read: Record<string, string[]> = {
    string: ['GET', key], list: ['LRANGE', key, '0', '-1'], set: ['SMEMBERS', key], hash: ['HGETALL', key], zset: ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
  };
  let contents = await call(...read[type]);
  if (type === 'set') contents = (contents as string[]).map(String).sort();
  if (type === 'hash') {
    const flat = (contents as string[]).map(String);
    contents = flat.flatMap((field, i) => (i % 2 === 0 ? [`${field}=${flat[i + 1]}`] : [])).sort();
  }
  return [type, contents, await call('PEXPIRETIME', key), String(await call('OBJECT', 'ENCODING', key))];
}

describe.skipIf(!present)('redis-server reads what Ballast writes', () => {
  const { engine, call } = inProcessEngine({ shards: '4', 'hash-max-listpack-entries': '512' });
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-rdb-'));
  const file = path.join(directory, 'ballast.rdb');
  let redis: RunningRedis | undefined;
  let client: RawClient | undefined;

  beforeAll(async () => {
    for (const line of readFileSync(DATASET, 'latin1').trim().split('\n')) call(...splitArgs(line));
    call('SELECT', '0');
    call('RPUSH', 'list:huge', ...Array.from({ length: 5000 }, (_, i) => `item-${i % 50}-${'z'.repeat(i % 30)}`));
    call('SET', 'str:compressible', 'abc'.repeat(500));
    call('SELECT', '9');
    call('SADD', 'db9:set', ...Array.from({ length: 100 }, (_, i) => `m${i}`));
    const chunks = [...rdbFileChunks(rdbImageOf(engine), { compression: true, checksum: true, limits: LIMITS })];
    writeFileSync(file, Buffer.concat(chunks));
    redis = await startRedis(['--dir', directory, '--dbfilename', 'ballast.rdb']);
    client = await RawClient.connect(redis.port);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await redis?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('redis-check-rdb accepts the file', async () => {
    const { stdout } = await promisify(execFile)(CHECK_RDB, [file]);
    expect(stdout).toContain('RDB looks OK');
    expect(stdout).toContain('Checksum OK');
  });

  it('redis-server loads it to exactly what Ballast holds', async () => {
    let keys = 0;
    for (let database = 0; database < 16; database++) {
      call('SELECT', String(database));
      await client!.call('SELECT', String(database));
      const names = (call('KEYS', '*') as string[]).map(String).sort();
      expect(((await client!.call('KEYS', '*')) as string[]).map(String).sort(), `database ${database}`).toEqual(names);
      for (const key of names) expect(await describeKey((...args) => client!.call(...args), key), key).toEqual(await describeKey(call, key));
      keys += names.length;
    }
    expect(keys).toBe(33);
    const libraries = (reply: Reply) => JSON.stringify((reply as unknown[]).map((library) => JSON.stringify(library)).sort());
    expect(libraries(await client!.call('FUNCTION', 'LIST', 'WITHCODE'))).toBe(libraries(call('FUNCTION', 'LIST', 'WITHCODE')));
  });
});
