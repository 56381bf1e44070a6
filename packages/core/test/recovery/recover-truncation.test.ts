/**
 * recover() end to end: a history written through Persistence (appendfsync always) onto the
 * in-memory disk, then the newest file of a shard cut at every byte — except inside a seal's
 * zero padding, where every cut reads the same and a stride of them is tried. A cut that takes
 * only what no other shard proves committed must start: truncate after the durable cut, keep
 * the removed bytes in `<file>.torn-<offset>`, rebuild exactly the keyspace after the first C
 * units. With one shard that is every cut. With two, a cut into a batch the other shard's seals
 * claim committed loses acknowledged writes, and recovery must refuse, naming the shard. The
 * plan agrees: `ok` when nothing is cut, `torn-tail` when something is, `corrupt` when refused.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, FrameKind } from '../../src/aof/frame.js';
import { sidecarFileName } from '../../src/aof/layout.js';
import { joinPath } from '../../src/io/file-system.js';
import { readManifest } from '../../src/manifest/manifest-store.js';
import { scanLog, type ScannedFrame } from '../../src/recovery/log-scan.js';
import { RecoveryRefusal } from '../../src/recovery/recover.js';
import { SlotTable } from '../../src/routing/slot-table.js';
import { AOF_DIRECTORY, keysOnShard, recoverDisk, rejection, writeHistory, type WrittenHistory } from '../support/aof-history.js';

/** Cuts tried inside a seal's zero padding: one in this many bytes (a prime, to vary alignment). */
const PADDING_STRIDE = 1021;

/**
 * Commands of one group are issued without waiting: the first two start one batch each (two
 * durable batches in flight), the rest share the next. Writes touch one shard, both (MSET,
 * MULTI/EXEC) or the other.
 */
function script(shardCount: number): string[][][] {
  const slots = SlotTable.balanced(shardCount);
  const [a, c] = keysOnShard(slots, 0, 2);
  const [b, d] = keysOnShard(slots, shardCount - 1, 2, 'other');
  return [
    [['SET', a, '1'], ['SET', b, '1'], ['RPUSH', c, 'x', 'y'], ['MSET', a, '2', b, '2'], ['INCR', d]],
    [['MULTI'], ['SET', a, '3'], ['SET', b, '3'], ['EXEC'], ['LPOP', c], ['INCR', d], ['DEL', a], ['SET', c, 'v', 'PXAT', '1900000000000'], ['HSET', `${b}h`, 'f', 'v']],
  ];
}

/** Offsets worth cutting at: every byte outside seal padding, a stride inside it. */
function cutPoints(bytes: Uint8Array, frames: readonly ScannedFrame[]): number[] {
  const points: number[] = [];
  let offset = 0;
  for (const frame of frames) {
    const paddingStart = frame.kind === FrameKind.Seal ? frame.offset + 24 + 20 + 8 * frame.seal.last.length : frame.end;
    for (; offset <= paddingStart && offset < frame.end; offset++) points.push(offset);
    for (; offset < frame.end; offset += PADDING_STRIDE) points.push(offset);
    if (points.at(-1) !== frame.end - 1) points.push(frame.end - 1);
    offset = frame.end;
  }
  points.push(bytes.length);
  return points;
}

/**
 * DESIGN "Durable cut and recovery", restated over the frames that survived: the cut is the
 * largest G of a seal whose last[j] every shard j holds; recovery starts only when that cut
 * reaches the largest committed LSN any seal claims.
 */
function expectedOutcome(shards: ReadonlyArray<readonly ScannedFrame[]>): { start: boolean; cut: number; claimed: number } {
  const held = shards.map((frames) => new Set(frames.filter((frame) => frame.kind === FrameKind.Entry).map((frame) => frame.lsn)));
  let cut = 0;
  let claimed = 0;
  for (const frame of shards.flat()) {
    if (frame.kind !== FrameKind.Seal) continue;
    claimed = Math.max(claimed, frame.seal.committed);
    if (frame.seal.last.every((lsn, j) => lsn === 0 || held[j].has(lsn))) cut = Math.max(cut, frame.lsn);
  }
  return { start: cut >= claimed, cut, claimed };
}

/** The bytes a recovery keeps of a file: the frames up to the first damaged one or the first past the cut. */
function expectedKeep(bytes: Uint8Array, cut: number): number {
  const scanned = scanLog(bytes);
  return scanned.frames.find((frame) => frame.lsn > cut)?.offset ?? scanned.validBytes;
}

async function newestFiles(history: WrittenHistory): Promise<string[]> {
  const manifest = (await readManifest(history.fs, AOF_DIRECTORY))!;
  return manifest.shards.map((shard) => shard.incrementals.at(-1)!);
}

/** Cuts `shard`'s newest file at every point and checks each recovery; returns the outcomes. */
async function sweep(history: WrittenHistory, shard: number): Promise<{ started: number; refused: number; points: number }> {
  const files = await newestFiles(history);
  const path = files[shard];
  const original = history.fs.fileBytes(joinPath(AOF_DIRECTORY, path));
  const frames = scanLog(original).frames;
  const others = files.map((file, other) => (other === shard ? [] : scanLog(history.fs.fileBytes(joinPath(AOF_DIRECTORY, file))).frames));
  let started = 0;
  let refused = 0;
  for (const point of cutPoints(original, frames)) {
    const fs = history.fs.clone();
    fs.setFileBytes(joinPath(AOF_DIRECTORY, path), original.subarray(0, point));
    const before = files.map((file) => fs.fileBytes(joinPath(AOF_DIRECTORY, file)));
    const expected = expectedOutcome(others.map((other, index) => (index === shard ? frames.filter((frame) => frame.end <= point) : other)));
    // The safety claim in its plainest form: losing a committed entry never goes unnoticed.
    const lostCommittedEntry = frames.some((frame) => frame.kind === FrameKind.Entry && frame.end > point && frame.lsn <= expected.claimed);
    if (lostCommittedEntry && expected.start) expect.fail(`cut at ${point}: a committed entry is lost, yet the survivors prove the claim`);
    if (!expected.start) {
      const error = await rejection(recoverDisk(fs, history.shardCount));
      expect(error, `cut at ${point}`).toBeInstanceOf(RecoveryRefusal);
      expect(error.message).toContain(`recover only through LSN ${expected.cut}, but LSN ${expected.claimed} had been committed (shard ${shard} lacks LSN `);
      expect((error as RecoveryRefusal).plan.kind).toBe('corrupt');
      refused++;
      continue;
    }
    const { result, keyspace } = await recoverDisk(fs, history.shardCount);
    started++;
    if (result.cut !== expected.cut) expect(result.cut, `cut at ${point}`).toBe(expected.cut);
    if (result.plan.kind !== (result.bytesTruncated > 0 ? 'torn-tail' : 'ok')) expect(result.plan.kind, `cut at ${point}`).toBe(result.bytesTruncated > 0 ? 'torn-tail' : 'ok');
    if (keyspace.join('\n') !== history.states[result.cut]?.join('\n')) {
      expect({ point, cut: result.cut, keyspace }).toEqual({ point, cut: result.cut, keyspace: history.states[result.cut] });
    }
    const sidecars: string[] = [];
    files.forEach((file, index) => {
      const keep = expectedKeep(before[index], result.cut);
      const after = fs.fileBytes(joinPath(AOF_DIRECTORY, file));
      const sidecar = joinPath(AOF_DIRECTORY, sidecarFileName(file, keep));
      if (keep < before[index].length) sidecars.push(sidecar);
      const problem = checkTruncated(before[index], after, keep, result.cut, fs.exists(sidecar) ? fs.fileBytes(sidecar) : null);
      if (problem !== null) expect.fail(`cut at ${point} of ${path}: ${file}: ${problem}`);
    });
    const found = fs.filePaths().filter((file) => file.includes('.torn-'));
    if (found.join() !== sidecars.sort().join()) expect(found, `sidecars after a cut at ${point}`).toEqual(sidecars);
  }
  return { started, refused, points: started + refused };
}

describe('recover() after a cut at every offset of a shard\'s newest file', () => {
  it('one shard: every cut starts, truncates with a sidecar and recovers a prefix', async () => {
    // The second group shortened: one shard's file holds every entry, and every byte is a recovery.
    const history = await writeHistory(1, script(1).map((group) => group.slice(0, 5)));
    const { result, keyspace } = await recoverDisk(history.fs.clone(), 1);
    expect({ cut: result.cut, truncated: result.bytesTruncated, keyspace }).toEqual({ cut: history.states.length - 1, truncated: 0, keyspace: history.states.at(-1) });
    expect(await sweep(history, 0)).toMatchObject({ refused: 0 });
  });

  it('two shards: a cut starts when the survivors prove the committed claim, else refuses naming the shard', async () => {
    const history = await writeHistory(2, script(2));
    for (let shard = 0; shard < 2; shard++) {
      const { started, refused } = await sweep(history, shard);
      // Both outcomes occur: cuts into the newest, never-claimed batches start; older ones refuse.
      expect(started, `shard ${shard}`).toBeGreaterThan(0);
      expect(refused, `shard ${shard}`).toBeGreaterThan(0);
    }
  });
});

/**
 * A recovered file keeps its first `keep` bytes, then (when that is not on a block boundary) one
 * padding seal at the cut that ends on one; bytes removed are in the sidecar, and only then.
 */
function checkTruncated(before: Uint8Array, after: Uint8Array, keep: number, cut: number, sidecar: Uint8Array | null): string | null {
  if (keep === before.length && sidecar !== null) return 'a sidecar although nothing was cut';
  if (keep < before.length && sidecar === null) return `no sidecar at ${keep}`;
  if (sidecar !== null && !equalBytes(sidecar, before.subarray(keep))) return 'the sidecar does not hold the cut bytes';
  if (!equalBytes(after.subarray(0, keep), before.subarray(0, keep))) return 'the kept bytes changed';
  if (keep % BLOCK_BYTES === 0) return after.length === keep ? null : `${after.length} bytes after keeping ${keep}`;
  const tail = scanLog(after);
  const padding = tail.frames.filter((frame) => frame.offset >= keep);
  if (tail.damage !== null || after.length % BLOCK_BYTES !== 0 || padding.length !== 1 || padding[0].kind !== FrameKind.Seal || padding[0].lsn !== cut) {
    return `expected one padding seal at ${keep} up to a block boundary, got ${after.length} bytes`;
  }
  return null;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
