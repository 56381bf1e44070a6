/**
 * MemoryFileSystem, the in-memory disk of the AOF, manifest and recovery tests: it passes the
 * FileSystem contract that NodeFileSystem and SimFileSystem pass, and its fault hooks fail the
 * next write or sync of a path once, with the code asked for.
 */
import { describe, expect, it } from 'vitest';
import { isFileSystemError } from '../../src/io/file-system.js';
import { describeFileSystemContract } from './file-system-contract.js';
import { MemoryFileSystem } from './memory-file-system.js';

describeFileSystemContract('MemoryFileSystem', async () => {
  const fs = new MemoryFileSystem();
  await fs.makeDirectory('/root');
  return { fs, root: '/root', cleanup: async () => undefined };
});

const bytes = (text: string) => new TextEncoder().encode(text);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => 'no error', (error: unknown) => error);
}

describe('MemoryFileSystem fault hooks', () => {
  it('fails the next write of a path once, writing nothing', async () => {
    const fs = new MemoryFileSystem();
    const handle = await fs.open('f', { create: true });
    fs.failNextWrite('/f', 'ENOSPC');
    expect(isFileSystemError(await failure(handle.write(0, bytes('lost'))), 'ENOSPC')).toBe(true);
    expect(fs.fileBytes('f').length).toBe(0);
    await handle.write(0, bytes('kept'));
    expect(fs.fileBytes('f')).toEqual(bytes('kept'));
  });

  it('fails the next sync once; writeDurable fails on a write or a sync fault', async () => {
    const fs = new MemoryFileSystem();
    const handle = await fs.open('f', { create: true });
    fs.failNextSync('f');
    expect(isFileSystemError(await failure(handle.sync()), 'EIO')).toBe(true);
    await handle.sync();
    fs.failNextSync('f');
    expect(isFileSystemError(await failure(handle.writeDurable(0, bytes('x'))), 'EIO')).toBe(true);
    fs.failNextWrite('f');
    expect(isFileSystemError(await failure(handle.writeDurable(0, bytes('y'))), 'EIO')).toBe(true);
    await handle.writeDurable(0, bytes('z'));
    expect(fs.fileBytes('f')).toEqual(bytes('z'));
  });

  it('leaves other paths alone, and a closed handle fails with EBADF', async () => {
    const fs = new MemoryFileSystem();
    const other = await fs.open('other', { create: true });
    fs.failNextWrite('f');
    await other.write(0, bytes('fine'));
    await other.close();
    expect(isFileSystemError(await failure(other.read(0, 1)), 'EBADF')).toBe(true);
  });

  it('clones the disk: changes to the copy do not reach the original', async () => {
    const fs = new MemoryFileSystem();
    await fs.makeDirectory('d');
    fs.setFileBytes('d/f', bytes('abc'));
    const copy = fs.clone();
    copy.setFileBytes('d/f', bytes('x'));
    await copy.unlink('d/f');
    expect(fs.fileBytes('d/f')).toEqual(bytes('abc'));
    expect(copy.filePaths()).toEqual([]);
    expect(await copy.readDirectory('d')).toEqual([]);
  });
});
