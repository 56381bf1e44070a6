/**
 * OverlayFileSystem: core's FileSystem over the real disk that never changes it. Reads come from
 * the real files (opened read-only, so a read-only mount or a backup can be checked); every
 * write, truncate, create, rename and unlink lands in memory instead, and later reads see it.
 * `sync` and `syncDirectory` do nothing. Recovery run on it is a dry run: ballast-check-aof
 * learns exactly what ballast-server would do at start — refuse, or truncate so many bytes —
 * without writing a byte.
 */
import { constants, promises as fs } from 'node:fs';
import { FileSystemError, parentPath, type FileHandle, type FileSystem, type FileSystemErrorCode, type OpenOptions } from '@ballast/core';

const KNOWN_CODES = new Set<FileSystemErrorCode>(['ENOENT', 'EEXIST', 'EIO', 'ENOSPC', 'EBADF', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY']);

function translate(error: unknown, operation: string, path: string): FileSystemError {
  if (error instanceof FileSystemError) return error;
  const code = (error as NodeJS.ErrnoException).code as FileSystemErrorCode | undefined;
  const translated = new FileSystemError(code !== undefined && KNOWN_CODES.has(code) ? code : 'EIO', operation, path);
  if (code === undefined || !KNOWN_CODES.has(code)) translated.message += ` (${(error as Error).message})`;
  return translated;
}

async function attempt<T>(operation: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translate(error, operation, path);
  }
}

async function realStat(path: string): Promise<{ size: number; directory: boolean } | null> {
  try {
    const stats = await fs.stat(path);
    return { size: stats.size, directory: stats.isDirectory() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readReal(path: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await fs.open(path, constants.O_RDONLY);
  try {
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

export class OverlayFileSystem implements FileSystem {
  /** Whole contents of every file written, created or renamed in the overlay. */
  private readonly files = new Map<string, Uint8Array>();
  /** Real files and directories unlinked, removed or renamed away in the overlay. */
  private readonly removed = new Set<string>();
  private readonly directories = new Set<string>();

  async open(path: string, options: OpenOptions = {}): Promise<FileHandle> {
    const existing = await this.stat(path).catch((error: unknown) => {
      if (error instanceof FileSystemError && error.code === 'ENOENT') return null;
      throw error;
    });
    if (existing?.directory) throw new FileSystemError('EISDIR', 'open', path);
    if (existing !== null && options.create && options.exclusive) throw new FileSystemError('EEXIST', 'open', path);
    if (existing === null) {
      if (!options.create) throw new FileSystemError('ENOENT', 'open', path);
      await this.requireDirectory(parentPath(path), 'open');
      this.files.set(path, new Uint8Array(0));
      this.removed.delete(path);
    }
    return new OverlayFileHandle(this, path);
  }

  async readDirectory(path: string): Promise<string[]> {
    await this.requireDirectory(path, 'readdir');
    const names = new Set<string>();
    if (!this.directories.has(path)) {
      for (const name of await attempt('readdir', path, () => fs.readdir(path))) names.add(name);
    }
    for (const entry of [...this.files.keys(), ...this.directories]) {
      if (parentPath(entry) === path) names.add(entry.slice(path.length + 1));
    }
    return [...names].filter((name) => !this.removed.has(`${path}/${name}`)).sort();
  }

  async makeDirectory(path: string): Promise<void> {
    const existing = await this.stat(path).catch(() => null);
    if (existing?.directory) return;
    if (existing !== null) throw new FileSystemError('EEXIST', 'mkdir', path);
    const parent = parentPath(path);
    if (parent !== path) await this.makeDirectory(parent);
    this.directories.add(path);
    this.removed.delete(path);
  }

  async rename(from: string, to: string): Promise<void> {
    const contents = await this.contents(from, 'rename');
    this.files.set(to, contents);
    this.removed.delete(to);
    this.files.delete(from);
    this.removed.add(from);
  }

  async unlink(path: string): Promise<void> {
    const existing = await this.stat(path);
    if (existing.directory) throw new FileSystemError('EISDIR', 'unlink', path);
    this.files.delete(path);
    this.removed.add(path);
  }

  async removeDirectory(path: string): Promise<void> {
    if ((await this.readDirectory(path)).length > 0) throw new FileSystemError('ENOTEMPTY', 'rmdir', path);
    this.directories.delete(path);
    this.removed.add(path);
  }

  async stat(path: string): Promise<{ size: number; directory: boolean }> {
    const written = this.files.get(path);
    if (written !== undefined) return { size: written.length, directory: false };
    if (this.directories.has(path)) return { size: 0, directory: true };
    const real = this.removed.has(path) ? null : await attempt('stat', path, () => realStat(path));
    if (real === null) throw new FileSystemError('ENOENT', 'stat', path);
    return real;
  }

  async syncDirectory(path: string): Promise<void> {
    await this.requireDirectory(path, 'fsync');
  }

  /** Reads from the overlay, or from the real file while the overlay has no copy of it. */
  async read(path: string, offset: number, length: number): Promise<Uint8Array> {
    const written = this.files.get(path);
    if (written !== undefined) return written.slice(offset, Math.min(written.length, offset + length));
    if (this.removed.has(path)) throw new FileSystemError('EBADF', 'read', path);
    return attempt('read', path, () => readReal(path, offset, length));
  }

  /** Replaces a file's contents in the overlay (copied from the real file on first change). */
  async replace(path: string, update: (contents: Uint8Array) => Uint8Array): Promise<void> {
    this.files.set(path, update(await this.contents(path, 'write')));
  }

  private async contents(path: string, operation: string): Promise<Uint8Array> {
    const size = (await this.stat(path)).size;
    const written = this.files.get(path);
    if (written !== undefined) return written;
    return attempt(operation, path, () => readReal(path, 0, size));
  }

  private async requireDirectory(path: string, operation: string): Promise<void> {
    const existing = await this.stat(path).catch(() => null);
    if (existing === null) throw new FileSystemError('ENOENT', operation, path);
    if (!existing.directory) throw new FileSystemError('ENOTDIR', operation, path);
  }
}

class OverlayFileHandle implements FileHandle {
  constructor(private readonly overlay: OverlayFileSystem, readonly path: string) {}

  read(offset: number, length: number): Promise<Uint8Array> {
    return this.overlay.read(this.path, offset, length);
  }

  write(offset: number, data: Uint8Array): Promise<void> {
    return this.overlay.replace(this.path, (contents) => {
      const grown = new Uint8Array(Math.max(contents.length, offset + data.length));
      grown.set(contents);
      grown.set(data, offset);
      return grown;
    });
  }

  async size(): Promise<number> {
    return (await this.overlay.stat(this.path)).size;
  }

  truncate(length: number): Promise<void> {
    return this.overlay.replace(this.path, (contents) => {
      const cut = new Uint8Array(length);
      cut.set(contents.subarray(0, Math.min(length, contents.length)));
      return cut;
    });
  }

  async sync(): Promise<void> {
    // Nothing reaches the disk: there is nothing to make durable.
  }

  async close(): Promise<void> {
    // No descriptor is held open between calls.
  }
}
