/**
 * The fate of one unsynced write at power loss. It survives whole, survives as a prefix cut at a
 * 512-byte sector boundary, is dropped, or leaves sectors of garbage (its left part, its right
 * part, or all of it). Damage never starts or ends inside a sector: a disk writes whole sectors.
 * Garbage goes into the fault overlay over the written (pristine) bytes, so it can be switched off.
 */
import type { Random } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import type { ByteImage } from './byte-image.js';
import { SECTOR_BYTES, type FaultOverlay } from './fault-overlay.js';

/** Chance of each fate; a fate that needs a sector boundary inside the write falls back as noted. */
export const WRITE_FATE_PROBABILITIES = {
  whole: 0.3,
  dropped: 0.3,
  /** Falls back to dropped when the write lies within one sector. */
  prefix: 0.2,
  /** Split evenly between left part, right part and whole; left and right fall back to whole. */
  garbage: 0.2,
} as const;

export type WriteFate =
  | { readonly kind: 'whole' }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'prefix'; readonly endOffset: number }
  | { readonly kind: 'garbage'; readonly firstSector: number; readonly endSector: number };

export function drawWriteFate(random: Random, offset: number, length: number): WriteFate {
  const firstSector = Math.floor(offset / SECTOR_BYTES);
  const endSector = Math.ceil((offset + length) / SECTOR_BYTES);
  const cutSector = endSector - firstSector >= 2 ? randomInteger(random, firstSector + 1, endSector - 1) : null;
  const draw = random.next();
  if (length === 0 || draw < WRITE_FATE_PROBABILITIES.whole) return { kind: 'whole' };
  if (draw < WRITE_FATE_PROBABILITIES.whole + WRITE_FATE_PROBABILITIES.dropped) return { kind: 'dropped' };
  if (draw < 1 - WRITE_FATE_PROBABILITIES.garbage) {
    return cutSector === null ? { kind: 'dropped' } : { kind: 'prefix', endOffset: cutSector * SECTOR_BYTES };
  }
  const side = randomInteger(random, 0, 2);
  if (cutSector === null || side === 0) return { kind: 'garbage', firstSector, endSector };
  return side === 1 ? { kind: 'garbage', firstSector, endSector: cutSector } : { kind: 'garbage', firstSector: cutSector, endSector };
}

/** Applies `fate` of the write of `data` at `offset` to the durable image and its overlay. */
export function applyWriteFate(
  fate: WriteFate,
  write: { readonly offset: number; readonly data: Uint8Array },
  durable: ByteImage,
  overlay: FaultOverlay,
  random: Random,
): void {
  if (fate.kind === 'dropped') return;
  if (fate.kind === 'prefix') {
    durable.write(write.offset, write.data.subarray(0, fate.endOffset - write.offset));
    return;
  }
  durable.write(write.offset, write.data);
  if (fate.kind === 'whole') return;
  for (let sector = fate.firstSector; sector < fate.endSector; sector++) {
    overlay.markGarbage(sector, Math.floor(random.next() * 0x1_0000_0000));
  }
}
