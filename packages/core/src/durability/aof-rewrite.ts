/**
 * AOF rewrite (BGREWRITEAOF and automatic): replaces every shard's files with a base snapshot
 * plus a fresh incremental file, without stopping writes and without blocking the event loop
 * for more than one bounded step at a time. The steps, each leaving a recoverable set behind:
 *
 * 1. Create a new incremental file per shard; install a manifest naming old files + new ones.
 * 2. Drain group commit with an fsync: everything up to LSN R is committed on every shard.
 * 3. In one synchronous step: switch every shard's log to its new file and capture snapshots
 *    of the shards at R (copy-on-write for collections).
 * 4. Write each base snapshot to a temp file in chunks, fsync, rename, fsync the directory.
 * 5. Install the manifest naming base(R, committed K ≥ R) + the new incremental file only.
 * 6. Only then delete the old files.
 *
 * A crash before 5 recovers from the manifest of step 1 (old files, then the new incremental
 * file); after 5 from the new set. Old files are never deleted before the new manifest is
 * durable; a base is never named before it is fsynced.
 */
import { baseFileName, incrementalFileName, shardDirectory } from '../aof/layout.js';
import type { Engine } from '../engine/engine.js';
import type { Clock } from '../io/clock.js';
import { joinPath, type FileHandle, type FileSystem } from '../io/file-system.js';
import type { Manifest, ShardFiles } from '../manifest/manifest.js';
import { writeManifest } from '../manifest/manifest-store.js';
import type { GroupCommit } from './group-commit.js';
import { newSnapshotEpoch, ShardSnapshot } from './shard-snapshot.js';
import { writeFileAtomically } from './atomic-file.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';

export interface RewriteContext {
  readonly fs: FileSystem;
  readonly directory: string;
  readonly engine: Engine;
  readonly groupCommit: GroupCommit;
  /** The manifest in force; replaced as the rewrite installs new ones. */
  manifest: Manifest;
  readonly defects: PlantedDefects;
}

export interface RewriteResult {
  readonly snapshotLsn: number;
  readonly keys: number;
  readonly baseBytes: number;
}

export async function rewriteAof(context: RewriteContext): Promise<RewriteResult> {
  const { fs, directory, engine, groupCommit, defects } = context;
  const before = context.manifest;
  const shardCount = before.shardCount;
  const first = before.nextFile;
  const incrementals = Array.from({ length: shardCount }, (_, shard) => incrementalFileName(shard, first + shard));
  const bases = Array.from({ length: shardCount }, (_, shard) => baseFileName(shard, first + shardCount + shard));
  const handles = await Promise.all(incrementals.map((path) => createSynced(fs, directory, path)));
  await Promise.all(before.shards.map((_, shard) => fs.syncDirectory(joinPath(directory, shardDirectory(shard)))));
  const during: Manifest = {
    ...before,
    nextFile: first + 2 * shardCount,
    shards: before.shards.map((files, shard) => ({ base: files.base, incrementals: [...files.incrementals, incrementals[shard]] })),
  };
  await writeManifest(fs, directory, during, defects);
  context.manifest = during;

  await groupCommit.drainAndSync();
  if (groupCommit.failure !== null) throw new Error('the AOF failed before the rewrite could switch files');
  const snapshotLsn = groupCommit.assignedLsn;
  const oldHandles = groupCommit.logs.map((log) => log.file);
  groupCommit.logs.forEach((log, shard) => {
    log.file = handles[shard];
    log.fileBytes = 0;
  });
  const epoch = newSnapshotEpoch();
  if (!defects.snapshotReadsLiveKeyspace) engine.snapshotGuard.activeEpoch = epoch;
  let snapshots: ShardSnapshot[];
  try {
    const serverState = engine.serverStateCommands();
    snapshots = engine.shards.map((databases, shard) => ShardSnapshot.capture(databases, epoch, shard === 0 ? serverState : []));
    await Promise.all(oldHandles.map((handle) => handle.close()));
    const sizes = await Promise.all(snapshots.map((snapshot, shard) => writeBase(fs, directory, bases[shard], snapshot, snapshotLsn, engine.clock, defects)));
    engine.snapshotGuard.activeEpoch = 0;
    const after: Manifest = {
      ...during,
      shards: during.shards.map((_, shard): ShardFiles => ({
        base: { path: bases[shard], snapshotLsn, committedLsn: Math.max(groupCommit.committedLsn, snapshotLsn) },
        incrementals: [incrementals[shard]],
      })),
    };
    if (defects.deleteOldBeforeManifest) await deleteOld(fs, directory, before);
    await writeManifest(fs, directory, after, defects);
    context.manifest = after;
    if (!defects.deleteOldBeforeManifest) await deleteOld(fs, directory, before);
    return { snapshotLsn, keys: snapshots.reduce((total, snapshot) => total + snapshot.keyCount, 0), baseBytes: sizes.reduce((a, b) => a + b, 0) };
  } finally {
    engine.snapshotGuard.activeEpoch = 0;
  }
}

export async function createSynced(fs: FileSystem, directory: string, path: string): Promise<FileHandle> {
  const handle = await fs.open(joinPath(directory, path), { create: true });
  await handle.truncate(0);
  await handle.sync();
  return handle;
}

/** Writes one base snapshot via a temp file; returns its size in bytes. */
export function writeBase(fs: FileSystem, directory: string, path: string, snapshot: ShardSnapshot, lsn: number, clock: Clock, defects: PlantedDefects = NO_PLANTED_DEFECTS): Promise<number> {
  return writeFileAtomically({ fs, clock, directory, path, tempPath: `${path}.tmp`, skipSync: defects.baseWithoutSync }, snapshot.chunks(lsn));
}

/** Deletes the files the previous manifest named, now that the new one is durable. */
export async function deleteOld(fs: FileSystem, directory: string, before: Manifest): Promise<void> {
  for (const [shard, files] of before.shards.entries()) {
    const paths = [...(files.base === null ? [] : [files.base.path]), ...files.incrementals];
    for (const path of paths) await fs.unlink(joinPath(directory, path));
    await fs.syncDirectory(joinPath(directory, shardDirectory(shard)));
  }
}
