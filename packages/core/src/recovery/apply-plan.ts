/**
 * Applying a recovery plan (the I/O half of acting): create a fresh AOF; or replay every entry
 * up to the cut, truncate what the plan cuts (keeping the removed bytes in a fsynced sidecar as
 * evidence), open each shard's newest incremental file for appending and pad a file whose end
 * falls inside a block. Nothing here decides: every offset, LSN and file comes from the plan.
 */
import { BLOCK_BYTES, FrameKind } from '../aof/frame.js';
import { incrementalFileName, shardDirectory } from '../aof/layout.js';
import { ShardLog } from '../aof/shard-log.js';
import { assert } from '../assert.js';
import type { Engine, LogLevel } from '../engine/engine.js';
import { joinPath, type FileSystem } from '../io/file-system.js';
import type { Manifest } from '../manifest/manifest.js';
import { writeManifest } from '../manifest/manifest-store.js';
import type { SlotTable } from '../routing/slot-table.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';
import { applyEntry } from './apply-entry.js';
import type { RecoveryPlanText } from './describe-plan.js';
import type { FileEvidence, StartPlan, Truncation } from './recovery-plan.js';

export interface ApplyOptions {
  readonly fs: FileSystem;
  /** `<dir>/<appenddirname>`. */
  readonly directory: string;
  /** The slot table a fresh manifest records. */
  readonly slots: SlotTable;
  /** Replay applies every entry up to the cut to this engine. */
  readonly engine: Engine;
  readonly log: (level: LogLevel, message: string) => void;
  /** Deliberate bugs for the simulator's mutant runs; none by default. */
  readonly defects?: PlantedDefects;
}

/** A new data directory: one empty incremental file per shard, then the manifest. */
export async function createFresh(options: ApplyOptions, shardCount: number, text: RecoveryPlanText): Promise<Manifest> {
  const { fs, directory } = options;
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
  assert(text.created !== null, 'a fresh plan says what it created');
  options.log('notice', text.created);
  return manifest;
}

/** Replays, truncates and opens every shard's log as `plan` says; returns the logs and the entries applied. */
export async function applyStart(options: ApplyOptions, plan: StartPlan, files: ReadonlyArray<readonly FileEvidence[]>, text: RecoveryPlanText): Promise<{ logs: ShardLog[]; entriesApplied: number }> {
  const entriesApplied = replayThroughCut(options.engine, plan, files, options.defects);
  await Promise.all(files.map(async (shardFiles, shard) => {
    for (const [index, truncation] of plan.truncations.entries()) {
      if (truncation.shard !== shard) continue;
      const file = shardFiles.find(({ path }) => path === truncation.file);
      assert(file !== undefined, () => `a planned truncation names ${truncation.file}, which shard ${shard} did not read`);
      await truncateWithSidecar(options, truncation, file.bytes, text.truncations[index]);
    }
  }));
  const logs = await Promise.all(plan.shards.map(async ({ appendFile, lastLsn }, shard) => {
    const handle = await options.fs.open(joinPath(options.directory, appendFile));
    return new ShardLog(shard, handle, await handle.size(), lastLsn);
  }));
  await Promise.all(logs.map((log) => alignForAppend(log, logs, plan.cut)));
  return { logs, entriesApplied };
}

/**
 * Applies every entry up to the plan's cut to `engine`, each shard's files in order; returns how
 * many. Start-up recovery and DEBUG RELOAD (durability/dataset-reload.ts) share it.
 */
export function replayThroughCut(engine: Engine, plan: StartPlan, files: ReadonlyArray<readonly FileEvidence[]>, defects: PlantedDefects = NO_PLANTED_DEFECTS): number {
  let entriesApplied = 0;
  files.forEach((shardFiles, shard) => {
    if (defects.replayOnlyShardZero && shard > 0) return;
    for (const file of shardFiles.slice(0, plan.shards[shard].replayFiles)) {
      for (const frame of file.scanned.frames) {
        if (frame.lsn > plan.cut) break;
        if (frame.kind === FrameKind.Entry) {
          applyEntry(engine, shard, frame.payload);
          entriesApplied++;
        }
      }
    }
  });
  return entriesApplied;
}

async function truncateWithSidecar(options: ApplyOptions, truncation: Truncation, bytes: Uint8Array, line: string): Promise<void> {
  const { fs, directory } = options;
  const sidecar = joinPath(directory, truncation.sidecar);
  const evidence = await fs.open(sidecar, { create: true });
  try {
    await evidence.truncate(0);
    await evidence.write(0, bytes.subarray(truncation.keepBytes));
    await evidence.sync();
  } finally {
    await evidence.close();
  }
  await fs.syncDirectory(sidecar.slice(0, sidecar.lastIndexOf('/')));
  const handle = await fs.open(joinPath(directory, truncation.file));
  try {
    await handle.truncate(truncation.keepBytes);
    if (!options.defects?.truncationNotSynced) await handle.sync();
  } finally {
    await handle.close();
  }
  options.log('warning', line);
}

/**
 * A file whose end falls inside a block (its last batch was not synced when the process died)
 * gets a padding seal, synced, so new appends never share a block with the frames now committed.
 */
async function alignForAppend(log: ShardLog, logs: readonly ShardLog[], cut: number): Promise<void> {
  if (log.fileBytes % BLOCK_BYTES === 0) return;
  await log.write(log.takeBatch({ lsn: cut, committed: cut, last: logs.map((each) => each.lastLsn) }, { blockAligned: true }), { durable: false });
  await log.file.sync();
}
