/**
 * Durable writes: the reply itself on Ballast with appendfsync always, WAITAOF on Ballast in the
 * other modes, and a clear refusal — before anything is written — where the server cannot promise
 * durability (Ballast without an AOF, Debian's redis-server 7.0 without WAITAOF).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, DurabilityError } from '../src/index.js';
import { classifyDurability } from '../src/durability.js';
import { startServer, type RunningServer } from './support/servers.js';

describe('classifyDurability', () => {
  const ballast = 'redis_version:7.0.15\r\nballast_version:0.0.0\r\n';
  it('trusts the reply only on Ballast with appendfsync always', () => {
    expect(classifyDurability(ballast, 'aof_enabled:1\r\naof_fsync_mode:always\r\n', true)).toEqual({ kind: 'reply' });
    expect(classifyDurability(ballast, 'aof_enabled:1\r\naof_fsync_mode:everysec\r\n', true)).toEqual({ kind: 'waitaof' });
    expect(classifyDurability('redis_version:7.2.4\r\n', 'aof_enabled:1\r\naof_fsync_mode:always\r\n', true)).toEqual({ kind: 'waitaof' });
  });

  it('refuses without an AOF or without WAITAOF', () => {
    expect(classifyDurability(ballast, 'aof_enabled:0\r\n', true)).toMatchObject({ kind: 'none', reason: expect.stringMatching(/appendonly is off/) });
    expect(classifyDurability('redis_version:7.0.15\r\n', 'aof_enabled:1\r\n', false))
      .toMatchObject({ kind: 'none', reason: expect.stringMatching(/no WAITAOF \(redis_version 7\.0\.15; Redis 7\.2 or later/) });
  });
});

describe.each([
  { name: 'ballast, appendfsync always, 4 shards', args: ['--appendfsync', 'always', '--shards', '4'], mode: 'reply' },
  { name: 'ballast, appendfsync everysec', args: ['--appendfsync', 'everysec'], mode: 'waitaof' },
])('durable writes on $name', ({ args, mode }) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer('ballast', args);
  });
  afterAll(async () => {
    await server.stop();
  });

  it(`confirms through ${mode}`, async () => {
    const client = createClient({ port: server.port });
    const durable = client.durable();
    expect(await durable.durability()).toBe(mode);
    expect(await durable.set('d:a', '1')).toBe('OK');
    expect(await client.with({ durable: true }).mset({ 'd:b': '2', 'd:c': '3', 'd:d': '4' })).toBe('OK');
    expect(await durable.pipeline().incr('d:a').hset('d:h', { f: 'v' }).exec()).toEqual([2, 1]);
    expect(await durable.multi().incr('d:a').get('d:a').exec()).toEqual([3, '3']);
    await client.quit();
  });
});

describe.each([
  { name: 'ballast without an AOF', target: 'ballast' as const, args: ['--appendonly', 'no'], reason: /appendonly is off/ },
  { name: 'redis-server 7.0 (no WAITAOF)', target: 'redis' as const, args: ['--appendonly', 'yes'], reason: /has no WAITAOF/ },
])('durable writes refused on $name', ({ target, args, reason }) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(target, args);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('rejects with DurabilityError before writing', async () => {
    const client = createClient({ port: server.port });
    const error = await client.durable().set('r:a', '1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DurabilityError);
    expect((error as Error).message).toMatch(reason);
    await expect(client.durable().pipeline().set('r:a', '1').exec()).rejects.toBeInstanceOf(DurabilityError);
    expect(await client.get('r:a')).toBeNull();
    await client.quit();
  });
});
