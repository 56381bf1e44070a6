/**
 * writeManifest/readManifest on the in-memory disk: a written manifest reads back; a rewrite
 * replaces it and leaves no temp file; a `ballast.manifest.tmp` left by a crash is ignored by
 * readers and overwritten (not appended to) by the next write; a failed write or sync of the
 * temp file leaves the old manifest in place; a damaged manifest is refused with ManifestError.
 */
import { describe, expect, it } from 'vitest';
import { isFileSystemError } from '../../src/io/file-system.js';
import { encodeManifest, ManifestError, type Manifest } from '../../src/manifest/manifest.js';
import { MANIFEST_FILE, readManifest, writeManifest } from '../../src/manifest/manifest-store.js';
import { SlotTable } from '../../src/routing/slot-table.js';
import { MemoryFileSystem } from '../support/memory-file-system.js';

const DIRECTORY = 'data/appendonlydir';
const MANIFEST_PATH = `${DIRECTORY}/${MANIFEST_FILE}`;
const TEMP_PATH = `${MANIFEST_PATH}.tmp`;

function manifest(nextFile: number): Manifest {
  return {
    shardCount: 2,
    slots: SlotTable.balanced(2),
    nextFile,
    shards: [
      { base: { path: 'shard-0/base-3.aof', snapshotLsn: 10, committedLsn: 12 }, incrementals: ['shard-0/incr-4.aof'] },
      { base: null, incrementals: ['shard-1/incr-2.aof'] },
    ],
  };
}

async function disk(): Promise<MemoryFileSystem> {
  const fs = new MemoryFileSystem();
  await fs.makeDirectory(DIRECTORY);
  return fs;
}

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const bytes = (value: string) => Uint8Array.from(value, (char) => char.charCodeAt(0));

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then((value) => value, (error: unknown) => error);
}

describe('manifest store', () => {
  it('reads null when there is no manifest', async () => {
    expect(await readManifest(await disk(), DIRECTORY)).toBeNull();
  });

  it('reads back what it wrote, and a rewrite replaces it without leaving the temp file', async () => {
    const fs = await disk();
    await writeManifest(fs, DIRECTORY, manifest(5));
    expect(text(fs.fileBytes(MANIFEST_PATH))).toBe(encodeManifest(manifest(5)));
    expect((await readManifest(fs, DIRECTORY))?.nextFile).toBe(5);
    await writeManifest(fs, DIRECTORY, manifest(6));
    expect(encodeManifest((await readManifest(fs, DIRECTORY))!)).toBe(encodeManifest(manifest(6)));
    expect(await fs.readDirectory(DIRECTORY)).toEqual([MANIFEST_FILE]);
  });

  it('ignores a temp file left by a crash, and overwrites it whole on the next write', async () => {
    const fs = await disk();
    await writeManifest(fs, DIRECTORY, manifest(5));
    // A crash after the temp file was written, before the rename: longer than the next manifest.
    fs.setFileBytes(TEMP_PATH, bytes(`${encodeManifest(manifest(99))}${'#'.repeat(500)}`));
    expect((await readManifest(fs, DIRECTORY))?.nextFile).toBe(5);
    await writeManifest(fs, DIRECTORY, manifest(7));
    expect(text(fs.fileBytes(MANIFEST_PATH))).toBe(encodeManifest(manifest(7)));
    expect(fs.exists(TEMP_PATH)).toBe(false);
  });

  it('keeps the old manifest when writing or syncing the temp file fails', async () => {
    const fs = await disk();
    await writeManifest(fs, DIRECTORY, manifest(5));
    fs.failNextWrite(TEMP_PATH, 'ENOSPC');
    expect(isFileSystemError(await outcome(writeManifest(fs, DIRECTORY, manifest(6))), 'ENOSPC')).toBe(true);
    fs.failNextSync(TEMP_PATH, 'EIO');
    expect(isFileSystemError(await outcome(writeManifest(fs, DIRECTORY, manifest(6))), 'EIO')).toBe(true);
    expect((await readManifest(fs, DIRECTORY))?.nextFile).toBe(5);
    await writeManifest(fs, DIRECTORY, manifest(8));
    expect((await readManifest(fs, DIRECTORY))?.nextFile).toBe(8);
  });

  it('refuses a damaged or truncated manifest with ManifestError', async () => {
    const fs = await disk();
    await writeManifest(fs, DIRECTORY, manifest(5));
    const good = fs.fileBytes(MANIFEST_PATH);
    const flipped = good.slice();
    flipped[20] ^= 0x04;
    for (const damaged of [flipped, good.subarray(0, good.length - 1), good.subarray(0, 30), new Uint8Array(0)]) {
      fs.setFileBytes(MANIFEST_PATH, damaged);
      expect(await outcome(readManifest(fs, DIRECTORY))).toBeInstanceOf(ManifestError);
    }
  });
});
