/**
 * RDB saves under a real SIGKILL. ballast-server runs with `appendonly no`, so its dump is all
 * that survives; `rdb-key-save-delay` makes a BGSAVE of a few thousand keys take seconds.
 *
 * - SIGKILL in the middle of a BGSAVE (its temp file half written): the restarted server holds
 *   exactly dataset A, the last completed SAVE — the dump file is byte for byte the one that
 *   SAVE wrote, never a mix with the writes after it. The temp file the killed save leaves
 *   behind breaks nothing: the server starts, and its next BGSAVE completes and is what the
 *   following restart loads.
 * - SIGKILL as soon as INFO reports the BGSAVE done (rdb_bgsave_in_progress:0, status ok): the
 *   restarted server holds dataset B as it was when the BGSAVE began — writes made while it ran
 *   are not in it (a point-in-time image).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import { RawClient } from '../support/raw-client.js';
import { describeDataset, type DatasetDescription } from '../rdb/dataset.js';
import { infoField, makeDirectory, must, removeDirectory, startServer, type Server } from './support.js';

const KEYS = 3000;
/** 1 ms per key: a BGSAVE of KEYS keys takes about 3 s. */
const SAVE_DELAY_US = 1000;
const POLL_MS = 10;
const WAIT_MS = 30_000;
const TEST_MS = 90_000;

const APPEND_ONLY_NO = ['--appendonly', 'no'];

/** Dataset A: KEYS strings, a list, a hash, a set and a key with an expiry, in databases 0 and 3. */
async function writeDatasetA(client: RawClient): Promise<void> {
  for (let start = 0; start < KEYS; start += 500) {
    const pairs = Array.from({ length: 500 }, (_, i) => [`key:${start + i}`, `a-${start + i}`]).flat();
    await must(client, 'MSET', ...pairs);
  }
  await must(client, 'RPUSH', 'list', 'a1', 'a2', 'a3');
  await must(client, 'HSET', 'hash', 'f', 'a');
  await must(client, 'SADD', 'set', '1', '2', '3');
  await must(client, 'SET', 'ttl', 'a', 'PXAT', '4102444800000');
  await must(client, 'SELECT', '3');
  await must(client, 'SET', 'db3', 'a');
  await must(client, 'SELECT', '0');
}

/** Dataset B: A with a third of the strings overwritten, some deleted, new keys, and every other kind changed. */
async function writeDatasetB(client: RawClient): Promise<void> {
  for (let i = 0; i < KEYS; i += 3) await must(client, 'SET', `key:${i}`, `b-${i}`);
  await must(client, 'DEL', ...Array.from({ length: 100 }, (_, i) => `key:${i * 7 + 1}`));
  await must(client, 'MSET', ...Array.from({ length: 300 }, (_, i) => [`new:${i}`, `b-${i}`]).flat());
  await must(client, 'RPUSH', 'list', 'b1');
  await must(client, 'HSET', 'hash', 'f', 'b', 'g', 'b');
  await must(client, 'SREM', 'set', '2');
  await must(client, 'PERSIST', 'ttl');
  await must(client, 'SELECT', '3');
  await must(client, 'DEL', 'db3');
  await must(client, 'SET', 'db3:b', 'b');
  await must(client, 'SELECT', '0');
}

/** Writes made while a BGSAVE runs: none of them may be in its dump. */
async function writeDuringSave(client: RawClient): Promise<void> {
  await must(client, 'SET', 'key:0', 'during');
  await must(client, 'DEL', 'key:2');
  await must(client, 'SET', 'during', 'x');
  await must(client, 'RPUSH', 'list', 'during');
}

async function waitFor(what: string, condition: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const tempFiles = (directory: string): string[] => readdirSync(directory).filter((name) => /^temp-.*\.rdb$/.test(name));
const describe0 = (client: RawClient): Promise<DatasetDescription> => describeDataset((...args) => client.call(...args));

describe('SIGKILL during and after BGSAVE (appendonly no)', () => {
  const servers: Server[] = [];
  const clients: RawClient[] = [];
  const directories: string[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const server of servers.splice(0)) await server.kill();
    for (const directory of directories.splice(0)) removeDirectory(directory);
  });

  async function start(directory: string, args: string[] = []): Promise<{ server: Server; client: RawClient }> {
    const server = await startServer(directory, [...APPEND_ONLY_NO, ...args]);
    servers.push(server);
    const client = await server.connect();
    clients.push(client);
    return { server, client };
  }

  /** A server holding dataset A in its dump (SAVE), then dataset B in memory; the description of each. */
  async function savedAThenB(directory: string): Promise<{ server: Server; client: RawClient; a: DatasetDescription; b: DatasetDescription }> {
    const { server, client } = await start(directory);
    await writeDatasetA(client);
    expect(await client.call('SAVE')).toEqual(new SimpleString('OK'));
    const a = await describe0(client);
    await writeDatasetB(client);
    const b = await describe0(client);
    expect(b).not.toEqual(a);
    await must(client, 'CONFIG', 'SET', 'rdb-key-save-delay', String(SAVE_DELAY_US));
    return { server, client, a, b };
  }

  it('killed mid-save: the restart loads the previous dump, exactly A, and removes the killed save\'s temp file', async () => {
    const directory = makeDirectory('ballast-rdb-crash-');
    directories.push(directory);
    const dump = path.join(directory, 'dump.rdb');
    const { server, client, a } = await savedAThenB(directory);
    const dumpOfA = readFileSync(dump);

    expect(await client.call('BGSAVE')).toEqual(new SimpleString('Background saving started'));
    // Mid-save: the save is running and its temp file already holds part of the image.
    await waitFor('a half-written temp file', () => tempFiles(directory).some((name) => statSync(path.join(directory, name)).size > 0));
    expect(await infoField(client, 'rdb_bgsave_in_progress')).toBe('1');
    await server.kill();

    expect(readFileSync(dump).equals(dumpOfA), 'dump.rdb is the one SAVE wrote').toBe(true);
    expect(tempFiles(directory), 'the killed save left its temp file').not.toEqual([]);

    const restarted = await start(directory);
    expect(await describe0(restarted.client)).toEqual(a);
    expect(tempFiles(directory), 'start removed it').toEqual([]);
    expect(await infoField(restarted.client, 'rdb_last_bgsave_status')).toBe('ok');

    // The next save completes whatever temp file was left, and is what the next restart loads.
    await must(restarted.client, 'SET', 'after', 'restart');
    expect(await restarted.client.call('BGSAVE')).toEqual(new SimpleString('Background saving started'));
    await waitFor('the BGSAVE to end', async () => (await infoField(restarted.client, 'rdb_bgsave_in_progress')) === '0');
    expect(await infoField(restarted.client, 'rdb_last_bgsave_status')).toBe('ok');
    const saved = await describe0(restarted.client);
    await restarted.server.kill();
    expect(tempFiles(directory)).toEqual([]);
    const again = await start(directory);
    expect(await describe0(again.client)).toEqual(saved);
    expect(saved.keys['0:after']).toBeDefined();
  }, TEST_MS);

  it('killed as soon as INFO reports the BGSAVE done: the restart holds B as it was when the save began', async () => {
    const directory = makeDirectory('ballast-rdb-crash-');
    directories.push(directory);
    const { server, client, b } = await savedAThenB(directory);

    expect(await client.call('BGSAVE')).toEqual(new SimpleString('Background saving started'));
    await writeDuringSave(client);
    expect(await infoField(client, 'rdb_bgsave_in_progress')).toBe('1');
    await waitFor('the BGSAVE to end', async () => (await infoField(client, 'rdb_bgsave_in_progress')) === '0');
    await server.kill();
    expect(existsSync(path.join(directory, 'dump.rdb'))).toBe(true);

    const restarted = await start(directory);
    expect(await describe0(restarted.client)).toEqual(b);
    expect(await infoField(restarted.client, 'rdb_last_bgsave_status')).toBe('ok');
  }, TEST_MS);
});
