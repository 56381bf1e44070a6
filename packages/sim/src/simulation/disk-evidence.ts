/**
 * The checker's own reading of the AOF on the simulated disk, at the moment between a crash and
 * the next start: which files the manifest names, the highest LSN any of them holds (new LSNs
 * must start above it), and where bit rot would hit data that is provably durable. It reads with
 * SimFileSystem.peekFile (no latency, no fault draws) and parses with core's frame scanner,
 * whose own tests cover it; the judgement of what must happen is made here, not by recovery.
 */
import { decodeManifest, FrameKind, joinPath, MANIFEST_FILE, scanLog, type Manifest, type Random, type ScannedFrame } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import type { SimFileSystem } from '../sim-file-system.js';
import { SECTOR_BYTES } from '../disk/fault-overlay.js';

export interface NamedFile {
  readonly path: string;
  readonly base: boolean;
  /** The LSN the shard's base snapshot holds everything through (0: no base). */
  readonly baseSnapshotLsn: number;
  readonly frames: readonly ScannedFrame[];
  /** The highest LSN of any verifying frame, before or after damage. */
  readonly maxLsn: number;
}

/** The files the manifest names, shard by shard, as a start would read them now; null without a readable manifest. */
export function namedFiles(fs: SimFileSystem, directory: string): NamedFile[][] | null {
  const manifest = peekManifest(fs, directory);
  if (manifest === null) return null;
  return manifest.shards.map((shard) => [
    ...(shard.base === null ? [] : [{ path: shard.base.path, base: true }]),
    ...shard.incrementals.map((path) => ({ path, base: false })),
  ].flatMap(({ path, base }) => {
    const full = joinPath(directory, path);
    if (!fs.listFiles().includes(full)) return [];
    const scanned = scanLog(fs.peekFile(full));
    const maxLsn = Math.max(0, scanned.damage?.maxLsnAfter ?? 0, ...scanned.frames.map((frame) => frame.lsn));
    return [{ path: full, base, baseSnapshotLsn: shard.base?.snapshotLsn ?? 0, frames: scanned.frames, maxLsn }];
  }));
}

function peekManifest(fs: SimFileSystem, directory: string): Manifest | null {
  const path = joinPath(directory, MANIFEST_FILE);
  if (!fs.listFiles().includes(path)) return null;
  const bytes = fs.peekFile(path);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  try {
    return decodeManifest(text);
  } catch {
    return null;
  }
}

/** The highest LSN in any file the manifest names (0: none). */
export function maxLsnOnDisk(files: readonly NamedFile[][]): number {
  return Math.max(0, ...files.flat().map((file) => file.maxLsn));
}

/** Damage laid on provably durable bytes: a start must refuse until the sector is restored. */
export interface BitRot {
  readonly path: string;
  readonly offset: number;
  readonly kind: 'flipped byte' | 'latent sector error';
  /** The LSN of the damaged frame. */
  readonly lsn: number;
  /** Why the bytes are provably durable. */
  readonly proof: string;
}

/**
 * Picks a frame that holds durable data and damages it: any frame of a base snapshot, or an
 * entry of an incremental file that the base does not cover and that is followed in the same
 * file by a seal claiming a committed LSN at or above the entry's (that seal was cut after the
 * entry had been fsynced on every shard). The damage is one flipped byte, or a latent error on a
 * sector that ends before the proving seal begins. A damaged seal is not picked: it holds no
 * data, and losing one is caught, if it matters, by the durability check.
 */
export function injectBitRot(fs: SimFileSystem, files: readonly NamedFile[][], random: Random): BitRot | null {
  const candidates: Array<{ file: NamedFile; frame: ScannedFrame; proofOffset: number; proof: string }> = [];
  for (const file of files.flat()) {
    file.frames.forEach((frame, index) => {
      if (file.base) {
        candidates.push({ file, frame, proofOffset: Number.POSITIVE_INFINITY, proof: 'inside a base snapshot' });
        return;
      }
      if (frame.kind !== FrameKind.Entry || frame.lsn <= file.baseSnapshotLsn) return;
      const later = file.frames.slice(index + 1).find((each) => each.kind === FrameKind.Seal && each.seal.committed >= frame.lsn);
      if (later?.kind === FrameKind.Seal) candidates.push({ file, frame, proofOffset: later.offset, proof: `seal at offset ${later.offset} claims committed ${later.seal.committed}` });
    });
  }
  if (candidates.length === 0) return null;
  const { file, frame, proofOffset, proof } = candidates[randomInteger(random, 0, candidates.length - 1)];
  const offset = randomInteger(random, frame.offset, frame.end - 1);
  const sectorEnd = (Math.floor(offset / SECTOR_BYTES) + 1) * SECTOR_BYTES;
  if (sectorEnd <= proofOffset && randomInteger(random, 0, 1) === 1) {
    fs.markLatentSectorError(file.path, offset);
    return { path: file.path, offset, kind: 'latent sector error', lsn: frame.lsn, proof };
  }
  fs.corruptByte(file.path, offset, randomInteger(random, 1, 255));
  return { path: file.path, offset, kind: 'flipped byte', lsn: frame.lsn, proof };
}

/** A file's frames in one line: `E12@0 S13(c11)@96 …` (entry or seal, LSN, committed claim, offset). */
export function describeFrames(file: NamedFile): string {
  return file.frames.map((frame) => frame.kind === FrameKind.Seal
    ? `S${frame.lsn}(c${frame.seal.committed},last ${frame.seal.last.join('/')})@${frame.offset}`
    : `E${frame.lsn}@${frame.offset}`).join(' ') || '(empty)';
}
