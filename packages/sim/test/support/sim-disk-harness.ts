/**
 * A SimFileSystem on its own Scheduler for tests, with `run` driving a call to completion and
 * small helpers for writing and reading whole files. The data directory `/data` is created and
 * made durable up front, so tests start from a disk that survives power loss.
 */
import { readWholeFile } from '@ballast/core';
import { Scheduler, SimFileSystem, type SimFileSystemOptions } from '../../src/index.js';

export const DATA = '/data';

export interface SimDiskHarness {
  readonly scheduler: Scheduler;
  readonly fs: SimFileSystem;
  run<T>(promise: Promise<T>): Promise<T>;
  /** Creates or overwrites `path` with `data`; `sync` fsyncs the file, `syncDirectory` its directory too. */
  put(path: string, data: Uint8Array | string, options?: { sync?: boolean; syncDirectory?: boolean }): Promise<void>;
  /** The whole file as reads see it now. */
  get(path: string): Promise<Uint8Array>;
}

export async function simDiskHarness(options: Partial<SimFileSystemOptions> = {}): Promise<SimDiskHarness> {
  const scheduler = new Scheduler();
  const fs = new SimFileSystem({ clock: scheduler, seed: 1, ...options });
  const run = <T>(promise: Promise<T>): Promise<T> => scheduler.settle(promise);
  const harness: SimDiskHarness = {
    scheduler,
    fs,
    run,
    async put(path, data, { sync = false, syncDirectory = false } = {}) {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      const handle = await run(fs.open(path, { create: true }));
      await run(handle.truncate(0));
      await run(handle.write(0, bytes));
      if (sync || syncDirectory) await run(handle.sync());
      await run(handle.close());
      if (syncDirectory) await run(fs.syncDirectory(path.slice(0, path.lastIndexOf('/')) || '/'));
    },
    get: (path) => run(readWholeFile(fs, path)),
  };
  await run(fs.makeDirectory(DATA));
  await run(fs.syncDirectory('/'));
  return harness;
}

export function text(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}
