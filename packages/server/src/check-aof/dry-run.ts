/**
 * Recovery as a dry run: core's own `recover` — the code ballast-server runs at start — over an
 * OverlayFileSystem, into a throwaway engine. Nothing reaches the disk, and the checker's verdict
 * is the server's decision, not a second implementation of it: the plan recovery made (read,
 * then decided by core's planRecovery) is what the report prints and the verdict is drawn from;
 * running it shows that it applies (every entry replays) and what a start would log.
 */
import {
  Config, Engine, FileSystemError, recover, RecoveryRefusal, seededRandom, SlotTable, type FileSystem, type LogLevel, type RecoveryPlan,
} from '@ballast/core';
import { createHostInfo } from '../host-info.js';
import { NodeClock } from '../node-clock.js';
import { OverlayFileSystem } from './overlay-file-system.js';

export interface RecoveryRun {
  /** `<dir>/<appenddirname>`. */
  readonly directory: string;
  readonly shardCount: number;
  readonly slots: SlotTable | null;
  /** As ballast-server --aof-repair. */
  readonly repair: boolean;
}

export type RecoveryOutcome =
  | {
    readonly kind: 'recovered';
    readonly plan: RecoveryPlan;
    readonly cut: number;
    readonly entriesApplied: number;
    readonly bytesTruncated: number;
    readonly log: readonly string[];
  }
  /** The server would exit with code 2. */
  | { readonly kind: 'refused'; readonly plan: RecoveryPlan; readonly message: string; readonly log: readonly string[] }
  /**
   * The server would exit with code 1 (a frame verifies but cannot be replayed). `plan` is what
   * recovery had decided before applying it failed.
   */
  | { readonly kind: 'failed'; readonly plan: RecoveryPlan | null; readonly message: string; readonly log: readonly string[] };

const LEVEL_MARK: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };

/** Runs recovery without writing anything. I/O errors on the real disk are thrown. */
export function dryRunRecovery(run: RecoveryRun): Promise<RecoveryOutcome> {
  return runRecovery(run, new OverlayFileSystem());
}

/** Runs recovery for real on `fs` (ballast-check-aof --fix). */
export function runRecovery(run: RecoveryRun, fs: FileSystem): Promise<RecoveryOutcome> {
  const log: string[] = [];
  let plan: RecoveryPlan | null = null;
  const engine = new Engine({
    config: new Config({ shards: String(run.shardCount) }),
    clock: new NodeClock(),
    random: seededRandom(1),
    host: createHostInfo({ tcpPort: 0, configFile: '' }),
    log: (level, message) => log.push(`${LEVEL_MARK[level]} ${message}`),
  });
  return recover({
    fs, directory: run.directory, shardCount: run.shardCount, slots: run.slots ?? engine.slots, repair: run.repair, engine,
    log: (level, message) => log.push(`${LEVEL_MARK[level]} ${message}`),
    onPlan: (made) => void (plan = made),
  }).then(
    async (result) => {
      await Promise.all(result.logs.map((shardLog) => shardLog.file.close()));
      return { kind: 'recovered', plan: result.plan, cut: result.cut, entriesApplied: result.entriesApplied, bytesTruncated: result.bytesTruncated, log };
    },
    (error: unknown) => {
      if (error instanceof RecoveryRefusal) return { kind: 'refused', plan: error.plan, message: error.message, log };
      if (error instanceof FileSystemError) throw error;
      return { kind: 'failed', plan, message: (error as Error).message, log };
    },
  );
}
