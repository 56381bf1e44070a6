/**
 * MemoryFileSystem: a small in-memory FileSystem for unit tests of the AOF, the manifest and
 * recovery. Files are byte arrays keyed by canonical path, directories a set of paths; every
 * call is a promise that fails with the FileSystemError a Linux file system would give. It
 * passes the FileSystem contract (memory-file-system.test.ts). There is no crash model — every
 * completed write counts as durable; the simulator's SimFileSystem has the page cache and power
 * loss. What it adds for tests: one-shot write/sync faults on a path (EIO, ENOSPC), synchronous
 * access to file bytes, and clone() to recover many times from one disk image.
 */
import {
  FileSystemError,
  parentPath,
  type FileHandle,
  type FileSystem,
  type FileSystemErrorCode,
  type OpenOptions,
} from '../../src/io/file-system.js';

/** The codes a test may inject into a write or a sync. */
export type InjectedFaultCode = Extract<FileSystemErrorCode, 'EIO' | 'ENOSPC'>;

interface MemoryFile {
  bytes: Uint8Array;
}

interface PendingFaults {
  write?: InjectedFaultCode;
  sync?: InjectedFaultCode;
}

/** `a//b/./c/` → `a/b/c`; the root is ``. `..` goes up, never above the root. */
function canonical(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

/** The key of the directory holding `key`: core's parentPath, with its `.` for a top-level name read as the root ``. */
function parentKey(key: string): string {
  return canonical(parentPath(key));
}

function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function resized(bytes: Uint8Array, length: number): Uint8Array {
  const next = new Uint8Array(length);
  next.set(bytes.subarray(0, Math.min(length, bytes.length)));
  return next;
}

function checkRange(offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new Error(`bad file range: offset ${offset}, length ${length}`);
  }
}

export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, MemoryFile>();
  private readonly directories = new Set<string>(['']);
  private readonly faults = new Map<string, PendingFaults>();

  async open(path: string, options: OpenOptions = {}): Promise<MemoryFileHandle> {
    const key = this.parentChecked(path, 'open');
    if (this.directories.has(key)) throw new FileSystemError('EISDIR', 'open', path);
    let file = this.files.get(key);
    if (file !== undefined && options.create && options.exclusive) throw new FileSystemError('EEXIST', 'open', path);
    if (file === undefined) {
      if (!options.create) throw new FileSystemError('ENOENT', 'open', path);
      file = { bytes: new Uint8Array(0) };
      this.files.set(key, file);
    }
    return new MemoryFileHandle(path, key, file, this);
  }

  async readDirectory(path: string): Promise<string[]> {
    const key = this.directoryChecked(path, 'readdir');
    return [...this.files.keys(), ...this.directories]
      .filter((entry) => entry !== '' && parentKey(entry) === key)
      .map(nameOf)
      .sort();
  }

  async makeDirectory(path: string): Promise<void> {
    let key = '';
    const segments = canonical(path).split('/').filter((segment) => segment !== '');
    segments.forEach((segment, index) => {
      key = key === '' ? segment : `${key}/${segment}`;
      if (this.files.has(key)) throw new FileSystemError(index === segments.length - 1 ? 'EEXIST' : 'ENOTDIR', 'mkdir', path);
      this.directories.add(key);
    });
  }

  async rename(from: string, to: string): Promise<void> {
    const source = this.parentChecked(from, 'rename');
    const target = this.parentChecked(to, 'rename');
    const file = this.files.get(source);
    if (file !== undefined) {
      if (this.directories.has(target)) throw new FileSystemError('EISDIR', 'rename', to);
      this.files.delete(source);
      this.files.set(target, file);
      return;
    }
    if (!this.directories.has(source) || source === '') throw new FileSystemError('ENOENT', 'rename', from);
    if (source === target) return;
    if (target.startsWith(`${source}/`)) throw new FileSystemError('EIO', 'rename', to);
    if (this.files.has(target)) throw new FileSystemError('ENOTDIR', 'rename', to);
    if (this.hasEntries(target)) throw new FileSystemError('ENOTEMPTY', 'rename', to);
    const moved = (key: string) => (key === source ? target : `${target}${key.slice(source.length)}`);
    const within = (key: string) => key === source || key.startsWith(`${source}/`);
    for (const key of [...this.directories].filter(within)) {
      this.directories.delete(key);
      this.directories.add(moved(key));
    }
    for (const [key, node] of [...this.files].filter(([key]) => within(key))) {
      this.files.delete(key);
      this.files.set(moved(key), node);
    }
  }

  async unlink(path: string): Promise<void> {
    const key = this.parentChecked(path, 'unlink');
    if (this.directories.has(key)) throw new FileSystemError('EISDIR', 'unlink', path);
    if (!this.files.delete(key)) throw new FileSystemError('ENOENT', 'unlink', path);
  }

  async removeDirectory(path: string): Promise<void> {
    const key = this.parentChecked(path, 'rmdir');
    if (this.files.has(key)) throw new FileSystemError('ENOTDIR', 'rmdir', path);
    if (!this.directories.has(key) || key === '') throw new FileSystemError(key === '' ? 'EIO' : 'ENOENT', 'rmdir', path);
    if (this.hasEntries(key)) throw new FileSystemError('ENOTEMPTY', 'rmdir', path);
    this.directories.delete(key);
  }

  async stat(path: string): Promise<{ readonly size: number; readonly directory: boolean }> {
    const key = canonical(path);
    const file = this.files.get(key);
    if (file !== undefined) return { size: file.bytes.length, directory: false };
    if (this.directories.has(key)) return { size: 0, directory: true };
    this.parentChecked(path, 'stat');
    throw new FileSystemError('ENOENT', 'stat', path);
  }

  async syncDirectory(path: string): Promise<void> {
    this.directoryChecked(path, 'fsync');
  }

  // ---- test hooks -------------------------------------------------------------------------

  /** The next write (or writeDurable) through any handle of `path` fails with `code` and writes nothing. */
  failNextWrite(path: string, code: InjectedFaultCode = 'EIO'): void {
    this.faultsOf(canonical(path)).write = code;
  }

  /** The next sync (or writeDurable) of `path` fails with `code`; the data stays as written. */
  failNextSync(path: string, code: InjectedFaultCode = 'EIO'): void {
    this.faultsOf(canonical(path)).sync = code;
  }

  /** Consumes the injected fault of `kind` on `key`, throwing it. */
  takeFault(key: string, kind: keyof PendingFaults, operation: string, path: string): void {
    const pending = this.faults.get(key);
    const code = pending?.[kind];
    if (pending === undefined || code === undefined) return;
    delete pending[kind];
    throw new FileSystemError(code, operation, path);
  }

  /** A copy of the file's bytes (throws when it is missing). */
  fileBytes(path: string): Uint8Array {
    const file = this.files.get(canonical(path));
    if (file === undefined) throw new Error(`no file ${path}`);
    return file.bytes.slice();
  }

  /** Creates or replaces a file with `bytes` (its directory must exist). */
  setFileBytes(path: string, bytes: Uint8Array): void {
    const key = canonical(path);
    if (!this.directories.has(parentKey(key))) throw new Error(`no directory for ${path}`);
    const file = this.files.get(key);
    if (file === undefined) this.files.set(key, { bytes: bytes.slice() });
    else file.bytes = bytes.slice();
  }

  exists(path: string): boolean {
    const key = canonical(path);
    return this.files.has(key) || this.directories.has(key);
  }

  /** Every file path (canonical, without a leading `/`), sorted. */
  filePaths(): string[] {
    return [...this.files.keys()].sort();
  }

  /** An independent copy of the whole disk (faults are not copied). */
  clone(): MemoryFileSystem {
    const copy = new MemoryFileSystem();
    for (const directory of this.directories) copy.directories.add(directory);
    for (const [key, file] of this.files) copy.files.set(key, { bytes: file.bytes.slice() });
    return copy;
  }

  private faultsOf(key: string): PendingFaults {
    let pending = this.faults.get(key);
    if (pending === undefined) this.faults.set(key, (pending = {}));
    return pending;
  }

  private hasEntries(directory: string): boolean {
    const prefix = directory === '' ? '' : `${directory}/`;
    return [...this.files.keys(), ...this.directories].some((key) => key !== directory && key !== '' && key.startsWith(prefix));
  }

  /** The canonical key of `path` once its parent is known to be a directory. */
  private parentChecked(path: string, operation: string): string {
    const key = canonical(path);
    const parent = parentKey(key);
    if (this.files.has(parent)) throw new FileSystemError('ENOTDIR', operation, path);
    if (!this.directories.has(parent)) {
      // A file on the way up makes it ENOTDIR, as Linux reports.
      for (let up = parentKey(parent); up !== ''; up = parentKey(up)) {
        if (this.files.has(up)) throw new FileSystemError('ENOTDIR', operation, path);
      }
      throw new FileSystemError('ENOENT', operation, path);
    }
    return key;
  }

  private directoryChecked(path: string, operation: string): string {
    const key = canonical(path);
    if (this.files.has(key)) throw new FileSystemError('ENOTDIR', operation, path);
    if (!this.directories.has(key)) {
      this.parentChecked(path, operation);
      throw new FileSystemError('ENOENT', operation, path);
    }
    return key;
  }
}

/** An open file of MemoryFileSystem (writeDurable is always there). */
export class MemoryFileHandle implements FileHandle {
  private closed = false;

  constructor(
    readonly path: string,
    private readonly key: string,
    private readonly file: MemoryFile,
    private readonly fs: MemoryFileSystem,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.check('read');
    checkRange(offset, length);
    return this.file.bytes.slice(offset, offset + length);
  }

  async write(offset: number, data: Uint8Array): Promise<void> {
    this.check('write');
    checkRange(offset, data.length);
    this.fs.takeFault(this.key, 'write', 'write', this.path);
    this.writeNow(offset, data);
  }

  async writeDurable(offset: number, data: Uint8Array): Promise<void> {
    this.check('write');
    checkRange(offset, data.length);
    this.fs.takeFault(this.key, 'write', 'write', this.path);
    this.fs.takeFault(this.key, 'sync', 'write', this.path);
    this.writeNow(offset, data);
  }

  async size(): Promise<number> {
    this.check('stat');
    return this.file.bytes.length;
  }

  async truncate(length: number): Promise<void> {
    this.check('truncate');
    checkRange(length, 0);
    this.file.bytes = resized(this.file.bytes, length);
  }

  async sync(): Promise<void> {
    this.check('fsync');
    this.fs.takeFault(this.key, 'sync', 'fsync', this.path);
  }

  async close(): Promise<void> {
    this.check('close');
    this.closed = true;
  }

  private writeNow(offset: number, data: Uint8Array): void {
    const end = offset + data.length;
    if (end > this.file.bytes.length) this.file.bytes = resized(this.file.bytes, end);
    this.file.bytes.set(data, offset);
  }

  private check(operation: string): void {
    if (this.closed) throw new FileSystemError('EBADF', operation, this.path);
  }
}
