/**
 * TimedFileSystem: a FileSystem that forwards every call to another and reports how long each
 * durable operation took — `sync` (fsync) and `writeDurable` (an O_DSYNC write) — with the
 * file's path. It changes nothing else: errors, results and the absence of the optional
 * writeDurable pass through unchanged.
 */
import type { FileHandle, FileSystem, OpenOptions } from '@ballast/core';
import type { SyncOperation } from './observations.js';

export type SyncObserver = (path: string, operation: SyncOperation, seconds: number) => void;

function secondsSince(startedNs: bigint): number {
  return Number(process.hrtime.bigint() - startedNs) / 1e9;
}

async function timed<T>(observe: SyncObserver, path: string, operation: SyncOperation, run: () => Promise<T>): Promise<T> {
  const startedNs = process.hrtime.bigint();
  const result = await run();
  observe(path, operation, secondsSince(startedNs));
  return result;
}

class TimedFileHandle implements FileHandle {
  readonly writeDurable?: (offset: number, data: Uint8Array) => Promise<void>;

  constructor(private readonly inner: FileHandle, private readonly observe: SyncObserver) {
    const writeDurable = inner.writeDurable?.bind(inner);
    if (writeDurable !== undefined) {
      this.writeDurable = (offset, data) => timed(observe, inner.path, 'durable_write', () => writeDurable(offset, data));
    }
  }

  get path(): string {
    return this.inner.path;
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    return this.inner.read(offset, length);
  }

  write(offset: number, data: Uint8Array): Promise<void> {
    return this.inner.write(offset, data);
  }

  size(): Promise<number> {
    return this.inner.size();
  }

  truncate(length: number): Promise<void> {
    return this.inner.truncate(length);
  }

  sync(): Promise<void> {
    return timed(this.observe, this.inner.path, 'fsync', () => this.inner.sync());
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export class TimedFileSystem implements FileSystem {
  constructor(private readonly inner: FileSystem, private readonly observe: SyncObserver) {}

  async open(path: string, options?: OpenOptions): Promise<FileHandle> {
    return new TimedFileHandle(await this.inner.open(path, options), this.observe);
  }

  readDirectory(path: string): Promise<string[]> {
    return this.inner.readDirectory(path);
  }

  makeDirectory(path: string): Promise<void> {
    return this.inner.makeDirectory(path);
  }

  rename(from: string, to: string): Promise<void> {
    return this.inner.rename(from, to);
  }

  unlink(path: string): Promise<void> {
    return this.inner.unlink(path);
  }

  removeDirectory(path: string): Promise<void> {
    return this.inner.removeDirectory(path);
  }

  stat(path: string): Promise<{ readonly size: number; readonly directory: boolean }> {
    return this.inner.stat(path);
  }

  syncDirectory(path: string): Promise<void> {
    return this.inner.syncDirectory(path);
  }
}
