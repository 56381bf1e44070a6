/**
 * The file system as core sees it. The server binds it to node:fs (NodeFileSystem), the
 * simulator to a seeded fake disk with a page cache and a crash model (SimFileSystem); the AOF,
 * the manifest and recovery never name either. Paths are `/`-separated strings.
 *
 * Durability contract (what recovery relies on, and what the simulator enforces):
 * - `write`/`append` data is durable only after `sync(file)` resolves.
 * - `create`, `rename` and `unlink` are durable only after `syncDirectory(parent)` resolves.
 * - A failed `sync` may have lost the pages it was asked to write (Linux drops them on EIO):
 *   the caller must never treat a later successful sync as covering them.
 * Every call is async and fails with a FileSystemError carrying a code.
 */

/** The error codes core reacts to; anything else is reported as EIO. */
export type FileSystemErrorCode = 'ENOENT' | 'EEXIST' | 'EIO' | 'ENOSPC' | 'EBADF' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY';

export class FileSystemError extends Error {
  constructor(
    readonly code: FileSystemErrorCode,
    readonly operation: string,
    readonly path: string,
  ) {
    super(`${code}: ${operation} '${path}'`);
    this.name = 'FileSystemError';
  }
}

/** An open file. Offsets and lengths are in bytes. */
export interface FileHandle {
  readonly path: string;
  /** Reads up to `length` bytes at `offset`; fewer at the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Writes all of `data` at `offset`. */
  write(offset: number, data: Uint8Array): Promise<void>;
  /** Current size in bytes. */
  size(): Promise<number>;
  /** Cuts the file to `length` bytes. Durable after sync. */
  truncate(length: number): Promise<void>;
  /** Makes every completed write and truncate of this file durable (fsync). */
  sync(): Promise<void>;
  /**
   * Optional: writes `data` at `offset` and resolves only once that data is durable (on Linux
   * one O_DSYNC write instead of a write and an fsync: one trip to the I/O thread instead of
   * two). Says nothing about earlier writes; callers use it only when those are durable already.
   */
  writeDurable?(offset: number, data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Create the file when it does not exist (the creation is durable after syncDirectory). */
  readonly create?: boolean;
  /** With create: fail with EEXIST when the file exists. */
  readonly exclusive?: boolean;
}

export interface FileSystem {
  open(path: string, options?: OpenOptions): Promise<FileHandle>;
  /** Entry names (not paths) in a directory, sorted. */
  readDirectory(path: string): Promise<string[]>;
  /** Creates a directory and its missing parents; no error when it exists. */
  makeDirectory(path: string): Promise<void>;
  /** Atomically replaces `to` with `from` (same directory or same file system). */
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Removes an empty directory. */
  removeDirectory(path: string): Promise<void>;
  /** Size in bytes and whether it is a directory; ENOENT when missing. */
  stat(path: string): Promise<{ readonly size: number; readonly directory: boolean }>;
  /** Makes creates, renames and unlinks inside `path` durable (fsync of the directory). */
  syncDirectory(path: string): Promise<void>;
}

/** True when `error` is a FileSystemError with `code`. */
export function isFileSystemError(error: unknown, code?: FileSystemErrorCode): error is FileSystemError {
  return error instanceof FileSystemError && (code === undefined || error.code === code);
}

/** Joins path segments with `/`. */
export function joinPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/').replace(/\/+/g, '/');
}

/** The directory part of a path (`a/b/c` → `a/b`; `c` → `.`). */
export function parentPath(path: string): string {
  const index = path.lastIndexOf('/');
  if (index < 0) return '.';
  return index === 0 ? '/' : path.slice(0, index);
}

/** Reads a whole file. */
export async function readWholeFile(fs: FileSystem, path: string): Promise<Uint8Array> {
  const handle = await fs.open(path);
  try {
    return await handle.read(0, await handle.size());
  } finally {
    await handle.close();
  }
}
