/**
 * GroupCommit: the AOF write path. Units of effects get global LSNs and are encoded into their
 * shards' pending buffers at once; batches are cut at the end of each event loop turn. A batch
 * writes, on every shard with pending entries, those entries and a seal (G, last[], committed);
 * shards write and fsync in parallel. The event loop never waits: everything here is promises.
 *
 * One batch is in flight while the next accumulates — except under `always` in steady state,
 * where every batch is one O_DSYNC write per shard, block-aligned: there up to
 * BATCHES_IN_FLIGHT_MAX run at once, and committedLsn still advances strictly in batch order. A
 * crash may then leave a later batch on disk and an earlier one torn; recovery sees frames after
 * the damage that were never committed and truncates there (recovery/start-plan.ts), so nothing acknowledged
 * is lost and the recovered state is still a prefix.
 *
 * committedLsn is the largest G whose batch is fsynced on every shard that had entries in it
 * (and on every earlier batch): it only moves forward. Modes:
 * - always: every batch fsyncs; replies wait for committedLsn (the engine's reply gate).
 * - everysec: batches only write; every fsyncIntervalMs a batch also fsyncs every shard written
 *   since the last fsync.
 * - no: batches only write; fsync only when asked (rewrite, shutdown).
 *
 * The first write or fsync error stops the pipeline for good (DESIGN: never retry an fsync as if
 * it had succeeded): `failure` is set, the engine refuses writes with MISCONF, and what was not
 * committed stays uncommitted until a restart recovers the durable prefix.
 */
import type { ShardLog } from '../aof/shard-log.js';
import type { Clock, TimerHandle } from '../io/clock.js';
import type { UnitEffects } from '../aof/effect.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';

export type FsyncMode = 'always' | 'everysec' | 'no';

export const FSYNC_INTERVAL_MS = 1000;
/** Durable (O_DSYNC) batches that may be in flight at once under `always`. */
export const BATCHES_IN_FLIGHT_MAX = 2;

interface Flight {
  readonly lsn: number;
  /** One O_DSYNC write per shard, independent of any other batch. */
  readonly durable: boolean;
  promise: Promise<void>;
  done: boolean;
  synced: boolean;
}

export interface GroupCommitOptions {
  readonly logs: ShardLog[];
  readonly mode: FsyncMode;
  readonly clock: Clock;
  /** The highest LSN ever seen by recovery: new LSNs start above it. */
  readonly lsnFloor: number;
  /** committedLsn after recovery (everything recovered is durable). */
  readonly committedLsn: number;
  /** committedLsn moved forward. */
  readonly onCommitted: (lsn: number) => void;
  /** A batch through `lsn` was written (not necessarily fsynced): what `appendfsync no` recovers after a process crash. */
  readonly onWritten?: (lsn: number) => void;
  /** A write or fsync failed; the pipeline has stopped. */
  readonly onFailure: (error: unknown) => void;
  /**
   * How long a batch's steps took, in ms, as the latency monitor's events: `aof-write` and
   * `aof-write-alone` or `aof-write-pending-fsync` (written while an earlier batch was in
   * flight) for its write, `aof-fsync-always` for its fsync under always (its write, when that
   * was one O_DSYNC write).
   */
  readonly onLatency?: (event: string, latencyMs: number) => void;
  /** Deliberate bugs for the simulator's mutant runs; none by default. */
  readonly defects?: PlantedDefects;
}

/** Counters behind INFO persistence and the admin metrics. */
export interface GroupCommitStats {
  batches: number;
  fsyncs: number;
  bytesWritten: number;
  /** Duration of the last synced batch (write + fsync), and the slowest, in ms. */
  lastFsyncMs: number;
  maxFsyncMs: number;
  lastFsyncEndMs: number;
}

export class GroupCommit {
  mode: FsyncMode;
  /** The highest LSN handed out so far (new units get the next one); recovery's floor at start. */
  assignedLsn: number;
  committedLsn: number;
  failure: unknown = null;
  readonly stats: GroupCommitStats = { batches: 0, fsyncs: 0, bytesWritten: 0, lastFsyncMs: 0, maxFsyncMs: 0, lastFsyncEndMs: 0 };
  readonly logs: ShardLog[];
  private readonly clock: Clock;
  private readonly options: GroupCommitOptions;
  private readonly defects: PlantedDefects;
  /** Batches started and not yet retired, oldest first. */
  private readonly flights: Flight[] = [];
  /** Shards written since their last fsync (everysec, no). */
  private readonly unsynced = new Set<number>();
  /** G of the last batch written (synced or not). */
  private writtenLsn: number;
  private syncRequested = false;
  private lastSyncMs: number;
  private timer: TimerHandle | null = null;

  constructor(options: GroupCommitOptions) {
    this.options = options;
    this.defects = options.defects ?? NO_PLANTED_DEFECTS;
    this.logs = options.logs;
    this.mode = options.mode;
    this.clock = options.clock;
    this.assignedLsn = options.lsnFloor;
    this.committedLsn = options.committedLsn;
    this.writtenLsn = options.committedLsn;
    this.lastSyncMs = options.clock.monotonic();
  }

  /** Starts the everysec timer. */
  start(): void {
    const tick = () => {
      this.timer = this.clock.schedule(FSYNC_INTERVAL_MS / 4, tick);
      if (this.mode === 'everysec' && this.clock.monotonic() - this.lastSyncMs >= FSYNC_INTERVAL_MS) this.cut();
    };
    this.timer = this.clock.schedule(FSYNC_INTERVAL_MS / 4, tick);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  appendUnit(unit: UnitEffects): number {
    if (this.failure !== null) throw new Error('appendUnit after a durability failure');
    const lsn = ++this.assignedLsn;
    for (let shard = 0; shard < unit.length; shard++) {
      if (unit[shard].length > 0) this.logs[shard].appendEntry(lsn, unit[shard]);
    }
    return lsn;
  }

  /** End of an event loop turn: cut a batch if one may start. */
  endOfEvent(): void {
    this.cut();
  }

  /** Asks for an fsync of everything written so far, at the next batch. */
  requestSync(): void {
    this.syncRequested = true;
    this.cut();
  }

  /** Resolves when nothing is pending or in flight and everything written is fsynced (rewrite, shutdown). */
  async drainAndSync(): Promise<void> {
    for (;;) {
      if (this.failure !== null) return;
      if (this.flights.length > 0) {
        await Promise.all(this.flights.map((flight) => flight.promise));
      } else if (this.hasPending() || (this.committedLsn < this.assignedLsn && this.unsynced.size > 0)) {
        // Batches cut while we waited may not have synced: ask again until all is committed.
        this.syncRequested = true;
        this.cut();
      } else {
        return;
      }
    }
  }

  /** Resolves when no batch is in flight: shard files may then be switched. */
  async idle(): Promise<void> {
    while (this.flights.length > 0) await Promise.all(this.flights.map((flight) => flight.promise));
  }

  /** A batch may start when none is in flight, or when it and those in flight are all durable writes. */
  private mayStart(): boolean {
    if (this.flights.length === 0) return true;
    return this.mode === 'always' && this.unsynced.size === 0 && this.flights.length < BATCHES_IN_FLIGHT_MAX
      && this.flights.every((flight) => flight.durable);
  }

  private hasPending(): boolean {
    return this.logs.some((log) => log.pendingBytes > 0);
  }

  private cut(): void {
    if (this.failure !== null || !this.mayStart()) return;
    const pending = this.logs.filter((log) => log.pendingBytes > 0);
    const sync = this.mode === 'always' || this.syncRequested
      || (this.mode === 'everysec' && !this.defects.everysecNeverFsyncs && this.clock.monotonic() - this.lastSyncMs >= FSYNC_INTERVAL_MS);
    if (pending.length === 0 && !(sync && this.unsynced.size > 0) && !(this.syncRequested && this.committedLsn < this.writtenLsn)) {
      this.syncRequested = false;
      return;
    }
    this.syncRequested = false;
    const committed = this.defects.sealClaimsOwnBatch ? this.assignedLsn : this.committedLsn;
    const seal = { lsn: this.assignedLsn, committed, last: this.logs.map((log) => log.lastLsn) };
    // A synced batch ends every written shard on a block boundary, also those whose last write
    // is older (they get a padding seal), so no later write shares a block with committed data.
    const writing = sync ? this.logs.filter((log) => log.pendingBytes > 0 || this.unsynced.has(log.shard)) : pending;
    const writes = writing.map((log) => ({ log, bytes: log.takeBatch(seal, { blockAligned: sync }) }));
    const durable = sync && this.unsynced.size === 0;
    const flight: Flight = { lsn: seal.lsn, durable, promise: Promise.resolve(), done: false, synced: false };
    this.flights.push(flight);
    flight.promise = this.runBatch(seal.lsn, writes, sync).then((synced) => {
      flight.done = true;
      flight.synced = synced;
      this.retire();
      if (this.failure === null && this.hasPending()) this.cut();
    });
  }

  /** A batch's write took `writeMs`: Redis's aof-write events (and aof-fsync-always for an O_DSYNC write under always). */
  private reportWrite(writeMs: number, alone: boolean, durable: boolean): void {
    const report = this.options.onLatency;
    if (report === undefined) return;
    report(alone ? 'aof-write-alone' : 'aof-write-pending-fsync', writeMs);
    report('aof-write', writeMs);
    if (durable && this.mode === 'always') report('aof-fsync-always', writeMs);
  }

  /** Retires finished batches in order; committedLsn moves to the newest synced one. */
  private retire(): void {
    while (this.flights.length > 0 && this.flights[0].done) {
      const flight = this.flights.shift()!;
      if (flight.synced && this.failure === null && flight.lsn > this.committedLsn) {
        this.committedLsn = flight.lsn;
        this.options.onCommitted(flight.lsn);
      }
    }
  }

  /** Planted defect commitOnFirstShard: one shard's durable write taken for the whole batch's. */
  private commitEarly(lsn: number): void {
    if (lsn <= this.committedLsn) return;
    this.committedLsn = lsn;
    this.options.onCommitted(lsn);
  }

  /** Writes (and with `sync` fsyncs) one batch; true when it is durable. */
  private async runBatch(lsn: number, writes: Array<{ log: ShardLog; bytes: Uint8Array }>, sync: boolean): Promise<boolean> {
    this.stats.batches++;
    if (this.defects.ackBeforeFsync && sync && lsn > this.committedLsn) {
      this.committedLsn = lsn;
      this.options.onCommitted(lsn);
    }
    try {
      const startedMs = this.clock.monotonic();
      // Durable writes (one trip each) when no shard holds older unsynced data; else write, then fsync.
      const durableWrites = sync && this.unsynced.size === 0;
      const alone = this.flights.length === 1;
      await Promise.all(writes.map(({ log, bytes }, index) => {
        const written = log.write(bytes, { durable: durableWrites });
        return index === 0 && durableWrites && this.defects.commitOnFirstShard ? written.then(() => this.commitEarly(lsn)) : written;
      }));
      const writtenMs = this.clock.monotonic();
      this.reportWrite(writtenMs - startedMs, alone, durableWrites);
      for (const { log, bytes } of writes) {
        this.stats.bytesWritten += bytes.length;
        if (!durableWrites) this.unsynced.add(log.shard);
      }
      if (lsn > this.writtenLsn) {
        this.writtenLsn = lsn;
        this.options.onWritten?.(lsn);
      }
      if (!sync) return false;
      const shards = [...this.unsynced];
      this.unsynced.clear();
      await Promise.all(shards.map((shard) => this.logs[shard].file.sync().catch((error: unknown) => {
        if (!this.defects.retryFailedFsync) throw error;
      })));
      this.stats.fsyncs++;
      this.stats.lastFsyncMs = this.clock.monotonic() - startedMs;
      if (this.mode === 'always' && !durableWrites) this.options.onLatency?.('aof-fsync-always', this.clock.monotonic() - writtenMs);
      this.stats.maxFsyncMs = Math.max(this.stats.maxFsyncMs, this.stats.lastFsyncMs);
      this.stats.lastFsyncEndMs = this.clock.now();
      this.lastSyncMs = this.clock.monotonic();
    } catch (error) {
      if (this.failure === null) {
        this.failure = error;
        this.options.onFailure(error);
      }
      return false;
    }
    return true;
  }
}
