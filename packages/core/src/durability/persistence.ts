/**
 * Persistence: the AOF of a running server, and the engine's durability port. A host creates
 * it first, gives it to the Engine at construction, then opens it: recovery replays the log
 * into the engine, and from then on the engine's units go to group commit. It keeps the reply
 * gate in step with `appendfsync` (CONFIG SET may change it), reports local commit progress
 * and turns a failed write or fsync into MISCONF, and answers INFO persistence. Hosts (server,
 * simulator) create it with their FileSystem and close it on shutdown.
 */
import { assert } from '../assert.js';
import type { UnitEffects } from '../aof/effect.js';
import type { DurabilityPort } from '../effects/durability-port.js';
import type { Engine, LogLevel } from '../engine/engine.js';
import { LOCAL_FSYNC } from '../engine/reply-gate.js';
import type { FileSystem } from '../io/file-system.js';
import { GroupCommit, type FsyncMode } from './group-commit.js';
import { recover, type RecoveryResult } from '../recovery/recover.js';
import { rewriteAof, type RewriteContext } from './aof-rewrite.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';

export interface PersistenceOptions {
  readonly fs: FileSystem;
  /** `<dir>/<appenddirname>`. */
  readonly directory: string;
  readonly repair: boolean;
  readonly log: (level: LogLevel, message: string) => void;
  /** Deliberate bugs for the simulator's mutant runs; none by default. */
  readonly defects?: PlantedDefects;
  /** Sees every unit logged, with its LSN (the simulator's history of what was written). */
  readonly observeUnit?: (lsn: number, unit: UnitEffects) => void;
}

/** What exists once the AOF is open. */
interface OpenAof {
  readonly engine: Engine;
  readonly recovery: RecoveryResult;
  readonly recoveryMs: number;
  readonly groupCommit: GroupCommit;
  readonly rewriteContext: RewriteContext;
}

/** Rewrite bookkeeping behind INFO persistence. */
interface RewriteState {
  running: Promise<void> | null;
  startedMs: number;
  lastDurationMs: number;
  lastStatus: 'ok' | 'err';
  count: number;
  consecutiveFailures: number;
  /** Size of the incremental files right after the last rewrite (the growth baseline). */
  baselineBytes: number;
  baseBytes: number;
}

/** A copy of the rewrite bookkeeping; lastDurationMs is -1 before the first rewrite ends. */
export interface RewriteStatus {
  readonly inProgress: boolean;
  readonly lastStatus: 'ok' | 'err';
  readonly count: number;
  readonly consecutiveFailures: number;
  readonly lastDurationMs: number;
}

export class Persistence implements DurabilityPort {
  private opened: OpenAof | null = null;
  private lastWriteError: string | null = null;
  /** BGREWRITEAOF arrived during a BGSAVE: the rewrite starts when the save ends. */
  private rewriteScheduled = false;
  private readonly rewriteState: RewriteState = {
    running: null, startedMs: 0, lastDurationMs: -1, lastStatus: 'ok', count: 0, consecutiveFailures: 0, baselineBytes: 0, baseBytes: 0,
  };

  constructor(private readonly options: PersistenceOptions) {}

  /** `<dir>/<appenddirname>`. */
  get directory(): string {
    return this.options.directory;
  }

  /**
   * Recovers the AOF into `engine` (which was given this port at construction) and starts
   * logging its units; throws RecoveryRefusal when it must not start.
   */
  async open(engine: Engine): Promise<void> {
    assert(this.opened === null, 'Persistence opened twice');
    const { options } = this;
    const startedMs = engine.clock.monotonic();
    const recovery = await recover({
      fs: options.fs, directory: options.directory, shardCount: engine.shardCount, slots: engine.slots,
      repair: options.repair, engine, log: options.log, defects: options.defects,
    });
    const recoveryMs = engine.clock.monotonic() - startedMs;
    const defects = options.defects ?? NO_PLANTED_DEFECTS;
    const groupCommit = new GroupCommit({
      logs: recovery.logs,
      mode: fsyncMode(engine),
      clock: engine.clock,
      lsnFloor: defects.reuseLsnsAfterRecovery ? recovery.cut : recovery.maxSeenLsn,
      committedLsn: recovery.cut,
      onCommitted: (lsn) => engine.commitProgress(LOCAL_FSYNC, lsn),
      onLatency: (event, latencyMs) => engine.latency.addSampleIfNeeded(event, Math.floor(latencyMs)),
      onWritten: (lsn) => engine.writeProgress(lsn),
      defects,
      onFailure: (error) => {
        this.lastWriteError = describeError(error);
        engine.onDurabilityFailure(this.lastWriteError);
      },
    });
    const rewriteContext = { fs: options.fs, directory: options.directory, engine, groupCommit, manifest: recovery.manifest, defects };
    this.opened = { engine, recovery, recoveryMs, groupCommit, rewriteContext };
    this.rewriteState.baselineBytes = this.incrementalBytes();
    options.log('notice', `DB loaded from append only file: ${recovery.entriesApplied} entries, ${recovery.bytesRead} bytes, durable cut at LSN ${recovery.cut}, `
      + `next LSN ${recovery.maxSeenLsn + 1}, ${recovery.bytesTruncated} bytes truncated, ${recoveryMs.toFixed(0)} ms`);
    engine.beginLogging(recovery.cut);
    engine.gateReplies(groupCommit.mode === 'always' || engine.config.integer('min-replicas-durable') > 0);
    groupCommit.start();
  }

  private get aof(): OpenAof {
    assert(this.opened !== null, 'Persistence used before open()');
    return this.opened;
  }

  get groupCommit(): GroupCommit {
    return this.aof.groupCommit;
  }

  /** What recovery found and did at open. */
  get recovery(): RecoveryResult {
    return this.aof.recovery;
  }

  get recoveryMs(): number {
    return this.aof.recoveryMs;
  }

  private get engine(): Engine {
    return this.aof.engine;
  }

  appendUnit(unit: UnitEffects): number {
    const lsn = this.groupCommit.appendUnit(unit);
    this.options.observeUnit?.(lsn, unit);
    return lsn;
  }

  endOfEvent(): void {
    const mode = fsyncMode(this.engine);
    if (mode !== this.groupCommit.mode) {
      this.groupCommit.mode = mode;
      this.engine.gateReplies(mode === 'always' || this.engine.config.integer('min-replicas-durable') > 0);
    }
    this.groupCommit.endOfEvent();
    if (this.rewriteScheduled ? !this.snapshotRunning() : this.rewriteDue()) this.startRewrite();
  }

  /** Rewrites every shard now and settles when the new files are installed; throws when the rewrite failed. */
  async rewriteAndWait(): Promise<void> {
    const outcome = this.startRewrite();
    if (outcome !== 'started') throw new Error(outcome === 'scheduled' ? 'a background save is running' : outcome.refused);
    await this.rewriteFinished();
    if (this.rewriteState.lastStatus !== 'ok') throw new Error('the AOF rewrite failed (see the log)');
  }

  /** A BGSAVE holds the one snapshot slot: a rewrite waits for it. */
  private snapshotRunning(): boolean {
    return this.engine.snapshots?.inProgress ?? false;
  }

  /** BGREWRITEAOF: starts a rewrite of every shard (or schedules it after a BGSAVE); why not when it cannot. */
  startRewrite(): 'started' | 'scheduled' | { readonly refused: string } {
    const state = this.rewriteState;
    if (state.running !== null) return { refused: 'Background append only file rewriting already in progress' };
    if (this.groupCommit.failure !== null) return { refused: `the AOF failed: ${this.lastWriteError ?? 'write error'}` };
    if (this.snapshotRunning()) {
      this.rewriteScheduled = true;
      return 'scheduled';
    }
    this.rewriteScheduled = false;
    state.startedMs = this.engine.clock.monotonic();
    this.options.log('notice', 'Background append only file rewriting started');
    state.running = rewriteAof(this.aof.rewriteContext).then(
      (result) => {
        state.lastStatus = 'ok';
        state.count++;
        state.consecutiveFailures = 0;
        state.baseBytes = result.baseBytes;
        state.baselineBytes = this.incrementalBytes();
        this.options.log('notice', `Background AOF rewrite finished successfully: ${result.keys} keys at LSN ${result.snapshotLsn}, ${result.baseBytes} bytes of base snapshots`);
      },
      (error: unknown) => {
        state.lastStatus = 'err';
        state.consecutiveFailures++;
        this.options.log('warning', `Background AOF rewrite failed: ${describeError(error)}`);
      },
    ).finally(() => {
      state.lastDurationMs = this.engine.clock.monotonic() - state.startedMs;
      state.running = null;
    });
    return 'started';
  }

  /** Resolves when no rewrite is running. */
  async rewriteFinished(): Promise<void> {
    while (this.rewriteState.running !== null) await this.rewriteState.running;
  }

  /** auto-aof-rewrite-percentage / -min-size, as Redis checks them. */
  private rewriteDue(): boolean {
    const state = this.rewriteState;
    if (state.running !== null || state.consecutiveFailures > 0 || this.groupCommit.failure !== null || this.snapshotRunning()) return false;
    const percentage = this.engine.config.integer('auto-aof-rewrite-percentage');
    if (percentage === 0) return false;
    const size = this.incrementalBytes();
    if (size < this.engine.config.integer('auto-aof-rewrite-min-size')) return false;
    const baseline = Math.max(1, state.baselineBytes + state.baseBytes);
    return ((size - state.baselineBytes) * 100) / baseline >= percentage;
  }

  private incrementalBytes(): number {
    return this.groupCommit.logs.reduce((total, log) => total + log.fileBytes, 0);
  }

  get committedLsn(): number {
    return this.groupCommit.committedLsn;
  }

  /** The rewrite state behind INFO's aof_rewrite_* fields, for the admin metrics. */
  get rewriteStatus(): RewriteStatus {
    const state = this.rewriteState;
    return {
      inProgress: state.running !== null, lastStatus: state.lastStatus, count: state.count,
      consecutiveFailures: state.consecutiveFailures, lastDurationMs: state.lastDurationMs,
    };
  }

  /** WAITAOF: make everything written so far durable soon (a sync batch). */
  requestSync(): void {
    this.groupCommit.requestSync();
  }

  /** Writes and fsyncs everything pending, then closes the files (graceful shutdown). */
  async close(): Promise<void> {
    if (this.opened === null) return;
    await this.rewriteFinished();
    this.groupCommit.stop();
    await this.groupCommit.drainAndSync();
    await Promise.all(this.groupCommit.logs.map((log) => log.file.close()));
  }

  infoLines(): string[] {
    const commit = this.groupCommit;
    const stats = commit.stats;
    const rewrite = this.rewriteState;
    const size = commit.logs.reduce((total, log) => total + log.fileBytes, 0);
    return [
      'aof_enabled:1',
      `aof_rewrite_in_progress:${rewrite.running === null ? 0 : 1}`,
      `aof_rewrite_scheduled:${this.rewriteScheduled ? 1 : 0}`,
      `aof_last_rewrite_time_sec:${rewrite.lastDurationMs < 0 ? -1 : Math.round(rewrite.lastDurationMs / 1000)}`,
      `aof_current_rewrite_time_sec:${rewrite.running === null ? -1 : Math.round((this.engine.clock.monotonic() - rewrite.startedMs) / 1000)}`,
      `aof_last_bgrewrite_status:${rewrite.lastStatus}`,
      `aof_rewrites:${rewrite.count}`,
      `aof_rewrites_consecutive_failures:${rewrite.consecutiveFailures}`,
      `aof_last_write_status:${this.lastWriteError === null ? 'ok' : 'err'}`,
      'aof_last_cow_size:0',
      'module_fork_in_progress:0',
      'module_fork_last_cow_size:0',
      `aof_current_size:${size}`,
      `aof_base_size:${rewrite.baseBytes}`,
      'aof_pending_rewrite:0',
      `aof_buffer_length:${commit.logs.reduce((total, log) => total + log.pendingBytes, 0)}`,
      'aof_pending_bio_fsync:0',
      'aof_delayed_fsync:0',
      `aof_fsync_mode:${commit.mode}`,
      `aof_shards:${commit.logs.length}`,
      `aof_last_lsn:${commit.assignedLsn}`,
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
