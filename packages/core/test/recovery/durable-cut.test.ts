/**
 * computeDurableCut as a decision table (one named row per situation, in the manner of
 * TigerBeetle's recovery tests) and as a property over histories written the way GroupCommit
 * writes them: units over K shards cut into batches, each batch sealed on every shard it wrote,
 * shards keeping every committed batch and any prefix of what came after. The cut must cover
 * the last committed batch, be some batch's G, and every shard must hold every entry up to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDurableCut, type DurableCut, type ShardEvidence } from '../../src/recovery/durable-cut.js';

type SealSpec = ShardEvidence['seals'][number];

function shard(options: { entries?: number[]; seals?: SealSpec[]; base?: { snapshotLsn: number; committedLsn: number } } = {}): ShardEvidence {
  return {
    baseSnapshotLsn: options.base?.snapshotLsn ?? 0,
    baseCommittedLsn: options.base?.committedLsn ?? 0,
    entryLsns: options.entries ?? [],
    seals: options.seals ?? [],
  };
}

const seal = (lsn: number, committed: number, last: number[]): SealSpec => ({ lsn, committed, last });

interface Row {
  readonly name: string;
  readonly shards: ShardEvidence[];
  readonly expected: DurableCut;
}

const cut = (value: number, claimedCommitted: number, maxSeenLsn: number, missing: DurableCut['missing'] = []): DurableCut =>
  ({ cut: value, claimedCommitted, maxSeenLsn, missing });

// History used by several rows: unit 1 on shard 1, unit 2 on shard 0 (batch A, G=2); unit 3 on
// shard 1, unit 4 on shard 0 (batch B, G=4); unit 5 on shard 0 (batch C, G=5).
const A = seal(2, 0, [2, 1]);
const B = seal(4, 2, [4, 3]);
const C = seal(5, 4, [5, 3]);

const rows: Row[] = [
  { name: 'nothing on disk: cut 0', shards: [shard(), shard()], expected: cut(0, 0, 0) },
  { name: 'entries but no seal: nothing is proven, cut 0', shards: [shard({ entries: [2, 4] }), shard({ entries: [1, 3] })], expected: cut(0, 0, 4) },
  { name: 'a satisfied seal proves its G', shards: [shard({ entries: [2], seals: [A] }), shard({ entries: [1], seals: [A] })], expected: cut(2, 0, 2) },
  { name: 'one shard\'s seal speaks for the whole server', shards: [shard({ entries: [2, 4], seals: [A, B] }), shard({ entries: [1, 3] })], expected: cut(4, 2, 4) },
  { name: 'every batch on both shards: the newest seal is the cut', shards: [shard({ entries: [2, 4, 5], seals: [A, B, C] }), shard({ entries: [1, 3], seals: [A, B] })], expected: cut(5, 4, 5) },
  {
    name: 'a seal naming an entry another shard lacks is not satisfied (unsynced batch B lost on shard 1)',
    shards: [shard({ entries: [2, 4], seals: [A, B] }), shard({ entries: [1], seals: [A] })],
    expected: cut(2, 2, 4),
  },
  {
    name: 'the largest satisfied seal wins, wherever it is',
    shards: [shard({ entries: [2], seals: [A, seal(9, 0, [9, 1])] }), shard({ entries: [1], seals: [seal(6, 0, [2, 1])] })],
    expected: cut(6, 0, 9),
  },
  { name: 'last[j] = 0: a shard that had nothing holds it', shards: [shard({ entries: [1], seals: [seal(1, 0, [1, 0])] }), shard()], expected: cut(1, 0, 1) },
  { name: 'a vector of the wrong length proves nothing', shards: [shard({ entries: [1], seals: [seal(1, 0, [1])] }), shard()], expected: cut(0, 0, 1) },
  {
    name: 'a base snapshot covers last[j] up to its LSN',
    shards: [shard({ entries: [6], seals: [seal(6, 5, [6, 4])] }), shard({ base: { snapshotLsn: 5, committedLsn: 5 } })],
    expected: cut(6, 5, 6),
  },
  {
    name: 'a base snapshot does not cover last[j] above its LSN',
    shards: [shard({ entries: [6, 7], seals: [seal(7, 0, [7, 6])] }), shard({ base: { snapshotLsn: 5, committedLsn: 0 } })],
    expected: cut(0, 0, 7),
  },
  {
    name: 'bases on every shard prove the lowest snapshot LSN',
    shards: [shard({ base: { snapshotLsn: 8, committedLsn: 8 } }), shard({ base: { snapshotLsn: 8, committedLsn: 9 } })],
    expected: cut(8, 9, 9),
  },
  { name: 'a base on one shard only proves nothing by itself', shards: [shard({ base: { snapshotLsn: 8, committedLsn: 8 } }), shard()], expected: cut(0, 8, 8) },
  {
    name: 'a base\'s committed LSN is a claim, not a cut: entry 7 above the snapshot is gone (found by the simulator, seed 27)',
    shards: [shard({ base: { snapshotLsn: 5, committedLsn: 7 }, entries: [6] }), shard({ base: { snapshotLsn: 5, committedLsn: 7 } })],
    expected: cut(5, 7, 7),
  },
  {
    name: 'claimedCommitted above the cut: committed LSN 3 lost on shard 1 is reported missing',
    shards: [shard({ entries: [2, 4, 5], seals: [A, B, C] }), shard({ entries: [1], seals: [A] })],
    expected: cut(2, 4, 5, [{ shard: 1, lsn: 3 }]),
  },
  {
    name: 'a multi-shard unit has the same LSN on both shards',
    shards: [shard({ entries: [1, 2], seals: [seal(2, 0, [2, 2])] }), shard({ entries: [2], seals: [seal(2, 0, [2, 2])] })],
    expected: cut(2, 0, 2),
  },
  {
    name: 'an LSN named only by a seal vector still counts as seen (new LSNs start above it)',
    shards: [shard({ entries: [1], seals: [seal(1, 0, [1, 0]), seal(3, 1, [1, 3])] }), shard()],
    expected: cut(1, 1, 3),
  },
];

describe('computeDurableCut: decision table', () => {
  it.each(rows)('$name', ({ shards, expected }) => {
    expect(computeDurableCut(shards)).toEqual(expected);
  });
});

/** A history: units (the shards each touched), batch ends, padding seals, commit point, losses. */
const history = fc.integer({ min: 1, max: 4 }).chain((shardCount) => fc.record({
  shardCount: fc.constant(shardCount),
  units: fc.array(fc.integer({ min: 1, max: (1 << shardCount) - 1 }), { minLength: 1, maxLength: 24 }),
  batchEnds: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
  paddingSeals: fc.array(fc.nat({ max: (1 << shardCount) - 1 }), { minLength: 24, maxLength: 24 }),
  commitLag: fc.array(fc.nat({ max: 2 }), { minLength: 24, maxLength: 24 }),
  committedFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  kept: fc.array(fc.nat(), { minLength: shardCount, maxLength: shardCount }),
}));

type Frame = { kind: 'entry'; lsn: number } | { kind: 'seal'; seal: SealSpec; batch: number };

describe('computeDurableCut: histories written as GroupCommit writes them', () => {
  it('covers the last committed batch, equals some G, and every shard holds every entry up to it', () => {
    fc.assert(fc.property(history, (h) => {
      const logs: Frame[][] = Array.from({ length: h.shardCount }, () => []);
      const handed: number[][] = Array.from({ length: h.shardCount }, () => []);
      const last = new Array<number>(h.shardCount).fill(0);
      const batchLsns: number[] = [0];
      const committedBatches = Math.floor(h.committedFraction * (h.units.length + 1));
      let writtenIn = new Set<number>();
      let committedClaim = 0;
      h.units.forEach((mask, index) => {
        const lsn = index + 1;
        for (let j = 0; j < h.shardCount; j++) {
          if ((mask & (1 << j)) === 0) continue;
          logs[j].push({ kind: 'entry', lsn });
          handed[j].push(lsn);
          last[j] = lsn;
          writtenIn.add(j);
        }
        if (!h.batchEnds[index] && lsn < h.units.length) return;
        // Cut a batch: G is the last LSN; committed is a batch synced before this one was cut.
        const batch = batchLsns.length;
        committedClaim = Math.max(committedClaim, batchLsns[Math.max(0, Math.min(batch - 1, committedBatches) - h.commitLag[index])]);
        const sealed = { lsn, committed: committedClaim, last: [...last] };
        for (let j = 0; j < h.shardCount; j++) {
          if (writtenIn.has(j) || (h.paddingSeals[index] & (1 << j)) !== 0) logs[j].push({ kind: 'seal', seal: sealed, batch });
        }
        batchLsns.push(lsn);
        writtenIn = new Set();
      });
      const lastCommittedLsn = batchLsns[Math.min(committedBatches, batchLsns.length - 1)];
      // Each shard keeps every frame of a committed batch, then any prefix of the rest.
      const evidence = logs.map((frames, j) => {
        const mustKeep = frames.filter((frame) => (frame.kind === 'entry' ? frame.lsn : frame.seal.lsn) <= lastCommittedLsn).length;
        const keep = mustKeep + (h.kept[j] % (frames.length - mustKeep + 1));
        const kept = frames.slice(0, keep);
        return shard({
          entries: kept.flatMap((frame) => (frame.kind === 'entry' ? [frame.lsn] : [])),
          seals: kept.flatMap((frame) => (frame.kind === 'seal' ? [frame.seal] : [])),
        });
      });
      const result = computeDurableCut(evidence);
      expect(result.cut).toBeGreaterThanOrEqual(lastCommittedLsn);
      expect(batchLsns).toContain(result.cut);
      handed.forEach((lsns, j) => {
        const lacking = lsns.filter((lsn) => lsn <= result.cut && !evidence[j].entryLsns.includes(lsn));
        expect(lacking, `shard ${j} lacks entries at or below the cut ${result.cut}`).toEqual([]);
      });
      expect(result.claimedCommitted).toBeLessThanOrEqual(result.cut);
      expect(result.missing).toEqual([]);
      // The cut is the largest G some surviving seal proves: with prefix losses, a batch is proven
      // exactly when one of its seals survived and every shard kept its entries up to G.
      const proven = batchLsns.filter((lsn) => lsn === 0 || (evidence.some((s) => s.seals.some((each) => each.lsn === lsn))
        && handed.every((lsns, j) => lsns.every((entry) => entry > lsn || evidence[j].entryLsns.includes(entry)))));
      expect(result.cut).toBe(Math.max(...proven));
    }), { numRuns: 500 });
  });
});
