/**
 * Recovery at start: read the manifest and every shard's files (shards in parallel), stop each
 * log at its first bad frame, compute the durable cut, replay every entry up to it, physically
 * truncate what lies past it (keeping the cut bytes in a fsynced sidecar as evidence), and open
 * each shard's newest incremental file for appending. The decision table:
 *
 * | what was read                                          | outcome                         |
 * |--------------------------------------------------------|---------------------------------|
 * | no manifest, no shard folders                          | fresh: create files + manifest  |
 * | no manifest, shard folders present                     | refuse                          |
 * | manifest damaged, or names a missing file              | refuse                          |
 * | manifest shard count ≠ configured                      | refuse (reshard)                |
 * | bad frame at the end of the last written file          | torn tail: truncate, log        |
 * | bad frame in a base, before a newer file's frames, or  | corruption: refuse; with repair |
 * | verifying frames holding a committed LSN               | truncate there                  |
 * | bad frame followed only by frames never committed      | torn (unsynced sectors): truncate|
 * | cut below the largest committed LSN claimed            | corruption: refuse; with repair |
 * |                                                        | truncate to the cut             |
 * | frames after the cut                                   | truncate (never acknowledged)   |
 *
 * Refusals throw RecoveryRefusal; the server exits with code 2 and the message.
 */
import { BLOCK_BYTES, FrameKind } from '../aof/frame.js';
import { incrementalFileName, shardDirectory, sidecarFileName } from '../aof/layout.js';
import { ShardLog } from '../aof/shard-log.js';
import type { Engine, LogLevel } from '../engine/engine.js';
import { isFileSystemError, joinPath, parentPath, type FileHandle, type FileSystem } from '../io/file-system.js';
import { ManifestError, type BaseFile, type Manifest } from '../manifest/manifest.js';
import { readManifest, writeManifest } from '../manifest/manifest-store.js';
import type { SlotTable } from '../routing/slot-table.js';
import { applyEntry } from './apply-entry.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';
import { computeDurableCut } from './durable-cut.js';
import { scanLog, type Damage, type ScannedLog } from './log-scan.js';

export const CORRUPTION_RUNBOOK = 'apps/docs/runbooks/refuses-to-start.md';

export class RecoveryRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryRefusal';
  }
}

export interface RecoveryOptions {
  readonly fs: FileSystem;
  /** `<dir>/<appenddirname>`. */
  readonly directory: string;
  readonly shardCount: number;
  readonly slots: SlotTable;
  /** --aof-repair: truncate at corruption instead of refusing. */
  readonly repair: boolean;
  readonly engine: Engine;
  readonly log: (level: LogLevel, message: string) => void;
  /** Deliberate bugs for the simulator's mutant runs; none by default. */
  readonly defects?: PlantedDefects;
}

export interface RecoveryResult {
  readonly manifest: Manifest;
  readonly logs: ShardLog[];
  readonly cut: number;
  readonly maxSeenLsn: number;
  readonly bytesRead: number;
  readonly bytesTruncated: number;
  readonly entriesApplied: number;
}

interface ReadFile {
  readonly path: string;
  readonly base: boolean;
  readonly scanned: ScannedLog;
  readonly bytes: Uint8Array;
}

export async function recover(options: RecoveryOptions): Promise<RecoveryResult> {
  const { fs, directory } = options;
  // The AOF folder and the data directory above it may both be new: make their entries durable.
  await fs.makeDirectory(directory);
  await fs.syncDirectory(parentPath(directory));
  await fs.syncDirectory(parentPath(parentPath(directory)));
  const manifest = (await loadManifest(options)) ?? (await createFresh(options));
  if (manifest.shardCount !== options.shardCount) {
    throw new RecoveryRefusal(`The AOF in ${directory} has ${manifest.shardCount} shards but the server is configured with ${options.shardCount}. `
      + `Start with --shards ${manifest.shardCount}, or convert the data with: ballast-server reshard --dir <dir> --shards ${options.shardCount}`);
  }
  await fs.syncDirectory(directory);
  await Promise.all(manifest.shards.map((_, shard) => fs.syncDirectory(joinPath(directory, shardDirectory(shard)))));
  const files = await Promise.all(manifest.shards.map((_, shard) => readShardFiles(options, manifest, shard)));
  const problems: string[] = [];
  const usable = files.map((shardFiles, shard) => usableFrames(options, shardFiles, manifest.shards[shard].base, problems));
  const cut = computeDurableCut(usable.map(({ evidence }) => evidence));
  const claimed = Math.max(cut.claimedCommitted, ...usable.map(({ followedByValid }) => followedByValid?.damage.committedClaimAfter ?? 0));
  for (const { followedByValid } of usable) {
    if (followedByValid === null) continue;
    const { where, damage } = followedByValid;
    // Frames never go down in LSN within a file, so the damaged bytes held LSNs up to
    // damagedLsnMax (the first verifying frame after them bounds them). When that is committed,
    // the damaged bytes had been fsynced: corruption. Otherwise everything from the damage on was
    // never fsynced, and a power loss may tear unsynced sectors anywhere: a torn tail, with
    // frames after it.
    if (damage.damagedLsnMax <= claimed || damage.minLsnAfter <= claimed) {
      problems.push(`${where} is followed by valid frames at offset ${damage.nextValidOffset}; the damaged bytes held LSNs up to ${Math.min(damage.damagedLsnMax, damage.minLsnAfter)}, and LSN ${claimed} had been committed`);
    }
    else options.log('warning', `AOF torn tail: ${where}, followed by frames that were never fsynced (LSN ${damage.minLsnAfter} and above, committed was ${claimed}); everything from the damage on will be truncated`);
  }
  if (cut.cut < claimed) {
    const missing = cut.missing.map(({ shard, lsn }) => `shard ${shard} lacks LSN ${lsn}`).join(', ');
    problems.push(`the logs recover only through LSN ${cut.cut}, but LSN ${claimed} had been committed (${missing || 'a committed entry is missing'}): durable data was lost`);
  }
  if (problems.length > 0 && !options.repair) {
    throw new RecoveryRefusal(`Bad AOF in ${directory}: ${problems.join('; ')}. Refusing to start so no durable data is dropped silently. `
      + `Inspect with: ballast-check-aof ${directory}. To truncate at the damage and start anyway: --aof-repair. Runbook: ${CORRUPTION_RUNBOOK}`);
  }
  for (const problem of problems) options.log('warning', `--aof-repair: ${problem}`);
  let entriesApplied = 0;
  files.forEach((shardFiles, shard) => {
    if ((options.defects ?? NO_PLANTED_DEFECTS).replayOnlyShardZero && shard > 0) return;
    const stopped = usable[shard].stopped;
    for (const file of stopped < 0 ? shardFiles : shardFiles.slice(0, stopped + 1)) {
      for (const frame of file.scanned.frames) {
        if (frame.lsn > cut.cut) break;
        if (frame.kind === FrameKind.Entry) {
          applyEntry(options.engine, shard, frame.payload);
          entriesApplied++;
        }
      }
    }
  });
  const truncated = await Promise.all(files.map((shardFiles) => truncatePastCut(options, shardFiles, cut.cut)));
  const logs = await Promise.all(files.map((shardFiles, shard) => openForAppend(options, shardFiles, shard, cut.cut)));
  await Promise.all(logs.map((log) => alignForAppend(log, logs, cut.cut)));
  return {
    manifest,
    logs,
    cut: cut.cut,
    maxSeenLsn: Math.max(cut.maxSeenLsn, ...usable.map(({ maxLsnAfterDamage }) => maxLsnAfterDamage)),
    bytesRead: files.flat().reduce((total, file) => total + file.bytes.length, 0),
    bytesTruncated: truncated.reduce((total, bytes) => total + bytes, 0),
    entriesApplied,
  };
}

async function loadManifest(options: RecoveryOptions): Promise<Manifest | null> {
  try {
    return await readManifest(options.fs, options.directory);
  } catch (error) {
    if (error instanceof ManifestError) {
      throw new RecoveryRefusal(`The AOF manifest in ${options.directory} is damaged: ${error.message}. Runbook: ${CORRUPTION_RUNBOOK}`);
    }
    throw error;
  }
}

/** A new data directory: one empty incremental file per shard, then the manifest. */
async function createFresh(options: RecoveryOptions): Promise<Manifest> {
  const { fs, directory, shardCount } = options;
  // The manifest is installed before the first write is accepted, so shard folders without one
  // are a first start that died early — unless they hold data: then the manifest was lost.
  for (const name of (await fs.readDirectory(directory)).filter((entry) => entry.startsWith('shard-'))) {
    for (const file of await fs.readDirectory(joinPath(directory, name))) {
      if ((await fs.stat(joinPath(directory, name, file))).size > 0) {
        throw new RecoveryRefusal(`${directory} holds AOF data (${name}/${file}) but no ballast.manifest: refusing to guess which files are current. Runbook: ${CORRUPTION_RUNBOOK}`);
      }
    }
  }
  const shards = [];
  for (let shard = 0; shard < shardCount; shard++) {
    const path = incrementalFileName(shard, shard + 1);
    await fs.makeDirectory(joinPath(directory, shardDirectory(shard)));
    const handle = await fs.open(joinPath(directory, path), { create: true });
    await handle.sync();
    await handle.close();
    await fs.syncDirectory(joinPath(directory, shardDirectory(shard)));
    shards.push({ base: null, incrementals: [path] });
  }
  await fs.syncDirectory(directory);
  const manifest: Manifest = { shardCount, slots: options.slots, nextFile: shardCount + 1, shards };
  await writeManifest(fs, directory, manifest, options.defects);
  options.log('notice', `Created a new AOF with ${shardCount} shard(s) in ${directory}`);
  return manifest;
}

async function readShardFiles(options: RecoveryOptions, manifest: Manifest, shard: number): Promise<ReadFile[]> {
  const { base, incrementals } = manifest.shards[shard];
  const paths = [...(base === null ? [] : [{ path: base.path, base: true }]), ...incrementals.map((path) => ({ path, base: false }))];
  return Promise.all(paths.map(async ({ path, base: isBase }) => {
    let handle: FileHandle;
    try {
      handle = await options.fs.open(joinPath(options.directory, path));
    } catch (error) {
      if (isFileSystemError(error, 'ENOENT')) throw new RecoveryRefusal(`The AOF manifest names ${path}, which is missing from ${options.directory}. Runbook: ${CORRUPTION_RUNBOOK}`);
      throw error;
    }
    try {
      // What a crashed process left in the page cache is read back as if durable: fsync it
      // before anything built on it is called committed.
      const bytes = await handle.read(0, await handle.size());
      await handle.sync();
      return { path, base: isBase, bytes, scanned: scanLog(bytes, options.defects) };
    } finally {
      await handle.close();
    }
  }));
}

/** The frames recovery may use from one shard's files, and the problems that limit them. */
function usableFrames(options: RecoveryOptions, files: readonly ReadFile[], baseLine: BaseFile | null, problems: string[]) {
  const entryLsns: number[] = [];
  const seals = [];
  let maxLsnAfterDamage = 0;
  let stopped = -1;
  let followedByValid: { where: string; damage: Damage } | null = null;
  for (let index = 0; index < files.length && stopped < 0; index++) {
    const { path, scanned } = files[index];
    for (const frame of scanned.frames) {
      if (frame.kind === FrameKind.Seal) seals.push(frame.seal);
      else if (!files[index].base) entryLsns.push(frame.lsn);
    }
    const damage = scanned.damage;
    if (damage === null) continue;
    stopped = index;
    maxLsnAfterDamage = damage.maxLsnAfter;
    // A rewrite names a new incremental file before it syncs the old one, so an older file may
    // end torn as long as nothing was written after it: a later file holding frames proves the
    // older one had been synced in full.
    const writtenAfter = files.slice(index + 1).some((later) => later.scanned.frames.length > 0 || later.scanned.damage !== null);
    const where = `${path} at offset ${damage.offset} (${damage.reason})`;
    if (files[index].base) problems.push(`${where} is inside a base snapshot`);
    else if (writtenAfter) problems.push(`${where} lies before frames of a newer file`);
    else if (damage.nextValidOffset >= 0) followedByValid = { where, damage };
    else options.log('warning', `AOF torn tail: ${where}; ${scanned.totalBytes - damage.offset} bytes after it will be truncated (aof-load-truncated)`);
  }
  return {
    stopped,
    followedByValid,
    maxLsnAfterDamage,
    evidence: { baseSnapshotLsn: baseLine?.snapshotLsn ?? 0, baseCommittedLsn: baseLine?.committedLsn ?? 0, entryLsns, seals },
  };
}


/**
 * Cuts every file of a shard after the last frame within the cut (and after damage), keeping
 * the removed bytes in a fsynced sidecar. Returns the bytes removed.
 */
async function truncatePastCut(options: RecoveryOptions, files: readonly ReadFile[], cut: number): Promise<number> {
  let removed = 0;
  let cutReached = false;
  for (const file of files) {
    let keep = file.scanned.validBytes;
    for (const frame of file.scanned.frames) {
      if (frame.lsn > cut) {
        keep = frame.offset;
        break;
      }
    }
    if (cutReached) keep = 0;
    if (keep < file.bytes.length) {
      cutReached = true;
      removed += file.bytes.length - keep;
      await truncateWithSidecar(options, file, keep);
    }
  }
  return removed;
}

async function truncateWithSidecar(options: RecoveryOptions, file: ReadFile, keep: number): Promise<void> {
  const { fs, directory } = options;
  const path = joinPath(directory, file.path);
  const sidecar = joinPath(directory, sidecarFileName(file.path, keep));
  const evidence = await fs.open(sidecar, { create: true });
  try {
    await evidence.truncate(0);
    await evidence.write(0, file.bytes.subarray(keep));
    await evidence.sync();
  } finally {
    await evidence.close();
  }
  await fs.syncDirectory(parentOf(sidecar));
  const handle = await fs.open(path);
  try {
    await handle.truncate(keep);
    await handle.sync();
  } finally {
    await handle.close();
  }
  options.log('warning', `Truncated ${file.path} from ${file.bytes.length} to ${keep} bytes; the ${file.bytes.length - keep} bytes removed are kept in ${sidecarFileName(file.path, keep)}`);
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

/**
 * A file whose end falls inside a block (its last batch was not synced when the process died)
 * gets a padding seal, synced, so new appends never share a block with the frames now committed.
 */
async function alignForAppend(log: ShardLog, logs: readonly ShardLog[], cut: number): Promise<void> {
  if (log.fileBytes % BLOCK_BYTES === 0) return;
  await log.write(log.takeBatch({ lsn: cut, committed: cut, last: logs.map((each) => each.lastLsn) }, true), false);
  await log.file.sync();
}

/** Opens a shard's newest incremental file for appending, after the cut. */
async function openForAppend(options: RecoveryOptions, files: readonly ReadFile[], shard: number, cut: number): Promise<ShardLog> {
  const newest = files.at(-1);
  if (newest === undefined || newest.base) throw new RecoveryRefusal(`The manifest lists no incremental file for shard ${shard}`);
  let lastLsn = 0;
  for (const file of files) {
    if (file.base) continue;
    for (const frame of file.scanned.frames) if (frame.kind === FrameKind.Entry && frame.lsn <= cut) lastLsn = frame.lsn;
  }
  const handle = await options.fs.open(joinPath(options.directory, newest.path));
  return new ShardLog(shard, handle, await handle.size(), lastLsn);
}
