/**
 * The config file on disk, for CONFIG REWRITE (core's ConfigFileServices): read whole (missing
 * reads as null, as Redis starts from an empty file then), the new text composed, written to a
 * temp file beside it (`<file>.XXXXXX`, created exclusively), fsynced, given mode 0644 less the
 * umask, renamed over the file and the directory fsynced — as Redis's
 * rewriteConfigOverwriteFile, so a crash leaves the old file or the new one. The temp file is
 * removed on failure. Rewrites run one at a time. Failures reject with strerror's words.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigFileServices } from '@ballast/core';

/** strerror's text for the errors a rewrite meets; libuv's, capitalized, for the rest. */
const STRERROR: Record<string, string> = {
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EIO: 'Input/output error',
  ENAMETOOLONG: 'File name too long',
  EBUSY: 'Device or resource busy',
  EXDEV: 'Invalid cross-device link',
};

function strerror(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && STRERROR[code] !== undefined) return new Error(STRERROR[code]);
  const message = (error as Error).message ?? String(error);
  const libuv = /^[A-Z0-9]+: ([^,]+)/.exec(message)?.[1] ?? message;
  return new Error(libuv.charAt(0).toUpperCase() + libuv.slice(1));
}

export class ConfigFileWriter implements ConfigFileServices {
  private queue: Promise<unknown> = Promise.resolve();

  /** `file`: the config file's absolute path. */
  constructor(private readonly file: string) {}

  rewrite(compose: (oldText: string | null) => string): Promise<void> {
    const next = this.queue.then(async () => {
      const oldText = await this.read();
      await this.replace(compose(oldText));
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<string | null> {
    try {
      return await readFile(this.file, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw strerror(error);
    }
  }

  private async replace(text: string): Promise<void> {
    const temp = `${this.file}.${randomBytes(3).toString('hex')}`;
    let handle;
    try {
      handle = await open(temp, 'wx', 0o600);
    } catch (error) {
      throw strerror(error);
    }
    try {
      await handle.writeFile(Buffer.from(text, 'latin1'));
      await handle.sync();
      await handle.chmod(0o644 & ~process.umask());
      await handle.close();
      handle = null;
      await rename(temp, this.file);
      await syncDirectory(path.dirname(this.file));
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw strerror(error);
    }
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
