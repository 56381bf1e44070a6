/**
 * Fault injection for the simulated disk: the rates (DiskFaults) and the FaultInjector that
 * draws from its own seeded stream, so turning a fault on or off never shifts latencies or
 * crash decisions. Switching faults off also hides the fault overlay (reads show the pristine
 * bytes again) and lifts the capacity limit; nothing written is lost.
 */
import type { Random } from '@ballast/core';
import { SECTOR_BYTES } from './disk/fault-overlay.js';
import type { FileNode } from './disk/file-node.js';
import { chance, randomInteger } from './seed-streams.js';

export interface DiskFaults {
  /** Chance that an fsync fails with EIO; the file's unsynced changes are then dropped, as Linux drops the dirty pages. */
  readonly syncErrorProbability: number;
  /** Chance that a write fails with EIO, writing nothing. */
  readonly writeErrorProbability: number;
  /** Chance that a read marks one sector it covers as a latent sector error (reads back corrupted until rewritten). */
  readonly latentSectorErrorProbability: number;
  /** Bytes the files may hold in total; a write that would pass it fails with ENOSPC. */
  readonly capacityBytes: number;
  /** Chance that one operation is slow. */
  readonly slowProbability: number;
  /** How many times longer a slow operation takes. */
  readonly slowLatencyMultiplier: number;
}

export const DISK_FAULTS_NONE: DiskFaults = {
  syncErrorProbability: 0,
  writeErrorProbability: 0,
  latentSectorErrorProbability: 0,
  capacityBytes: Number.POSITIVE_INFINITY,
  slowProbability: 0,
  slowLatencyMultiplier: 1,
};

function checkFaults(faults: DiskFaults): DiskFaults {
  const probabilities = [faults.syncErrorProbability, faults.writeErrorProbability, faults.latentSectorErrorProbability, faults.slowProbability];
  if (!probabilities.every((probability) => probability >= 0 && probability <= 1)) throw new Error(`DiskFaults: probability out of [0, 1]: ${JSON.stringify(faults)}`);
  if (!(faults.capacityBytes >= 0)) throw new Error(`DiskFaults: bad capacityBytes ${faults.capacityBytes}`);
  if (!(faults.slowLatencyMultiplier >= 1)) throw new Error(`DiskFaults: bad slowLatencyMultiplier ${faults.slowLatencyMultiplier}`);
  return faults;
}

export class FaultInjector {
  private faults: DiskFaults;
  /** When false, nothing is injected, the overlay is hidden and capacity is unlimited. */
  enabled = true;

  constructor(
    private readonly random: Random,
    faults: Partial<DiskFaults> = {},
  ) {
    this.faults = checkFaults({ ...DISK_FAULTS_NONE, ...faults });
  }

  get settings(): DiskFaults {
    return this.faults;
  }

  configure(faults: Partial<DiskFaults>): void {
    this.faults = checkFaults({ ...this.faults, ...faults });
  }

  writeFails(): boolean {
    return this.draw(this.faults.writeErrorProbability);
  }

  syncFails(): boolean {
    return this.draw(this.faults.syncErrorProbability);
  }

  latencyMultiplier(): number {
    return this.draw(this.faults.slowProbability) ? this.faults.slowLatencyMultiplier : 1;
  }

  /** Whether growing the files by `growthBytes` passes the capacity (`usedBytes` is asked only when it matters). */
  exceedsCapacity(growthBytes: number, usedBytes: () => number): boolean {
    if (!this.enabled || growthBytes <= 0 || this.faults.capacityBytes === Number.POSITIVE_INFINITY) return false;
    return usedBytes() + growthBytes > this.faults.capacityBytes;
  }

  /** A seed for a sector's garbage. */
  garbageSeed(): number {
    return randomInteger(this.random, 0, 0xffff_ffff);
  }

  /** Before a read of [offset, offset + length): maybe turns one sector of it into a latent error. */
  beforeRead(file: FileNode, offset: number, length: number): void {
    const end = Math.min(offset + length, file.size);
    if (end <= offset || !this.draw(this.faults.latentSectorErrorProbability)) return;
    const sector = randomInteger(this.random, Math.floor(offset / SECTOR_BYTES), Math.floor((end - 1) / SECTOR_BYTES));
    file.overlay.markGarbage(sector, this.garbageSeed());
  }

  /** Lays the file's faults over `bytes` read at `offset`, unless faults are off. */
  overlay(file: FileNode, offset: number, bytes: Uint8Array): Uint8Array {
    if (this.enabled) file.overlay.apply(offset, bytes);
    return bytes;
  }

  private draw(probability: number): boolean {
    return this.enabled && probability > 0 && chance(this.random, probability);
  }
}
