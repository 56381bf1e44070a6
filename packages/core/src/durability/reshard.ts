/**
 * Offline reshard: rewrites an AOF into a layout with another shard count. The data is
 * recovered with the old layout (exactly as a start would), every key is routed to its new
 * shard through a balanced slot table, and each new shard gets a base snapshot and an empty
 * incremental file under fresh file numbers in the same directory. The new manifest's atomic
 * replace is the switch: a crash before it leaves the old layout (the new files are unnamed
 * orphans, overwritten next time), a crash after it leaves the new one; old files are deleted
 * only once the new manifest is durable.
 */
import { baseFileName, incrementalFileName, shardDirectory } from '../aof/layout.js';
import type { Engine, LogLevel } from '../engine/engine.js';
import { joinPath, type FileSystem } from '../io/file-system.js';
import type { Manifest } from '../manifest/manifest.js';
import { writeManifest } from '../manifest/manifest-store.js';
import { recover } from '../recovery/recover.js';
import { SlotTable } from '../routing/slot-table.js';
import { createSynced, deleteOld, writeBase } from './aof-rewrite.js';
import { ShardSnapshot, type DatabaseCopy } from './shard-snapshot.js';

export interface ReshardOptions {
  readonly fs: FileSystem;
  readonly directory: string;
  /** An engine configured with the AOF's current shard count (it receives the recovered data). */
  readonly engine: Engine;
  readonly shardCount: number;
  readonly log: (level: LogLevel, message: string) => void;
}

export interface ReshardResult {
  readonly keys: number;
  readonly fromShards: number;
  readonly toShards: number;
  readonly snapshotLsn: number;
}

export async function reshard(options: ReshardOptions): Promise<ReshardResult> {
  const { fs, directory, engine, shardCount } = options;
  const recovered = await recover({ fs, directory, shardCount: engine.shardCount, slots: engine.slots, repair: false, engine, log: options.log });
  await Promise.all(recovered.logs.map((log) => log.file.close()));
  const slots = SlotTable.balanced(shardCount);
  const snapshots = routeKeys(engine, slots, shardCount);
  const lsn = recovered.maxSeenLsn;
  const first = recovered.manifest.nextFile;
  const shards = [];
  for (let shard = 0; shard < shardCount; shard++) {
    await fs.makeDirectory(joinPath(directory, shardDirectory(shard)));
    const incremental = incrementalFileName(shard, first + shard);
    const base = baseFileName(shard, first + shardCount + shard);
    await (await createSynced(fs, directory, incremental)).close();
    await writeBase(fs, directory, base, snapshots[shard], lsn, engine.clock);
    shards.push({ base: { path: base, snapshotLsn: lsn, committedLsn: lsn }, incrementals: [incremental] });
  }
  await fs.syncDirectory(directory);
  const manifest: Manifest = { shardCount, slots, nextFile: first + 2 * shardCount, shards };
  await writeManifest(fs, directory, manifest);
  await deleteOld(fs, directory, recovered.manifest);
  for (let shard = shardCount; shard < engine.shardCount; shard++) await fs.removeDirectory(joinPath(directory, shardDirectory(shard)));
  const keys = snapshots.reduce((total, snapshot) => total + snapshot.keyCount, 0);
  options.log('notice', `Resharded ${directory} from ${engine.shardCount} to ${shardCount} shards: ${keys} keys at LSN ${lsn}`);
  return { keys, fromShards: engine.shardCount, toShards: shardCount, snapshotLsn: lsn };
}

/** Every key of every old shard, grouped by its new shard and database. */
function routeKeys(engine: Engine, slots: SlotTable, shardCount: number): ShardSnapshot[] {
  const copies: DatabaseCopy[][] = Array.from({ length: shardCount }, () =>
    Array.from({ length: engine.databaseCount }, (_, index) => ({ index, keys: [], values: [], expireKeys: [], expireTimes: [] })),
  );
  for (const databases of engine.shards) {
    for (const database of databases) {
      for (const [key, value] of database.entries.entries()) {
        const copy = copies[slots.shardOfKey(key)][database.index];
        copy.keys.push(key);
        copy.values.push(value);
        const expireAtMs = database.expires.get(key);
        if (expireAtMs !== undefined) {
          copy.expireKeys.push(key);
          copy.expireTimes.push(expireAtMs);
        }
      }
    }
  }
  const serverState = engine.serverStateCommands();
  return copies.map((databases, shard) => ShardSnapshot.fromCopies(databases, shard === 0 ? serverState : []));
}
