/**
 * SimFileSystem: core's FileSystem on a simulated disk (SimDisk) with a page cache and a crash
 * model. Every call completes after a latency drawn from a seeded stream, when the clock fires
 * its event; nothing happens before. Crashes are explicit calls: `crashProcess` (the page cache
 * survives, handles die, calls in flight never complete) and `powerLoss` (unsynced writes,
 * truncates and directory changes are kept, torn or lost; see disk/power-loss.ts). Faults come
 * from a FaultInjector with its own stream. All randomness derives from `seed`.
 */
import {
  type Clock,
  type FileSystem,
  type OpenOptions,
  type Random,
  type TimerHandle,
} from '@ballast/core';
import { FaultInjector, type DiskFaults } from './disk-faults.js';
import { SECTOR_BYTES } from './disk/fault-overlay.js';
import { SimDisk } from './disk/sim-disk.js';
import { deriveRandom, randomInteger } from './seed-streams.js';
import { SimFileHandle, type HandleContext } from './sim-file-handle.js';

export const LATENCY_MS_MIN_DEFAULT = 1;
export const LATENCY_MS_MAX_DEFAULT = 5;

export interface SimFileSystemOptions {
  /** Where completions are scheduled: the run's Scheduler. */
  readonly clock: Clock;
  /** Root of this disk's streams (latency and faults). */
  readonly seed: number;
  /** Latency of one call, drawn uniformly in [latencyMsMin, latencyMsMax] (whole ms). */
  readonly latencyMsMin?: number;
  readonly latencyMsMax?: number;
  readonly faults?: Partial<DiskFaults>;
}

export class SimFileSystem implements FileSystem {
  private readonly disk = new SimDisk();
  private readonly injector: FaultInjector;
  private readonly clock: Clock;
  private readonly latencyRandom: Random;
  private readonly latencyMsMin: number;
  private readonly latencyMsMax: number;
  private readonly inFlight = new Set<TimerHandle>();
  /** Called right after each operation completes, in its event (the simulator's in-flight crash trigger). */
  onOperationComplete: (() => void) | null = null;
  private readonly context: HandleContext;
  private generation = 0;

  constructor(options: SimFileSystemOptions) {
    this.clock = options.clock;
    this.latencyRandom = deriveRandom(options.seed, 'latency');
    this.injector = new FaultInjector(deriveRandom(options.seed, 'faults'), options.faults);
    this.latencyMsMin = options.latencyMsMin ?? LATENCY_MS_MIN_DEFAULT;
    this.latencyMsMax = options.latencyMsMax ?? LATENCY_MS_MAX_DEFAULT;
    if (!(Number.isInteger(this.latencyMsMin) && this.latencyMsMin >= 0 && Number.isInteger(this.latencyMsMax) && this.latencyMsMax >= this.latencyMsMin)) {
      throw new Error(`SimFileSystem: bad latency range [${this.latencyMsMin}, ${this.latencyMsMax}] ms`);
    }
    this.context = {
      disk: this.disk,
      faults: this.injector,
      generation: () => this.generation,
      complete: (run) => this.complete(run),
    };
  }

  open(path: string, options: OpenOptions = {}): Promise<SimFileHandle> {
    return this.complete(() => new SimFileHandle(path, this.disk.openFile(path, options), this.context));
  }

  readDirectory(path: string): Promise<string[]> {
    return this.complete(() => this.disk.readDirectory(path));
  }

  makeDirectory(path: string): Promise<void> {
    return this.complete(() => this.disk.makeDirectory(path));
  }

  rename(from: string, to: string): Promise<void> {
    return this.complete(() => this.disk.rename(from, to));
  }

  unlink(path: string): Promise<void> {
    return this.complete(() => this.disk.unlink(path));
  }

  removeDirectory(path: string): Promise<void> {
    return this.complete(() => this.disk.removeDirectory(path));
  }

  stat(path: string): Promise<{ readonly size: number; readonly directory: boolean }> {
    return this.complete(() => this.disk.stat(path));
  }

  syncDirectory(path: string): Promise<void> {
    return this.complete(() => this.disk.syncDirectory(path));
  }

  /** Calls issued and not yet completed. */
  get inFlightOperations(): number {
    return this.inFlight.size;
  }

  /**
   * The process dies (kill -9): calls in flight never complete, open handles fail with EBADF,
   * and the page cache — every completed write, create, rename and unlink — survives.
   */
  crashProcess(): void {
    for (const timer of this.inFlight) timer.cancel();
    this.inFlight.clear();
    this.generation++;
  }

  /** The machine loses power: a process crash, then every unsynced change meets its fate, drawn from `random`. */
  powerLoss(random: Random): void {
    this.crashProcess();
    this.disk.losePower(random);
  }

  get faults(): DiskFaults {
    return this.injector.settings;
  }

  setFaults(faults: Partial<DiskFaults>): void {
    this.injector.configure(faults);
  }

  /** Off: no new faults, reads show the pristine bytes, no capacity limit. On again: the old faults are back. */
  setFaultsEnabled(enabled: boolean): void {
    this.injector.enabled = enabled;
  }

  /** Every durable file (what a reboot would find), by canonical path (`/a/b`), with faults laid over unless off. */
  snapshotDurable(): Map<string, Uint8Array> {
    const snapshot = new Map<string, Uint8Array>();
    for (const [path, file] of this.disk.files('durable')) {
      snapshot.set(path, this.injector.overlay(file, 0, file.readDurable()));
    }
    return snapshot;
  }

  /** Canonical paths of the files reads see now, sorted. */
  listFiles(): string[] {
    return this.disk.files('current').map(([path]) => path);
  }

  /**
   * Checker's view: the bytes a read of the whole file would return now (page cache, faults laid
   * over), at once — no latency, no fault draws, so looking never changes what happens next.
   */
  peekFile(path: string): Uint8Array {
    const file = this.disk.fileAt(path, 'peek');
    return this.injector.overlay(file, 0, file.read(0, file.size));
  }

  /** The operator restores the 512-byte sector holding `offset` from a backup: its faults are gone. */
  restoreSector(path: string, offset: number): void {
    const sectorStart = Math.floor(offset / SECTOR_BYTES) * SECTOR_BYTES;
    this.disk.fileAt(path, 'restore').overlay.repair(sectorStart, SECTOR_BYTES);
  }

  /** XORs the byte at `offset` of the file at `path` with `mask`, in the fault overlay. */
  corruptByte(path: string, offset: number, mask = 0xff): void {
    const file = this.disk.fileAt(path, 'corrupt');
    if (!(offset < file.size)) throw new Error(`corruptByte: offset ${offset} is past the end of '${path}' (${file.size} bytes)`);
    file.overlay.flipByte(offset, mask);
  }

  /** Marks the sector holding `offset` of the file at `path` as a latent sector error. */
  markLatentSectorError(path: string, offset: number): void {
    const file = this.disk.fileAt(path, 'corrupt');
    if (!(offset < file.size)) throw new Error(`markLatentSectorError: offset ${offset} is past the end of '${path}'`);
    file.overlay.markGarbage(Math.floor(offset / SECTOR_BYTES), this.injector.garbageSeed());
  }

  private complete<T>(run: () => T): Promise<T> {
    const delayMs = randomInteger(this.latencyRandom, this.latencyMsMin, this.latencyMsMax) * this.injector.latencyMultiplier();
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.schedule(delayMs, () => {
        this.inFlight.delete(timer);
        try {
          resolve(run());
        } catch (error) {
          reject(error);
        }
        this.onOperationComplete?.();
      });
      this.inFlight.add(timer);
    });
  }
}
