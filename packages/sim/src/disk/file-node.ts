/**
 * FileNode: one simulated file (an inode). It holds the durable image (what survives power
 * loss), the page-cache image (what reads see) and, between them, the changes not yet synced,
 * in the order they completed. Invariant: the page-cache image is the durable image with the
 * pending changes applied in order. Both images are pristine; faults live in `overlay`.
 */
import { ByteImage } from './byte-image.js';
import { FaultOverlay } from './fault-overlay.js';

/** A completed write or truncate that is not durable yet (`sequence` orders all disk changes). */
export type FileChange =
  | { readonly kind: 'write'; readonly sequence: number; readonly offset: number; readonly data: Uint8Array; readonly durable: boolean }
  | { readonly kind: 'truncate'; readonly sequence: number; readonly length: number };

export function applyFileChange(image: ByteImage, change: FileChange): void {
  if (change.kind === 'write') image.write(change.offset, change.data);
  else image.truncate(change.length);
}

export class FileNode {
  readonly kind = 'file';
  readonly overlay = new FaultOverlay();
  private durable = new ByteImage();
  private cached = new ByteImage();
  private pending: FileChange[] = [];

  /** Size in the page-cache view. */
  get size(): number {
    return this.cached.length;
  }

  /** Sequence of the newest pending change, 0 when everything is durable. */
  get newestPendingSequence(): number {
    return this.pending.length === 0 ? 0 : this.pending[this.pending.length - 1].sequence;
  }

  get pendingChanges(): readonly FileChange[] {
    return this.pending;
  }

  /** Pristine page-cache bytes. */
  read(offset: number, length: number): Uint8Array {
    return this.cached.read(offset, length);
  }

  /** Pristine durable bytes. */
  readDurable(): Uint8Array {
    return this.durable.snapshot();
  }

  /**
   * Writes `data` at `offset` in the page cache. With `durable` (an O_DSYNC write) the data is
   * on disk at once; it stays in the pending list too, so a later sync of older overlapping
   * writes cannot bury it.
   */
  write(sequence: number, offset: number, data: Uint8Array, durable: boolean): void {
    const change: FileChange = { kind: 'write', sequence, offset, data, durable };
    this.cached.write(offset, data);
    this.overlay.repair(offset, data.length);
    if (durable) this.durable.write(offset, data);
    this.pending.push(change);
  }

  truncate(sequence: number, length: number): void {
    this.cached.truncate(length);
    this.overlay.truncate(length);
    this.pending.push({ kind: 'truncate', sequence, length });
  }

  /** fsync: makes the pending changes up to `sequence` durable. */
  syncThrough(sequence: number): void {
    let synced = 0;
    while (synced < this.pending.length && this.pending[synced].sequence <= sequence) {
      applyFileChange(this.durable, this.pending[synced]);
      synced++;
    }
    this.pending = this.pending.slice(synced);
  }

  /** A failed fsync: the kernel dropped the dirty pages, so the file falls back to its durable image. */
  dropPending(): void {
    this.pending = [];
    this.cached = this.durable.clone();
  }

  /**
   * Power loss: `settle` decides the fate of each pending change against the durable image
   * (applying it whole, in part, or not at all); afterwards the page cache is the durable image.
   */
  losePower(settle: (durable: ByteImage, change: FileChange) => void): void {
    for (const change of this.pending) settle(this.durable, change);
    this.pending = [];
    this.cached = this.durable.clone();
  }
}
