/**
 * A full disk: the data directory is a 1 MiB tmpfs. Writes of ~10 KB under `always` go on until
 * one gets -MISCONF; then reads still work, every further write gets MISCONF, and INFO says
 * aof_last_write_status:err. After the server is killed and the tmpfs is remounted bigger,
 * recovery brings back every write that had been acknowledged. Needs `mount` (root): without it
 * the test fails in CI and is skipped, loudly, elsewhere (support/precondition.ts).
 */
import { afterAll, describe, expect } from 'vitest';
import { ErrorReply } from '@ballast/core';
import { itNeeds } from '../support/precondition.js';
import { mountTmpfs, resizeTmpfs, unmount } from '../support/tmpfs.js';
import { infoField, makeDirectory, removeDirectory, startServer, type Server } from './support.js';

const VALUE = 'v'.repeat(10_000);
const WRITES_MAX = 1_000;

const mountPoint = makeDirectory('ballast-disk-full-');
const mountFailure = mountTmpfs(mountPoint, '1m');
let server: Server | null = null;

afterAll(async () => {
  await server?.kill();
  if (mountFailure === null) unmount(mountPoint);
  removeDirectory(mountPoint);
});

describe('a full disk', () => {
  itNeeds(mountFailure, 'writes get MISCONF, reads work, and a restart with space keeps every acknowledged write', async () => {
    server = await startServer(mountPoint, ['--appendfsync', 'always']);
    const client = await server.connect();
    const acknowledged: string[] = [];
    let refusal: unknown = null;
    while (refusal === null && acknowledged.length < WRITES_MAX) {
      const key = `key:${acknowledged.length}`;
      const reply = await client.call('SET', key, VALUE);
      if (reply instanceof ErrorReply) refusal = reply;
      else acknowledged.push(key);
    }
    expect(refusal).toBeInstanceOf(ErrorReply);
    expect((refusal as ErrorReply).message).toMatch(/^MISCONF .*ENOSPC/);
    expect(acknowledged.length).toBeGreaterThan(10);

    expect(await client.call('GET', acknowledged[0])).toBe(VALUE);
    expect(await client.call('GET', acknowledged.at(-1)!)).toBe(VALUE);
    expect(await client.call('SET', 'after', 'full')).toEqual(expect.objectContaining({ message: expect.stringMatching(/^MISCONF/) }));
    expect(await client.call('DEL', acknowledged[0])).toEqual(expect.objectContaining({ message: expect.stringMatching(/^MISCONF/) }));
    expect(await infoField(client, 'aof_last_write_status')).toBe('err');
    client.close();
    await server.kill();

    resizeTmpfs(mountPoint, '8m');
    server = await startServer(mountPoint, ['--appendfsync', 'always']);
    const again = await server.connect();
    for (const key of acknowledged) expect(await again.call('GET', key)).toBe(VALUE);
    expect(await again.call('EXISTS', 'after')).toBe(0);
    expect(await infoField(again, 'aof_last_write_status')).toBe('ok');
    expect(await again.call('SET', 'after', 'space')).toEqual(expect.objectContaining({ value: 'OK' }));
    again.close();
    expect(await server.stop()).toBe(0);
  });
});
