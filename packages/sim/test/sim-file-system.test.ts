/**
 * SimFileSystem: the FileSystem contract (the same suite NodeFileSystem runs), then what only a
 * simulated disk can show — latency, process crashes and injected faults. Power loss has its
 * own file (power-loss.test.ts).
 */
import { isFileSystemError } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { describeFileSystemContract } from '../../core/test/support/file-system-contract.js';
import { Scheduler, SimFileSystem } from '../src/index.js';
import { DATA, simDiskHarness, text } from './support/sim-disk-harness.js';

describeFileSystemContract('SimFileSystem', async () => {
  const scheduler = new Scheduler();
  const fs = new SimFileSystem({ clock: scheduler, seed: 7 });
  await scheduler.settle(fs.makeDirectory('/contract'));
  return { fs, root: '/contract', run: (promise) => scheduler.settle(promise), cleanup: async () => undefined };
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('SimFileSystem: completion', () => {
  it('completes nothing until the scheduler fires its event, after the drawn latency', async () => {
    const scheduler = new Scheduler();
    const fs = new SimFileSystem({ clock: scheduler, seed: 3, latencyMsMin: 4, latencyMsMax: 4 });
    let done = false;
    void fs.makeDirectory('/d').then(() => (done = true));
    expect(fs.inFlightOperations).toBe(1);
    await Promise.resolve();
    expect(done).toBe(false);
    await scheduler.runUntilIdle();
    expect(done).toBe(true);
    expect(scheduler.monotonic()).toBe(4);
  });

  it('accepts the paths core builds: relative, absolute and with dot segments name one tree', async () => {
    const { fs, run, put, get } = await simDiskHarness();
    await put('data/a', 'A');
    expect(text(await get('/data/./a'))).toBe('A');
    expect(await run(fs.readDirectory('./data'))).toEqual(['a']);
    expect(fs.listFiles()).toEqual(['/data/a']);
  });

  it('slows every call by the multiplier on a slow disk', async () => {
    const { scheduler, fs, run } = await simDiskHarness({ latencyMsMin: 2, latencyMsMax: 2, faults: { slowProbability: 1, slowLatencyMultiplier: 10 } });
    const start = scheduler.monotonic();
    await run(fs.stat(DATA));
    expect(scheduler.monotonic() - start).toBe(20);
  });
});

describe('SimFileSystem: process crash', () => {
  it('keeps the page cache: unsynced writes, creates and renames survive', async () => {
    const { fs, run, put, get } = await simDiskHarness();
    await put(`${DATA}/written`, 'unsynced');
    await put(`${DATA}/renamed.tmp`, 'moved');
    await run(fs.rename(`${DATA}/renamed.tmp`, `${DATA}/renamed`));
    fs.crashProcess();
    expect(await run(fs.readDirectory(DATA))).toEqual(['renamed', 'written']);
    expect(text(await get(`${DATA}/written`))).toBe('unsynced');
    expect(text(await get(`${DATA}/renamed`))).toBe('moved');
  });

  it('kills open handles (EBADF) and drops calls in flight without settling them', async () => {
    const { scheduler, fs, run, put, get } = await simDiskHarness();
    await put(`${DATA}/f`, 'before');
    const handle = await run(fs.open(`${DATA}/f`));
    let settled = false;
    void handle.write(0, new TextEncoder().encode('AFTER!')).finally(() => (settled = true));
    fs.crashProcess();
    expect(fs.inFlightOperations).toBe(0);
    await scheduler.runUntilIdle();
    expect(settled).toBe(false);
    expect(isFileSystemError(await failure(handle.read(0, 6)), 'EBADF')).toBe(true);
    expect(text(await get(`${DATA}/f`))).toBe('before');
  });

  it('fails calls on a closed handle with EBADF', async () => {
    const { fs, run } = await simDiskHarness();
    const handle = await run(fs.open(`${DATA}/f`, { create: true }));
    await run(handle.close());
    expect(isFileSystemError(await failure(handle.size()), 'EBADF')).toBe(true);
  });
});

describe('SimFileSystem: faults', () => {
  it('fsync EIO drops the unsynced pages: a later sync succeeds, and the data is gone', async () => {
    const { fs, run, put, get } = await simDiskHarness();
    await put(`${DATA}/log`, 'committed', { syncDirectory: true });
    const handle = await run(fs.open(`${DATA}/log`));
    await run(handle.write(9, new TextEncoder().encode('+lost')));
    fs.setFaults({ syncErrorProbability: 1 });
    expect(isFileSystemError(await failure(run(handle.sync())), 'EIO')).toBe(true);
    fs.setFaults({ syncErrorProbability: 0 });
    await run(handle.sync());
    expect(text(await get(`${DATA}/log`))).toBe('committed');
    fs.powerLoss({ next: () => 0 });
    expect(text(fs.snapshotDurable().get(`${DATA}/log`))).toBe('committed');
  });

  it('write EIO writes nothing', async () => {
    const { fs, run, get } = await simDiskHarness({ faults: { writeErrorProbability: 1 } });
    const handle = await run(fs.open(`${DATA}/f`, { create: true }));
    expect(isFileSystemError(await failure(run(handle.write(0, new Uint8Array(10)))), 'EIO')).toBe(true);
    expect((await get(`${DATA}/f`)).length).toBe(0);
  });

  it('ENOSPC when the files would pass the capacity; overwrites and freed space are fine', async () => {
    const { fs, run, put } = await simDiskHarness({ faults: { capacityBytes: 1000 } });
    await put(`${DATA}/a`, new Uint8Array(600));
    const handle = await run(fs.open(`${DATA}/b`, { create: true }));
    expect(isFileSystemError(await failure(run(handle.write(0, new Uint8Array(401)))), 'ENOSPC')).toBe(true);
    expect(isFileSystemError(await failure(run(handle.truncate(401))), 'ENOSPC')).toBe(true);
    await run(handle.write(0, new Uint8Array(400)));
    await run(handle.write(0, new Uint8Array(400).fill(1)));
    await run(fs.unlink(`${DATA}/a`));
    await run(handle.write(400, new Uint8Array(600)));
    expect(await run(handle.size())).toBe(1000);
    fs.setFaultsEnabled(false);
    await run(handle.write(1000, new Uint8Array(1)));
  });

  it('a latent sector error corrupts reads of that sector only, until the sector is rewritten', async () => {
    const { fs, run, put, get } = await simDiskHarness();
    const pristine = new Uint8Array(2048).fill(7);
    await put(`${DATA}/f`, pristine);
    fs.markLatentSectorError(`${DATA}/f`, 700);
    const read = await get(`${DATA}/f`);
    expect(read.subarray(0, 512)).toEqual(pristine.subarray(0, 512));
    expect(read.subarray(1024)).toEqual(pristine.subarray(1024));
    expect(read.subarray(512, 1024)).not.toEqual(pristine.subarray(512, 1024));
    fs.setFaultsEnabled(false);
    expect(await get(`${DATA}/f`)).toEqual(pristine);
    fs.setFaultsEnabled(true);
    const handle = await run(fs.open(`${DATA}/f`));
    await run(handle.write(512, new Uint8Array(512).fill(9)));
    expect((await run(handle.read(512, 512))).every((byte) => byte === 9)).toBe(true);
  });

  it('injects latent sector errors on reads at the configured rate', async () => {
    const { fs, put, get } = await simDiskHarness();
    const pristine = new Uint8Array(4096).fill(1);
    await put(`${DATA}/f`, pristine);
    fs.setFaults({ latentSectorErrorProbability: 1 });
    const read = await get(`${DATA}/f`);
    const damagedSectors = [0, 1, 2, 3, 4, 5, 6, 7].filter((sector) => read[sector * 512] !== 1 || read[sector * 512 + 511] !== 1);
    expect(damagedSectors.length).toBe(1);
  });

  it('corruptByte flips one byte in what reads and the durable snapshot see, over pristine bytes', async () => {
    const { fs, put, get } = await simDiskHarness();
    await put(`${DATA}/f`, 'abcdef', { syncDirectory: true });
    fs.corruptByte(`${DATA}/f`, 2, 0x20);
    expect(text(await get(`${DATA}/f`))).toBe('abCdef');
    expect(text(fs.snapshotDurable().get(`${DATA}/f`))).toBe('abCdef');
    fs.setFaultsEnabled(false);
    expect(text(fs.snapshotDurable().get(`${DATA}/f`))).toBe('abcdef');
  });
});
