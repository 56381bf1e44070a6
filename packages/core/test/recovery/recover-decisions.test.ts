/**
 * recover()'s decision table (RECOVERY_DECISIONS), one test per row, on histories written
 * through Persistence onto the in-memory disk: a fresh start; shard folders without a manifest;
 * a damaged manifest; a manifest naming a missing file; a shard-count mismatch (reshard); a
 * damaged byte inside durable data (refused, naming file and offset; with repair, truncated
 * there); damage followed only by never-committed frames (torn, truncated); a cut below the
 * committed claim (refused; with repair, every shard truncated to the cut); a damaged base.
 * Each row also checks the plan recovery made (RecoveryResult.plan, RecoveryRefusal.plan).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, FrameKind } from '../../src/aof/frame.js';
import { sidecarFileName } from '../../src/aof/layout.js';
import { joinPath } from '../../src/io/file-system.js';
import { MANIFEST_FILE, readManifest } from '../../src/manifest/manifest-store.js';
import { scanLog } from '../../src/recovery/log-scan.js';
import { RecoveryRefusal } from '../../src/recovery/recover.js';
import type { RecoveryPlan } from '../../src/recovery/recovery-plan.js';
import { SlotTable } from '../../src/routing/slot-table.js';
import { AOF_DIRECTORY, keysOnShard, recoverDisk, rejection, writeHistory, type WrittenHistory } from '../support/aof-history.js';
import { MemoryFileSystem } from '../support/memory-file-system.js';

const at = (path: string) => joinPath(AOF_DIRECTORY, path);

function script(shardCount: number): string[][][] {
  const slots = SlotTable.balanced(shardCount);
  const [a, c] = keysOnShard(slots, 0, 2);
  const [b, d] = keysOnShard(slots, shardCount - 1, 2, 'other');
  return [
    [['SET', a, '1'], ['SET', b, '1'], ['RPUSH', c, 'x', 'y'], ['MSET', a, '2', b, '2'], ['INCR', d]],
    [['SET', a, '3'], ['SET', b, '3'], ['LPOP', c], ['INCR', d], ['DEL', a], ['SADD', `${b}s`, 'm']],
  ];
}

async function newestFile(history: WrittenHistory, shard: number): Promise<string> {
  return (await readManifest(history.fs, AOF_DIRECTORY))!.shards[shard].incrementals.at(-1)!;
}

/** A copy of the disk with one byte of `path` changed at `offset`. */
function withDamage(history: WrittenHistory, path: string, offset: number): MemoryFileSystem {
  const fs = history.fs.clone();
  const bytes = fs.fileBytes(at(path));
  bytes[offset] ^= 0x20;
  fs.setFileBytes(at(path), bytes);
  return fs;
}

/** The plan a refusal carries. */
function refusedPlan(error: Error): RecoveryPlan {
  expect(error).toBeInstanceOf(RecoveryRefusal);
  return (error as RecoveryRefusal).plan;
}

let twoShards: WrittenHistory;
let oneShard: WrittenHistory;

beforeAll(async () => {
  twoShards = await writeHistory(2, script(2));
  oneShard = await writeHistory(1, script(1));
});

describe('recover(): the decision table', () => {
  it('no manifest, no shard folders: a fresh start creates one empty file per shard and the manifest', async () => {
    const fs = new MemoryFileSystem();
    const { result, keyspace } = await recoverDisk(fs, 3);
    expect({ cut: result.cut, keyspace, maxSeenLsn: result.maxSeenLsn }).toEqual({ cut: 0, keyspace: [], maxSeenLsn: 0 });
    expect(fs.filePaths()).toEqual([at(MANIFEST_FILE), at('shard-0/incr-1.aof'), at('shard-1/incr-2.aof'), at('shard-2/incr-3.aof')]);
    expect((await readManifest(fs, AOF_DIRECTORY))?.nextFile).toBe(4);
    expect(result.plan).toEqual({ kind: 'fresh', shardCount: 3 });
  });

  it('no manifest, empty shard folders (a first start that died early): starts fresh', async () => {
    const fs = new MemoryFileSystem();
    await fs.makeDirectory(at('shard-0'));
    fs.setFileBytes(at('shard-0/incr-1.aof'), new Uint8Array(0));
    const { result } = await recoverDisk(fs, 1);
    expect(result.cut).toBe(0);
    expect(result.plan.kind).toBe('fresh');
  });

  it('no manifest, shard folders holding data: refuses to guess', async () => {
    const fs = twoShards.fs.clone();
    await fs.unlink(at(MANIFEST_FILE));
    const error = await rejection(recoverDisk(fs, 2));
    expect(error).toBeInstanceOf(RecoveryRefusal);
    expect(error.message).toContain('no ballast.manifest');
    expect(refusedPlan(error)).toEqual({ kind: 'no-manifest-but-data', file: 'shard-0/incr-1.aof' });
  });

  it('a damaged manifest: refuses', async () => {
    const fs = withDamage(twoShards, MANIFEST_FILE, 10);
    const error = await rejection(recoverDisk(fs, 2));
    expect(error).toBeInstanceOf(RecoveryRefusal);
    expect(error.message).toMatch(/manifest .* is damaged: checksum mismatch/);
    expect(refusedPlan(error)).toMatchObject({ kind: 'manifest-damaged', reason: expect.stringContaining('checksum mismatch') });
  });

  it('a manifest naming a missing file: refuses, naming it', async () => {
    const fs = twoShards.fs.clone();
    const missing = await newestFile(twoShards, 1);
    await fs.unlink(at(missing));
    const error = await rejection(recoverDisk(fs, 2));
    expect(error).toBeInstanceOf(RecoveryRefusal);
    expect(error.message).toContain(`names ${missing}, which is missing`);
    expect(refusedPlan(error)).toEqual({ kind: 'missing-file', file: missing });
  });

  it('a shard count other than the manifest\'s: refuses and points at the reshard tool', async () => {
    for (const configured of [1, 3]) {
      const error = await rejection(recoverDisk(twoShards.fs.clone(), configured));
      expect(error).toBeInstanceOf(RecoveryRefusal);
      expect(error.message).toContain(`has 2 shards but the server is configured with ${configured}`);
      expect(error.message).toContain(`ballast-server reshard --dir <dir> --shards ${configured}`);
      expect(refusedPlan(error)).toEqual({ kind: 'shard-count-mismatch', manifestShardCount: 2, configuredShardCount: configured });
    }
  });

  it('a damaged byte inside durable data: refuses naming file and offset; with repair, truncates there', async () => {
    const path = await newestFile(twoShards, 0);
    const frames = scanLog(twoShards.fs.fileBytes(at(path))).frames;
    const damaged = frames.find((frame) => frame.kind === FrameKind.Entry)!;
    const error = await rejection(recoverDisk(withDamage(twoShards, path, damaged.offset + FRAME_HEADER_BYTES + 3), 2));
    expect(error).toBeInstanceOf(RecoveryRefusal);
    expect(error.message).toContain(`${path} at offset ${damaged.offset} (CRC mismatch) is followed by valid frames at offset ${damaged.end}`);
    expect(error.message).toContain('--aof-repair');
    const refused = refusedPlan(error);
    expect(refused.kind).toBe('corrupt');
    expect(refused.kind === 'corrupt' && refused.problems[0]).toMatchObject({
      kind: 'damage-before-committed', shard: 0, file: path, offset: damaged.offset, reason: 'CRC mismatch', nextValidOffset: damaged.end,
    });

    const fs = withDamage(twoShards, path, damaged.offset + FRAME_HEADER_BYTES + 3);
    const before = fs.fileBytes(at(path));
    const { result, keyspace, logged } = await recoverDisk(fs, 2, true);
    expect(result.cut).toBeLessThan(damaged.lsn);
    expect(keyspace).toEqual(twoShards.states[result.cut]);
    expect(fs.fileBytes(at(sidecarFileName(path, damaged.offset)))).toEqual(before.subarray(damaged.offset));
    expect(fs.fileBytes(at(path)).subarray(0, damaged.offset)).toEqual(before.subarray(0, damaged.offset));
    expect(logged.some((line) => line.startsWith('warning: --aof-repair'))).toBe(true);
    expect(result.plan).toMatchObject({ kind: 'corrupt', cut: result.cut });
    expect(result.plan.kind === 'corrupt' && result.plan.truncations[0]).toMatchObject({ shard: 0, file: path, keepBytes: damaged.offset });
  });

  it('damage followed only by frames never committed: a torn tail (unsynced sectors), truncated at the damage', async () => {
    const path = await newestFile(oneShard, 0);
    const frames = scanLog(oneShard.fs.fileBytes(at(path))).frames;
    const claimed = Math.max(...frames.map((frame) => (frame.kind === FrameKind.Seal ? frame.seal.committed : 0)));
    // Two durable batches in flight: the newest may survive while the one before it is torn.
    const damaged = frames.find((frame) => frame.lsn > claimed)!;
    expect(frames.at(-1)).not.toBe(damaged);
    const fs = withDamage(oneShard, path, damaged.offset + 5);
    const { result, keyspace, logged } = await recoverDisk(fs, 1);
    expect(result.cut).toBeGreaterThanOrEqual(claimed);
    expect(result.cut).toBeLessThan(damaged.lsn);
    expect(keyspace).toEqual(oneShard.states[result.cut]);
    expect(fs.exists(at(sidecarFileName(path, damaged.offset)))).toBe(true);
    expect(logged.some((line) => line.includes('never fsynced'))).toBe(true);
    expect(result.plan).toMatchObject({ kind: 'torn-tail', tails: [{ shard: 0, file: path, offset: damaged.offset, unsynced: { committed: claimed } }] });
  });

  it('a cut below the committed claim: refuses; with repair, truncates every shard to the cut', async () => {
    const path = await newestFile(twoShards, 0);
    const frames = scanLog(twoShards.fs.fileBytes(at(path))).frames;
    // Lose shard 0's second batch and everything after it, as a truncated copy of the file would.
    const keep = frames.filter((frame) => frame.kind === FrameKind.Seal)[0].end;
    const truncated = () => {
      const fs = twoShards.fs.clone();
      fs.setFileBytes(at(path), twoShards.fs.fileBytes(at(path)).subarray(0, keep));
      return fs;
    };
    const error = await rejection(recoverDisk(truncated(), 2));
    expect(error).toBeInstanceOf(RecoveryRefusal);
    expect(error.message).toMatch(/recover only through LSN \d+, but LSN \d+ had been committed \(shard 0 lacks LSN \d+\): durable data was lost/);
    const refused = refusedPlan(error);
    expect(refused.kind === 'corrupt' && refused.problems).toEqual([{ kind: 'committed-lsns-lost', cut: expect.any(Number), committed: expect.any(Number), missing: [{ shard: 0, lsn: expect.any(Number) }] }]);

    const fs = truncated();
    const { result, keyspace } = await recoverDisk(fs, 2, true);
    expect(keyspace).toEqual(twoShards.states[result.cut]);
    const other = await newestFile(twoShards, 1);
    const otherFrames = scanLog(twoShards.fs.fileBytes(at(other))).frames;
    const otherKeep = otherFrames.find((frame) => frame.lsn > result.cut)!.offset;
    expect(fs.fileBytes(at(sidecarFileName(other, otherKeep)))).toEqual(twoShards.fs.fileBytes(at(other)).subarray(otherKeep));
  });

  it('a damaged byte inside a base snapshot: refuses', async () => {
    const [a] = keysOnShard(SlotTable.balanced(1), 0, 1);
    const history = await writeHistory(1, [[['SET', a, '1'], ['RPUSH', 'list', 'x', 'y']], [['BGREWRITEAOF']], [['SET', a, '2']]]);
    const manifest = (await readManifest(history.fs, AOF_DIRECTORY))!;
    const base = manifest.shards[0].base!;
    expect(base.snapshotLsn).toBe(2);
    const whole = await recoverDisk(history.fs.clone(), 1);
    expect(whole.keyspace).toEqual(history.states.at(-1));
    expect(whole.result.plan.kind).toBe('ok');
    const error = await rejection(recoverDisk(withDamage(history, base.path, FRAME_HEADER_BYTES + 1), 1));
    expect(error).toBeInstanceOf(RecoveryRefusal);
    expect(error.message).toContain(`${base.path} at offset 0 (CRC mismatch) is inside a base snapshot`);
    const refused = refusedPlan(error);
    expect(refused.kind === 'corrupt' && refused.problems[0]).toEqual({ kind: 'damaged-base', shard: 0, file: base.path, offset: 0, reason: 'CRC mismatch' });
  });
});
