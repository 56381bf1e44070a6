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
  /** The committed LSN the manifest records with that base (0: no base). */
  readonly baseCommittedLsn: number;
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
    return [{ path: full, base, baseSnapshotLsn: shard.base?.snapshotLsn ?? 0, baseCommittedLsn: shard.base?.committedLsn ?? 0, frames: scanned.frames, maxLsn }];
  }));
}

export function peekManifest(fs: SimFileSystem, directory: string): Manifest | null {
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

interface Claim {
  readonly committed: number;
  readonly path: string;
  readonly offset: number;
  readonly end: number;
  readonly description: string;
}

/**
 * Damages a frame that holds durable data, if there is one: any frame of a base snapshot, or an
 * entry of an incremental file that its shard's base does not cover, whose LSN is at or below a
 * committed LSN that some record the damage leaves intact claims — a seal in any file (it was
 * cut after that LSN had been fsynced on every shard) or a base's committed LSN in the manifest.
 * The damage is one flipped byte, or a latent error on the sector holding it. A damaged seal
 * alone is never picked: it holds no data, and losing one is caught, if it matters, by the
 * durability check.
 */
export function injectBitRot(fs: SimFileSystem, files: readonly NamedFile[][], random: Random): BitRot | null {
  const claims: Claim[] = files.flat().flatMap((file) => [
    ...(file.base ? [{ committed: file.baseCommittedLsn, path: '', offset: 0, end: 0, description: `the manifest's base line claims committed ${file.baseCommittedLsn}` }] : []),
    ...file.frames.flatMap((frame) => (frame.kind === FrameKind.Seal
      ? [{ committed: frame.seal.committed, path: file.path, offset: frame.offset, end: frame.end, description: `seal in ${file.path} at offset ${frame.offset} claims committed ${frame.seal.committed}` }]
      : [])),
  ]);
  const candidates = files.flat().flatMap((file) => file.frames
    .filter((frame) => file.base || (frame.kind === FrameKind.Entry && frame.lsn > file.baseSnapshotLsn))
    .map((frame) => ({ file, frame })));
  if (candidates.length === 0) return null;
  const first = randomInteger(random, 0, candidates.length - 1);
  const latent = randomInteger(random, 0, 1) === 1;
  const position = random.next();
  for (let tried = 0; tried < candidates.length; tried++) {
    const { file, frame } = candidates[(first + tried) % candidates.length];
    const offset = frame.offset + Math.floor(position * (frame.end - frame.offset));
    const [low, high] = latent ? [Math.floor(offset / SECTOR_BYTES) * SECTOR_BYTES, (Math.floor(offset / SECTOR_BYTES) + 1) * SECTOR_BYTES] : [offset, offset + 1];
    const intact = claims.filter((claim) => claim.path !== file.path || claim.end <= low || claim.offset >= high);
    const proof = file.base ? { description: 'inside a base snapshot' } : intact.find((claim) => claim.committed >= frame.lsn);
    if (proof === undefined) continue;
    if (latent) fs.markLatentSectorError(file.path, offset);
    else fs.corruptByte(file.path, offset, randomInteger(random, 1, 255));
    return { path: file.path, offset, kind: latent ? 'latent sector error' : 'flipped byte', lsn: frame.lsn, proof: proof.description };
  }
  return null;
}

/** A file's frames in one line: `E12@0 S13(c11)@96 …` (entry or seal, LSN, committed claim, offset). */
export function describeFrames(file: NamedFile): string {
  return file.frames.map((frame) => frame.kind === FrameKind.Seal
    ? `S${frame.lsn}(c${frame.seal.committed},last ${frame.seal.last.join('/')})@${frame.offset}`
    : `E${frame.lsn}@${frame.offset}`).join(' ') || '(empty)';
}
