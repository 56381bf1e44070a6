/**
 * Planted defects of replication: each must make some replication run fail. Two live in core
 * (a replica's FACK sent on receipt, a primary shipping units before they are committed); one in
 * the simulated operator (promoting the replica that is furthest behind).
 */
import { REPLICATION_DEFECT_NAMES } from '@ballast/core/testing';
import { OPERATOR_DEFECT_NAMES, ReplicationRun, type ReplicationDefectName } from './replication-run.js';
import { replicationOptions } from './replication-options.js';

export const ALL_REPLICATION_DEFECTS: readonly ReplicationDefectName[] = [...REPLICATION_DEFECT_NAMES, ...OPERATOR_DEFECT_NAMES];

export interface ReplicationMutantResult {
  readonly defect: ReplicationDefectName;
  readonly caughtBySeed: number | null;
  readonly seedsRun: number;
  readonly violation: string | null;
}

/** Runs seeds 1… with `defect` planted until one fails. */
export async function runReplicationMutant(defect: ReplicationDefectName, seedsMax: number, onSeed?: (seed: number) => void): Promise<ReplicationMutantResult> {
  for (let seed = 1; seed <= seedsMax; seed++) {
    onSeed?.(seed);
    const { violation } = await new ReplicationRun(replicationOptions(seed, { plant: defect })).run();
    if (violation !== null) return { defect, caughtBySeed: seed, seedsRun: seed, violation };
  }
  return { defect, caughtBySeed: null, seedsRun: seedsMax, violation: null };
}
