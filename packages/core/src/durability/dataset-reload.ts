/**
 * DEBUG RELOAD and DEBUG LOADAOF: the dataset goes to disk and comes back from it, so that what
 * a client reads afterwards is what a restart would have loaded. Redis saves an RDB and loads it;
 * Ballast makes the same promise with the files it starts from:
 *
 * - appendonly yes: rewrite the AOF (every shard's base snapshot; skipped for RELOAD NOSAVE and
 *   LOADAOF), make everything logged durable, then read the AOF exactly as a start does (manifest,
 *   every shard's files, the recovery plan) and replay it through the same path. The plan must
 *   be `ok` and reach the last LSN logged: anything else — a torn or corrupt file, a cut short of
 *   what was written — is refused and the dataset in memory stays as it was.
 * - appendonly no: SAVE the dump (skipped for NOSAVE) and load `<dir>/<dbfilename>` back, as at
 *   start (keys already expired are skipped, as Redis's load skips them).
 *
 * The engine runs no command meanwhile (EngineServices.pauseWhile). The live dataset is set
 * aside, not dropped, until the load succeeded: a failed load puts it (and the function
 * libraries) back. Loading touches watched keys like FLUSHALL, as Redis's emptyData does, and
 * logs nothing: memory ends up equal to what the log already holds.
 *
 * NOFLUSH keeps what memory holds besides: the keys and libraries set aside are added to the
 * loaded ones — with MERGE the loaded copy wins where both hold one; without it such a conflict
 * refuses the reload (Redis fails its load then) and memory stays as it was.
 */
import type { DatasetReloader, ReloadOptions } from '../commands/services.js';
import type { Engine, LogLevel } from '../engine/engine.js';
import type { FileSystem } from '../io/file-system.js';
import type { ExpiryMap, KeyspaceMap } from '../keyspace/keyspace-map.js';
import type { ByteString } from '../resp/byte-string.js';
import { replayThroughCut } from '../recovery/apply-plan.js';
import { readManifestEvidence, readRecoveryEvidence } from '../recovery/recovery-evidence.js';
import { planRecovery } from '../recovery/recovery-plan.js';
import { ErrorReply } from '../resp/reply.js';
import type { Persistence } from './persistence.js';
import { dumpExists, loadDump } from './rdb-load.js';

export interface DatasetReloadOptions {
  readonly fs: FileSystem;
  /** The data directory (`dir`): the dump is `<dir>/<dbfilename>`. */
  readonly directory: string;
  readonly engine: Engine;
  /** The AOF (appendonly yes), or null. */
  readonly persistence: Persistence | null;
  readonly log: (level: LogLevel, message: string) => void;
}

/** The live dataset, set aside while the reloaded one is built. */
interface SetAside {
  readonly maps: { entries: KeyspaceMap; expires: ExpiryMap }[][];
  readonly libraries: ByteString;
  readonly dirty: number;
}

export class DatasetReload implements DatasetReloader {
  constructor(private readonly options: DatasetReloadOptions) {}

  async reload(options: ReloadOptions): Promise<string | null> {
    try {
      return this.options.persistence === null ? await this.reloadDump(options) : await this.reloadAof(this.options.persistence, options);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private async reloadAof(persistence: Persistence, options: ReloadOptions): Promise<string | null> {
    const { fs, engine, log } = this.options;
    if (options.persist) await persistence.rewriteAndWait();
    await persistence.groupCommit.drainAndSync();
    if (persistence.groupCommit.failure !== null) return 'the AOF failed: writes are refused until a restart (see the log)';
    const evidence = await readRecoveryEvidence(
      { fs, directory: persistence.directory, shardCount: engine.shardCount },
      await readManifestEvidence(fs, persistence.directory),
    );
    const plan = planRecovery(evidence);
    if (plan.kind !== 'ok') return `the AOF does not load back cleanly (recovery plan '${plan.kind}'); the dataset in memory is unchanged`;
    if (plan.cut < engine.lastLoggedLsn) {
      return `the AOF loads back only through LSN ${plan.cut}, below the last one logged (${engine.lastLoggedLsn}); the dataset in memory is unchanged`;
    }
    const files = evidence.files;
    if (files === null || files.status !== 'read') return 'the AOF files could not be read back';
    let entries = 0;
    const failure = this.replace(options, () => {
      entries = replayThroughCut(engine, plan, files.shards);
    });
    if (failure === null) log('notice', `DEBUG RELOAD: ${entries} AOF entries replayed through LSN ${plan.cut}`);
    return failure;
  }

  private async reloadDump(options: ReloadOptions): Promise<string | null> {
    const { fs, directory, engine, log } = this.options;
    const snapshots = engine.snapshots;
    if (options.persist) {
      if (snapshots === null) return 'RDB snapshots are not available on this server';
      if (snapshots.inProgress) return 'a background save is in progress';
      const failure = await snapshots.save();
      if (failure !== null) return `saving the dump failed: ${failure}`;
    }
    const fileName = engine.config.string('dbfilename');
    if (!(await dumpExists(fs, directory, fileName))) return `there is no dump to load (${fileName})`;
    const aside = this.setAside();
    try {
      const loaded = await loadDump(fs, directory, fileName, engine);
      this.keepAside(aside, options);
      engine.stats.dirty = aside.dirty;
      log('notice', `DEBUG RELOAD: ${loaded.keysLoaded} keys loaded from ${fileName} (${loaded.keysExpired} expired keys skipped)`);
      return null;
    } catch (error) {
      this.restore(aside);
      return `${error instanceof Error ? error.message : String(error)}; the dataset in memory is unchanged`;
    }
  }

  /** Sets the dataset aside, runs `load` on an empty engine, and puts the old dataset back when it throws. */
  private replace(options: ReloadOptions, load: () => void): string | null {
    const aside = this.setAside();
    try {
      load();
      this.keepAside(aside, options);
      this.options.engine.stats.dirty = aside.dirty;
      return null;
    } catch (error) {
      this.restore(aside);
      return `${error instanceof Error ? error.message : String(error)}; the dataset in memory is unchanged`;
    }
  }

  /**
   * NOFLUSH: adds what was set aside to what was loaded. With MERGE the loaded key or library
   * wins a conflict; without it a conflict throws (the caller puts the old dataset back).
   */
  private keepAside(aside: SetAside, options: ReloadOptions): void {
    if (options.flush) return;
    const { engine } = this.options;
    engine.shards.forEach((databases, shard) => databases.forEach((database, index) => {
      const { entries, expires } = aside.maps[shard][index];
      for (const [key, value] of entries.entries()) {
        if (database.entries.has(key)) {
          if (options.merge) continue;
          throw new Error(`duplicated key ${JSON.stringify(key.slice(0, 64))} in database ${index} (MERGE replaces it)`);
        }
        database.entries.set(key, value);
        const atMs = expires.get(key);
        if (atMs !== undefined) database.expires.set(key, atMs);
      }
    }));
    if (options.merge) {
      const loaded = engine.scripting.dumpLibraries();
      engine.scripting.restoreLibraries(aside.libraries, 'flush');
      const merged = engine.scripting.restoreLibraries(loaded, 'replace');
      if (merged instanceof ErrorReply) throw new Error(`the function libraries do not merge: ${merged.message}`);
    } else {
      const appended = engine.scripting.restoreLibraries(aside.libraries, 'append');
      if (appended instanceof ErrorReply) throw new Error(`a function library is both loaded and in memory: ${appended.message} (MERGE replaces it)`);
    }
  }

  /** Empties every database (as FLUSHALL: watched keys are touched) and the function libraries, keeping what they held. */
  private setAside(): SetAside {
    const { engine } = this.options;
    const aside: SetAside = {
      maps: engine.shards.map((databases) => databases.map((database) => ({ entries: database.entries, expires: database.expires }))),
      libraries: engine.scripting.dumpLibraries(),
      dirty: engine.stats.dirty,
    };
    engine.runEvent(() => {
      for (const databases of engine.shards) for (const database of databases) database.flush();
      engine.scripting.flushLibraries();
    });
    return aside;
  }

  private restore(aside: SetAside): void {
    const { engine } = this.options;
    engine.runEvent(() => {
      engine.shards.forEach((databases, shard) => databases.forEach((database, index) => {
        database.flush();
        // The maps set aside left the memory meter when they were flushed: they come back to it.
        database.entries = aside.maps[shard][index].entries;
        database.expires = aside.maps[shard][index].expires;
        database.entries.attach();
        database.expires.attach();
      }));
      engine.scripting.restoreLibraries(aside.libraries, 'flush');
      engine.stats.dirty = aside.dirty;
    });
  }
}
