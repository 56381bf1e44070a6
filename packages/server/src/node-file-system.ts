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
    return attempt('write', this.path, async () => {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.handle.write(data, written, data.length - written, offset + written);
        written += bytesWritten;
      }
    });
  }

  size(): Promise<number> {
    return attempt('stat', this.path, async () => (await this.handle.stat()).size);
  }

  truncate(length: number): Promise<void> {
    return attempt('truncate', this.path, () => this.handle.truncate(length));
  }

  sync(): Promise<void> {
    return attempt('fsync', this.path, () => this.handle.sync());
  }

  close(): Promise<void> {
    return attempt('close', this.path, () => this.handle.close());
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
