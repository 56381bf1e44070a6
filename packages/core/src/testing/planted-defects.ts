/**
 * Planted defects: deliberate bugs the simulator must catch (`ballast-sim mutants`), so that a
 * simulator that stopped seeing is noticed. Production code receives a frozen PlantedDefects at
 * construction (NO_PLANTED_DEFECTS unless a test passes another) and never a mutable switch:
 * only `@ballast/core/testing` can make one with a defect on, and only the simulator's mutant
 * runs and tests do.
 */
export interface PlantedDefects {
  /** Group commit reports a batch committed before its fsync finished. */
  readonly ackBeforeFsync: boolean;
  /** A failed fsync is treated as a success (the pages it lost are counted as durable). */
  readonly retryFailedFsync: boolean;
  /** Recovery replays shard 0's log only. */
  readonly replayOnlyShardZero: boolean;
  /** The manifest's rename is not followed by an fsync of its directory. */
  readonly manifestWithoutDirectorySync: boolean;
  /** A rewrite deletes the old files before the new manifest is installed. */
  readonly deleteOldBeforeManifest: boolean;
  /** A rewrite installs its base snapshot without fsyncing it. */
  readonly baseWithoutSync: boolean;
  /** LSNs restart above the durable cut instead of above the highest LSN ever seen. */
  readonly reuseLsnsAfterRecovery: boolean;
  /** A write's effects go to the log of the client's home shard (client id mod shards), not of the key's shard. */
  readonly entriesOnHomeShard: boolean;
  /** Reading a log stops at its first bad frame as if it were the end, never looking at what follows. */
  readonly badFrameIsEnd: boolean;
  /** A batch counts as committed once its first shard is durable, not every shard it wrote. */
  readonly commitOnFirstShard: boolean;
  /** Under everysec the periodic fsync never happens (only rewrites, WAITAOF and shutdown sync). */
  readonly everysecNeverFsyncs: boolean;
  /** A write's reply (and the client's last-write LSN, which WAITAOF and the simulator read) waits for the LSN before its unit's. */
  readonly replyGateOffByOne: boolean;
  /** Reads are not gated: a read of a key whose last write is uncommitted is answered at once. */
  readonly readGatingOff: boolean;
  /** A batch's seal claims the batch itself committed (its committed field read as if after its own write). */
  readonly sealClaimsOwnBatch: boolean;
  /** Recovery truncates past the cut without fsyncing the truncation before new appends. */
  readonly truncationNotSynced: boolean;
  /** A rewrite's base snapshot reads the live keyspace (no copy-on-write while it is encoded). */
  readonly snapshotReadsLiveKeyspace: boolean;
  /** Commit progress reaches the reply gate, but nothing wakes the replies waiting for it (a lost wakeup). */
  readonly lostWakeup: boolean;
  /** A script that fails after writing has its unit's effects dropped from the log, as if it rolled back (memory keeps the writes). */
  readonly scriptErrorDropsEffects: boolean;
  /** A Ballast replica's FACK reports the offset it applied, not the offset its AOF has fsynced. */
  readonly ackOnReceipt: boolean;
  /** A primary ships units to its replicas as soon as they are logged, before its own AOF holds them. */
  readonly shipUncommitted: boolean;
  /** A primary under min-replicas-durable that starts following another acknowledges the writes still waiting for replicas. */
  readonly demotionAcknowledges: boolean;
}

export type PlantedDefectName = keyof PlantedDefects;

export const PLANTED_DEFECT_NAMES = ['ackBeforeFsync', 'retryFailedFsync', 'replayOnlyShardZero', 'manifestWithoutDirectorySync',
  'deleteOldBeforeManifest', 'baseWithoutSync', 'reuseLsnsAfterRecovery', 'entriesOnHomeShard', 'badFrameIsEnd', 'commitOnFirstShard',
  'everysecNeverFsyncs', 'replyGateOffByOne', 'readGatingOff', 'sealClaimsOwnBatch', 'truncationNotSynced', 'snapshotReadsLiveKeyspace',
  'lostWakeup', 'scriptErrorDropsEffects',
] as const satisfies readonly PlantedDefectName[];

/** Defects of replication: only a run with several nodes (the simulator's replication runs) can catch them. */
export const REPLICATION_DEFECT_NAMES = ['ackOnReceipt', 'shipUncommitted', 'demotionAcknowledges'] as const satisfies readonly PlantedDefectName[];

/** Every defect off: what production code runs with. */
export const NO_PLANTED_DEFECTS: PlantedDefects = Object.freeze({
  ackBeforeFsync: false,
  retryFailedFsync: false,
  replayOnlyShardZero: false,
  manifestWithoutDirectorySync: false,
  deleteOldBeforeManifest: false,
  baseWithoutSync: false,
  reuseLsnsAfterRecovery: false,
  entriesOnHomeShard: false,
  badFrameIsEnd: false,
  commitOnFirstShard: false,
  everysecNeverFsyncs: false,
  replyGateOffByOne: false,
  readGatingOff: false,
  sealClaimsOwnBatch: false,
  truncationNotSynced: false,
  snapshotReadsLiveKeyspace: false,
  lostWakeup: false,
  scriptErrorDropsEffects: false,
  ackOnReceipt: false,
  shipUncommitted: false,
  demotionAcknowledges: false,
});

/** A frozen set of defects with exactly the named ones on. */
export function plantDefects(names: readonly PlantedDefectName[]): PlantedDefects {
  const defects: Record<PlantedDefectName, boolean> = { ...NO_PLANTED_DEFECTS };
  for (const name of names) {
    if (!([...PLANTED_DEFECT_NAMES, ...REPLICATION_DEFECT_NAMES] as readonly string[]).includes(name)) throw new Error(`unknown planted defect: ${name}`);
    defects[name] = true;
  }
  return Object.freeze(defects);
}
