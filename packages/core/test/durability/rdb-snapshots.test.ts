/**
 * RDB snapshots end to end on the in-memory disk with a real Engine: BGSAVE writes a
 * point-in-time image while writes go on (copy-on-write), SAVE answers once the file is
 * installed, a save and an AOF rewrite never run at once (BGSAVE refused or scheduled, and
 * BGREWRITEAOF scheduled behind a BGSAVE), save points start saves, and the data directory
 * opens from the dump: loaded with appendonly no, imported as the AOF's first base with
 * appendonly yes — again after a crash before that base was installed — and refused whole
 * when the dump is damaged.
 */
import { describe, expect, it } from 'vitest';
import { aofHoldsNothing, openDataDirectory } from '../../src/durability/data-directory.js';
import { DumpLoadRefusal, loadDump } from '../../src/durability/rdb-load.js';
import { RdbSnapshots } from '../../src/durability/rdb-snapshots.js';
import { Persistence } from '../../src/durability/persistence.js';
import { DEFAULT_ENCODING_LIMITS } from '../../src/rdb/encoding-limits.js';
import { rdbFileChunks } from '../../src/rdb/rdb-file-writer.js';
import { ErrorReply, OK, SimpleString } from '../../src/resp/reply.js';
import { dumpKeyspace } from '../support/keyspace-dump.js';
import type { ManualClock } from '../support/manual-clock.js';
import { MemoryFileSystem } from '../support/memory-file-system.js';
import { createTestEngine, type TestEngineOptions } from '../support/test-engine.js';

const DATA = 'data';
const AOF = 'data/appendonlydir';

function withSnapshots(fs: MemoryFileSystem, options: TestEngineOptions & { persistence?: Persistence } = {}) {
  const setup = createTestEngine(options);
  const snapshots = new RdbSnapshots({
    fs, directory: DATA, engine: setup.engine, log: () => undefined,
    rewriteInProgress: () => options.persistence?.rewriteStatus.inProgress ?? false,
  });
  setup.engine.snapshots = snapshots;
  return { ...setup, snapshots };
}

/** Turns the manual clock until `promise` settles (snapshot writing yields through the clock). */
async function pump<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let done = false;
  const settled = promise.finally(() => void (done = true));
  while (!done) {
    clock.advanceMs(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return settled;
}

async function fill(fs: MemoryFileSystem): Promise<void> {
  await fs.makeDirectory(DATA);
}

function loadedKeyspace(fs: MemoryFileSystem, options: TestEngineOptions = {}): Promise<string[]> {
  const { engine } = createTestEngine(options);
  return loadDump(fs, DATA, 'dump.rdb', engine).then(() => dumpKeyspace(engine));
}

function writeDataset(call: (...args: string[]) => unknown): void {
  call('SET', 'string', 'value');
  call('RPUSH', 'list', 'a', 'b', 'c');
  call('HSET', 'hash', 'f', 'v');
  call('ZADD', 'zset', '1', 'm');
  call('SADD', 'set', '1', '2');
  call('XADD', 'stream', '1-1', 'f', 'v');
  call('SET', 'ttl', 'v', 'PXAT', '99999999999999');
  call('SELECT', '5');
  call('SET', 'db5', 'x');
  call('SELECT', '0');
  call('FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('f', function() return 1 end)");
}

describe('SAVE and BGSAVE', () => {
  it('BGSAVE writes the dataset as it was when it started, while writes go on', async () => {
    const fs = new MemoryFileSystem();
    await fill(fs);
    const { engine, client, clock, snapshots } = withSnapshots(fs, { shards: 3, config: { 'rdb-key-save-delay': '1000' } });
    const a = client();
    writeDataset((...args) => a.call(...args));
    const before = dumpKeyspace(engine);
    const startedSeconds = Math.floor(clock.now() / 1000);
    expect(a.call('BGSAVE')).toEqual(new SimpleString('Background saving started'));
    expect(a.call('BGSAVE')).toEqual(new ErrorReply('ERR Background save already in progress'));
    a.call('RPUSH', 'list', 'd');
    a.call('HSET', 'hash', 'g', 'w');
    a.call('DEL', 'zset');
    expect(snapshots.inProgress).toBe(true);
    await pump(clock, snapshots.idle());
    expect(await loadedKeyspace(fs, { shards: 1 }), 'loads on another shard count: the dump is not per shard').toEqual(
      before.map((line) => line.replace(/^\d+\//, '0/')).sort());
    expect(a.call('LRANGE', 'list', '0', '-1')).toEqual(['a', 'b', 'c', 'd']);
    const info = a.call('INFO', 'persistence') as string;
    expect(info).toContain('rdb_bgsave_in_progress:0');
    expect(info).toContain('rdb_saves:1');
    expect(info).toContain('rdb_changes_since_last_save:3');
    expect(info).toContain('rdb_last_bgsave_status:ok');
    expect(a.call('LASTSAVE')).toBe(startedSeconds);
  });

  it('SAVE answers once the dump is installed; a failed write answers ERR and leaves the old dump', async () => {
    const fs = new MemoryFileSystem();
    await fill(fs);
    const { client, clock } = withSnapshots(fs);
    const a = client();
    a.call('SET', 'k', '1');
    expect(a.call('SAVE'), 'held while the file is written').toBeUndefined();
    await pump(clock, new Promise((resolve) => setTimeout(resolve, 20)));
    expect(a.take()).toEqual([OK]);
    a.call('SET', 'k', '2');
    fs.failNextSync('data/temp-2.rdb', 'ENOSPC');
    a.call('SAVE');
    await pump(clock, new Promise((resolve) => setTimeout(resolve, 20)));
    expect(a.take()).toEqual([new ErrorReply('ERR')]);
    expect(await loadedKeyspace(fs)).toEqual(['0/0 "k" string "1"']);
    expect(await fs.readDirectory(DATA)).toEqual(['dump.rdb']);
    expect(a.call('INFO', 'persistence'), 'a failed SAVE is not a background save status, as in Redis').toContain('rdb_last_bgsave_status:ok');
  });

  it('after a failed BGSAVE with save points set, writes get MISCONF until a save succeeds', async () => {
    const fs = new MemoryFileSystem();
    await fill(fs);
    const { client, clock, snapshots } = withSnapshots(fs, { config: { save: '3600 1' } });
    const a = client();
    a.call('SET', 'k', '1');
    fs.failNextSync('data/temp-1.rdb', 'EIO');
    a.call('BGSAVE');
    await pump(clock, snapshots.idle());
    const refused = a.call('SET', 'k', '2') as ErrorReply;
    expect(refused.message).toMatch(/^MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk/);
    expect(a.call('GET', 'k')).toBe('1');
    a.call('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no');
    expect(a.call('SET', 'k', '2')).toEqual(OK);
    a.call('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes');
    expect(a.call('SET', 'k', '3')).toBeInstanceOf(ErrorReply);
    a.call('BGSAVE');
    await pump(clock, snapshots.idle());
    expect(a.call('SET', 'k', '3')).toEqual(OK);
  });

  it('a save and an AOF rewrite never run at once', async () => {
    const fs = new MemoryFileSystem();
    await fill(fs);
    const persistence = new Persistence({ fs, directory: AOF, repair: false, log: () => undefined });
    const { engine, client, clock, snapshots } = withSnapshots(fs, { durability: persistence, persistence, config: { 'rdb-key-save-delay': '1000' } });
    await persistence.open(engine);
    snapshots.start();
    const a = client();
    a.call('SET', 'k', 'v');
    expect(a.call('BGREWRITEAOF')).toEqual(new SimpleString('Background append only file rewriting started'));
    expect(a.call('BGSAVE')).toEqual(new ErrorReply("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."));
    expect(a.call('BGSAVE', 'SCHEDULE')).toEqual(new SimpleString('Background saving scheduled'));
    await pump(clock, persistence.rewriteFinished());
    expect(snapshots.inProgress).toBe(false);
    clock.advanceMs(1000);
    expect(snapshots.inProgress, 'the scheduled BGSAVE started after the rewrite, at the next check').toBe(true);
    expect(a.call('BGREWRITEAOF')).toEqual(new SimpleString('Background append only file rewriting scheduled'));
    expect(a.call('INFO', 'persistence')).toContain('aof_rewrite_scheduled:1');
    await pump(clock, snapshots.idle());
    a.call('PING');
    expect(persistence.rewriteStatus.inProgress, 'the scheduled rewrite started after the save').toBe(true);
    await pump(clock, persistence.rewriteFinished());
    expect(persistence.rewriteStatus.count).toBe(2);
    snapshots.stop();
    await persistence.close();
  });

  it('save points start a background save once enough changes are old enough', async () => {
    const fs = new MemoryFileSystem();
    await fill(fs);
    const { client, clock, snapshots } = withSnapshots(fs, { config: { save: '10 2' } });
    snapshots.start();
    const a = client();
    a.call('SET', 'a', '1');
    clock.advanceMs(11_000);
    expect(snapshots.inProgress, 'one change is not enough').toBe(false);
    a.call('SET', 'b', '1');
    clock.advanceMs(1000);
    expect(snapshots.inProgress).toBe(true);
    await pump(clock, snapshots.idle());
    snapshots.stop();
    expect(await loadedKeyspace(fs)).toHaveLength(2);
  });
});

describe('opening the data directory', () => {
  async function savedDump(): Promise<{ fs: MemoryFileSystem; keyspace: string[] }> {
    const fs = new MemoryFileSystem();
    await fill(fs);
    const { engine, client, clock } = withSnapshots(fs, { shards: 2 });
    const a = client();
    writeDataset((...args) => a.call(...args));
    a.call('SET', 'expired', 'v', 'PX', '5');
    a.call('SAVE');
    await pump(clock, new Promise((resolve) => setTimeout(resolve, 20)));
    expect(a.take()).toEqual([OK]);
    return { fs, keyspace: dumpKeyspace(engine).filter((line) => !line.includes('"expired"')) };
  }

  function opened(fs: MemoryFileSystem, appendonly: boolean, clock?: ManualClock) {
    const persistence = appendonly ? new Persistence({ fs, directory: AOF, repair: false, log: () => undefined }) : null;
    const setup = createTestEngine({ shards: 2, durability: persistence ?? undefined, clock });
    setup.clock.advanceMs(10);
    return { ...setup, persistence, open: () => openDataDirectory({ fs, directory: DATA, engine: setup.engine, persistence, log: () => undefined }) };
  }

  it('appendonly no: the dump is loaded, expired keys skipped', async () => {
    const { fs, keyspace } = await savedDump();
    const { engine, open } = opened(fs, false);
    const result = await open();
    expect(result).toMatchObject({ keysLoaded: 8, keysExpired: 1, functionLibraries: 1 });
    expect(dumpKeyspace(engine)).toEqual(keyspace);
  });

  it('appendonly yes with no AOF yet: the dump becomes the first base; a crash before that imports it again', async () => {
    const { fs, keyspace } = await savedDump();
    const crashed = opened(fs, true);
    await loadDump(fs, DATA, 'dump.rdb', crashed.engine);
    await crashed.persistence!.open(crashed.engine);
    await crashed.persistence!.close();
    expect(await aofHoldsNothing(fs, AOF), 'an AOF created but never written still holds nothing').toBe(true);

    const first = opened(fs, true);
    await pump(first.clock, first.open());
    expect(dumpKeyspace(first.engine)).toEqual(keyspace);
    await first.persistence!.close();
    expect(await aofHoldsNothing(fs, AOF)).toBe(false);

    await fs.unlink('data/dump.rdb');
    const second = opened(fs, true);
    expect(await second.open(), 'the AOF is the source now').toBeNull();
    expect(dumpKeyspace(second.engine)).toEqual(keyspace);
    await second.persistence!.close();
  });

  it('a damaged dump refuses the start (the host exits: records read before the damage are never served), naming the offset', async () => {
    const { fs } = await savedDump();
    const handle = await fs.open('data/dump.rdb');
    const size = await handle.size();
    await handle.write(size - 30, new Uint8Array([0xff, 0xee]));
    await handle.close();
    const { open } = opened(fs, false);
    const refusal = await open().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DumpLoadRefusal);
    expect((refusal as Error).message).toMatch(/data\/dump\.rdb: .* at offset \d+/);
  });

  it('a dump holding one key twice is refused', async () => {
    const fs = new MemoryFileSystem();
    await fill(fs);
    const database = { index: 2, keys: ['k', 'k'], values: ['a', 'b'], expireKeys: [], expireTimes: [] };
    const image = { databases: [database], functionLibraries: [], aux: { redisVersion: '7.0.15', ctimeSeconds: 0, usedMemoryBytes: 0, aofBase: false } };
    const handle = await fs.open('data/dump.rdb', { create: true });
    let offset = 0;
    for (const chunk of rdbFileChunks(image, { compression: false, checksum: true, limits: DEFAULT_ENCODING_LIMITS })) {
      await handle.write(offset, chunk);
      offset += chunk.length;
    }
    await handle.close();
    const refusal = await opened(fs, false).open().catch((error: unknown) => error);
    expect((refusal as Error).message).toContain('duplicate key "k" in database 2');
  });
});
