/**
 * SimDisk: the synchronous model behind SimFileSystem — a tree of directory and file nodes,
 * each with a page-cache view and a durable view. Operations act on the page-cache view at
 * once and queue their durable effect (entry changes on the parent directory, file changes on
 * the file) until an fsync. Failures throw FileSystemError with the code Linux would give.
 * Latency, fault injection and open handles are SimFileSystem's business, not this module's.
 */
import { FileSystemError, type OpenOptions, type Random } from '@ballast/core';
import { DirectoryNode, recordEntryChange, syncDirectoryEntries, type DiskNode } from './directory-node.js';
import { FileNode } from './file-node.js';
import { formatPath, pathSegments } from './paths.js';
import { losePower } from './power-loss.js';

export class SimDisk {
  private readonly root = new DirectoryNode();
  private sequence = 0;

  /** The number of the newest change (0: none yet). */
  get lastSequence(): number {
    return this.sequence;
  }

  /** A new number for a change; all changes on the disk are ordered by it. */
  nextSequence(): number {
    return ++this.sequence;
  }

  openFile(path: string, options: OpenOptions = {}): FileNode {
    const { directory, name } = this.parentOf(path, 'open');
    const existing = directory.entries.get(name);
    if (existing?.kind === 'directory') throw new FileSystemError('EISDIR', 'open', path);
    if (existing !== undefined && options.create && options.exclusive) throw new FileSystemError('EEXIST', 'open', path);
    if (existing !== undefined) return existing;
    if (!options.create) throw new FileSystemError('ENOENT', 'open', path);
    const file = new FileNode();
    recordEntryChange({ sequence: this.nextSequence(), node: file, linked: { directory, name } });
    return file;
  }

  readDirectory(path: string): string[] {
    return [...this.directoryAt(path, 'readdir').entries.keys()].sort();
  }

  /** Creates `path` and its missing parents (each creation pending on its parent). */
  makeDirectory(path: string): void {
    const segments = pathSegments(path);
    let directory = this.root;
    segments.forEach((name, index) => {
      const existing = directory.entries.get(name);
      if (existing?.kind === 'file') throw new FileSystemError(index === segments.length - 1 ? 'EEXIST' : 'ENOTDIR', 'mkdir', path);
      if (existing !== undefined) {
        directory = existing;
        return;
      }
      const created = new DirectoryNode();
      recordEntryChange({ sequence: this.nextSequence(), node: created, linked: { directory, name } });
      directory = created;
    });
  }

  rename(from: string, to: string): void {
    const source = this.parentOf(from, 'rename');
    const node = source.directory.entries.get(source.name);
    if (node === undefined) throw new FileSystemError('ENOENT', 'rename', from);
    const target = this.parentOf(to, 'rename');
    const replaced = target.directory.entries.get(target.name);
    if (replaced === node) return;
    if (node.kind === 'directory' && this.isWithin(target.directory, node)) throw new FileSystemError('EIO', 'rename', to);
    if (replaced?.kind === 'directory' && node.kind === 'file') throw new FileSystemError('EISDIR', 'rename', to);
    if (replaced?.kind === 'file' && node.kind === 'directory') throw new FileSystemError('ENOTDIR', 'rename', to);
    if (replaced?.kind === 'directory' && replaced.entries.size > 0) throw new FileSystemError('ENOTEMPTY', 'rename', to);
    recordEntryChange({ sequence: this.nextSequence(), node, unlinked: source, linked: target });
  }

  unlink(path: string): void {
    const { directory, name } = this.parentOf(path, 'unlink');
    const node = directory.entries.get(name);
    if (node === undefined) throw new FileSystemError('ENOENT', 'unlink', path);
    if (node.kind === 'directory') throw new FileSystemError('EISDIR', 'unlink', path);
    recordEntryChange({ sequence: this.nextSequence(), node, unlinked: { directory, name } });
  }

  removeDirectory(path: string): void {
    const { directory, name } = this.parentOf(path, 'rmdir');
    const node = directory.entries.get(name);
    if (node === undefined) throw new FileSystemError('ENOENT', 'rmdir', path);
    if (node.kind === 'file') throw new FileSystemError('ENOTDIR', 'rmdir', path);
    if (node.entries.size > 0) throw new FileSystemError('ENOTEMPTY', 'rmdir', path);
    recordEntryChange({ sequence: this.nextSequence(), node, unlinked: { directory, name } });
  }

  stat(path: string): { size: number; directory: boolean } {
    const node = this.nodeAt(path, 'stat');
    return node.kind === 'file' ? { size: node.size, directory: false } : { size: 0, directory: true };
  }

  syncDirectory(path: string): void {
    syncDirectoryEntries(this.directoryAt(path, 'fsync'));
  }

  /** The file at `path` in the page-cache view. */
  fileAt(path: string, operation: string): FileNode {
    const node = this.nodeAt(path, operation);
    if (node.kind === 'directory') throw new FileSystemError('EISDIR', operation, path);
    return node;
  }

  /** Every file in the page-cache or durable view, by canonical path, sorted. */
  files(view: 'current' | 'durable'): Array<[string, FileNode]> {
    const found: Array<[string, FileNode]> = [];
    this.visitFiles(view, this.root, [], (segments, file) => found.push([formatPath(segments), file]));
    return found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Bytes held by the files in the page-cache view. */
  usedBytes(): number {
    let total = 0;
    this.visitFiles('current', this.root, [], (_, file) => (total += file.size));
    return total;
  }

  losePower(random: Random): void {
    losePower(this.root, random);
  }

  private nodeAt(path: string, operation: string, segments = pathSegments(path)): DiskNode {
    let node: DiskNode = this.root;
    for (const name of segments) {
      if (node.kind === 'file') throw new FileSystemError('ENOTDIR', operation, path);
      const child: DiskNode | undefined = node.entries.get(name);
      if (child === undefined) throw new FileSystemError('ENOENT', operation, path);
      node = child;
    }
    return node;
  }

  private directoryAt(path: string, operation: string, segments = pathSegments(path)): DirectoryNode {
    const node = this.nodeAt(path, operation, segments);
    if (node.kind === 'file') throw new FileSystemError('ENOTDIR', operation, path);
    return node;
  }

  /** The directory holding `path` and the entry's name. The root has no parent (EIO, as EBUSY). */
  private parentOf(path: string, operation: string): { directory: DirectoryNode; name: string } {
    const segments = pathSegments(path);
    const name = segments.pop();
    if (name === undefined) throw new FileSystemError(operation === 'open' ? 'EISDIR' : 'EIO', operation, path);
    return { directory: this.directoryAt(path, operation, segments), name };
  }

  private visitFiles(
    view: 'current' | 'durable',
    directory: DirectoryNode,
    segments: string[],
    visit: (segments: string[], file: FileNode) => void,
  ): void {
    for (const [name, node] of view === 'current' ? directory.entries : directory.durableEntries) {
      if (node.kind === 'file') visit([...segments, name], node);
      else this.visitFiles(view, node, [...segments, name], visit);
    }
  }

  private isWithin(directory: DirectoryNode, ancestor: DirectoryNode): boolean {
    if (directory === ancestor) return true;
    for (const child of ancestor.entries.values()) {
      if (child.kind === 'directory' && this.isWithin(directory, child)) return true;
    }
    return false;
  }
}
