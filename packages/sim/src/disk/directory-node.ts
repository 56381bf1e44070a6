/**
 * DirectoryNode: one simulated directory, with its entries as reads see them, its durable
 * entries (what survives power loss) and the entry changes (create, rename, unlink) not yet made
 * durable by an fsync of the directory. A rename between two directories is one change listed
 * in both: syncing either makes it durable, as one journal transaction does on ext4.
 */
import type { FileNode } from './file-node.js';

export type DiskNode = FileNode | DirectoryNode;

export interface EntryLocation {
  readonly directory: DirectoryNode;
  readonly name: string;
}

/** A name removed (`unlinked`), added (`linked`), or both (a rename) for `node`. */
export interface EntryChange {
  readonly sequence: number;
  readonly node: DiskNode;
  readonly unlinked?: EntryLocation;
  readonly linked?: EntryLocation;
}

export class DirectoryNode {
  readonly kind = 'directory';
  /** Entries as reads see them. */
  entries = new Map<string, DiskNode>();
  readonly durableEntries = new Map<string, DiskNode>();
  pending: EntryChange[] = [];
}

/** Applies `change` to the entries reads see and queues it for the directories it touches. */
export function recordEntryChange(change: EntryChange): void {
  if (change.unlinked !== undefined) {
    if (change.unlinked.directory.entries.get(change.unlinked.name) !== change.node) {
      throw new Error(`recordEntryChange: '${change.unlinked.name}' is not the node being moved`);
    }
    change.unlinked.directory.entries.delete(change.unlinked.name);
    change.unlinked.directory.pending.push(change);
  }
  if (change.linked !== undefined) {
    change.linked.directory.entries.set(change.linked.name, change.node);
    if (change.linked.directory !== change.unlinked?.directory) change.linked.directory.pending.push(change);
  }
}

/**
 * Makes `change` durable. With `requireDurableSource`, a change whose source name is not
 * durably the node (the create or rename that put it there was lost) is dropped instead: power
 * loss never leaves a state no ordered journal could produce, such as one file under two names.
 * Returns whether the change was applied.
 */
export function applyEntryChangeDurably(change: EntryChange, requireDurableSource: boolean): boolean {
  const source = change.unlinked;
  const sourceIsDurable = source !== undefined && source.directory.durableEntries.get(source.name) === change.node;
  if (requireDurableSource && source !== undefined && !sourceIsDurable) return false;
  if (sourceIsDurable) source.directory.durableEntries.delete(source.name);
  if (change.linked !== undefined) change.linked.directory.durableEntries.set(change.linked.name, change.node);
  return true;
}

/** fsync of `directory`: its pending entry changes become durable, in order. */
export function syncDirectoryEntries(directory: DirectoryNode): void {
  const changes = directory.pending;
  directory.pending = [];
  for (const change of changes) {
    applyEntryChangeDurably(change, false);
    for (const other of [change.unlinked?.directory, change.linked?.directory]) {
      if (other !== undefined && other !== directory) other.pending = other.pending.filter((queued) => queued !== change);
    }
  }
}
