/**
 * The durable cut as core computes it (computeDurableCut), from the frames the checker read:
 * per shard, its files in manifest order up to and including the first damaged one (recovery
 * stops each log there), entries from the incremental files, seals from all, and the base's
 * snapshot and committed LSNs. Also the largest `committed` a seal claims beyond damage, which
 * recovery weighs when it tells a torn tail from corruption.
 */
import { computeDurableCut, FrameKind, type DurableCut, type ShardEvidence } from '@ballast/core';
import type { Inspection } from './inspect.js';

export interface CutReport extends DurableCut {
  /** The largest committed LSN claimed by a verifying seal after damage (0: none). */
  readonly claimedAfterDamage: number;
}

/** Null when the manifest is not usable or names a missing file: recovery cannot get that far. */
export function durableCutOf(inspection: Inspection): CutReport | null {
  if (inspection.manifest.status !== 'ok') return null;
  if (inspection.shards.some((shard) => shard.files.some((file) => file.scanned === null))) return null;
  let claimedAfterDamage = 0;
  const evidence = inspection.shards.map((shard): ShardEvidence => {
    const entryLsns: number[] = [];
    const seals = [];
    for (const file of shard.files) {
      const scanned = file.scanned!;
      for (const frame of scanned.frames) {
        if (frame.kind === FrameKind.Seal) seals.push(frame.seal);
        else if (!file.base) entryLsns.push(frame.lsn);
      }
      if (scanned.damage !== null) {
        claimedAfterDamage = Math.max(claimedAfterDamage, scanned.damage.committedClaimAfter);
        break;
      }
    }
    return { baseSnapshotLsn: shard.base?.snapshotLsn ?? 0, baseCommittedLsn: shard.base?.committedLsn ?? 0, entryLsns, seals };
  });
  return { ...computeDurableCut(evidence), claimedAfterDamage };
}
