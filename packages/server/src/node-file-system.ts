/**
 * NodeFileSystem: core's FileSystem on node:fs/promises. `sync` is fsync(2) of the file and
 * `syncDirectory` fsync(2) of the directory, which is what makes creates and renames durable
 * on Linux. Errors become FileSystemErrors carrying the errno code core reacts to.
 */
import { constants, promises as fs } from 'node:fs';
import { FileSystemError, type FileHandle, type FileSystem, type FileSystemErrorCode, type OpenOptions } from '@ballast/core';

const KNOWN_CODES = new Set<FileSystemErrorCode>(['ENOENT', 'EEXIST', 'EIO', 'ENOSPC', 'EBADF', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY']);

function translate(error: unknown, operation: string, path: string): FileSystemError {
  const code = (error as NodeJS.ErrnoException).code as FileSystemErrorCode | undefined;
  const known = code !== undefined && KNOWN_CODES.has(code) ? code : 'EIO';
  const translated = new FileSystemError(known, operation, path);
  if (known === 'EIO' && code !== 'EIO') translated.message += ` (${(error as Error).message})`;
  return translated;
}

async function attempt<T>(operation: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translate(error, operation, path);
  }
}

class NodeFileHandle implements FileHandle {
  /** A second descriptor opened with O_DSYNC, for writeDurable (opened on first use). */
  private durable: Promise<fs.FileHandle> | null = null;

  constructor(readonly path: string, private readonly handle: fs.FileHandle) {}

  read(offset: number, length: number): Promise<Uint8Array> {
    return attempt('read', this.path, async () => {
      const buffer = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await this.handle.read(buffer, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === length ? buffer : buffer.subarray(0, filled);
    });
  }

  write(offset: number, data: Uint8Array): Promise<void> {
    return attempt('write', this.path, () => writeAll(this.handle, offset, data));
  }

  writeDurable(offset: number, data: Uint8Array): Promise<void> {
    return attempt('write', this.path, async () => {
      this.durable ??= fs.open(this.path, constants.O_WRONLY | constants.O_DSYNC);
      await writeAll(await this.durable, offset, data);
    });
  }

  size(): Promise<number> {
    return attempt('stat', this.path, async () => (await this.handle.stat()).size);
  }

  truncate(length: number): Promise<void> {
    return attempt('truncate', this.path, () => this.handle.truncate(length));
  }

  /** fdatasync: the data and the size, which is all an appended log needs to be read back. */
  sync(): Promise<void> {
    return attempt('fsync', this.path, () => this.handle.datasync());
  }

  close(): Promise<void> {
    return attempt('close', this.path, async () => {
      if (this.durable !== null) await (await this.durable).close();
      await this.handle.close();
    });
  }
}

async function writeAll(handle: fs.FileHandle, offset: number, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written, offset + written);
    written += bytesWritten;
  }
}

export class NodeFileSystem implements FileSystem {
  open(path: string, options: OpenOptions = {}): Promise<FileHandle> {
    return attempt('open', path, async () => {
      let flags = constants.O_RDWR;
      if (options.create) flags |= constants.O_CREAT;
      if (options.create && options.exclusive) flags |= constants.O_EXCL;
      return new NodeFileHandle(path, await fs.open(path, flags, 0o644));
    });
  }

  readDirectory(path: string): Promise<string[]> {
    return attempt('readdir', path, async () => (await fs.readdir(path)).sort());
  }

  makeDirectory(path: string): Promise<void> {
    return attempt('mkdir', path, async () => void (await fs.mkdir(path, { recursive: true })));
  }

  rename(from: string, to: string): Promise<void> {
    return attempt('rename', from, () => fs.rename(from, to));
  }

  unlink(path: string): Promise<void> {
    return attempt('unlink', path, () => fs.unlink(path));
  }

  removeDirectory(path: string): Promise<void> {
    return attempt('rmdir', path, () => fs.rmdir(path));
  }

  stat(path: string): Promise<{ size: number; directory: boolean }> {
    return attempt('stat', path, async () => {
      const stats = await fs.stat(path);
      return { size: stats.size, directory: stats.isDirectory() };
    });
  }

  syncDirectory(path: string): Promise<void> {
    return attempt('fsync', path, async () => {
      const handle = await fs.open(path, constants.O_RDONLY);
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }
}
