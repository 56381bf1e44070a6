/**
 * @ballast/sim: the deterministic simulator. So far: the virtual clock and event queue
 * (Scheduler), seeded streams derived from one root seed, and the simulated disk
 * (SimFileSystem) with its page cache, crash model and fault injection.
 */
export { Scheduler, START_EPOCH_MS_DEFAULT, EVENTS_PER_RUN_MAX_DEFAULT, type SchedulerOptions } from './scheduler.js';
export { chance, deriveRandom, deriveSeed, randomInteger } from './seed-streams.js';
export { SimFileSystem, LATENCY_MS_MAX_DEFAULT, LATENCY_MS_MIN_DEFAULT, type SimFileSystemOptions } from './sim-file-system.js';
export type { SimFileHandle } from './sim-file-handle.js';
export { DISK_FAULTS_NONE, type DiskFaults } from './disk-faults.js';
export { SECTOR_BYTES } from './disk/fault-overlay.js';
export { WRITE_FATE_PROBABILITIES } from './disk/torn-write.js';
export { ENTRY_CHANGE_KEPT_PROBABILITY, TRUNCATE_KEPT_PROBABILITY } from './disk/power-loss.js';
