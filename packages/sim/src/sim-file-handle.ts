/**
 * SimFileHandle: an open file of SimFileSystem. Every call completes after a simulated latency
 * and acts on the file when it completes, so concurrent calls may complete out of order, as
 * pwrite calls on a thread pool do. `sync` covers the changes completed before it was called.
 * A handle dies with its process: after close or a crash every call fails with EBADF.
 */
import { FileSystemError, type FileHandle } from '@ballast/core';
import type { FaultInjector } from './disk-faults.js';
import type { FileNode } from './disk/file-node.js';
import type { SimDisk } from './disk/sim-disk.js';

/** What a handle needs from the file system that opened it. */
export interface HandleContext {
  readonly disk: SimDisk;
  readonly faults: FaultInjector;
  /** Bumped by every crash: handles opened before it are dead. */
  generation(): number;
  /** Runs `run` once a simulated latency has passed, settling the promise with its outcome. */
  complete<T>(run: () => T): Promise<T>;
}

export class SimFileHandle implements FileHandle {
  private closed = false;
  private readonly generation: number;

  constructor(
    readonly path: string,
    private readonly file: FileNode,
    private readonly context: HandleContext,
  ) {
    this.generation = context.generation();
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length);
    return this.operate('read', () => {
      this.context.faults.beforeRead(this.file, offset, length);
      return this.context.faults.overlay(this.file, offset, this.file.read(offset, length));
    });
  }

  write(offset: number, data: Uint8Array): Promise<void> {
    checkRange(offset, data.length);
    const copy = data.slice();
    return this.operate('write', () => this.writeNow(offset, copy, false));
  }

  /** An O_DSYNC write: this data is durable when the promise resolves (nothing else is). */
  writeDurable(offset: number, data: Uint8Array): Promise<void> {
    checkRange(offset, data.length);
    const copy = data.slice();
    return this.operate('write', () => this.writeNow(offset, copy, true));
  }

  size(): Promise<number> {
    return this.operate('stat', () => this.file.size);
  }

  truncate(length: number): Promise<void> {
    checkRange(length, 0);
    return this.operate('truncate', () => {
      this.checkSpace(length - this.file.size, 'truncate');
      this.file.truncate(this.context.disk.nextSequence(), length);
    });
  }

  sync(): Promise<void> {
    const through = this.context.disk.lastSequence;
    return this.operate('fsync', () => {
      if (this.context.faults.syncFails()) {
        this.file.dropPending();
        throw new FileSystemError('EIO', 'fsync', this.path);
      }
      this.file.syncThrough(through);
    });
  }

  close(): Promise<void> {
    const result = this.operate('close', () => undefined);
    this.closed = true;
    return result;
  }

  private writeNow(offset: number, data: Uint8Array, durable: boolean): void {
    if (this.context.faults.writeFails()) throw new FileSystemError('EIO', 'write', this.path);
    this.checkSpace(offset + data.length - this.file.size, 'write');
    this.file.write(this.context.disk.nextSequence(), offset, data, durable);
  }

  private checkSpace(growthBytes: number, operation: string): void {
    if (this.context.faults.exceedsCapacity(growthBytes, () => this.context.disk.usedBytes())) {
      throw new FileSystemError('ENOSPC', operation, this.path);
    }
  }

  private operate<T>(operation: string, run: () => T): Promise<T> {
    if (this.closed || this.generation !== this.context.generation()) {
      return Promise.reject(new FileSystemError('EBADF', operation, this.path));
    }
    return this.context.complete(run);
  }
}

function checkRange(offset: number, length: number): void {
  if (!(Number.isSafeInteger(offset) && offset >= 0 && Number.isSafeInteger(length) && length >= 0)) {
    throw new Error(`SimFileHandle: bad offset ${offset} or length ${length}`);
  }
}
