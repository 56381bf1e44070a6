/**
 * The durable cut (DESIGN.md "Durable cut and recovery"), as a pure function of what was read.
 *
 * A seal (G, last[]) proves the server recoverable through G once every shard j holds its entry
 * last[j]. The cut C is the largest such G — or the lowest snapshot LSN of the shards' base
 * snapshots, which hold everything up to it. The largest `committed` any seal or base claims is
 * a promise that everything up to it had been acknowledged: a cut below it means a log lost data
 * it had fsynced, which is corruption, never a torn tail. (The committed LSN a base records is
 * such a claim only: the simulator found that taking it as the cut dropped a damaged entry
 * above the snapshot silently.)
 */
export interface ShardEvidence {
  /** The base snapshot's LSN (0: no base); every entry up to it is in the base. */
  readonly baseSnapshotLsn: number;
  /** The committed LSN recorded when the base was installed (0: no base). */
  readonly baseCommittedLsn: number;
  /** LSNs of the entries recovered from the incremental files, ascending. */
  readonly entryLsns: readonly number[];
  readonly seals: ReadonlyArray<{ readonly lsn: number; readonly committed: number; readonly last: readonly number[] }>;
}

export interface DurableCut {
  /** Every entry with LSN ≤ cut is applied; everything after it is truncated. */
  readonly cut: number;
  /** The largest committed LSN any durable record claims. */
  readonly claimedCommitted: number;
  /** The highest LSN seen anywhere: new LSNs start above it. */
  readonly maxSeenLsn: number;
  /** When the cut is below the claim: per shard, the first entry it is missing (for the message). */
  readonly missing: ReadonlyArray<{ readonly shard: number; readonly lsn: number }>;
}

export function computeDurableCut(shards: readonly ShardEvidence[]): DurableCut {
  const held = shards.map((shard) => new Set(shard.entryLsns));
  const holds = (shard: number, lsn: number) =>
    lsn === 0 || lsn <= shards[shard].baseSnapshotLsn || held[shard].has(lsn);
  let cut = 0;
  let claimedCommitted = 0;
  let maxSeenLsn = 0;
  const missing: Array<{ shard: number; lsn: number }> = [];
  // Every shard's base holds its entries through its snapshot LSN: the bases together prove the
  // lowest of those. The committed LSN recorded with a base is a claim, not proof: the entries
  // above the snapshot live in the new incremental files, and their seals must prove them.
  cut = Math.min(...shards.map((shard) => shard.baseSnapshotLsn));
  for (const shard of shards) {
    claimedCommitted = Math.max(claimedCommitted, shard.baseCommittedLsn);
    maxSeenLsn = Math.max(maxSeenLsn, shard.baseSnapshotLsn, shard.baseCommittedLsn, shard.entryLsns.at(-1) ?? 0);
    for (const seal of shard.seals) {
      claimedCommitted = Math.max(claimedCommitted, seal.committed);
      maxSeenLsn = Math.max(maxSeenLsn, seal.lsn, ...seal.last);
      if (seal.lsn > cut && seal.last.length === shards.length && seal.last.every((lsn, j) => holds(j, lsn))) cut = seal.lsn;
    }
  }
  if (cut < claimedCommitted) {
    for (const shard of shards) {
      for (const seal of shard.seals) {
        seal.last.forEach((lsn, j) => {
          if (lsn <= claimedCommitted && !holds(j, lsn) && !missing.some((m) => m.shard === j)) missing.push({ shard: j, lsn });
        });
      }
    }
  }
  return { cut, claimedCommitted, maxSeenLsn, missing };
}
