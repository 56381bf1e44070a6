/**
 * Power loss on SimFileSystem: what was synced always survives; unsynced writes, truncates,
 * creates, renames and unlinks are kept, torn (at 512-byte sectors only) or lost; and the same
 * seeds give the same disk, byte for byte. Each scenario runs over many seeds and checks both
 * that every outcome is allowed and that the interesting ones actually occur.
 */
import { seededRandom } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { SECTOR_BYTES } from '../src/index.js';
import { DATA, simDiskHarness, text, type SimDiskHarness } from './support/sim-disk-harness.js';

const SEEDS = Array.from({ length: 64 }, (_, index) => index + 1);

/** Runs `scenario` on a fresh disk per seed, loses power with that seed, and returns `observe` of the durable files. */
async function overSeeds<T>(scenario: (harness: SimDiskHarness) => Promise<void>, observe: (files: Map<string, Uint8Array>) => T): Promise<T[]> {
  const outcomes: T[] = [];
  for (const seed of SEEDS) {
    const harness = await simDiskHarness({ seed });
    await scenario(harness);
    harness.fs.powerLoss(seededRandom(seed));
    outcomes.push(observe(harness.fs.snapshotDurable()));
  }
  return outcomes;
}

describe('SimFileSystem: power loss', () => {
  it('keeps synced data in synced directories, always', async () => {
    const outcomes = await overSeeds(
      async ({ fs, run, put }) => {
        await run(fs.makeDirectory(`${DATA}/shard-0`));
        await run(fs.syncDirectory(DATA));
        await put(`${DATA}/shard-0/log`, 'synced', { syncDirectory: true });
      },
      (files) => text(files.get(`${DATA}/shard-0/log`)),
    );
    expect(new Set(outcomes)).toEqual(new Set(['synced']));
  });

  it('keeps, tears or drops an unsynced write, and the synced data before it survives', async () => {
    const outcomes = await overSeeds(
      async ({ fs, run, put }) => {
        await put(`${DATA}/log`, new Uint8Array(1024).fill(1), { syncDirectory: true });
        const handle = await run(fs.open(`${DATA}/log`));
        await run(handle.write(1024, new Uint8Array(2048).fill(2)));
      },
      (files) => {
        const bytes = files.get(`${DATA}/log`) ?? new Uint8Array(0);
        expect(bytes.subarray(0, 1024).every((byte) => byte === 1)).toBe(true);
        const tail = bytes.subarray(1024);
        if (tail.length === 0) return 'dropped';
        if (tail.length === 2048 && tail.every((byte) => byte === 2)) return 'whole';
        return tail.every((byte) => byte === 2) ? 'prefix' : 'garbage';
      },
    );
    expect(new Set(outcomes)).toEqual(new Set(['dropped', 'whole', 'prefix', 'garbage']));
  });

  it('tears writes at 512-byte sector boundaries only', async () => {
    const old = new Uint8Array(8 * SECTOR_BYTES).fill(0xaa);
    const offset = 700;
    const length = 2500;
    const expected = old.slice();
    expected.fill(0x55, offset, offset + length);
    const kinds = new Set<string>();
    await overSeeds(
      async ({ fs, run, put }) => {
        await put(`${DATA}/f`, old, { syncDirectory: true });
        const handle = await run(fs.open(`${DATA}/f`));
        await run(handle.write(offset, new Uint8Array(length).fill(0x55)));
      },
      (files) => {
        const bytes = files.get(`${DATA}/f`) ?? new Uint8Array(0);
        expect(bytes.length).toBe(old.length);
        const sectors: string[] = [];
        for (let start = 0; start < bytes.length; start += SECTOR_BYTES) {
          const sector = bytes.subarray(start, start + SECTOR_BYTES);
          const asOld = sector.every((byte, index) => byte === old[start + index]);
          const asNew = sector.every((byte, index) => byte === expected[start + index]);
          const foreign = sector.filter((byte, index) => byte !== old[start + index] && byte !== expected[start + index]).length;
          // A sector is all old, all new, or garbage: never part old and part new.
          expect(asOld || asNew || foreign > SECTOR_BYTES / 2, `sector at ${start} mixes old and new bytes`).toBe(true);
          sectors.push(asNew && !asOld ? 'new' : asOld ? 'old' : 'garbage');
        }
        const touched = sectors.slice(1, 7);
        if (touched.includes('garbage')) kinds.add('garbage');
        else if (touched.includes('new') && touched.includes('old')) kinds.add('prefix');
      },
    );
    expect(kinds).toEqual(new Set(['garbage', 'prefix']));
  });

  it('may lose a file that was synced but never synced into its directory', async () => {
    const outcomes = await overSeeds(
      ({ put }) => put(`${DATA}/orphan`, 'data', { sync: true }),
      (files) => text(files.get(`${DATA}/orphan`)) ?? 'missing',
    );
    expect(new Set(outcomes)).toEqual(new Set(['data', 'missing']));
  });

  it('may undo an unsynced rename, but never mixes the old and new file', async () => {
    const scenario = async ({ fs, run, put }: SimDiskHarness, syncDirectory: boolean): Promise<void> => {
      await put(`${DATA}/manifest`, 'old', { syncDirectory: true });
      await put(`${DATA}/manifest.tmp`, 'new', { sync: true });
      await run(fs.rename(`${DATA}/manifest.tmp`, `${DATA}/manifest`));
      if (syncDirectory) await run(fs.syncDirectory(DATA));
    };
    const observe = (files: Map<string, Uint8Array>): string => `${text(files.get(`${DATA}/manifest`))}${files.has(`${DATA}/manifest.tmp`) ? '+tmp' : ''}`;
    const unsynced = await overSeeds((harness) => scenario(harness, false), observe);
    expect(new Set(unsynced)).toEqual(new Set(['old', 'old+tmp', 'new']));
    const synced = await overSeeds((harness) => scenario(harness, true), observe);
    expect(new Set(synced)).toEqual(new Set(['new']));
  });

  it('leaves a file renamed twice under exactly one of its names', async () => {
    const outcomes = await overSeeds(
      async ({ fs, run, put }) => {
        await put(`${DATA}/x`, 'file', { syncDirectory: true });
        await run(fs.rename(`${DATA}/x`, `${DATA}/y`));
        await run(fs.rename(`${DATA}/y`, `${DATA}/z`));
      },
      (files) => [...files.keys()].join(','),
    );
    expect(new Set(outcomes)).toEqual(new Set([`${DATA}/x`, `${DATA}/y`, `${DATA}/z`]));
  });

  it('makes a rename between directories durable when either directory is synced', async () => {
    for (const synced of ['source', 'target']) {
      const outcomes = await overSeeds(
        async ({ fs, run, put }) => {
          await run(fs.makeDirectory(`${DATA}/source`));
          await run(fs.makeDirectory(`${DATA}/target`));
          await run(fs.syncDirectory(DATA));
          await put(`${DATA}/source/f`, 'moved', { syncDirectory: true });
          await run(fs.rename(`${DATA}/source/f`, `${DATA}/target/f`));
          await run(fs.syncDirectory(`${DATA}/${synced}`));
        },
        (files) => [...files.keys()].join(','),
      );
      expect(new Set(outcomes)).toEqual(new Set([`${DATA}/target/f`]));
    }
  });

  it('may undo an unsynced unlink; a synced one holds', async () => {
    const unsynced = await overSeeds(
      async ({ fs, run, put }) => {
        await put(`${DATA}/old`, 'x', { syncDirectory: true });
        await run(fs.unlink(`${DATA}/old`));
      },
      (files) => files.has(`${DATA}/old`),
    );
    expect(new Set(unsynced)).toEqual(new Set([true, false]));
    const synced = await overSeeds(
      async ({ fs, run, put }) => {
        await put(`${DATA}/old`, 'x', { syncDirectory: true });
        await run(fs.unlink(`${DATA}/old`));
        await run(fs.syncDirectory(DATA));
      },
      (files) => files.has(`${DATA}/old`),
    );
    expect(new Set(synced)).toEqual(new Set([false]));
  });

  it('may lose a directory that was never synced into its parent, with everything in it', async () => {
    const outcomes = await overSeeds(
      async ({ fs, run, put }) => {
        await run(fs.makeDirectory(`${DATA}/new-shard`));
        await put(`${DATA}/new-shard/log`, 'x', { syncDirectory: true });
      },
      (files) => files.has(`${DATA}/new-shard/log`),
    );
    expect(new Set(outcomes)).toEqual(new Set([true, false]));
  });

  it('may lose an unsynced truncate', async () => {
    const outcomes = await overSeeds(
      async ({ fs, run, put }) => {
        await put(`${DATA}/f`, 'abcdef', { syncDirectory: true });
        const handle = await run(fs.open(`${DATA}/f`));
        await run(handle.truncate(2));
      },
      (files) => text(files.get(`${DATA}/f`)),
    );
    expect(new Set(outcomes)).toEqual(new Set(['ab', 'abcdef']));
  });

  it('sync covers only the writes completed before it was called', async () => {
    const outcomes = await overSeeds(
      async ({ fs, run, put }) => {
        await put(`${DATA}/f`, '', { syncDirectory: true });
        const handle = await run(fs.open(`${DATA}/f`));
        const sync = handle.sync();
        await run(Promise.all([handle.write(0, new TextEncoder().encode('late')), sync]));
      },
      (files) => text(files.get(`${DATA}/f`)) === 'late',
    );
    expect(outcomes).toContain(false);
  });

  it('keeps a writeDurable write without a sync', async () => {
    const outcomes = await overSeeds(
      async ({ fs, run, put }) => {
        await put(`${DATA}/f`, '', { syncDirectory: true });
        const handle = await run(fs.open(`${DATA}/f`));
        await run(handle.writeDurable(0, new TextEncoder().encode('acked')));
      },
      (files) => text(files.get(`${DATA}/f`)),
    );
    expect(new Set(outcomes)).toEqual(new Set(['acked']));
  });

  it('is deterministic: the same seeds give the same durable bytes; other seeds differ', async () => {
    const workload = async (seed: number): Promise<string> => {
      const { fs, run, put } = await simDiskHarness({ seed, faults: { syncErrorProbability: 0.2 } });
      const random = seededRandom(seed);
      const handles = await Promise.all(['a', 'b', 'c'].map((name) => run(fs.open(`${DATA}/${name}`, { create: true }))));
      for (let round = 0; round < 40; round++) {
        const handle = handles[Math.floor(random.next() * handles.length)];
        const data = new Uint8Array(1 + Math.floor(random.next() * 1500)).fill(round);
        await run(handle.write(Math.floor(random.next() * 3000), data));
        if (random.next() < 0.2) await run(handle.sync()).catch(() => undefined);
        if (random.next() < 0.1) await run(fs.syncDirectory(DATA));
      }
      await put(`${DATA}/manifest`, `seed ${seed}`, { sync: true });
      fs.powerLoss(seededRandom(seed * 31));
      return JSON.stringify([...fs.snapshotDurable()].map(([path, bytes]) => [path, [...bytes]]));
    };
    for (const seed of [1, 2, 3]) expect(await workload(seed)).toBe(await workload(seed));
    expect(new Set(await Promise.all([1, 2, 3, 4].map(workload))).size).toBe(4);
  });
});
