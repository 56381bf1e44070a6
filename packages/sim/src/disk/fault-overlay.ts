/**
 * FaultOverlay: the faults laid over one file's pristine bytes, kept apart from them as in
 * TigerBeetle's testing storage. Two kinds: whole 512-byte sectors that read back as garbage
 * (torn writes at power loss, latent sector errors) and single bytes XORed with a mask
 * (`corruptByte`). The pristine bytes never change, so switching faults off shows them again.
 * A write repairs the sectors it covers whole and the bytes it covers, as a rewrite does on a
 * real disk (the sector is remapped).
 */
import { seededRandom } from '@ballast/core';

/** The unit a disk writes atomically, and the granularity of torn writes and sector faults. */
export const SECTOR_BYTES = 512;

export class FaultOverlay {
  /** Sector index → seed of the garbage it reads back as. */
  private readonly garbageSectors = new Map<number, number>();
  /** Byte offset → non-zero XOR mask. */
  private readonly flippedBytes = new Map<number, number>();

  get empty(): boolean {
    return this.garbageSectors.size === 0 && this.flippedBytes.size === 0;
  }

  /** Sector indexes that read back as garbage, ascending. */
  get faultySectors(): number[] {
    return [...this.garbageSectors.keys()].sort((a, b) => a - b);
  }

  markGarbage(sector: number, garbageSeed: number): void {
    if (!(Number.isSafeInteger(sector) && sector >= 0)) throw new Error(`FaultOverlay: bad sector ${sector}`);
    this.garbageSectors.set(sector, garbageSeed >>> 0);
  }

  flipByte(offset: number, mask: number): void {
    if (!(Number.isSafeInteger(offset) && offset >= 0)) throw new Error(`FaultOverlay: bad offset ${offset}`);
    if (!(Number.isInteger(mask) && mask > 0 && mask <= 0xff)) throw new Error(`FaultOverlay: bad mask ${mask}`);
    this.flippedBytes.set(offset, (this.flippedBytes.get(offset) ?? 0) ^ mask);
    if (this.flippedBytes.get(offset) === 0) this.flippedBytes.delete(offset);
  }

  /** Repairs what a write of `length` bytes at `offset` overwrites. */
  repair(offset: number, length: number): void {
    const end = offset + length;
    for (let sector = Math.ceil(offset / SECTOR_BYTES); (sector + 1) * SECTOR_BYTES <= end; sector++) {
      this.garbageSectors.delete(sector);
    }
    for (const flipped of [...this.flippedBytes.keys()]) {
      if (flipped >= offset && flipped < end) this.flippedBytes.delete(flipped);
    }
  }

  /** Forgets faults at or past `length` (the file was cut there). */
  truncate(length: number): void {
    for (const sector of [...this.garbageSectors.keys()]) {
      if (sector * SECTOR_BYTES >= length) this.garbageSectors.delete(sector);
    }
    for (const flipped of [...this.flippedBytes.keys()]) {
      if (flipped >= length) this.flippedBytes.delete(flipped);
    }
  }

  /** Lays the faults over `bytes`, which hold the pristine file bytes starting at `offset`. */
  apply(offset: number, bytes: Uint8Array): void {
    if (this.empty || bytes.length === 0) return;
    const end = offset + bytes.length;
    const lastSector = Math.floor((end - 1) / SECTOR_BYTES);
    for (let sector = Math.floor(offset / SECTOR_BYTES); sector <= lastSector; sector++) {
      const garbageSeed = this.garbageSectors.get(sector);
      if (garbageSeed !== undefined) layGarbage(garbageSeed, sector, offset, bytes);
    }
    for (const [flipped, mask] of this.flippedBytes) {
      if (flipped >= offset && flipped < end) bytes[flipped - offset] ^= mask;
    }
  }
}

function layGarbage(garbageSeed: number, sector: number, offset: number, bytes: Uint8Array): void {
  const random = seededRandom(garbageSeed);
  const sectorStart = sector * SECTOR_BYTES;
  for (let position = sectorStart; position < sectorStart + SECTOR_BYTES; position++) {
    const value = Math.floor(random.next() * 256);
    const index = position - offset;
    if (index >= 0 && index < bytes.length) bytes[index] = value;
  }
}
