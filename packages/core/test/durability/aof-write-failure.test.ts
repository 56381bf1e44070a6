/**
 * A write or fsync error during group commit, end to end on the in-memory disk with a real
 * Engine and Persistence: the write waiting for that batch gets MISCONF, later writes get
 * MISCONF on every shard, reads of committed data are still served (and, under always, a read
 * of the value that never committed gets MISCONF rather than a phantom), INFO persistence says
 * so, and a restart recovers exactly the committed prefix.
 */
import { describe, expect, it } from 'vitest';
import { joinPath } from '../../src/io/file-system.js';
import { readManifest } from '../../src/manifest/manifest-store.js';
import { ErrorReply, OK } from '../../src/resp/reply.js';
import { AOF_DIRECTORY, keysOnShard, persistedEngine, recoverDisk } from '../support/aof-history.js';
import { dumpKeyspace } from '../support/keyspace-dump.js';
import type { InjectedFaultCode } from '../support/memory-file-system.js';
import { MemoryFileSystem } from '../support/memory-file-system.js';

async function persisted(appendfsync: 'always' | 'everysec') {
  const fs = new MemoryFileSystem();
  const setup = await persistedEngine(fs, { shards: 2, config: { appendfsync } });
  const manifest = (await readManifest(fs, AOF_DIRECTORY))!;
  const shardFile = (shard: number) => joinPath(AOF_DIRECTORY, manifest.shards[shard].incrementals.at(-1)!);
  const [a] = keysOnShard(setup.engine.slots, 0, 1);
  const [b] = keysOnShard(setup.engine.slots, 1, 1);
  return { fs, shardFile, a, b, ...setup };
}

function expectMisconf(reply: unknown, code: string): void {
  expect(reply).toBeInstanceOf(ErrorReply);
  expect((reply as ErrorReply).message).toMatch(new RegExp(`^MISCONF Errors writing to the AOF file: ${code}`));
}

function infoPersistence(reply: unknown): string {
  expect(typeof reply).toBe('string');
  return reply as string;
}

describe('a durability failure under appendfsync always', () => {
  const faults: Array<[string, InjectedFaultCode, 'write' | 'sync']> = [['a write error (EIO)', 'EIO', 'write'], ['an fsync error (ENOSPC)', 'ENOSPC', 'sync']];
  it.each(faults)('%s: MISCONF to writes, committed reads served, restart recovers the committed prefix', async (_, code, kind) => {
    const { fs, persistence, shardFile, a, b, client, engine } = await persisted('always');
    const writer = client();
    const reader = client();
    writer.call('SET', a, '1');
    writer.call('SET', b, '1');
    await persistence.groupCommit.idle();
    expect(writer.take()).toEqual([OK, OK]);
    const committed = dumpKeyspace(engine);

    if (kind === 'write') fs.failNextWrite(shardFile(0), code);
    else fs.failNextSync(shardFile(0), code);
    expect(writer.call('SET', a, '2'), 'held until its batch commits').toBeUndefined();
    await persistence.groupCommit.idle();
    expectMisconf(writer.take()[0], code);

    expectMisconf(writer.call('SET', b, '2'), code);
    expectMisconf(writer.call('DEL', a), code);
    expect(reader.call('GET', b)).toBe('1');
    expectMisconf(reader.call('GET', a), code);
    const info = infoPersistence(reader.call('INFO', 'persistence'));
    expect(info).toContain('aof_last_write_status:err');
    expect(info).toContain(`aof_last_write_error:${code}`);

    await persistence.close();
    const restarted = await recoverDisk(fs, 2);
    expect(restarted.result.cut).toBe(2);
    expect(restarted.keyspace).toEqual(committed);
  });
});

describe('a durability failure under appendfsync everysec', () => {
  it('an fsync error at the next second: MISCONF to writes from then on, reads served', async () => {
    const { fs, persistence, shardFile, a, b, client, clock } = await persisted('everysec');
    const writer = client();
    expect(writer.call('SET', a, '1'), 'everysec does not wait for the fsync').toEqual(OK);
    await persistence.groupCommit.idle();
    fs.failNextSync(shardFile(0), 'ENOSPC');
    clock.advanceMs(1000);
    await persistence.groupCommit.idle();
    expect(persistence.groupCommit.failure).not.toBeNull();
    expectMisconf(writer.call('SET', b, '2'), 'ENOSPC');
    expect(writer.call('GET', a)).toBe('1');
    expect(infoPersistence(writer.call('INFO', 'persistence'))).toContain('aof_last_write_status:err');
  });
});

describe('expiry after a durability failure (simulator seed 71)', () => {
  it('an expired key reads as missing but is not deleted: its deletion could not be logged, and a restart brings it back', async () => {
    const { fs, persistence, shardFile, a, b, client, clock, engine } = await persisted('always');
    const writer = client();
    const reader = client();
    reader.call('SELECT', '1');
    reader.call('SET', a, '1', 'PX', '500');
    writer.call('SET', b, '1');
    await persistence.groupCommit.idle();
    writer.take();
    reader.take();
    fs.failNextWrite(shardFile(1), 'EIO');
    writer.call('SET', b, '2');
    await persistence.groupCommit.idle();
    expectMisconf(writer.take()[0], 'EIO');
    engine.start();
    clock.advanceMs(1000);
    engine.stop();
    expect(reader.call('GET', a), 'expired keys read as missing').toBeNull();
    expect(reader.call('EXISTS', a)).toBe(0);
    expect(reader.call('DBSIZE'), 'but stay, as the log does').toBe(1);
    await persistence.close();
    const restarted = await recoverDisk(fs, 2);
    expect(restarted.keyspace.filter((line) => line.startsWith('1/')).length, 'the restart recovers the key the failed server kept').toBe(1);
  });
});

describe('reads that may change a key after a durability failure (found by the simulator: seeds 103 and 160, extended workload)', () => {
  it('PFCOUNT, which refreshes an HLL\'s cached count, is refused with MISCONF: its change could not be logged', async () => {
    const { fs, persistence, shardFile, a, b, client } = await persisted('always');
    const writer = client();
    writer.call('PFADD', a, 'x', 'y');
    writer.call('SET', b, '1');
    await persistence.groupCommit.idle();
    writer.take();
    fs.failNextWrite(shardFile(1), 'EIO');
    writer.call('SET', b, '2');
    await persistence.groupCommit.idle();
    expectMisconf(writer.take()[0], 'EIO');
    expectMisconf(writer.call('PFCOUNT', a), 'EIO');
    expect(writer.call('GET', a), 'committed reads are still served').toMatch(/^HYLL/);
  });
});
