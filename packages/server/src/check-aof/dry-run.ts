/**
 * Recovery as a dry run: core's own `recover` — the code ballast-server runs at start — over an
 * OverlayFileSystem, into a throwaway engine. Nothing reaches the disk, and the checker's verdict
 * is the server's decision, not a second implementation of it: a RecoveryRefusal is what makes
 * the server exit with code 2; the bytes recovery truncates are what a start would cut.
 */
import { Config, Engine, FileSystemError, recover, RecoveryRefusal, seededRandom, SlotTable, type FileSystem, type LogLevel } from '@ballast/core';
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
    readonly cut: number;
    readonly entriesApplied: number;
    readonly bytesTruncated: number;
    readonly log: readonly string[];
  }
  /** The server would exit with code 2. */
  | { readonly kind: 'refused'; readonly message: string; readonly log: readonly string[] }
  /** The server would exit with code 1 (a frame verifies but cannot be replayed). */
  | { readonly kind: 'failed'; readonly message: string; readonly log: readonly string[] };

const LEVEL_MARK: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };

/** Runs recovery without writing anything. I/O errors on the real disk are thrown. */
export function dryRunRecovery(run: RecoveryRun): Promise<RecoveryOutcome> {
  return runRecovery(run, new OverlayFileSystem());
}

/** Runs recovery for real on `fs` (ballast-check-aof --fix). */
export function runRecovery(run: RecoveryRun, fs: FileSystem): Promise<RecoveryOutcome> {
  const log: string[] = [];
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
  }).then(
    async (result) => {
      await Promise.all(result.logs.map((shardLog) => shardLog.file.close()));
      return { kind: 'recovered', cut: result.cut, entriesApplied: result.entriesApplied, bytesTruncated: result.bytesTruncated, log };
    },
    (error: unknown) => {
      if (error instanceof RecoveryRefusal) return { kind: 'refused', message: error.message, log };
      if (error instanceof FileSystemError) throw error;
      return { kind: 'failed', message: (error as Error).message, log };
    },
  );
}
