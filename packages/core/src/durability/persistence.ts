/**
 * Persistence: the AOF of a running server. Opens it by recovery, then feeds the engine's
 * units to group commit, keeps the reply gate in step with `appendfsync` (CONFIG SET may change
 * it), turns a failed write or fsync into MISCONF, and reports INFO persistence. Hosts (server,
 * simulator) create it with their FileSystem and close it on shutdown.
 */
import type { Engine, EffectLog, LogLevel } from '../engine/engine.js';
import type { PersistenceServices } from '../engine/services.js';
import type { FileSystem } from '../io/file-system.js';
import type { UnitEffects } from './effect-recorder.js';
import { GroupCommit, type FsyncMode } from './group-commit.js';
import { recover, type RecoveryResult } from '../recovery/recover.js';

export interface PersistenceOptions {
  readonly fs: FileSystem;
  /** `<dir>/<appenddirname>`. */
  readonly directory: string;
  readonly engine: Engine;
  readonly repair: boolean;
  readonly log: (level: LogLevel, message: string) => void;
}

export class Persistence implements EffectLog, PersistenceServices {
  readonly groupCommit: GroupCommit;
  private lastWriteError: string | null = null;

  private constructor(
    private readonly engine: Engine,
    readonly recovery: RecoveryResult,
    readonly recoveryMs: number,
  ) {
    this.groupCommit = new GroupCommit({
      logs: recovery.logs,
      mode: fsyncMode(engine),
      clock: engine.clock,
      lsnFloor: recovery.maxSeenLsn,
      committedLsn: recovery.cut,
      onCommitted: (lsn) => engine.onCommitted(lsn),
      onFailure: (error) => {
        this.lastWriteError = describeError(error);
        engine.onDurabilityFailure(this.lastWriteError);
      },
    });
  }

  /** Recovers the AOF into `engine` and attaches it; throws RecoveryRefusal when it must not start. */
  static async open(options: PersistenceOptions): Promise<Persistence> {
    const { engine } = options;
    const startedMs = engine.clock.monotonic();
    const recovery = await recover({
      fs: options.fs, directory: options.directory, shardCount: engine.shardCount, slots: engine.slots,
      repair: options.repair, engine, log: options.log,
    });
    const persistence = new Persistence(engine, recovery, engine.clock.monotonic() - startedMs);
    options.log('notice', `DB loaded from append only file: ${recovery.entriesApplied} entries, ${recovery.bytesRead} bytes, durable cut at LSN ${recovery.cut}, `
      + `next LSN ${recovery.maxSeenLsn + 1}, ${recovery.bytesTruncated} bytes truncated, ${persistence.recoveryMs.toFixed(0)} ms`);
    engine.attachLog(persistence, recovery.cut);
    engine.gateReplies(persistence.groupCommit.mode === 'always');
    persistence.groupCommit.start();
    return persistence;
  }

  appendUnit(unit: UnitEffects): number {
    return this.groupCommit.appendUnit(unit);
  }

  endOfEvent(): void {
    const mode = fsyncMode(this.engine);
    if (mode !== this.groupCommit.mode) {
      this.groupCommit.mode = mode;
      this.engine.gateReplies(mode === 'always');
    }
    this.groupCommit.endOfEvent();
  }

  get committedLsn(): number {
    return this.groupCommit.committedLsn;
  }

  /** WAITAOF: make everything written so far durable soon (a sync batch). */
  requestSync(): void {
    this.groupCommit.requestSync();
  }

  /** Writes and fsyncs everything pending, then closes the files (graceful shutdown). */
  async close(): Promise<void> {
    this.groupCommit.stop();
    await this.groupCommit.drain(true);
    await Promise.all(this.groupCommit.logs.map((log) => log.file.close()));
  }

  infoLines(): string[] {
    const commit = this.groupCommit;
    const stats = commit.stats;
    const size = commit.logs.reduce((total, log) => total + log.fileBytes, 0);
    return [
      'aof_enabled:1',
      'aof_rewrite_in_progress:0',
      'aof_rewrite_scheduled:0',
      'aof_last_rewrite_time_sec:-1',
      'aof_current_rewrite_time_sec:-1',
      'aof_last_bgrewrite_status:ok',
      'aof_rewrites:0',
      'aof_rewrites_consecutive_failures:0',
      `aof_last_write_status:${this.lastWriteError === null ? 'ok' : 'err'}`,
      'aof_last_cow_size:0',
      'module_fork_in_progress:0',
      'module_fork_last_cow_size:0',
      `aof_current_size:${size}`,
      'aof_base_size:0',
      'aof_pending_rewrite:0',
      `aof_buffer_length:${commit.logs.reduce((total, log) => total + log.pendingBytes, 0)}`,
      'aof_pending_bio_fsync:0',
      'aof_delayed_fsync:0',
      `aof_fsync_mode:${commit.mode}`,
      `aof_shards:${commit.logs.length}`,
      `aof_last_lsn:${commit.lastLsn}`,
      `aof_committed_lsn:${commit.committedLsn}`,
      `aof_batches:${stats.batches}`,
      `aof_fsyncs:${stats.fsyncs}`,
      `aof_fsync_last_ms:${stats.lastFsyncMs.toFixed(3)}`,
      `aof_fsync_max_ms:${stats.maxFsyncMs.toFixed(3)}`,
      `aof_bytes_written:${stats.bytesWritten}`,
      `aof_last_write_error:${this.lastWriteError ?? ''}`,
      `aof_recovery_durable_cut:${this.recovery.cut}`,
      `aof_recovery_entries:${this.recovery.entriesApplied}`,
      `aof_recovery_bytes_read:${this.recovery.bytesRead}`,
      `aof_recovery_bytes_truncated:${this.recovery.bytesTruncated}`,
      `aof_recovery_ms:${this.recoveryMs.toFixed(0)}`,
    ];
  }
}

function fsyncMode(engine: Engine): FsyncMode {
  return engine.config.string('appendfsync') as FsyncMode;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
