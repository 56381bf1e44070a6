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

/**
 * A file as the overlay sees it: its real bytes until the first change, then a copy in memory.
 * Handles hold the node, not the path, so a renamed or unlinked file stays usable through them.
 */
interface OverlayNode {
  contents: Uint8Array | null;
  readonly realPath: string;
}

export class OverlayFileSystem implements FileSystem {
  /** Every file the overlay has opened, created or renamed, by its current path. */
  private readonly nodes = new Map<string, OverlayNode>();
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
      this.nodes.set(path, { contents: new Uint8Array(0), realPath: path });
      this.removed.delete(path);
    }
    return new OverlayFileHandle(path, await this.nodeAt(path, 'open'));
  }

  async readDirectory(path: string): Promise<string[]> {
    await this.requireDirectory(path, 'readdir');
    const names = new Set<string>();
    if (!this.directories.has(path)) {
      for (const name of await attempt('readdir', path, () => fs.readdir(path))) names.add(name);
    }
    for (const entry of [...this.nodes.keys(), ...this.directories]) {
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
    const node = await this.nodeAt(from, 'rename');
    await this.requireDirectory(parentPath(to), 'rename');
    this.nodes.delete(from);
    this.removed.add(from);
    this.nodes.set(to, node);
    this.removed.delete(to);
  }

  async unlink(path: string): Promise<void> {
    await this.nodeAt(path, 'unlink');
    this.nodes.delete(path);
    this.removed.add(path);
  }

  async removeDirectory(path: string): Promise<void> {
    if ((await this.readDirectory(path)).length > 0) throw new FileSystemError('ENOTEMPTY', 'rmdir', path);
    this.directories.delete(path);
    this.removed.add(path);
  }

  async stat(path: string): Promise<{ size: number; directory: boolean }> {
    const node = this.nodes.get(path);
    if (node !== undefined) return { size: await nodeSize(node), directory: false };
    if (this.directories.has(path)) return { size: 0, directory: true };
    const real = this.removed.has(path) ? null : await attempt('stat', path, () => realStat(path));
    if (real === null) throw new FileSystemError('ENOENT', 'stat', path);
    return real;
  }

  async syncDirectory(path: string): Promise<void> {
    await this.requireDirectory(path, 'fsync');
  }

  /** The node of the file at `path`, made on first use for a real file. */
  private async nodeAt(path: string, operation: string): Promise<OverlayNode> {
    const known = this.nodes.get(path);
    if (known !== undefined) return known;
    const existing = await this.stat(path).catch(() => null);
    if (existing === null) throw new FileSystemError('ENOENT', operation, path);
    if (existing.directory) throw new FileSystemError('EISDIR', operation, path);
    const node = { contents: null, realPath: path };
    this.nodes.set(path, node);
    return node;
  }

  private async requireDirectory(path: string, operation: string): Promise<void> {
    const existing = await this.stat(path).catch(() => null);
    if (existing === null) throw new FileSystemError('ENOENT', operation, path);
    if (!existing.directory) throw new FileSystemError('ENOTDIR', operation, path);
  }
}

async function nodeSize(node: OverlayNode): Promise<number> {
  if (node.contents !== null) return node.contents.length;
  return attempt('stat', node.realPath, async () => (await fs.stat(node.realPath)).size);
}

async function nodeContents(node: OverlayNode): Promise<Uint8Array> {
  if (node.contents !== null) return node.contents;
  return attempt('read', node.realPath, async () => readReal(node.realPath, 0, await nodeSize(node)));
}

class OverlayFileHandle implements FileHandle {
  constructor(readonly path: string, private readonly node: OverlayNode) {}

  read(offset: number, length: number): Promise<Uint8Array> {
    const { contents, realPath } = this.node;
    if (contents !== null) return Promise.resolve(contents.slice(offset, Math.min(contents.length, offset + length)));
    return attempt('read', this.path, () => readReal(realPath, offset, length));
  }

  async write(offset: number, data: Uint8Array): Promise<void> {
    const contents = await nodeContents(this.node);
    const grown = new Uint8Array(Math.max(contents.length, offset + data.length));
    grown.set(contents);
    grown.set(data, offset);
    this.node.contents = grown;
  }

  size(): Promise<number> {
    return nodeSize(this.node);
  }

  async truncate(length: number): Promise<void> {
    const contents = await nodeContents(this.node);
    const cut = new Uint8Array(length);
    cut.set(contents.subarray(0, Math.min(length, contents.length)));
    this.node.contents = cut;
  }

  async sync(): Promise<void> {
    // Nothing reaches the disk: there is nothing to make durable.
  }

  async close(): Promise<void> {
    // No descriptor is held open between calls.
  }
}
