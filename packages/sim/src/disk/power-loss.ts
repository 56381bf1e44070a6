/**
 * Power loss over a whole simulated tree. Pending entry changes are kept or lost one by one (a
 * change whose source name did not survive is lost with it); then every file still reachable
 * settles its pending changes: writes by drawWriteFate, truncates kept or lost, O_DSYNC writes
 * always kept. Afterwards the page cache equals the durable state everywhere. Every decision is
 * drawn from the given stream in a fixed order, so the same stream gives the same disk.
 */
import type { Random } from '@ballast/core';
import { chance } from '../seed-streams.js';
import type { ByteImage } from './byte-image.js';
import { applyEntryChangeDurably, type DirectoryNode, type DiskNode, type EntryChange } from './directory-node.js';
import type { FaultOverlay } from './fault-overlay.js';
import type { FileChange } from './file-node.js';
import { applyWriteFate, drawWriteFate } from './torn-write.js';

export const ENTRY_CHANGE_KEPT_PROBABILITY = 0.5;
export const TRUNCATE_KEPT_PROBABILITY = 0.5;

export function losePower(root: DirectoryNode, random: Random): void {
  const directories = directoriesWithChanges(root);
  const changes = new Set<EntryChange>();
  for (const directory of directories) for (const change of directory.pending) changes.add(change);
  for (const change of [...changes].sort((a, b) => a.sequence - b.sequence)) {
    if (chance(random, ENTRY_CHANGE_KEPT_PROBABILITY)) applyEntryChangeDurably(change, true);
  }
  for (const directory of directories) directory.pending = [];
  for (const node of durableNodes(root)) {
    if (node.kind === 'directory') node.entries = new Map(node.durableEntries);
    else node.losePower((durable, change) => settleFileChange(durable, change, node.overlay, random));
  }
}

function settleFileChange(durable: ByteImage, change: FileChange, overlay: FaultOverlay, random: Random): void {
  if (change.kind === 'truncate') {
    if (chance(random, TRUNCATE_KEPT_PROBABILITY)) durable.truncate(change.length);
    return;
  }
  const fate = change.durable ? { kind: 'whole' as const } : drawWriteFate(random, change.offset, change.data.length);
  applyWriteFate(fate, change, durable, overlay, random);
}

/** Every directory reachable through current entries, durable entries or pending changes. */
function directoriesWithChanges(root: DirectoryNode): DirectoryNode[] {
  return walk(root, (directory) => [
    ...directory.entries.values(),
    ...directory.durableEntries.values(),
    ...directory.pending.flatMap((change) => [change.node, change.unlinked?.directory, change.linked?.directory]),
  ]).filter((node): node is DirectoryNode => node.kind === 'directory');
}

/** Every node reachable through durable entries, root first. */
function durableNodes(root: DirectoryNode): DiskNode[] {
  return walk(root, (directory) => [...directory.durableEntries.values()]);
}

function walk(root: DirectoryNode, children: (directory: DirectoryNode) => Array<DiskNode | undefined>): DiskNode[] {
  const seen = new Set<DiskNode>([root]);
  const order: DiskNode[] = [root];
  for (let index = 0; index < order.length; index++) {
    const node = order[index];
    if (node.kind !== 'directory') continue;
    for (const child of children(node)) {
      if (child === undefined || seen.has(child)) continue;
      seen.add(child);
      order.push(child);
    }
  }
  return order;
}
