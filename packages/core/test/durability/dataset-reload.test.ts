/**
 * DEBUG RELOAD and DEBUG LOADAOF end to end on the in-memory disk: the dataset is persisted
 * (AOF rewrite, or SAVE with appendonly no), loaded back from the files exactly as a start loads
 * them, and equals what it was (DEBUG DIGEST) under one shard and four; no command runs
 * meanwhile; writes after the reload are logged and recovered; a log that does not load back
 * cleanly is refused and leaves the dataset in memory as it was.
 */
import { describe, expect, it } from 'vitest';
import { DatasetReload } from '../../src/durability/dataset-reload.js';
import { RdbSnapshots } from '../../src/durability/rdb-snapshots.js';
import { ErrorReply, SimpleString, type Reply } from '../../src/resp/reply.js';
import { AOF_DIRECTORY, persistedEngine, recoverDisk } from '../support/aof-history.js';
import { dumpKeyspace } from '../support/keyspace-dump.js';
import type { ManualClock } from '../support/manual-clock.js';
import { MemoryFileSystem } from '../support/memory-file-system.js';
import { createTestEngine, encodeRequest, type TestClient } from '../support/test-engine.js';

const ENABLED = { 'enable-debug-command': 'yes' };
const OK = new SimpleString('OK');

/** Turns the manual clock until `client` has a reply (the reload yields through the clock and real I/O promises). */
async function replyOf(clock: ManualClock, client: TestClient): Promise<Reply> {
  for (let turn = 0; turn < 10_000; turn++) {
    const replies = client.take();
    if (replies.length > 0) return replies[0];
    clock.advanceMs(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('no reply');
}

function writeDataset(client: TestClient): void {
  for (const command of [
    ['SET', 'string', 'value'], ['SET', 'counter', '12345'], ['SET', 'ttl', 'v', 'EX', '1000'],
    ['RPUSH', 'list', 'a', 'b', 'c'], ['HSET', 'hash', 'f', 'v', 'g', 'w'], ['ZADD', 'zset', '1.5', 'm', '-2', 'n'],
    ['SADD', 'set', '1', '2', 'x'], ['XADD', 'stream', '1-1', 'f', 'v'], ['PFADD', 'hll', 'a', 'b'],
    ['SELECT', '5'], ['SET', 'other', 'db'], ['SELECT', '0'],
    ['FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('f', function() return 1 end)"],
  ]) {
    const reply = client.call(...command);
    expect(reply, command.join(' ')).not.toBeInstanceOf(ErrorReply);
  }
}

async function aofServer(fs: MemoryFileSystem, shards: number) {
  const setup = await persistedEngine(fs, { shards, config: ENABLED });
  setup.engine.reloader = new DatasetReload({ fs, directory: 'data', engine: setup.engine, persistence: setup.persistence, log: () => undefined });
  return setup;
}

describe.each([1, 4])('DEBUG RELOAD with the AOF, %i shard(s)', (shards) => {
  it('rewrites the log, loads the dataset back from it, and it is the same dataset', async () => {
    const fs = new MemoryFileSystem();
    const { engine, client, clock, persistence } = await aofServer(fs, shards);
    const a = client();
    writeDataset(a);
    const digest = a.call('DEBUG', 'DIGEST');
    const before = dumpKeyspace(engine);
    expect(digest).not.toEqual(new SimpleString('0'.repeat(40)));
    const rewrites = persistence.rewriteStatus.count;
    expect(a.call('DEBUG', 'RELOAD')).toBeUndefined();
    expect(await replyOf(clock, a)).toEqual(OK);
    expect(persistence.rewriteStatus.count).toBe(rewrites + 1);
    expect(a.call('DEBUG', 'DIGEST')).toEqual(digest);
    expect(dumpKeyspace(engine)).toEqual(before);
    expect(a.call('FCALL', 'f', '0')).toBe(1);
    // The engine goes on logging: a write after the reload survives a restart.
    expect(a.call('SET', 'after', 'reload')).toEqual(OK);
    await persistence.close();
    const recovered = await recoverDisk(fs, shards);
    expect(recovered.keyspace).toEqual(dumpKeyspace(engine));
  });

  it('LOADAOF and RELOAD NOSAVE load what the log holds without a rewrite', async () => {
    const fs = new MemoryFileSystem();
    const { client, clock, persistence } = await aofServer(fs, shards);
    const a = client();
    writeDataset(a);
    const digest = a.call('DEBUG', 'DIGEST');
    const rewrites = persistence.rewriteStatus.count;
    a.call('DEBUG', 'LOADAOF');
    expect(await replyOf(clock, a)).toEqual(OK);
    a.call('DEBUG', 'RELOAD', 'NOSAVE');
    expect(await replyOf(clock, a)).toEqual(OK);
    expect(persistence.rewriteStatus.count).toBe(rewrites);
    expect(a.call('DEBUG', 'DIGEST')).toEqual(digest);
    await persistence.close();
  });
});

describe('DEBUG RELOAD', () => {
  it('runs no other command until the dataset is back, and is refused inside MULTI', async () => {
    const fs = new MemoryFileSystem();
    const { client, clock, persistence } = await aofServer(fs, 2);
    const a = client();
    const b = client();
    writeDataset(a);
    a.call('DEBUG', 'RELOAD');
    b.send(encodeRequest(['SET', 'string', 'changed']));
    b.send(encodeRequest(['GET', 'string']));
    expect(b.take()).toEqual([]);
    expect(await replyOf(clock, a)).toEqual(OK);
    expect(b.take()).toEqual([OK, 'changed']);
    a.call('MULTI');
    a.call('DEBUG', 'RELOAD');
    expect(a.call('EXEC')).toEqual([new ErrorReply('ERR DEBUG RELOAD is not allowed inside MULTI')]);
    await persistence.close();
  });

  it('refuses options it does not know with Redis\'s text', () => {
    const { client } = createTestEngine({ config: ENABLED });
    const a = client();
    expect(a.call('DEBUG', 'RELOAD', 'FAST')).toEqual(new ErrorReply('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.'));
    expect(a.call('DEBUG', 'RELOAD', 'MERGE')).toBeInstanceOf(ErrorReply);
    expect(a.call('DEBUG', 'RELOAD')).toEqual(new ErrorReply('ERR DEBUG RELOAD is not available: this server has no data directory'));
  });

  it('leaves the dataset as it was when the log does not load back cleanly', async () => {
    const fs = new MemoryFileSystem();
    const { engine, client, clock, persistence } = await aofServer(fs, 1);
    const a = client();
    writeDataset(a);
    const before = dumpKeyspace(engine);
    a.call('DEBUG', 'RELOAD');
    expect(await replyOf(clock, a)).toEqual(OK);
    // Damage the base the rewrite wrote: the plan is then corrupt, not ok.
    const base = fs.filePaths().find((path) => path.startsWith(`${AOF_DIRECTORY}/`) && path.includes('base'));
    expect(base).toBeDefined();
    const bytes = fs.fileBytes(base!).slice();
    bytes[40] ^= 0xff;
    fs.setFileBytes(base!, bytes);
    a.call('DEBUG', 'RELOAD', 'NOSAVE');
    const reply = await replyOf(clock, a);
    expect(reply).toBeInstanceOf(ErrorReply);
    expect((reply as ErrorReply).message).toMatch(/^ERR Error trying to load the RDB dump: the AOF does not load back cleanly/);
    expect(dumpKeyspace(engine)).toEqual(before);
    expect(a.call('FCALL', 'f', '0')).toBe(1);
    await persistence.close();
  });
});

describe('DEBUG RELOAD NOFLUSH [MERGE], as tests/unit/functions.tcl uses it', () => {
  it('without MERGE refuses a key or library both on disk and in memory, and leaves memory unchanged', async () => {
    const fs = new MemoryFileSystem();
    const { engine, client, clock, persistence } = await aofServer(fs, 2);
    const a = client();
    writeDataset(a);
    const before = dumpKeyspace(engine);
    a.call('DEBUG', 'RELOAD', 'NOFLUSH');
    const reply = await replyOf(clock, a);
    expect((reply as ErrorReply).message).toMatch(/^ERR Error trying to load the RDB dump: /);
    expect(dumpKeyspace(engine)).toEqual(before);
    expect(a.call('FCALL', 'f', '0')).toBe(1);
    await persistence.close();
  });

  it('NOSAVE NOFLUSH MERGE adds what is on disk to what memory holds, the disk copy winning', async () => {
    const fs = new MemoryFileSystem();
    const { engine, client, clock, persistence } = await aofServer(fs, 4);
    const a = client();
    writeDataset(a);
    a.call('DEBUG', 'RELOAD');
    expect(await replyOf(clock, a)).toEqual(OK);
    // Written after the reload, so not in the base: NOSAVE loads the base plus the log after it,
    // which hold these too; MERGE keeps memory's own keys and takes the disk's copies.
    a.call('FUNCTION', 'LOAD', "#!lua name=lib2\nredis.register_function('g', function() return 2 end)");
    a.call('SET', 'string', 'changed');
    const before = dumpKeyspace(engine);
    a.call('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE');
    expect(await replyOf(clock, a)).toEqual(OK);
    expect(dumpKeyspace(engine)).toEqual(before);
    expect([a.call('FCALL', 'f', '0'), a.call('FCALL', 'g', '0'), a.call('GET', 'string')]).toEqual([1, 2, 'changed']);
    await persistence.close();
  });
});

describe('DEBUG RELOAD with appendonly no', () => {
  it('saves the dump and loads it back', async () => {
    const fs = new MemoryFileSystem();
    await fs.makeDirectory('data');
    const { engine, client, clock } = createTestEngine({ config: { ...ENABLED, appendonly: 'no' } });
    engine.snapshots = new RdbSnapshots({ fs, directory: 'data', engine, log: () => undefined, rewriteInProgress: () => false });
    engine.reloader = new DatasetReload({ fs, directory: 'data', engine, persistence: null, log: () => undefined });
    const a = client();
    writeDataset(a);
    const digest = a.call('DEBUG', 'DIGEST');
    a.call('DEBUG', 'RELOAD');
    expect(await replyOf(clock, a)).toEqual(OK);
    expect(a.call('DEBUG', 'DIGEST')).toEqual(digest);
    expect(a.call('FCALL', 'f', '0')).toBe(1);
    expect(a.call('DEBUG', 'LOADAOF')).toEqual(new ErrorReply('ERR DEBUG LOADAOF needs appendonly yes: there is no AOF to load'));
  });
});

