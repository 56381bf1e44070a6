/**
 * RDB snapshots of a running server: SAVE, BGSAVE [SCHEDULE], the `save` points, LASTSAVE and
 * INFO persistence's rdb_* fields. A save captures every shard's databases in one synchronous
 * step (copy-on-write, the same capture an AOF rewrite uses), then encodes them as Redis 7.0's
 * RDB in bounded steps between which clients are served, and installs `<dir>/<dbfilename>`
 * atomically (temp file, fsync, rename, directory fsync). One snapshot runs at a time, as Redis
 * runs one child: BGSAVE during an AOF rewrite is refused or, with SCHEDULE, started after it.
 */
import type { SnapshotServices } from '../commands/services.js';
import { REDIS_COMPATIBLE_VERSION } from '../config/redis-version.js';
import type { Engine, LogLevel } from '../engine/engine.js';
import type { FileSystem } from '../io/file-system.js';
import { encodingLimitsOf } from '../rdb/encoding-limits.js';
import { rdbFileChunks, type RdbImage } from '../rdb/rdb-file-writer.js';
import { writeFileAtomically } from './atomic-file.js';
import { captureDatabases, newSnapshotEpoch, type DatabaseCopy } from './shard-snapshot.js';

export interface RdbSnapshotsOptions {
  readonly fs: FileSystem;
  /** The data directory (`dir`); the dump is `<dir>/<dbfilename>`. */
  readonly directory: string;
  readonly engine: Engine;
  readonly log: (level: LogLevel, message: string) => void;
  /** True while an AOF rewrite runs (it holds the one snapshot slot). */
  readonly rewriteInProgress: () => boolean;
}

/** What the last load of a dump found (INFO's rdb_last_load_keys_*). */
export interface LoadCounts {
  readonly loaded: number;
  readonly expired: number;
}

/** How often the save points are checked, and a failed background save's retry delay (Redis's CONFIG_BGSAVE_RETRY_DELAY). */
const SAVE_POINT_CHECK_MS = 1000;
const RETRY_DELAY_SECONDS = 5;

export class RdbSnapshots implements SnapshotServices {
  private running: Promise<boolean> | null = null;
  private scheduled = false;
  private lastSaveMs: number;
  private lastStatus: 'ok' | 'err' = 'ok';
  private lastDurationMs = -1;
  /** When the running (or last) save started: INFO's current time, and the retry delay after a failure. */
  private startedMs = 0;
  private saves = 0;
  private attempts = 0;
  private dirtyAtLastSave = 0;
  private keysTotal = 0;
  private keysProcessed = 0;
  private timer: { cancel(): void } | null = null;
  lastLoad: LoadCounts = { loaded: 0, expired: 0 };

  constructor(private readonly options: RdbSnapshotsOptions) {
    this.lastSaveMs = options.engine.startedAtMs;
  }

  get inProgress(): boolean {
    return this.running !== null;
  }

  get lastSaveSeconds(): number {
    return Math.floor(this.lastSaveMs / 1000);
  }

  /** True when the last background save failed, save points are set and stop-writes-on-bgsave-error is on. */
  get refusesWrites(): boolean {
    const config = this.options.engine.config;
    return this.lastStatus === 'err' && config.string('save').trim() !== '' && config.boolean('stop-writes-on-bgsave-error');
  }

  /** Starts checking the save points (and scheduled saves) once a second. */
  start(): void {
    const tick = (): void => {
      this.timer = this.options.engine.clock.schedule(SAVE_POINT_CHECK_MS, () => {
        this.checkSavePoints();
        tick();
      });
    };
    tick();
  }

  /** Stops the checks; a running save finishes (await `idle()`). */
  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** Settles when no save is running. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  save(): Promise<string | null> {
    return this.run(false).then((ok) => (ok ? null : 'save failed'));
  }

  startBackgroundSave(schedule: boolean): 'started' | 'scheduled' | string {
    if (this.running !== null) return 'Background save already in progress';
    if (this.options.rewriteInProgress()) {
      if (!schedule) return "Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.";
      this.scheduled = true;
      return 'scheduled';
    }
    void this.run(true);
    return 'started';
  }

  infoLines(): string[] {
    const engine = this.options.engine;
    const nowMs = engine.clock.now();
    return [
      `current_save_keys_processed:${this.running === null ? 0 : this.keysProcessed}`,
      `current_save_keys_total:${this.running === null ? 0 : this.keysTotal}`,
      `rdb_changes_since_last_save:${engine.stats.dirty - this.dirtyAtLastSave}`,
      `rdb_bgsave_in_progress:${this.running === null ? 0 : 1}`,
      `rdb_last_save_time:${this.lastSaveSeconds}`,
      `rdb_last_bgsave_status:${this.lastStatus}`,
      `rdb_last_bgsave_time_sec:${this.lastDurationMs < 0 ? -1 : Math.round(this.lastDurationMs / 1000)}`,
      `rdb_current_bgsave_time_sec:${this.running === null ? -1 : Math.round((nowMs - this.startedMs) / 1000)}`,
      `rdb_saves:${this.saves}`,
      'rdb_last_cow_size:0',
      `rdb_last_load_keys_expired:${this.lastLoad.expired}`,
      `rdb_last_load_keys_loaded:${this.lastLoad.loaded}`,
    ];
  }

  /** Redis's serverCron check: a save point whose seconds passed with enough changes starts a background save. */
  private checkSavePoints(): void {
    if (this.running !== null || this.options.rewriteInProgress()) return;
    if (this.scheduled) {
      this.scheduled = false;
      void this.run(true);
      return;
    }
    const nowMs = this.options.engine.clock.now();
    const changes = this.options.engine.stats.dirty - this.dirtyAtLastSave;
    const sinceSaveSeconds = (nowMs - this.lastSaveMs) / 1000;
    const mayRetry = this.lastStatus === 'ok' || (nowMs - this.startedMs) / 1000 > RETRY_DELAY_SECONDS;
    for (const [seconds, minimum] of savePoints(this.options.engine.config.string('save'))) {
      if (changes >= minimum && sinceSaveSeconds > seconds && mayRetry) {
        this.options.log('notice', `${minimum} changes in ${seconds} seconds. Saving...`);
        void this.run(true);
        return;
      }
    }
  }

  /** One save: capture now, write in the background; true when the dump was installed. */
  private run(background: boolean): Promise<boolean> {
    const { engine, log } = this.options;
    const startedMs = engine.clock.now();
    const dirtyAtStart = engine.stats.dirty;
    const epoch = newSnapshotEpoch();
    engine.snapshotGuard.activeEpoch = epoch;
    const databases: DatabaseCopy[] = engine.shards.flatMap((shard) => captureDatabases(shard, epoch));
    const image: RdbImage = {
      databases,
      functionLibraries: engine.scripting.libraryCodes(),
      aux: {
        redisVersion: REDIS_COMPATIBLE_VERSION, ctimeSeconds: Math.floor(startedMs / 1000),
        usedMemoryBytes: engine.usedMemory(), aofBase: false,
      },
    };
    this.startedMs = startedMs;
    this.keysTotal = databases.reduce((total, database) => total + database.keys.length, 0);
    this.keysProcessed = 0;
    if (background) log('notice', 'Background saving started');
    const running = this.write(image).then(
      () => {
        this.lastStatus = 'ok';
        this.lastSaveMs = startedMs;
        this.dirtyAtLastSave = dirtyAtStart;
        this.saves++;
        log('notice', background ? 'Background saving terminated with success' : 'DB saved on disk');
        return true;
      },
      (error: unknown) => {
        // As in Redis, only a background save's failure is its status (a failed SAVE answers ERR and leaves it).
        if (background) this.lastStatus = 'err';
        log('warning', `${background ? 'Background saving' : 'SAVE'} failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
    ).finally(() => {
      if (engine.snapshotGuard.activeEpoch === epoch) engine.snapshotGuard.activeEpoch = 0;
      this.lastDurationMs = engine.clock.now() - startedMs;
      this.running = null;
    });
    this.running = running;
    return running;
  }

  private write(image: RdbImage): Promise<number> {
    const { fs, directory, engine } = this.options;
    const config = engine.config;
    const delayUs = config.integer('rdb-key-save-delay');
    const chunks = rdbFileChunks(image, {
      compression: config.boolean('rdbcompression'), checksum: config.boolean('rdbchecksum'), limits: encodingLimitsOf(config),
      onKeys: (count) => (this.keysProcessed += count),
    });
    let delayedKeys = 0;
    return writeFileAtomically({
      fs, clock: engine.clock, directory, path: config.string('dbfilename'), tempPath: `temp-${++this.attempts}.rdb`,
      afterChunk: delayUs <= 0 ? undefined : () => {
        const keys = this.keysProcessed - delayedKeys;
        delayedKeys = this.keysProcessed;
        return new Promise((resolve) => void engine.clock.schedule((keys * delayUs) / 1000, resolve));
      },
    }, chunks);
  }
}

/** The `save` option's (seconds, changes) pairs. */
export function savePoints(save: string): [number, number][] {
  const numbers = save.trim() === '' ? [] : save.trim().split(/\s+/).map(Number);
  const points: [number, number][] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i], numbers[i + 1]]);
  return points;
}
