/**
 * What the admin endpoint measures as it happens, rather than reads from the engine: each
 * command's run time and outcome by family (through the engine's observeCommand hook), and the
 * time of each durable operation on a shard's incremental AOF file (through TimedFileSystem).
 */
import type { CommandDefinition } from '@ballast/core';
import { HistogramFamily } from './histogram.js';
import { COMMAND_SECONDS_BUCKETS, SYNC_SECONDS_BUCKETS } from './metric-definitions.js';

export type SyncOperation = 'fsync' | 'durable_write';

/** `<appenddir>/shard-<n>/incr-<sequence>.aof` (core's aof/layout.ts). */
const INCREMENTAL_FILE = /(?:^|\/)shard-(\d+)\/incr-\d+\.aof$/;

export class Observations {
  readonly commandSeconds = new HistogramFamily(COMMAND_SECONDS_BUCKETS);
  readonly syncSeconds = new HistogramFamily(SYNC_SECONDS_BUCKETS);
  /** By family: commands run and those that answered with an error. */
  readonly commandCounts = new Map<string, { calls: number; failures: number }>();

  readonly observeCommand = (definition: CommandDefinition, usec: number, failed: boolean): void => {
    const family = definition.group;
    let counts = this.commandCounts.get(family);
    if (counts === undefined) this.commandCounts.set(family, (counts = { calls: 0, failures: 0 }));
    counts.calls++;
    if (failed) counts.failures++;
    this.commandSeconds.observe({ family }, usec / 1_000_000);
  };

  /** A durable operation on `path` took `seconds`; files other than incremental AOF files are not counted. */
  readonly observeSync = (path: string, operation: SyncOperation, seconds: number): void => {
    const match = INCREMENTAL_FILE.exec(path);
    if (match === null) return;
    this.syncSeconds.observe({ shard: match[1], operation }, seconds);
  };
}
