/**
 * Reads one AOF file frame by frame and stops at the first frame that is cut off or fails its
 * checks. It then looks past the damage for frames that still verify and reports their LSNs and
 * the commits their seals claim: recovery decides from those whether the damage lies inside
 * data that had been made durable (corruption) or in writes that were never fsynced, which a
 * power loss may tear anywhere, not only at their end (start-plan.ts). Bad bytes are values
 * (Damage), never exceptions; what the scan judged valid is asserted to be what recovery
 * assumes: frames back to back from offset 0 whose LSNs never go down (the read side of
 * ShardLog's assertions).
 */
import { decodeSeal, FRAME_HEADER_BYTES, FRAME_MAGIC, FrameKind, readFrame, type Seal } from '../aof/frame.js';
import { assert } from '../assert.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';

export interface ScannedEntry {
  readonly kind: typeof FrameKind.Entry;
  readonly lsn: number;
  readonly offset: number;
  readonly end: number;
  readonly payload: Uint8Array;
}

export interface ScannedSeal {
  readonly kind: typeof FrameKind.Seal;
  readonly lsn: number;
  readonly offset: number;
  readonly end: number;
  readonly seal: Seal;
}

export type ScannedFrame = ScannedEntry | ScannedSeal;

export interface Damage {
  readonly offset: number;
  readonly reason: string;
  /** The offset of the first frame after the damage that verifies, or -1 when none does. */
  readonly nextValidOffset: number;
  /** The highest LSN among the verifying frames after the damage (0: none). */
  readonly maxLsnAfter: number;
  /** The lowest LSN among them (0: none). */
  readonly minLsnAfter: number;
  /** The largest `committed` claimed by a verifying seal after the damage (0: none). */
  readonly committedClaimAfter: number;
  /**
   * The highest LSN a frame in the damaged bytes can have had: frames in a file never go down
   * in LSN, so it is the first verifying frame's LSN after the damage, less one when that frame
   * is an entry (an entry's LSN is never repeated; a seal may share its LSN with the entry
   * before it). Infinity when no frame after the damage verifies.
   */
  readonly damagedLsnMax: number;
}

export interface ScannedLog {
  readonly frames: readonly ScannedFrame[];
  /** Bytes of the file taken by good frames (where a truncation would cut). */
  readonly validBytes: number;
  readonly totalBytes: number;
  readonly damage: Damage | null;
}

export function scanLog(bytes: Uint8Array, defects: PlantedDefects = NO_PLANTED_DEFECTS): ScannedLog {
  const frames: ScannedFrame[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const read = readFrame(bytes, offset);
    if (read.status === 'ok' && read.kind === FrameKind.Seal) {
      const seal = decodeSeal(read.payload);
      if (seal === undefined || seal.lsn !== read.lsn) return damaged(bytes, frames, offset, 'malformed seal', defects);
      frames.push({ kind: FrameKind.Seal, lsn: read.lsn, offset, end: read.end, seal });
    } else if (read.status === 'ok') {
      frames.push({ kind: FrameKind.Entry, lsn: read.lsn, offset, end: read.end, payload: read.payload });
    } else {
      return damaged(bytes, frames, offset, read.reason, defects);
    }
    const previous = frames.at(-2);
    if (previous !== undefined && read.lsn < previous.lsn) {
      frames.pop();
      return damaged(bytes, frames, offset, `LSN ${read.lsn} after ${previous.lsn}`, defects);
    }
    offset = read.end;
  }
  assertValidPrefix(frames, offset);
  return { frames, validBytes: offset, totalBytes: bytes.length, damage: null };
}

/** The frames a scan keeps: back to back from offset 0 up to `validBytes`, LSNs never going down. */
function assertValidPrefix(frames: readonly ScannedFrame[], validBytes: number): void {
  let end = 0;
  let lsn = 0;
  for (const frame of frames) {
    assert(frame.offset === end && frame.lsn >= lsn, () => `scan kept a frame at offset ${frame.offset} with LSN ${frame.lsn} after offset ${end}, LSN ${lsn}`);
    end = frame.end;
    lsn = frame.lsn;
  }
  assert(end === validBytes, () => `scan kept frames up to ${end} but judged ${validBytes} bytes valid`);
}

function damaged(bytes: Uint8Array, frames: ScannedFrame[], offset: number, reason: string, defects: PlantedDefects): ScannedLog {
  assertValidPrefix(frames, offset);
  if (defects.badFrameIsEnd) return { frames, validBytes: offset, totalBytes: bytes.length, damage: null };
  let nextValidOffset = -1;
  let maxLsnAfter = 0;
  let minLsnAfter = 0;
  let committedClaimAfter = 0;
  let damagedLsnMax = Number.POSITIVE_INFINITY;
  for (let probe = offset + 1; probe + FRAME_HEADER_BYTES <= bytes.length; probe++) {
    if (bytes[probe] !== (FRAME_MAGIC & 0xff) || bytes[probe + 1] !== ((FRAME_MAGIC >>> 8) & 0xff)) continue;
    const read = readFrame(bytes, probe);
    if (read.status !== 'ok') continue;
    if (nextValidOffset < 0) {
      nextValidOffset = probe;
      damagedLsnMax = read.kind === FrameKind.Entry ? read.lsn - 1 : read.lsn;
    }
    maxLsnAfter = Math.max(maxLsnAfter, read.lsn);
    minLsnAfter = minLsnAfter === 0 ? read.lsn : Math.min(minLsnAfter, read.lsn);
    if (read.kind === FrameKind.Seal) committedClaimAfter = Math.max(committedClaimAfter, decodeSeal(read.payload)?.committed ?? 0);
    probe = read.end - 1;
  }
  const damage = { offset, reason, nextValidOffset, maxLsnAfter, minLsnAfter, committedClaimAfter, damagedLsnMax };
  return { frames, validBytes: offset, totalBytes: bytes.length, damage };
}
